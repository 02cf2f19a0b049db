"""The language of an article: every language lingua knows, candidates narrowed by cheap
evidence first.

1. The script of the sample (``data/languages.yaml``): a script one language writes alone
   (Greek, Hangul, Thai...) names it without a model; Han with kana is Japanese.
2. CLD2 (``pycld2``, compiled, ~10 µs a text) proposes languages.  When it calls its answer
   reliable, lingua only chooses among those, the page's declared language, its country's
   languages and their close neighbours; one candidate alone needs no lingua at all.  A
   reliable answer lingua does not know (Hausa, Wolof...) is kept as CLD2 gives it.
3. Otherwise the text goes to a lingua detector of its script's languages (Latin, Cyrillic,
   Arabic, Devanagari; low-accuracy trigram models: accurate on a paragraph-long sample).
4. Close neighbours are settled by the page: the language it declares (``<html lang>``,
   ``og:locale``) or one of its country's languages wins when lingua rates it nearly as high.

lingua's confidences are relative to its candidates, so it cannot say a text's language is
missing from a small set: the small set is only used where CLD2 vouches for it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycld2

from wirewatch import data_files

log = logging.getLogger(__name__)

LANGUAGE_SAMPLE_CHARS = 300  # two or three sentences: a proper-noun-heavy lead alone can mislead
_MIN_LETTERS = 3


@dataclass(frozen=True, slots=True)
class _Rules:
    ranges: tuple[tuple[int, int, str], ...]  # (first, last, script), sorted
    alone: dict[str, str]  # script -> the one language that writes it
    kana_share: float
    declared_ratio: float
    country_ratio: float
    fold: dict[int, str]  # str.translate table
    min_percent: int
    cld2_codes: dict[str, str]
    neighbours: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw: dict[str, Any] = data_files.yaml("languages.yaml")
    ranges = sorted((int(a), int(b), name) for name, spec in raw["scripts"].items()
                    for a, b in spec["ranges"])
    alone = {name: spec["language"] for name, spec in raw["scripts"].items() if "language" in spec}
    neighbours: dict[str, frozenset[str]] = {}
    for group in raw["neighbours"]:
        for code in group:
            neighbours[code] = neighbours.get(code, frozenset()) | frozenset(group)
    return _Rules(tuple(ranges), alone, float(raw["kana_share_for_japanese"]),
                  float(raw["declared_ratio"]), float(raw["country_ratio"]),
                  str.maketrans(raw.get("fold") or {}), int(raw["first_stage_min_percent"]),
                  {str(k): str(v) for k, v in raw["cld2_codes"].items()}, neighbours)


def _script_of(ch: str) -> str | None:
    code = ord(ch)
    for first, last, name in _rules().ranges:
        if code < first:
            return None
        if code <= last:
            return name
    return None


def scripts(sample: str) -> Counter[str]:
    """How many letters of ``sample`` each script writes."""
    out: Counter[str] = Counter()
    for ch, n in Counter(sample).items():  # a sample has few distinct letters: look each up once
        if ch.isalpha() and (name := _script_of(ch)) is not None:
            out[name] += n
    return out


@lru_cache(maxsize=8)
def _detector(script: str) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = {"latin": Language.all_with_latin_script, "cyrillic": Language.all_with_cyrillic_script,
             "arabic": Language.all_with_arabic_script,
             "devanagari": Language.all_with_devanagari_script}[script]()
    return (LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode()
            .with_preloaded_language_models().build())


@lru_cache(maxsize=1)
def _lingua_codes() -> frozenset[str]:
    from lingua import Language

    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


@lru_cache(maxsize=512)
def _small_detector(codes: tuple[str, ...]) -> Any:
    """A lingua detector of a few languages (its models are shared with every other detector)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    isos = [getattr(IsoCode639_1, code.upper()) for code in codes]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_low_accuracy_mode().build()


