"""Who did what to whom: actor1 and actor2 of an event from the actor mentions of its sentences,
by ACLED's roles for each sub-event type, with their inter codes and the joined interaction code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from wirewatch.code.actors import ActorBook, ActorKind, Mention
from wirewatch.code.classify import Decision, first_of_pair
from wirewatch.code.lexicon import load_yaml
from wirewatch.code.sentences import split_sentences
from wirewatch.records import Event, Span
from wirewatch.taxonomy import taxonomy

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


_TARGETING = taxonomy().types_of_disorder("Political violence")  # ACLED codes civilian targeting in these
_TYPE_OF = taxonomy().type_of_sub()  # sub-event type -> event type


Pick = tuple["Sentence", Mention]
_REMOTE = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Shelling/artillery/missile attack")


def assign_actors(sents: list[Sentence], sub: str, decision: Decision, ab: ActorBook, country: str | None,
                  day: dt.date | None, ev: Event) -> None:
    """actor1, actor2 and their inter codes, with the evidence span of each."""
    _Cast(sents, sub, decision, ab, country, day, ev).run()


class _Cast:
    """The actor mentions of one event and ACLED's roles for its sub-event type. actor1 is the side
    the report makes the subject of its main clause: the agent of a passive ("was attacked by X"),
    else the first actor of the event's sentences that is neither acted upon nor a target."""

    def __init__(self, sents: list[Sentence], sub: str, decision: Decision, ab: ActorBook,
                 country: str | None, day: dt.date | None, ev: Event) -> None:
        self.sents, self.sub, self.decision, self.ab = sents, sub, decision, ab
        self.country, self.day, self.ev = country, day, ev
        self.found: list[Pick] = [(s, m) for s in sents for m in s.mentions]
        lead = _lead_in(sents, ab) if not self._someone_acts() else None
        if lead is not None:  # "Soldiers fired on a rally. Three demonstrators were killed."
            self.sents, self.found = [lead, *sents], [(lead, m) for m in lead.mentions] + self.found
        self.cue_at = decision.cue.start if decision.cue else 0
        self.starts = {id(m): s.span.start + m.start for s, m in self.found}

    def run(self) -> None:
        ev, sub = self.ev, self.sub
        if _TYPE_OF.get(sub) == "Protests":
            self._protest()
        elif _TYPE_OF.get(sub) == "Riots":
            self._riot()
        elif ev.event_type == "Violence against civilians":
            # armed people acted upon or aimed at are not the perpetrators: an unnamed group is
            attacker = self.pick(lambda m: m.armed and not m.patient and not m.target)
            ev.actor1 = self.put("actor1", attacker, self.named("armed_group"))
            ev.actor2 = self.put("actor2", self.pick(lambda m: m.civilian), self.named("civilians"))
        else:
            self._fight()
        self._claimed_by()
        if sub == "Other" and self.decision.cue and self.decision.cue.signal == "statement":
            ev.actor2 = None  # a statement has a speaker, not a target
        self._inter_codes()
        if ev.actor1 and ev.actor1 == ev.actor2:
            ev.actor2 = None

    def _someone_acts(self) -> bool:
        """Whether the event's sentences name a side that acts: armed, or a crowd, neither acted
        upon nor aimed at nor only speaking, and not merely answering an attack ("Police officers
        fired back"), which puts the attack in the sentence before."""
        acting = [m for _, m in self.found if (m.armed or m.kind.type in ("protesters", "rioters"))
                  and not (m.patient or m.target or m.source)]
        return bool(acting) and not acting[0].responding

    # -- choosing mentions
    def pick(self, pred: Callable[[Mention], bool], exclude: str | None = None,
             speakers: bool = False) -> Pick | None:
        cands = [(s, m) for s, m in self.found
                 if pred(m) and (speakers or not m.source) and self.name(m) != exclude]
        agent = [(s, m) for s, m in cands if m.agentive or (speakers and m.source)]
        if agent:  # the agent of a passive; for a statement, its speaker ("..., JNIM said")
            return agent[0]
        subject = self._subject(cands)
        if subject:
            return subject
        before = [(s, m) for s, m in cands if s.span.start + m.end <= self.cue_at]
        if before:
            s, _ = before[-1]
            return s, first_of_pair(s.span.text, [m for s2, m in before if s2 is s])
        return cands[0] if cands else None

    def _subject(self, cands: list[Pick]) -> Pick | None:
        """The first candidate, in the sentences up to the cue's, that acts: not the subject of a
        passive, not after "at"/"on"/"contre", not in a leading "After ..." clause."""
        for s, m in cands:
            if s.span.start > self.cue_at and s is not self.sents[0]:
                break
            if not (m.patient or m.target or m.subordinate):
                return s, m
        return None

    def named(self, role: str) -> str:
        return self.ab.name(Mention(0, 0, "", _generic(self.ab, role), None), self.country, self.day)

    def name(self, m: Mention) -> str:
        return self.ab.name(m, self.country, self.day)

    def put(self, field: str, sm: Pick | None, fallback: str | None) -> str | None:
        if sm:
            s, m = sm
            self.ev.evidence[field] = [_doc(s, m.start, m.end)]
            return self.name(m)
        return fallback

    def s_start(self, m: Mention) -> int:
        return self.starts.get(id(m), 0)

    # -- roles by sub-event type
    def _protest(self) -> None:
        # ACLED: in every demonstration event the demonstrators are actor1, those who intervene
        # (dispersing them, or firing on them: Excessive force) actor2
        ev, protesters = self.ev, self.pick(lambda m: m.kind.type == "protesters")
        ev.actor1 = self.put("actor1", protesters, self.named("protesters"))
        if self.sub in ("Protest with intervention", "Excessive force against protesters"):
            ev.actor2 = self.put("actor2", self.pick(_force), self.named("police"))

    def _riot(self) -> None:
        ev = self.ev
        crowd = self.pick(lambda m: m.kind.type in ("rioters", "protesters"))
        ev.actor1 = self.put("actor1", crowd, self.named("rioters"))
        if crowd and crowd[1].kind.type == "protesters":
            ev.actor1 = self.named("rioters")  # ACLED: demonstrators who turn violent are rioters
        other = self.pick(_force) if self.sub == "Violent demonstration" else self.pick(
            lambda m: m.civilian or m.state)
        ev.actor2 = self.put("actor2", other, None)

    def _first_side(self) -> Pick | None:
        sub, pick = self.sub, self.pick
        first = pick(_attacker) if sub != "Arrests" else pick(_force)
        if sub == "Government regains territory":
            first = pick(_force) or first
        if sub == "Agreement":  # the state is the first party to an agreement with it
            first = pick(lambda m: m.state, speakers=True) or pick(lambda m: m.armed, speakers=True)
        if self.ev.event_type == "Battles" and first and first[1].patient:
            # the side acted upon ("an army vehicle hit a mine, then terrorists attacked") is the target
            hit_side = _official(first[1])
            first = pick(lambda m: m.armed and not m.patient and _official(m) != hit_side) or first
        if sub in _REMOTE:
            # ACLED: a device or shell with no claimed author is an unidentified armed group's; the
            # forces it struck are its target, never its author unless named with "by" or firing
            # nor a militia on the state's side that it hit ("tuant deux volontaires")
            first = pick(lambda m: m.armed and (m.agentive or m.firing or m.kind.type == "rebel"))
        if sub == "Air/drone strike":  # only forces fly: the group struck is the target
            first = pick(lambda m: m.armed and (m.agentive or _official(m)))
        if first is None and self.ev.event_type == "Strategic developments":
            first = pick(lambda m: m.armed or m.state, speakers=True)  # "the army announced a new base"
        return first

    def _fight(self) -> None:
        ev, sub, pick = self.ev, self.sub, self.pick
        first = self._first_side()
        ev.actor1 = self.put("actor1", first, self.named("police") if sub == "Arrests" else None)
        if ev.actor1 is None and ev.event_type in ("Battles", "Explosions/Remote violence"):
            ev.actor1 = self.named("military") if sub == "Air/drone strike" else self.named("armed_group")
        first_side = _official(first[1]) if first else None

        def opposite(m: Mention) -> bool:  # the other side of a fight: state (and allies) against non-state
            return m.civilian or (m.armed and (first_side is None or _official(m) != first_side)) or rival(m)

        def rival(m: Mention) -> bool:  # two non-state groups that fight each other, each one named
            return (first is not None and first_side is False and m.armed and not _official(m)
                    and m.kind != first[1].kind and m.kind.role != "armed_group" and self.name(m) != ev.actor1)

        def after_cue(m: Mention) -> bool:
            return self.s_start(m) >= self.cue_at

        target = (pick(lambda m: opposite(m) and after_cue(m), exclude=ev.actor1)
                  or pick(opposite, exclude=ev.actor1)
                  or pick(lambda m: (m.civilian or m.armed) and after_cue(m), exclude=ev.actor1)
                  or pick(lambda m: m.civilian or m.armed, exclude=ev.actor1))
        ev.actor2 = self.put("actor2", target, None)
        if ev.event_type == "Battles" and ev.actor2 is None and first and self._victim(first[1]):
            # a side ambushed, or killed by nobody named: the unnamed other side fought it (ACLED);
            # armed groups "neutralised" in an operation were fought by the state's forces
            other = "military" if first[1].kind.type == "rebel" else "armed_group"
            ev.actor2, ev.actor1 = ev.actor1, self.named(other)
        elif ev.event_type == "Battles" and ev.actor2 is None and first and first[1].armed:
            ev.actor2 = self.named("armed_group")
        if sub == "Other" or ev.event_type == "Strategic developments":
            first_named = pick(lambda m: not m.kind.generic, speakers=True)
            if first_named and sub == "Other":
                ev.actor1 = self.put("actor1", first_named, ev.actor1)

    def _victim(self, m: Mention) -> bool:
        """A mention acted upon: the subject of a passive ("soldiers were ambushed") or after the cue,
        but never the agent the report names with "by" ("une embuscade tendue par des hommes armés")."""
        return not m.agentive and (m.patient or self.s_start(m) > self.cue_at)

    def _claimed_by(self) -> None:
        """ACLED: the group that claimed the attack is its actor, on whichever side the report put
        the unnamed attackers."""
        ev, unnamed = self.ev, self.named("armed_group")
        if ev.event_type not in _VIOLENT or unnamed not in (ev.actor1, ev.actor2):
            return
        claimant = (_claimant(self.sents, self.ab) or self._named_beside()
                    or _named_next_door(self.sents, self.ab))
        if claimant is None or self.name(claimant) in (ev.actor1, ev.actor2):
            return
        field = "actor1" if ev.actor1 == unnamed else "actor2"
        setattr(ev, field, self.name(claimant))
        ev.evidence[field] = [Span(claimant.start, claimant.end, claimant.text)]
        self.found.append((self.sents[0], claimant))

    def _named_beside(self) -> Mention | None:
        """A named armed group the event's sentences give the unnamed attackers later on ("the
        gunmen belonged to Ansarul Islam", "les assaillants, des éléments de la katiba Macina")."""
        taken = (self.ev.actor1, self.ev.actor2)
        pick = next(((s, m) for s, m in self.found if _author_like(m) and self.name(m) not in taken), None)
        if pick is None:
            return None
        s, m = pick  # a sentence's mention, in document offsets as the claimant's evidence needs
        return replace(m, start=s.span.start + m.start, end=s.span.start + m.end)

    def _inter_codes(self) -> None:
        ev, country = self.ev, self.country
        for field in ("actor1", "actor2"):
            name = getattr(ev, field)
            if not name:
                continue
            kind = next((m.kind for _, m in self.found if self.name(m) == name), None)
            if kind is None:  # a default actor ("Unidentified Armed Group (Mali)") has no mention
                kind = next((k for k in self.ab.kinds if k.generic and self.named(k.role) == name), None)
            inter = kind.inter if kind else None
            if kind and kind.type == "state" and country and country not in name:
                inter = 8  # another state's forces in the event's country: external (ACLED)
            setattr(ev, "inter1" if field == "actor1" else "inter2", inter)


