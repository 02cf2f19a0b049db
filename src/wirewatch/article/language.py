"""The language of an article: every language lingua knows, candidates narrowed by cheap
evidence first.

1. The script of the sample (``data/languages.yaml``): a script one language writes alone
   (Greek, Hangul, Thai...) names it without a model; Han with kana is Japanese.
2. Latin, Cyrillic, Arabic and Devanagari texts go to a lingua detector of that script's
   languages only (built once per process, low-accuracy trigram models: fast, and accurate on
   a paragraph-long sample).
3. Close neighbours are settled by the page: the language it declares (``<html lang>``,
   ``og:locale``) or one of its country's languages wins when lingua rates it nearly as high.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

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


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("wirewatch.data").joinpath("languages.yaml").read_text(encoding="utf-8"))
    ranges = sorted((int(a), int(b), name) for name, spec in raw["scripts"].items()
                    for a, b in spec["ranges"])
    alone = {name: spec["language"] for name, spec in raw["scripts"].items() if "language" in spec}
    return _Rules(tuple(ranges), alone, float(raw["kana_share_for_japanese"]),
                  float(raw["declared_ratio"]), float(raw["country_ratio"]),
                  str.maketrans(raw.get("fold") or {}))


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
    for ch in sample:
        if ch.isalpha() and (name := _script_of(ch)) is not None:
            out[name] += 1
    return out


@lru_cache(maxsize=8)
def _detector(script: str) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = {"latin": Language.all_with_latin_script, "cyrillic": Language.all_with_cyrillic_script,
             "arabic": Language.all_with_arabic_script,
             "devanagari": Language.all_with_devanagari_script}[script]()
    return (LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode()
            .with_preloaded_language_models().build())


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
    return text.translate(_rules().fold)


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
    sample = _sample(text)
    counts = scripts(sample)
    if sum(counts.values()) < _MIN_LETTERS:
        return None
    alone = _by_script(counts)
    if alone is not None:
        return alone
    top = counts.most_common(1)[0][0]
    values = _detector(top).compute_language_confidence_values(sample)
    confidences = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
    if not confidences:
        return None
    lang = (declared or "").strip().lower().replace("_", "-").split("-")[0] or None
    return _with_page_evidence(confidences, lang, country)
