"""What is kept beside events: figures (quantities with unit, qualifier and time, e.g. "more
than 11,000 U.N. peacekeepers") and statements (speaker, date, channel, quote)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from wirewatch.code.actors import ActorBook, Mention
from wirewatch.code.dates import DateHit
from wirewatch.code.lexicon import bounded, load_yaml
from wirewatch.code.numwords import find_numbers
from wirewatch.records import Figure, Span, Statement


@dataclass(frozen=True, slots=True)
class _Rx:
    unit: re.Pattern[str]
    qualifier: re.Pattern[str]
    vague: re.Pattern[str]
    vague_values: dict[str, int]
    channel: re.Pattern[str]


@lru_cache(maxsize=1)
def _rx() -> _Rx:
    d = load_yaml("events", "fatalities.yaml")
    unit = re.compile(rf"^\s+((?:[\w.'’-]+\s+){{0,3}}?(?:{d['figure_units']}))(?!\w)", re.IGNORECASE)
    qual = re.compile(rf"({d['figure_qualifiers']})\s+$", re.IGNORECASE)
    vague = {str(k).lower(): int(v) for k, v in d["vague"].items() if str(k).endswith((" of", " de"))}
    vague_rx = re.compile(bounded("|".join(re.escape(k) for k in vague)), re.IGNORECASE)
    channel = re.compile(bounded(d["statement_channels"]), re.IGNORECASE)
    return _Rx(unit, qual, vague_rx, vague, channel)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_LAST_YEAR = re.compile(r"\blast year\b|l.an(?:née)? derni(?:er|ère)", re.IGNORECASE)


def figures(sentence: Span, published: dt.date | None, skip: list[tuple[int, int]]) -> list[Figure]:
    """Quantities of people, forces or losses in one sentence (offsets into the document)."""
    r = _rx()
    text, out = sentence.text, []
    cands: list[tuple[int, int, int | None, str]] = [(s, e, v, text[s:e]) for s, e, v in find_numbers(text)
             if not any(a <= s < b for a, b in skip) and not (1900 <= v <= 2100 and e - s == 4)]
    cands += [(m.start(), m.end(), None, m.group()) for m in r.vague.finditer(text)]
    when = _when(text, published)
    for start, end, value, qtext in sorted(cands, key=lambda c: c[0]):
        um = r.unit.match(text[end:end + 60])
        if not um:
            continue
        q = r.qualifier.search(text[max(0, start - 25):start])
        s0 = start - (len(q.group()) if q else 0)
        e0 = end + um.end()
        out.append(Figure(quantity=value, quantity_text=re.sub(r"\s+(?:of|de)$", "", qtext), unit=um.group(1).strip(),
                          qualifier=q.group(1).lower() if q else None,
                          span=Span(sentence.start + s0, sentence.start + e0, text[s0:e0]), when=when))
    return out


def _when(text: str, published: dt.date | None) -> str | None:
    if _LAST_YEAR.search(text) and published:
        return str(published.year - 1)
    m = _YEAR.search(text)
    return m.group(1) if m else None


_QUOTE = re.compile(r"[\"“«]\s*([^\"”»]{8,}?)\s*[\"”»]")
_SAID = re.compile(bounded(r"said|says|stated|announced|declared|added|claimed|a déclaré|a affirmé|a annoncé|"
                           r"indique|affirme|déclare|selon|according to"), re.IGNORECASE)


def statement(sentence: Span, mentions: list[Mention], dates: list[DateHit], book: ActorBook,
              country: str | None, previous: Span | None) -> Statement | None:
    """The statement a sentence reports, when a speaker and a saying verb are found."""
    text = sentence.text
    said = _SAID.search(text)
    if not said:
        return None
    speaker = _speaker(text, said.start(), mentions, book, country)
    if not speaker:
        return None
    r = _rx()
    channels = [m.group().lower() for m in r.channel.finditer(text)]
    specific = [c for c in channels if c not in ("statement", "communiqué", "communique", "déclaration")]
    quote = _QUOTE.search(text) or (_QUOTE.search(previous.text) if previous else None)
    day = next((d.date for d in dates if d.date), None)
    channel = (specific or channels)[0] if channels else None
    return Statement(speaker=speaker, date=day.isoformat() if day else None, channel=channel,
                     quote=quote.group(1) if quote else None, span=sentence)


def _speaker(text: str, said_at: int, mentions: list[Mention], book: ActorBook, country: str | None) -> str | None:
    named = [m for m in mentions if not m.kind.generic]
    before = [m for m in named if m.end <= said_at]
    if before:
        return before[-1].kind.name
    if named:
        return named[0].kind.name
    m = re.search(r"((?:[A-Z][\w'’.-]+\s+){1,4})$", text[:said_at])
    if m and m.group(1).strip().lower() not in ("he", "she", "they", "it", "il", "elle"):
        return m.group(1).strip()
    return None
