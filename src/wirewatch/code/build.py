"""Filling an event's fields from the sentences it rests on: date, actors (ACLED roles for each
sub-event type), country, fatalities, place hints, notes, confidence and per-field evidence."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.code.actors import ActorBook, is_demonym
from wirewatch.code.classify import Decision
from wirewatch.code.dates import DateHit
from wirewatch.code.fatalities import event_toll
from wirewatch.code.lexicon import load_yaml
from wirewatch.code.roles import assign_actors, interaction
from wirewatch.records import Event, Span

if TYPE_CHECKING:
    from wirewatch.code.coder import Sentence

_PLACE = re.compile(
    r"(?<!\w)(?i:in|near|at|outside|around|à|près de|non loin de|dans|village of|town of|city of|"
    r"localité de|village de|commune de|ville de)\s+(?:the\s+)?"
    r"((?:[A-ZÀ-Ý][\w'’-]+)(?:\s+(?:[A-ZÀ-Ý][\w'’-]+|de|du|des|el|al)(?=\s+[A-ZÀ-Ý]|\b)){0,3})")
_NOT_PLACE = re.compile(r"^(?:the|The|January|February|March|April|May|June|July|August|September|October|"
                        r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                        r"Reuters|AFP|AP)$")


def build_event(sents: list[Sentence], decision: Decision, pub: dt.date | None, ab: ActorBook,
                doc_country: str | None, lead_date: DateHit | None) -> Event:
    sub = decision.sub_event_type
    ev = Event(event_date=None, event_type=decision.event_type, sub_event_type=sub)
    ev.evidence["sentence"] = [s.span for s in sents]
    if decision.cue:
        cue_sent = next((s for s in sents if s.span.start <= decision.cue.start < s.span.end), None)
        ev.evidence["sub_event_type"] = [_local_span(sents, decision.cue.start, decision.cue.end, cue_sent)]
        ev.evidence["event_type"] = ev.evidence["sub_event_type"]
    day, dated = _date(sents, pub, lead_date, ev)
    ev.event_date = day.isoformat() if day else None
    if day and not dated:
        ev.time_precision = 3  # no date in the text: the publication day stands in (ACLED's lowest)
    country = _country(sents, ab, doc_country, ev)
    if country:
        ev.country, ev.geo_precision = country, 3
    assign_actors(sents, sub, decision, ab, country, day, ev)
    interaction(ev)
    _fatalities(sents, ev)
    _places(sents, ab, ev)
    ev.notes = _notes(ev, dated)
    ev.confidence = round(min(0.95, 0.4 + 0.15 * (decision.score >= 3) + 0.15 * dated
                              + 0.1 * bool(ev.evidence.get("actor1")) + 0.1 * bool(country)), 2)
    return ev


def _local_span(sents: list[Sentence], start: int, end: int, sent: Sentence | None) -> Span:
    """A span given in document offsets. The cue may lie in a support sentence that refined the
    sub-type but is not one of the event's ("fought" before "Eighteen were killed"), so the text is
    sliced from the document, never from another sentence."""
    if sent is not None:
        return Span(start, end, sent.span.text[start - sent.span.start:end - sent.span.start])
    return Span(start, end, sents[0].doc[start:end])


def _doc(s: Sentence, start: int, end: int) -> Span:
    return Span(s.span.start + start, s.span.start + end, s.span.text[start:end])


def _date(sents: list[Sentence], pub: dt.date | None, lead: DateHit | None, ev: Event) -> tuple[dt.date | None, bool]:
    for s in sents:
        d = s.date
        if d and d.date:
            ev.evidence["event_date"] = [_doc(s, d.start, d.end)]
            ev.time_precision = d.precision
            return d.date, True
    if lead and lead.date:
        ev.time_precision = lead.precision
        return lead.date, True
    return pub, False


def _country(sents: list[Sentence], ab: ActorBook, doc_country: str | None, ev: Event) -> str | None:
    for s in sents:
        for start, end, c in s.countries:
            before = s.span.text[max(0, start - 12):start].lower()
            if is_demonym(s.span.text[start:end], c):
                continue  # "the presence of French forces" is no place
            if re.search(r"(?:\bin|\bà|\bau|\ben|\bof|\bdu)\s+(?:the\s+)?$", before):
                ev.evidence["country"] = [_doc(s, start, end)]
                return c
    if doc_country:
        return doc_country
    for s in sents:
        for start, end, c in s.countries:
            ev.evidence["country"] = [_doc(s, start, end)]
            return c
    # else the home of a named local actor; a demonym of foreign forces ("French helicopters")
    # names whose forces they are, not where the event was
    homes = [m.kind.country for s in sents for m in s.mentions if m.kind.country and m.kind.type != "external"]
    homes += [m.country for s in sents for m in s.mentions if m.country and not m.state]
    return homes[0] if homes else next((m.country for s in sents for m in s.mentions if m.country), None)


@lru_cache(maxsize=1)
def _conventions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = load_yaml("events", "conventions.yaml")
    claimed = re.compile(rf"\b(?P<by>{d['claimed_before_claimant']})\b|\b(?:{d['claimed_after_claimant']})\b",
                         re.IGNORECASE)
    region = re.compile(rf"\s*(?:{d['region_words']})\b", re.IGNORECASE)
    return claimed, region


def _fatalities(sents: list[Sentence], ev: Event) -> None:
    """The event's toll over its sentences (``fatalities.event_toll``), with its evidence spans."""
    toll = event_toll([(s.span.text, [(d.start, d.end) for d in s.dates]) for s in sents])
    if toll:
        ev.fatalities, ev.fatalities_low, ev.fatalities_high = toll.fatalities, toll.low, toll.high
        if toll.counts:
            ev.evidence["fatalities"] = [_doc(sents[i], c.start, c.end) for i, c in toll.counts]


def _places(sents: list[Sentence], ab: ActorBook, ev: Event) -> None:
    hints: list[Span] = []
    for s in sents:
        for m in _PLACE.finditer(s.span.text):
            name = m.group(1)
            if _NOT_PLACE.match(name.split()[0]) or ab.country(name):
                continue
            hints.append(_doc(s, m.start(1), m.end(1)))
    if hints:
        ev.evidence["location"] = hints


def place_hints(text: str, ab: ActorBook) -> set[str]:
    """The towns and villages a sentence puts its event in ("in Boni", "près de Koro"); a region
    ("in Gedo region") may hold any of them, so it is left out."""
    out = set()
    for m in _PLACE.finditer(text):
        name = m.group(1)
        if not (_NOT_PLACE.match(name.split()[0]) or ab.country(name) or _conventions()[1].match(text[m.end(1):])):
            out.add(name)
    return out





def _notes(ev: Event, dated: bool) -> str:
    who = ev.actor1 or "An unidentified actor"
    against = f" against {ev.actor2}" if ev.actor2 else ""
    where = f" in {ev.country}" if ev.country else ""
    when = f"On {ev.event_date}, " if ev.event_date else ""
    if ev.time_precision == 3 and not dated:
        when = f"On or before {ev.event_date} (no date reported; publication date, time precision 3), "
    elif ev.time_precision == 3:  # "In March 2021": the month is reported, its middle stands for the day
        when = f"In {ev.event_date[:7]} (month reported, time precision 3), " if ev.event_date else ""
    dead = f"; {ev.fatalities} reported killed" if ev.fatalities else ""
    return f"{when}{who}: {ev.sub_event_type.lower()} ({ev.event_type}){against}{where}{dead}."
