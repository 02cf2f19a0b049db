"""Who did what to whom: actor1 and actor2 of an event from the actor mentions of its sentences,
by ACLED's roles for each sub-event type, with their inter codes and the joined interaction code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.code.actors import ActorBook, ActorKind, Mention
from wirewatch.code.classify import Decision, first_of_pair
from wirewatch.code.lexicon import load_yaml
from wirewatch.records import Event, Span

if TYPE_CHECKING:
    from wirewatch.code.coder import Sentence


def _doc(s: Sentence, start: int, end: int) -> Span:
    return Span(s.span.start + start, s.span.start + end, s.span.text[start:end])


def interaction(ev: Event) -> None:
    """ACLED's joined code: the two inter codes, lowest first ("12": state forces and rebels); a
    lone actor's code followed by 0; civilian targeting when civilians are a side."""
    if ev.inter1 is None:
        return
    low, high = sorted((ev.inter1, ev.inter2 or 0))
    ev.interaction = int(f"{low}{high}") if low else int(f"{high}0")
    if 7 in (ev.inter1, ev.inter2) and ev.event_type in _TARGETING:
        ev.civilian_targeting = "Civilian targeting"


_TARGETING = ("Violence against civilians", "Explosions/Remote violence", "Battles", "Riots")



def _generic(ab: ActorBook, role: str) -> ActorKind:
    return next(k for k in ab.kinds if k.generic and k.role == role)


def assign_actors(sents: list[Sentence], sub: str, decision: Decision, ab: ActorBook, country: str | None,
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
def _claimed() -> re.Pattern[str]:
    d = load_yaml("events", "conventions.yaml")
    return re.compile(rf"\b(?P<by>{d['claimed_before_claimant']})\b|\b(?:{d['claimed_after_claimant']})\b",
                      re.IGNORECASE)


def _claimant(sents: list[Sentence], ab: ActorBook) -> Mention | None:
    """The named armed group that claimed the event in its report ("ISGS claimed the attack",
    "revendiquée par le JNIM"), when the event's own sentences name no group (document offsets)."""
    doc = sents[0].doc
    for m in _claimed().finditer(doc):
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