def _generic(ab: ActorBook, role: str) -> ActorKind:
    return next(k for k in ab.kinds if k.generic and k.role == role)


def _attacker(m: Mention) -> bool:
    return m.armed


def _force(m: Mention) -> bool:
    """State forces that act (police, army), not the government that speaks."""
    return m.state and m.kind.role != "government"


_VIOLENT = taxonomy().types_in("violence")


@lru_cache(maxsize=1)
def _claimed() -> re.Pattern[str]:
    d = load_yaml("events", "conventions.yaml")
    before = f"{d['claimed_before_claimant']}|{load_yaml('actors.yaml')['roles']['attributed_attack']}"
    return re.compile(rf"\b(?P<by>{before})\b|\b(?:{d['claimed_after_claimant']})\b", re.IGNORECASE)


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


def _lead_in(sents: list[Sentence], ab: ActorBook) -> Sentence | None:
    """The sentence just before the event's, in its paragraph, when it names who acted: the
    event's own sentence told only the toll or the answer to an attack."""
    from wirewatch.code.coder import Sentence  # a cycle at import time: coder builds on roles

    doc, start = sents[0].doc, sents[0].span.start
    lo = max(0, start - _NEXT_DOOR)
    before = split_sentences(doc[lo:start])
    if not before or "\n" in doc[lo + before[-1].end:start]:
        return None
    prev = before[-1]
    mentions = ab.mentions(prev.text)
    if not any(m.armed and not (m.patient or m.source) for m in mentions) or _background().search(prev.text):
        return None
    span = Span(lo + prev.start, lo + prev.end, prev.text)
    return Sentence(sents[0].index - 1, span, sents[0].paragraph, [], mentions, [], [], doc)


