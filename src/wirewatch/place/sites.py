"""Sites inside towns: streets, buildings, parks and venues ("Royal Street", "Altnagelvin
Hospital", "Lake Manassas").

No offline gazetteer lists them, but news names the town they are in, usually before them.  A
capitalised name that ends in a site word (or starts with a lead word, ``data/places/sites.yaml``)
is placed at the town named nearest before it in the text (else the first one after it): the
place is then right to within the town, which is what an analyst needs of a street or a hospital
(ACLED geo_precision 1 or 2).  A site whose span overlaps a gazetteer place is left to that place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirewatch import data_files
from wirewatch.place.gazetteer import Entry
from wirewatch.place.names import fold

# a word; a single full stop ending a word of 4+ letters is the sentence's, not part of the word
# (the first branch leaves it out: "Street." is "Street", "St." and "U.S." keep their dots)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’\-]{3,}(?=\.(?![\w'’.\-]))|[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’.\-]*")


@dataclass(frozen=True, slots=True)
class SiteWords:
    heads: frozenset[str]
    ways: frozenset[str]
    leads: frozenset[str]
    connectors: frozenset[str]
    roads: dict[str, re.Pattern[str]]  # country -> its road numbers ("A417")


@lru_cache(maxsize=1)
def site_words() -> SiteWords:
    raw: dict[str, Any] = data_files.yaml("places/sites.yaml")
    roads = {cc: re.compile(rf"\b(?:{rx})\b") for cc, rx in (raw.get("road_numbers") or {}).items()}
    heads, ways, leads, connectors = (frozenset(fold(w) for w in raw[k]) for k in ("heads", "ways", "leads", "connectors"))
    return SiteWords(heads, ways, leads, connectors, roads)


@dataclass(frozen=True, slots=True)
class Site:
    start: int
    end: int
    text: str
    way: bool  # a street or square: a town in its name is no evidence of where it is


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _capital(w: str) -> bool:
    return w[:1].isupper() and not w.isupper()


def find_sites(text: str) -> Iterator[Site]:
    """Capitalised names that end in a site word ("Royal Street") or start with a lead word."""
    sw = site_words()
    words = _words(text)
    caps = [_capital(w) for _, _, w in words]
    n = len(words)
    done = 0  # runs start at capitalised words only, and never inside the run before
    for i in [k for k, cap in enumerate(caps) if cap]:
        if i < done:
            continue
        j = i
        # a run of capitalised words joined by single spaces (connectors allowed inside)
        while j + 1 < n and text[words[j][1]:words[j + 1][0]] == " " and (
                caps[j + 1] or (j + 2 < n and caps[j + 2] and fold(words[j + 1][2]) in sw.connectors)):
            j += 1
        if j > i:
            site = _site_in(text, words, i, j, sw)
            if site:
                yield site
        done = j + 1


def _site_in(text: str, words: list[tuple[int, int, str]], i: int, j: int, sw: SiteWords) -> Site | None:
    """The run words[i..j] is a site when its last word is a head or its first a lead."""
    while i < j and fold(words[i][2]) in sw.connectors:
        i += 1  # "The Royal Street": the article is no part of the name
    last, first = fold(words[j][2].rstrip(".")), fold(words[i][2])
    if i == j:
        return None
    if last in sw.heads or last in sw.ways or first in sw.leads:
        return Site(words[i][0], words[j][1], text[words[i][0]:words[j][1]], last in sw.ways)
    return None


def find_roads(text: str, cc: str) -> Iterator[Site]:
    """Road numbers of the country the story is about ("the A417 from Air Balloon roundabout")."""
    rx = site_words().roads.get(cc)
    if rx is not None:
        for m in rx.finditer(text):
            yield Site(m.start(), m.end(), m.group(), True)


def anchor(site: Site, towns: list[tuple[int, Entry]]) -> Entry | None:
    """The town named nearest before the site, else the first one after it."""
    before = [e for pos, e in towns if pos < site.start]
    if before:
        return before[-1]
    after = [e for pos, e in towns if pos > site.end]
    return after[0] if after else None
