"""Name folding and the place-finding word lists (data files under ``wirewatch/data/places``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirewatch import data_files

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "–": "-", "—": "-"})
_SPACES = re.compile(r"[\s\-_/]+")
_POSS = re.compile(r"'s\b")
_ELIDED = re.compile(r"\b([dl])'(?=\w)")  # French "d'Ivoire", "l'Ouham": the article is a word
_ABBREVS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREV = re.compile(r"\b(st|ste|mt|ft)\b(?= \w)")


_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 262_144


def fold(name: str) -> str:
    """The lookup key of a name: accents removed, case folded, dots dropped, hyphens as spaces.

    "Ségou", "SEGOU" and "Segou" share a key; so do "U.S." and "US", "Bobo-Dioulasso" and
    "Bobo Dioulasso"."""
    # a plain dict memo: the finder folds every word of every text, and an lru_cache hit cost
    # several times a dict hit (a third of tokenising); the memo is emptied when full
    key = _FOLDED.get(name)
    if key is None:
        if len(_FOLDED) >= _FOLDED_MAX:
            _FOLDED.clear()
        key = _FOLDED[name] = _fold(name)
    return key


def folded_memo() -> dict[str, str]:
    """The memo of ``fold`` (name -> key), for loops that fold every word (read it, never write)."""
    return _FOLDED


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.translate(_APOS))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace(".", "")
    # "People's" and "People" (the finder drops possessives), "N'Djamena" and "NDjamena"
    s = _ELIDED.sub(r"\1 ", _POSS.sub("", s)).replace("'", "")
    s = _SPACES.sub(" ", s).strip(" ,;:'\"()")
    # "St. Petersburg" and "Saint Petersburg", "Mt. Kenya" and "Mount Kenya" share a key
    return _ABBREV.sub(lambda m: _ABBREVS[m.group(1)], s) if _ABBREV.search(s) else s


def is_latin(name: str) -> bool:
    """True when every letter is Latin script (the names an EN/FR news text can contain)."""
    for ch in name:
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "")):
            return False
    return True


def data_text(name: str) -> str:
    return data_files.text(f"places/{name}")


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a commented TSV data file (``#`` lines skipped; the first other line is the header)."""
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


@dataclass(frozen=True, slots=True)
class WordLists:
    """What the finder needs besides the gazetteer: common words and place cues (all folded)."""

    never: frozenset[str]  # never a place on its own (months, weekdays, pronouns)
    common: frozenset[str]  # a place only with a cue before it
    cues_before: tuple[tuple[str, ...], ...]  # folded token sequences, longest first
    cue_set: frozenset[tuple[str, ...]]
    admin1_after: frozenset[str]
    admin2_after: frozenset[str]
    titles: frozenset[str]  # words before a person's name ("mr", "gen", "president")
    speech: frozenset[str]  # verbs after a person's name ("said", "told")
    first_words: frozenset[str]  # sentence-opening words that are not first names ("The", "In")
    features: frozenset[str] = frozenset()  # nouns after a town that name a place in it ("Road", "Lagoon")
    admin1_before: frozenset[str] = frozenset()  # "région (du)", "region (of)" before a name
    admin2_before: frozenset[str] = frozenset()  # "cercle (de)", "province (du)"
    level_connectors: frozenset[str] = frozenset()  # "de", "du", "of the" between the unit and the name
    route: frozenset[str] = frozenset()  # "axis", "axe", "road": "X–Y" is a route between two places
    list_joiners: frozenset[str] = frozenset()  # "and", "et": a cue carries over to the next name
    cue_last: frozenset[str] = frozenset()  # the last word of every cue: most words end none, cheaply

    def __post_init__(self) -> None:
        object.__setattr__(self, "cue_last", frozenset(c[-1] for c in self.cue_set if c))


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    never: set[str] = set()
    common: set[str] = set()
    target = common
    for line in data_text("stopwords.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[never]":
            target = never
        elif line == "[needs-cue]":
            target = common
        else:
            target.add(fold(line))
    cues: dict[str, Any] = data_files.yaml("places/cues.yaml")
    before = sorted({tuple(fold(c).split()) for c in cues["before"]}, key=len, reverse=True)
    after = cues["after"]
    return WordLists(frozenset(never), frozenset(common - never), tuple(before), frozenset(before),
                     frozenset(fold(w) for w in after["admin1"]), frozenset(fold(w) for w in after["admin2"]),
                     frozenset(fold(w) for w in cues["person_titles"]), frozenset(fold(w) for w in cues["speech"]),
                     frozenset(never | common), frozenset(fold(w) for w in cues.get("features", [])),
                     admin1_before=frozenset(fold(w) for w in cues["level_before"]["admin1"]),
                     admin2_before=frozenset(fold(w) for w in cues["level_before"]["admin2"]),
                     level_connectors=frozenset(fold(w) for w in cues["level_connectors"]),
                     route=frozenset(fold(w) for w in cues["route"]),
                     list_joiners=frozenset(w.strip() for w in cues["list_joiners"]))
