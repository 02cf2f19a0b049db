"""Filling an event's fields from the sentences it rests on: date, actors (ACLED roles for each
sub-event type), country, fatalities, place hints, notes, confidence and per-field evidence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.code.actors import ActorBook, ActorKind, Mention, is_demonym
from wirewatch.code.classify import Decision, first_of_pair
from wirewatch.code.dates import DateHit
from wirewatch.code.fatalities import counts, nobody_killed, side
from wirewatch.code.lexicon import load_yaml
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
    _actors(sents, sub, decision, ab, country, day, ev)
    _interaction(ev)
    _fatalities(sents, ev)
    _places(sents, ab, ev)
    ev.notes = _notes(ev)
    ev.confidence = round(min(0.95, 0.4 + 0.15 * (decision.score >= 3) + 0.15 * dated
                              + 0.1 * bool(ev.evidence.get("actor1")) + 0.1 * bool(country)), 2)
    return ev


def _local_span(sents: list[Sentence], start: int, end: int, sent: Sentence | None) -> Span:
    """A span given in cluster coordinates (sentence offset added) as document offsets."""
    s = sent or sents[0]
    return Span(start, end, s.span.text[start - s.span.start:end - s.span.start])


def _doc(s: Sentence, start: int, end: int) -> Span:
    return Span(s.span.start + start, s.span.start + end, s.span.text[start:end])


def _date(sents: list[Sentence], pub: dt.date | None, lead: DateHit | None, ev: Event) -> tuple[dt.date | None, bool]:
    for s in sents:
        d = s.date
        if d and d.date:
            ev.evidence["event_date"] = [_doc(s, d.start, d.end)]
            ev.time_precision = 2 if d.span_of_days else 1
            return d.date, True
    if lead and lead.date:
        ev.time_precision = 2 if lead.span_of_days else 1
        return lead.date, True
    return pub, False


def _interaction(ev: Event) -> None:
    """ACLED's joined code: the two inter codes, lowest first ("12": state forces and rebels); a
    lone actor's code followed by 0; civilian targeting when civilians are a side."""
    if ev.inter1 is None:
        return
    low, high = sorted((ev.inter1, ev.inter2 or 0))
    ev.interaction = int(f"{low}{high}") if low else int(f"{high}0")
    if 7 in (ev.inter1, ev.inter2) and ev.event_type in _TARGETING:
        ev.civilian_targeting = "Civilian targeting"


_TARGETING = ("Violence against civilians", "Explosions/Remote violence", "Battles", "Riots")


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


def _generic(ab: ActorBook, role: str) -> ActorKind:
    return next(k for k in ab.kinds if k.generic and k.role == role)


