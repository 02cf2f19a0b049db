"""Alternative spellings: a name the gazetteer does not hold, matched to a place of a country the
text supports ("Wahiguya" in a story about Burkina Faso is Ouahigouya; "Boulkessy, au Mali" is
Boulkessi).

Names are compared by skeletons (``data/places/spellings.yaml``: French and English
transliterations rewritten alike, doubled letters made single), then by rapidfuzz's edit
similarity between skeletons.  Only the places of one country are compared, and only for a
country the finder has evidence for (see ``find.find_mentions``), so a typo never lands in a
country the text does not name.  Each country's skeletons are read once per gazetteer.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from wirewatch import data_files
from wirewatch.place.gazetteer import Entry, Gazetteer
from wirewatch.place.names import fold

_NOT_LETTER = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class SpellingRules:
    countries: frozenset[str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    min_length: int
    fuzzy_min_length: int
    min_similarity: float


@lru_cache(maxsize=1)
def rules() -> SpellingRules:
    raw: dict[str, Any] = data_files.yaml("places/spellings.yaml")
    rewrites = tuple((re.compile(a), b) for a, b in raw["rewrites"])
    return SpellingRules(frozenset(raw["countries"]), rewrites, int(raw["min_length"]), int(raw["fuzzy_min_length"]),
                         float(raw["min_similarity"]))


def skeleton(key: str) -> str:
    """The spelling-blind form of a folded name: "ouahigouya" and "wahiguya" are both "uahiguia"."""
    s = _NOT_LETTER.sub("", key)
    for rx, repl in rules().rewrites:
        s = rx.sub(repl, s)
    return _DOUBLED.sub(r"\1", s)


@dataclass(slots=True)
class _CountryNames:
    by_skeleton: dict[str, list[Entry]]
    by_initial: dict[str, list[str]]  # first letter -> skeletons: fuzzy search among these only


_NAMES: dict[tuple[str, str], _CountryNames] = {}
_LOCK = threading.Lock()


def _country_names(gaz: Gazetteer, cc: str) -> _CountryNames:
    key = (str(gaz.path), cc)
    with _LOCK:
        names = _NAMES.get(key)
        if names is None:
            by_skeleton: dict[str, list[Entry]] = {}
            for alias, *rest in gaz.country_aliases(cc):
                entries = by_skeleton.setdefault(skeleton(alias), [])
                entry = Entry(*rest)
                if all(e.id != entry.id for e in entries):
                    entries.append(entry)
            by_initial: dict[str, list[str]] = {}
            for sk in by_skeleton:
                if sk:
                    by_initial.setdefault(sk[0], []).append(sk)
            names = _NAMES[key] = _CountryNames(by_skeleton, by_initial)
        return names


def variants(key: str, countries: set[str], gaz: Gazetteer,
             regions: dict[str, set[str]] | None = None) -> list[Entry]:
    """The places of ``countries`` (those the rules allow) that ``key`` is a spelling of: equal
    skeletons first, else the most similar skeleton above the threshold (same first letter).

    ``regions`` (country -> folded admin1 names the document names) narrows a country's places to
    those regions: a spelling match is weak evidence, and a story that names the Ségou region
    does not put "Dialloube" at a Dyaloubé 400 km away in Tombouctou.  No place in them: none."""
    r = rules()
    sk = skeleton(key)
    if len(sk) < r.min_length:
        return []
    allowed = sorted(countries & r.countries)
    exact = [e for cc in allowed for e in _country_names(gaz, cc).by_skeleton.get(sk, []) if _within(e, regions)]
    if exact or len(sk) < r.fuzzy_min_length:
        return exact
    best: tuple[float, list[Entry]] | None = None
    for cc in allowed:
        names = _country_names(gaz, cc)
        # a few best skeletons, not one: the most similar may lie outside the named regions
        for hit, score, _ in process.extract(sk, names.by_initial.get(sk[0], []), scorer=fuzz.ratio,
                                             score_cutoff=r.min_similarity, limit=_FUZZY_TRIES):
            entries = [e for e in names.by_skeleton[hit] if _within(e, regions)]
            if entries and (best is None or score > best[0]):
                best = (score, entries)
            if entries:
                break
    return best[1] if best else []


_FUZZY_TRIES = 5


def _within(e: Entry, regions: dict[str, set[str]] | None) -> bool:
    """Is the place in a region the document names for its country (any, when it names none)?"""
    named = regions.get(e.cc or "") if regions else None
    return not named or fold(e.admin1 or "") in named
