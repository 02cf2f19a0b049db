"""A fast rule-based sentence splitter that keeps character offsets.

Splits at paragraph breaks and at . ! ? (and closing quotes after them) followed by space and
an upper-case letter, digit or quote, except after known abbreviations (U.N., Gen., Mr., Jan.)
and single initials.  No statistical model; the abbreviation list is data an analyst can edit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wirewatch.code.lexicon import load_yaml
from wirewatch.records import Span

_END = re.compile(r"""[.!?…]+["»”’)\]]*(?=\s+["«“‘(\[]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n""")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = load_yaml("events", "abbreviations.yaml")
    return frozenset(str(a).lower() for a in data.get("abbreviations", []))


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as spans (offsets into ``text``), whitespace trimmed."""
    spans: list[Span] = []
    start = 0
    abbr = _abbreviations()
    for m in _END.finditer(text):
        if m.group().strip() and _is_abbreviation(text, m.start(), abbr):
            continue
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int, abbr: frozenset[str]) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "([\"“«":
        j -= 1
    word = text[j:dot + 1].lower()
    if word in abbr:
        return True
    core = word.rstrip(".")
    # single initials ("J. Smith") and dotted acronyms ("U.S.") do not end sentences
    return len(core) == 1 and core.isalpha() or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", core))


def _add(text: str, start: int, end: int, spans: list[Span]) -> None:
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return
    s = start + (len(seg) - len(seg.lstrip()))
    spans.append(Span(s, s + len(stripped), stripped))