def _actors(sents: list[Sentence], sub: str, decision: Decision, ab: ActorBook, country: str | None,
            day: dt.date | None, ev: Event) -> None:
    found = [(s, m) for s in sents for m in s.mentions]
    cue_at = decision.cue.start if decision.cue else 0

    def pick(pred: Callable[[Mention], bool], exclude: str | None = None,
             speakers: bool = False) -> tuple[Sentence, Mention] | None:
        cands = [(s, m) for s, m in found
                 if pred(m) and (speakers or not m.source) and ab.name(m, country, day) != exclude]
        agent = [(s, m) for s, m in cands if m.agentive]
        if agent:
            return agent[0]
        before = [(s, m) for s, m in cands if s.span.start + m.end <= cue_at]
        if before:
            s, _ = before[-1]
            return s, first_of_pair(s.span.text, [m for s2, m in before if s2 is s])
        return cands[0] if cands else None

    def named(role: str) -> str:
        return ab.name(Mention(0, 0, "", _generic(ab, role), None), country, day)

    def put(field: str, sm: tuple[Sentence, Mention] | None, fallback: str | None) -> str | None:
        if sm:
            s, m = sm
            ev.evidence[field] = [_doc(s, m.start, m.end)]
            return ab.name(m, country, day)
        return fallback

    starts = {id(m): s.span.start + m.start for s, m in found}

    def s_start(m: Mention) -> int:
        return starts.get(id(m), 0)

    armed = lambda m: m.armed
    state = lambda m: m.state and m.kind.role != "government"
    if sub in ("Peaceful protest", "Protest with intervention"):
        ev.actor1 = put("actor1", pick(lambda m: m.kind.type == "protesters"), named("protesters"))
        if sub == "Protest with intervention":
            ev.actor2 = put("actor2", pick(state), named("police"))
    elif sub == "Excessive force against protesters":
        ev.actor1 = put("actor1", pick(state), named("police"))
        ev.actor2 = put("actor2", pick(lambda m: m.kind.type == "protesters"), named("protesters"))
    elif sub in ("Violent demonstration", "Mob violence"):
        crowd = pick(lambda m: m.kind.type in ("rioters", "protesters"))
        ev.actor1 = put("actor1", crowd, named("rioters"))
        if crowd and crowd[1].kind.type == "protesters":
            ev.actor1 = named("rioters")  # ACLED: demonstrators who turn violent are rioters
        other = pick(state) if sub == "Violent demonstration" else pick(lambda m: m.civilian or m.state)
        ev.actor2 = put("actor2", other, None)
    elif ev.event_type == "Violence against civilians":
        ev.actor1 = put("actor1", pick(armed), named("armed_group"))
        ev.actor2 = put("actor2", pick(lambda m: m.civilian), named("civilians"))
    else:
        first = pick(armed) if sub != "Arrests" else pick(state)
        if sub == "Government regains territory":
            first = pick(state) or first
        if ev.event_type == "Battles" and first and first[1].patient:
            # the side acted upon ("an army vehicle hit a mine, then terrorists attacked") is the target
            hit_side = _official(first[1])
            first = pick(lambda m: m.armed and not m.patient and _official(m) != hit_side) or first
        if sub in ("Remote explosive/landmine/IED", "Suicide bomb"):
            # ACLED: a device with no claimed perpetrator is an unidentified armed group's; forces
            # the bomb "struck" are its target, never its author unless named with "by"
            first = pick(lambda m: m.armed and (m.agentive or not _official(m)))
        if sub == "Air/drone strike":  # only forces fly: the group struck is the target
            first = pick(lambda m: m.armed and (m.agentive or _official(m)))
        if first is None and ev.event_type == "Strategic developments":
            first = pick(lambda m: m.armed or m.state, speakers=True)  # "the army announced a new base"
        ev.actor1 = put("actor1", first, named("police") if sub == "Arrests" else None)
        if ev.actor1 is None and ev.event_type in ("Battles", "Explosions/Remote violence"):
            ev.actor1 = named("military") if sub == "Air/drone strike" else named("armed_group")
        first_side = _official(first[1]) if first else None

        def opposite(m: Mention) -> bool:  # the other side of a fight: state (and allies) against non-state
            return m.civilian or (m.armed and (first_side is None or _official(m) != first_side))

        target = (pick(lambda m: opposite(m) and s_start(m) >= cue_at, exclude=ev.actor1)
                  or pick(opposite, exclude=ev.actor1)
                  or pick(lambda m: (m.civilian or m.armed) and s_start(m) >= cue_at, exclude=ev.actor1)
                  or pick(lambda m: m.civilian or m.armed, exclude=ev.actor1))
        ev.actor2 = put("actor2", target, None)
        if ev.event_type == "Battles" and ev.actor2 is None and first and _victim(first[1], cue_at, s_start):
            # forces ambushed or killed by nobody named: an unidentified group fought them (ACLED)
            ev.actor2, ev.actor1 = ev.actor1, named("armed_group")
        elif ev.event_type == "Battles" and ev.actor2 is None and first and first[1].armed:
            ev.actor2 = named("armed_group")
        if sub == "Other" or ev.event_type == "Strategic developments":
            first_named = pick(lambda m: not m.kind.generic, speakers=True)
            if first_named and sub == "Other":
                ev.actor1 = put("actor1", first_named, ev.actor1)
    claimant = _claimant(sents, ab) if ev.actor1 == named("armed_group") and ev.event_type in _VIOLENT else None
    if claimant:  # ACLED: the group that claimed the attack is its actor
        ev.actor1 = ab.name(claimant, country, day)
        ev.evidence["actor1"] = [Span(claimant.start, claimant.end, claimant.text)]
        found.append((sents[0], claimant))
    if sub == "Other" and decision.cue and decision.cue.signal == "statement":
        ev.actor2 = None  # a statement has a speaker, not a target
    for field in ("actor1", "actor2"):
        name = getattr(ev, field)
        if name:
            kind = next((m.kind for _, m in found if ab.name(m, country, day) == name), None)
            if kind is None:  # a default actor ("Unidentified Armed Group (Mali)") has no mention
                kind = next((k for k in ab.kinds if k.generic and named(k.role) == name), None)
            inter = kind.inter if kind else None
            if kind and kind.type == "state" and country and country not in name:
                inter = 8  # another state's forces in the event's country: external (ACLED)
            setattr(ev, "inter1" if field == "actor1" else "inter2", inter)
    if ev.actor1 and ev.actor1 == ev.actor2:
        ev.actor2 = None