def _named_next_door(sents: list[Sentence], ab: ActorBook) -> Mention | None:
    """The named armed group of the sentence just before or after the event's, in its paragraph,
    when the event's own sentences name none: "Three civilians were killed near Boni. Residents
    said the gunmen belonged to Ansarul Islam." (a group acted upon or aimed at is not its author)."""
    doc, start, end = sents[0].doc, sents[0].span.start, sents[-1].span.end
    lo = max(0, start - _NEXT_DOOR)
    before, after = split_sentences(doc[lo:start]), split_sentences(doc[end:end + _NEXT_DOOR])
    windows = []
    if after and "\n" not in doc[end:end + after[0].start]:
        windows.append((end + after[0].start, after[0].text))
    if before and "\n" not in doc[lo + before[-1].end:start]:
        windows.append((lo + before[-1].start, before[-1].text))
    for at, text in windows:
        if _background().search(text):
            continue  # "JNIM has been active in the area since 2017" says who is around, not who did it
        # only an armed group: militias told beside an attack are more often its victims
        named = [x for x in ab.mentions(text) if _author_like(x) and x.kind.type == "rebel"]
        if named:
            x = named[0]
            return Mention(x.start + at, x.end + at, x.text, x.kind, x.country)
    return None


def _author_like(m: Mention) -> bool:
    """A named non-state armed group neither acted upon nor aimed at: one that may be an author."""
    return (not m.kind.generic and m.armed and m.kind.type not in ("state", "external")
            and not (m.patient or m.target))


@lru_cache(maxsize=1)
def _background() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{load_yaml('actors.yaml')['roles']['background']})(?!\w)", re.IGNORECASE)


_NEXT_DOOR = 400  # characters looked at on each side: a sentence of a short report


def _official(m: Mention) -> bool:
    """State forces and the foreign or UN forces, guards and contractors on their side (Barkhane
    with FAMa is one side of a battle, not two)."""
    return m.state or m.kind.type == "external"