def first_stage(sample: str) -> list[str] | None:
    """CLD2's languages for ``sample`` (ISO 639-1, best first), or None when it is not sure."""
    try:
        reliable, _, found = pycld2.detect(sample, bestEffort=False)
    except pycld2.error:  # bytes CLD2 cannot read: lingua decides
        return None
    if not reliable:
        return None
    rules = _rules()
    codes = [rules.cld2_codes.get(code, code) for _, code, percent, _ in found
             if percent >= rules.min_percent and code != "un"]
    if not codes or len(codes[0]) != 2:  # 'xx-Latn' and the like: a script, not a language
        return None
    return codes


def _candidates(proposed: list[str], declared: str | None, country: str | None) -> tuple[str, ...]:
    rules, known = _rules(), _lingua_codes()
    out = set(proposed) | rules.neighbours.get(proposed[0], frozenset())
    if declared:
        out.add(declared)
    out |= country_languages(country)
    return tuple(sorted(out & known))


@lru_cache(maxsize=256)
def country_languages(country: str | None) -> frozenset[str]:
    """ISO 639-1 codes of a country's languages (ISO alpha-2 country), from countryinfo."""
    if not country:
        return frozenset()
    from countryinfo import CountryInfo

    try:
        return frozenset(str(x).lower() for x in CountryInfo(country).languages())
    except (KeyError, ValueError, AttributeError):  # a code countryinfo does not know
        return frozenset()


def _sample(text: str) -> str:
    text = text.strip()
    text = text[:LANGUAGE_SAMPLE_CHARS].rsplit(" ", 1)[0] if len(text) > LANGUAGE_SAMPLE_CHARS else text
    text = text.translate(_rules().fold)
    # a lone surrogate (undecodable bytes kept by the reader) is no UTF-8: CLD2 and lingua refuse it
    return text if text.isascii() else text.encode("utf-8", "replace").decode("utf-8")


def _by_script(counts: Counter[str]) -> str | None:
    rules = _rules()
    cjk = counts["han"] + counts["kana"]
    if cjk and counts["kana"] >= rules.kana_share * cjk and cjk >= counts.most_common(1)[0][1]:
        return "ja"
    top = counts.most_common(1)[0][0]
    return rules.alone.get(top)


def _with_page_evidence(confidences: list[tuple[str, float]], declared: str | None,
                        country: str | None) -> str:
    best, best_conf = confidences[0]
    rules = _rules()
    by_code = dict(confidences)
    if declared and declared != best and by_code.get(declared, 0.0) >= rules.declared_ratio * best_conf:
        return declared
    local = [c for c in country_languages(country) if c != best and by_code.get(c, 0.0)
             >= rules.country_ratio * best_conf]
    return max(local, key=lambda c: by_code[c]) if local else best


def detect_language(text: str, declared: str | None = None, country: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or None when it has too few letters.

    ``declared`` is the language the page states (``<html lang>``, ``og:locale``; any form,
    "en-GB"), ``country`` the site's country (ISO alpha-2): both only settle close calls."""
    return detect_language_how(text, declared, country)[0]


def detect_language_how(text: str, declared: str | None = None,
                        country: str | None = None) -> tuple[str | None, str]:
    """``detect_language`` and what decided it (for provenance): "script", "cld2",
    "cld2+lingua" (lingua among CLD2's candidates) or "lingua" (every language of the script)."""
    sample = _sample(text)
    counts = scripts(sample)
    if sum(counts.values()) < _MIN_LETTERS:
        return None, ""
    alone = _by_script(counts)
    if alone is not None:
        return alone, "script"
    lang = (declared or "").strip().lower().replace("_", "-").split("-")[0] or None
    proposed = first_stage(sample)
    if proposed is not None and proposed[0] not in _lingua_codes():
        return proposed[0], "cld2"
    if proposed is not None:
        candidates = _candidates(proposed, lang, country)
        if candidates == (proposed[0],):
            return proposed[0], "cld2"
        detector, how = _small_detector(candidates), "cld2+lingua"
    else:
        detector, how = _detector(counts.most_common(1)[0][0]), "lingua"
    values = detector.compute_language_confidence_values(sample)
    confidences = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
    if not confidences:
        return None, ""
    return _with_page_evidence(confidences, lang, country), how