_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
@lru_cache(maxsize=1)
def _conventions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = load_yaml("events", "conventions.yaml")
    claimed = re.compile(rf"\b(?P<by>{d['claimed_before_claimant']})\b|\b(?:{d['claimed_after_claimant']})\b",
                         re.IGNORECASE)
    region = re.compile(rf"\s*(?:{d['region_words']})\b", re.IGNORECASE)
    return claimed, region


def _claimant(sents: list[Sentence], ab: ActorBook) -> Mention | None:
    """The named armed group that claimed the event in its report ("ISGS claimed the attack",
    "revendiquée par le JNIM"), when the event's own sentences name no group (document offsets)."""
    doc = sents[0].doc
    for m in _conventions()[0].finditer(doc):
        passive = m.group("by") is not None
        at = m.end() if passive else max(0, m.start() - 80)
        window = doc[at:m.end() + 80] if passive else doc[at:m.start()]
        named = [x for x in ab.mentions(window) if not x.kind.generic and x.armed and x.kind.type != "state"]
        if named:
            x = named[0] if passive else named[-1]
            return Mention(x.start + at, x.end + at, x.text, x.kind, x.country)
    return None


def _victim(m: Mention, cue_at: int, start_of: Callable[[Mention], int]) -> bool:
    """A mention acted upon: the subject of a passive ("soldiers were ambushed") or after the cue."""
    return m.patient or start_of(m) > cue_at


def _official(m: Mention) -> bool:
    """State forces and the foreign or UN forces, guards and contractors on their side (Barkhane
    with FAMa is one side of a battle, not two)."""
    return m.state or m.kind.type == "external"


def _fatalities(sents: list[Sentence], ev: Event) -> None:
    """The first toll reported, plus the dead of another side reported in a later sentence
    (ACLED counts attackers and defenders alike); the low/high range over the tolls told."""
    totals: list[int] = []
    spans: list[Span] = []
    sides: set[str | None] = set()
    extra = 0
    for s in sents:
        cs = counts(s.span.text, [(d.start, d.end) for d in s.dates])
        if cs:
            these = {side(s.span.text, c) for c in cs}
            if totals and None not in these and not these & sides:
                extra += sum(c.value for c in cs)
            totals.append(sum(c.value for c in cs))
            sides |= these
            spans += [_doc(s, c.start, c.end) for c in cs]
        elif nobody_killed(s.span.text):
            totals.append(0)
    if totals:
        ev.fatalities = totals[0] + extra
        ev.fatalities_low, ev.fatalities_high = min(totals), max(totals)
        if spans:
            ev.evidence["fatalities"] = spans


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





def _notes(ev: Event) -> str:
    who = ev.actor1 or "An unidentified actor"
    against = f" against {ev.actor2}" if ev.actor2 else ""
    where = f" in {ev.country}" if ev.country else ""
    when = f"On {ev.event_date}, " if ev.event_date else ""
    if ev.time_precision == 3:
        when = f"On or before {ev.event_date} (no date reported; publication date, time precision 3), "
    dead = f"; {ev.fatalities} reported killed" if ev.fatalities else ""
    return f"{when}{who}: {ev.sub_event_type.lower()} ({ev.event_type}){against}{where}{dead}."
