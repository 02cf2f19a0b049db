"""From a sentence's cue hits to an ACLED sub-event type, following the ACLED codebook.

The codebook's precedence is kept explicit here: a disrupted weapon is not an explosion; a
chemical, suicide, air or artillery attack is coded by its weapon whatever it hit; a protest is
coded by what the protesters or the forces did; violence on civilians by an organised armed
actor is Violence against civilians, while two armed sides fighting is a Battle; the
strategic-development kinds apply when no violence is reported.  Cue words live in
``data/events/signals_*.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from wirewatch.code.actors import Mention
from wirewatch.code.lexicon import Hit, load_yaml
from wirewatch.taxonomy import taxonomy

EVENT_TYPE = taxonomy().type_of_sub()  # ACLED sub-event type -> event type (data/acled_taxonomy.yaml)
VIOLENT = ("chemical", "air", "suicide", "shelling", "ied", "grenade", "sexual", "abduction", "kill",
           "attack", "clash", "regain", "capture", "mob", "protest_violent", "excessive", "looting", "explosion",
           "ground_op")
DOMAINS = ("disaster_natural", "disaster_manmade", "crime", "diplomacy")


@dataclass(slots=True)
class Signals:
    """Per signal: its strength (sum of the weights of non-overlapping hits) and strongest hit."""

    strength: dict[str, int]
    best: dict[str, Hit]

    def __getitem__(self, name: str) -> int:
        return self.strength.get(name, 0)

    @classmethod
    def of(cls, hits: list[Hit]) -> Signals:
        strength: dict[str, int] = {}
        best: dict[str, Hit] = {}
        by_signal: dict[str, list[Hit]] = {}
        for h in hits:
            by_signal.setdefault(h.signal, []).append(h)
        for name, hs in by_signal.items():
            hs.sort(key=lambda h: (-h.weight, h.start))
            kept: list[Hit] = []
            for h in hs:
                if all(h.end <= k.start or h.start >= k.end for k in kept):
                    kept.append(h)
            strength[name] = sum(h.weight for h in kept)
            best[name] = kept[0]
        return cls(strength, best)


@dataclass(slots=True)
class Decision:
    sub_event_type: str
    score: int
    cue: Hit | None

    @property
    def event_type(self) -> str:
        return EVENT_TYPE[self.sub_event_type]


@dataclass(slots=True)
class Context:
    s: Signals
    mentions: list[Mention]  # sources of the report ("police said") already left out
    hits: list[Hit]
    text: str

    def has(self, name: str, floor: int) -> bool:
        return self.s[name] >= floor

    def agent(self, signals: tuple[str, ...]) -> Mention | None:
        """The armed actor doing what ``signals`` name: the one after "by", else the closest
        before the first such cue, else the first after it."""
        at = min((h.start for h in self.hits if h.signal in signals), default=0)
        armed = [m for m in self.mentions if m.armed]
        before = [m for m in armed if m.end <= at and not m.agentive]
        by = [m for m in armed if m.agentive]
        if before and not (by and before[-1].patient):
            states = [m for m in before if m.state]
            chosen = states[-1] if states else first_of_pair(self.text, before)
            if chosen.patient:  # "militants were pushed back from army positions": the other side acts
                other = [m for m in armed if not m.patient and m.kind.name != chosen.kind.name and m.start >= at]
                return other[0] if other else None
            return chosen
        if by:
            return by[0]
        return armed[0] if armed else None

    @property
    def armed_targets(self) -> bool:
        """Armed actors on two sides (two different armed actors named)."""
        kinds = {m.kind.name if not m.kind.generic else m.kind.role for m in self.mentions
                 if m.armed and not m.source and not _attributed(self.text, m)}
        return len(kinds) >= 2

    @property
    def civilian_targets(self) -> bool:
        return self.s["civilian"] >= 2 or any(m.civilian for m in self.mentions)


Rule = Callable[[Context, int], str | None]


def _side_effect_of_violence(c: Context, side: str) -> bool:
    """ACLED: the main event wins over its side effects.  True when a ``side`` cue (weapons
    seized, property looted, people arrested) comes with people attacked, killed or fought: the
    violence told first, or an armed group doing both ("militants looted shops and killed two
    traders"); arrests when anybody fought."""
    acts = [h for h in c.hits if h.weight >= 2 and ((h.signal in ("kill", "attack") and _done().search(
        c.text[h.start:h.end])) or (h.signal == "clash" and h.weight >= 3))]
    if not acts:
        return False
    if side == "arrest" or (side == "disrupted" and any(
            h.signal == "clash" and _EXCHANGE.search(c.text[h.start:h.end]) for h in acts)):
        return True  # weapons seized after an exchange of fire belong to the fight
    at = min((h.start for h in c.hits if h.signal == side and h.weight >= 3), default=0)
    if min(h.start for h in acts) < at:
        return True
    agent = c.agent((side,))
    return agent is not None and not agent.state and agent.kind.type != "external"


def _claimed_by_violence(c: Context, f: int, side: str) -> bool:
    """A side effect that belongs to the violence it came with, when that violence is an event."""
    return _side_effect_of_violence(c, side) and _fighting(c, min(f, 2)) is not None


_EXCHANGE = re.compile(r"échang|exchang|fire|firefight|gunfight|gun battle|combat|fighting|affront|accroch|clash|"
                       r"fusillade|heurts", re.IGNORECASE)


@lru_cache(maxsize=1)
def _attribution() -> re.Pattern[str]:
    """A group named as whom the attackers belong to ("believed to belong to the Islamic State",
    "présumés du JNIM"): the attackers' side, not a second side (``claimed_before_claimant``)."""
    words = load_yaml("events", "conventions.yaml")["claimed_before_claimant"]
    return re.compile(rf"\b(?:{words})\s+(?:the\s+|la\s+|le\s+|l['’]\s*)?$", re.IGNORECASE)


def _attributed(text: str, m: Mention) -> bool:
    return not m.kind.generic and _attribution().search(text[max(0, m.start - 60):m.start]) is not None


@lru_cache(maxsize=1)
def _done() -> re.Pattern[str]:
    """Verbs of killing or attacking done, not nouns (``done_verb_endings`` in conventions.yaml)."""
    return re.compile(rf"(?:{load_yaml('events', 'conventions.yaml')['done_verb_endings']})$", re.IGNORECASE)


def _disrupted(c: Context, f: int) -> str | None:
    if not c.has("disrupted", max(f, 3)) or _claimed_by_violence(c, f, "disrupted"):
        return None
    best = c.s.best["disrupted"]
    said = c.text[best.start:best.end] if c.text else ""
    if c.has("air", 3) and not re.search(r"intercept|shot down|downed|defen[cs]e", said, re.IGNORECASE):
        return None  # an air strike that destroyed a depot is an air strike (codebook)
    return "Disrupted weapons use"


def _weapon(c: Context, f: int) -> str | None:
    for sig, sub in (("chemical", "Chemical weapon"), ("suicide", "Suicide bomb"), ("air", "Air/drone strike"),
                     ("shelling", "Shelling/artillery/missile attack")):
        if sig == "air" and (c.has("ground_op", 3) or _ground_fight(c)):
            continue  # air support of a ground operation or raid: the forces met on the ground (a battle)
        if sig == "shelling" and (c.has("ground_op", 3) or _ground_fight(c) or _fought_back(c)):
            continue  # mortars or rockets with an assault or a riposte: fighting on the ground (ACLED)
        if c.has(sig, f):
            return sub
    return None


_GROUND = re.compile(r"raid|storm|commando|assault|fighting|combats?\b|ratissage|assaut", re.IGNORECASE)


def _ground_fight(c: Context) -> bool:
    """Troops on the ground fought beside the strike ("commandos raided a camp after air strikes;
    twelve died in the fighting")."""
    return any(h.signal == "clash" and h.weight >= 3 and _GROUND.search(c.text[h.start:h.end]) for h in c.hits)


_FOUGHT_BACK = re.compile(r"returned fire|fired back|fought back|repelled|riposté|répliqué|repouss|stormed|"
                          r"prise? d.assaut|donné l.assaut", re.IGNORECASE)


def _fought_back(c: Context) -> bool:
    """The target answered, or the attackers stormed in after firing ("attacked the camp with
    mortars and small arms; peacekeepers returned fire")."""
    return any(h.signal in ("clash", "ground_op") and h.weight >= 2 and _FOUGHT_BACK.search(c.text[h.start:h.end])
               for h in c.hits) or bool(_FOUGHT_BACK.search(c.text or ""))


def _sexual(c: Context, f: int) -> str | None:
    return "Sexual violence" if c.has("sexual", max(f, 3)) else None


def _protest(c: Context, f: int) -> str | None:
    if not c.has("protest", f):
        return None
    protesters = any(m.kind.type in ("protesters", "rioters") for m in c.mentions)
    best = c.s.best["protest"]
    marching = re.match(r"march|rall", c.text[best.start:best.end], re.IGNORECASE) if c.text else None
    if marching and c.s["protest"] <= 3 and not protesters and _armed_marcher(c, best):
        return None  # "troops marched into the town": armed actors, no protesters
    if c.has("arrest", 3) and c.s["protest"] <= 3 and c.s["intervention"] < 3 and c.s["protest_violent"] < 3:
        return None  # activists arrested, a protest only mentioned: an arrest
    # protesters' own violence makes it a riot even when forces then kill (ACLED codebook)
    if c.has("protest_violent", 3) or c.has("mob", 3) or _protesters_fought(c) or _crowd_wrecked(c) or (
            protesters and _wrecked(c)):
        return "Violent demonstration"
    if c.has("excessive", 3) or (c.has("kill", 3) and not _earlier().search(c.text or "")):
        return "Excessive force against protesters"
    if c.has("intervention", 3) and c.text and _INJURED.search(c.text) and not _UNHURT.search(c.text):
        return "Excessive force against protesters"  # force that seriously injures (codebook)
    if (c.has("intervention", 3) or c.has("arrest", 3)) and not _demanded(c):
        return "Protest with intervention"
    return "Peaceful protest"


_RECALLED_FIGHT = re.compile(r"(?:après|suite à|suite aux|contre|dénonc\w*|condamn\w*|after|against|over|"
                             r"condemn\w*|denounc\w*)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def _protesters_fought(c: Context) -> bool:
    """Fighting at a protest makes it a riot, but not fighting the protest is about ("se sont
    rassemblés après les affrontements de la veille", "marched against the clashes")."""
    return any(h.signal == "clash" and h.weight >= 3 and not _RECALLED_FIGHT.search(c.text[max(0, h.start - 50):h.start])
               for h in c.hits)


def _armed_marcher(c: Context, cue: Hit) -> bool:
    """The subject of "marched"/"rallied" is an armed actor ("troops marched into Boni"), not
    residents marching against the troops' presence: the last actor named before the cue."""
    before = [m for m in c.mentions if m.end <= cue.start and (m.armed or m.civilian)]
    last = before[-1] if before else None
    return last is not None and last.armed and last.kind.role != "police" and not last.civilian


_DEMAND = re.compile(r"(?:release of|decry|decrying|against|denounc\w*|condemn\w*|plans? for|over the|"
                     r"libération de|contre|dénonc\w*)\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)


def _demanded(c: Context) -> bool:
    """True when the arrests a protest mentions are what it protests ("demanded the release of
    demonstrators detained"), not an intervention against it."""
    hits = [h for h in c.hits if h.signal in ("intervention", "arrest") and h.weight >= 2]
    return bool(hits and c.text) and all(_DEMAND.search(c.text[max(0, h.start - 60):h.start]) for h in hits)


@lru_cache(maxsize=1)
def _earlier() -> re.Pattern[str]:
    """Deaths a protest mourns or recalls ("after the massacre of Solhan", "pour les victimes du
    massacre") are not force used against it (``protest_recalled_deaths`` in conventions.yaml)."""
    return re.compile(rf"(?<!\w)(?:{load_yaml('events', 'conventions.yaml')['protest_recalled_deaths']})(?!\w)",
                      re.IGNORECASE)
_UNHURT = re.compile(r"\b(?:no(?:body| one|-one)|none|without|not|sans (?:faire de |faire |)|aucun(?:e)?|personne n.a été)"
                     r"\s+(?:\w+\s+){0,2}?(?:hurt|injur\w*|wounded|bless(?:é|és|ée|ées|ure|ures))\b", re.IGNORECASE)
_INJURED = re.compile(r"\b(?:injur\w*|wounded|hurt|hospitali[sz]ed|bless(?:é|és|ée|ées|ure|ures))\b", re.IGNORECASE)


def _riot(c: Context, f: int) -> str | None:
    if (c.has("mob", f) or c.has("crowd", 3)) and _organised_agent(c, ("mob", "crowd", "protest_violent")):
        return None  # armed men who beat, stoned or burned someone: an armed group's violence (codebook)
    if c.has("mob", f):
        road_blocked = not _person_harmed(c) and any(  # barricades, roads blocked, tyres burned
            h.signal == "protest_violent" and h.weight >= 2 and _ROADBLOCK.search(c.text[h.start:h.end]) for h in c.hits)
        return "Violent demonstration" if _on_the_state(c) or road_blocked else "Mob violence"
    if c.has("crowd", 3):  # an angry crowd: its own violence on property or forces is a riot
        if c.has("protest_violent", 3) or _crowd_wrecked(c):
            return "Violent demonstration"  # wrecking, burning or stoning by the crowd itself
        if c.s["attack"] >= 1 or (c.s["kill"] >= 1 and not _earlier().search(c.text or "")):
            return "Mob violence"  # ... on a person it is mob violence
    if c.has("clash", 3) and _crowd_against_forces(c):
        return "Violent demonstration"  # "des jeunes et des policiers se sont affrontés"
    # without a protest or crowd, burning and looting is property destruction, not a riot
    if c.has("protest_violent", max(f, 3)) and (c.s["protest"] >= 2 or c.s["mob"] >= 1 or _riot_word(c)
                                                 or _unarmed_subject(c, ("protest_violent",))):
        return "Violent demonstration"
    return None


def _crowd_against_forces(c: Context) -> bool:
    """Youths, residents or protesters fighting the police or the army, with no armed group
    named: a riot (ACLED), not a battle."""
    kinds = {m.kind.type for m in c.mentions if not _attributed(c.text, m)}
    crowd = any(m.kind.type in ("rioters", "protesters") or (m.civilian and _CROWD.search(m.text))
                for m in c.mentions)
    return crowd and "state" in kinds and not kinds & {"rebel", "political_militia", "identity_militia", "external"}


_CROWD = re.compile(r"youth|jeune|résident|resident|habitant|villag|élève|étudiant|student|commerçant|trader",
                    re.IGNORECASE)


def _unarmed_subject(c: Context, signals: tuple[str, ...]) -> bool:
    """Youths, residents or protesters (no armed group) doing what ``signals`` name ("des jeunes
    ont incendié le poste de police"): an unorganised crowd, so a riot (ACLED), not an armed
    group's property destruction."""
    at = min((h.start for h in c.hits if h.signal in signals and h.weight >= 3), default=None)
    before = [m for m in c.mentions if at is not None and m.end <= at]
    if not before or _organised_agent(c, signals):
        return False
    subject = first_of_pair(c.text, before)
    return not subject.armed and not subject.patient and _on_the_state(c)


def _organised_agent(c: Context, signals: tuple[str, ...]) -> bool:
    """ACLED: mob violence and riots are done by crowds, not by organised armed groups.  True
    when an armed actor is the one acting: named before the crowd cue (its subject: "des jihadistes
    ont battu à mort un berger", "militiamen attacked villagers and burned ...") or after "by"."""
    at = min((h.start for h in c.hits if h.signal in signals and h.weight >= 2), default=None)
    if at is None:
        return False
    agent = c.agent(signals)
    if agent is None or agent.patient or any(h.signal == "mob" and h.start <= agent.start < h.end for h in c.hits):
        return False  # no agent, a victim, or the crowd itself ("murdered by vigilantes")
    # "a soldier accused of theft was lynched by a mob": the armed man is the victim
    return agent.agentive or (agent.end <= at and not _PASSIVE_BETWEEN.search(c.text[agent.end:at]))


_PASSIVE_BETWEEN = re.compile(r"\b(?:was|were|been|being|été)\b", re.IGNORECASE)


_PERSON_HARM = re.compile(r"lynch|to death|alive|vif|vive|à mort|hacked|set (?:him|her|them)|lapid|roué|beat|battu|"
                          r"accus", re.IGNORECASE)
_STATE_TARGET = re.compile(r"\b(?:police|gendarm\w*|commissariat|town hall|city hall|mairie|pr[ée]fecture|governor\w*|"
                           r"gouvernorat|government (?:buildings?|offices?)|courthouse|tribunal|palais de justice|"
                           r"official vehicles?|véhicules? de (?:la police|l.administration)|soldiers|militaires|"
                           r"forces de l.ordre|security forces|army)\b", re.IGNORECASE)


def _on_the_state(c: Context) -> bool:
    """ACLED: a crowd's violence on state forces or buildings (police, a gendarmerie, a town hall)
    is a violent demonstration; on civilians or their property (a man accused of theft, temples,
    shops) it is mob violence.  True for the first, unless a person's body was harmed too."""
    hits = [h for h in c.hits if h.signal in ("mob", "crowd", "protest_violent") and h.weight >= 2]
    if not hits or _person_harmed(c):
        return False
    # the crowd's object: named within a few words after its cue ("police said" later is a source)
    return any(_STATE_TARGET.search(c.text[h.start:h.end + 60]) for h in hits)


_ROADBLOCK = re.compile(r"barricad|bloqu|block|pneus|tyres|tires", re.IGNORECASE)


def _person_harmed(c: Context) -> bool:
    """A crowd cue of harm to a body ("lynched", "beat to death", "accused of theft") or a killing
    that is not recalled."""
    if any(_PERSON_HARM.search(c.text[h.start:h.end]) for h in c.hits if h.signal == "mob" and h.weight >= 2):
        return True
    return c.s["kill"] >= 2 and not _earlier().search(c.text or "")


def _wrecked(c: Context) -> bool:
    """Property wrecked, burned or looted as a deed ("ont saccagé", "looted"), not named as a noun."""
    return any(h.signal == "looting" and h.weight >= 3 and _done().search(c.text[h.start:h.end].split()[0])
               for h in c.hits)


def _crowd_wrecked(c: Context) -> bool:
    """An angry crowd that wrecked or burned property ("des jeunes en colère ont saccagé la mairie")."""
    return c.has("crowd", 3) and c.has("protest_violent", 2) and c.has("looting", 3)


def _riot_word(c: Context) -> bool:
    """A word of rioting ("riots", "stones thrown", "roads blocked"), not of fighting in general
    ("clashes broke out", "violent clashes": herders and farmers, two militias)."""
    best = c.s.best.get("protest_violent")
    return bool(best and best.weight >= 3 and c.s["looting"] < 3
                and not _FIGHT_WORD.search(c.text[best.start:best.end]))


_FIGHT_WORD = re.compile(r"clash|affront|heurts|violen", re.IGNORECASE)


def _explosive(c: Context, f: int) -> str | None:
    if c.has("grenade", f):
        return "Grenade"
    if c.has("ground_op", 3) or (c.has("after_blast", 3) and (c.has("ied", f) or c.has("explosion", 1))):
        return None  # a device, then an assault: the fighting makes it a battle (ACLED)
    if c.has("ied", f) or (f <= 2 and c.has("explosion", 1) and (c.has("kill", 1) or c.has("attack", 1))):
        return "Remote explosive/landmine/IED"
    return None


def _first(c: Context, these: tuple[str, ...], those: tuple[str, ...]) -> bool:
    """Whether a cue of ``these`` comes before every cue of ``those`` (the main clause leads)."""
    a = min((h.start for h in c.hits if h.signal in these and h.weight >= 2), default=10**9)
    b = min((h.start for h in c.hits if h.signal in those and h.weight >= 2), default=10**9)
    return a < b


def _civilian_harm(c: Context, f: int) -> str | None:
    if c.has("sexual", f):
        return "Sexual violence"
    if c.has("abduction", f) and not c.has("agreement", 3) and c.s["kill"] < 2:
        return "Abduction/forced disappearance"
    return None


def _territory(c: Context, f: int) -> str | None:
    if c.has("change", 4) and c.s["kill"] < 2:
        return None  # mutineers seizing a camp in a coup: the coup is the event (a Change to group/activity)
    if c.s["clash"] >= max(c.s["regain"], c.s["capture"]) and _first(c, ("clash",), ("regain", "capture")):
        return None  # the fighting is reported first, the territory it won after
    if max(c.s["regain"], c.s["capture"]) >= f and c.s["kill"] < 2 and (
            c.has("withdraw", 3) or (c.has("withdraw", 2) and c.s["clash"] == 0 and c.s["attack"] < 2)):
        return "Non-violent transfer of territory"  # taken after the other side pulled out, no fight told
    agent = c.agent(("regain", "capture"))
    state = agent.state if agent else None
    if c.has("regain", f) and c.s["regain"] >= c.s["capture"]:
        return "Non-state actor overtakes territory" if state is False else "Government regains territory"
    if c.has("capture", f):
        return "Government regains territory" if state else "Non-state actor overtakes territory"
    return None


def _other(c: Context, f: int) -> str | None:
    """Mass graves found, people displaced by violence reported before it: ACLED's Other."""
    if c.has("withdraw", 3) and max(c.s["regain"], c.s["capture"]) >= 2:
        return None  # a town the other side had blockaded, entered after it left: a transfer (_strategic)
    if c.has("other", 3) and c.s["clash"] < 3 and _first(c, ("other",), ("kill", "attack", "clash")):
        return "Other"
    return None


def _fighting(c: Context, f: int) -> str | None:
    if c.has("change", 3) and c.s["kill"] < 2 and c.s["clash"] < 3 and c.s["attack"] <= 2:
        return None  # mobilising, defecting or deploying for an attack is not yet a battle
    if c.has("looting", 3) and c.s["kill"] < 2 and not c.armed_targets:
        return None  # a raid that only burns or loots is property destruction (codebook)
    if c.has("arrest", 3) and c.s["kill"] < 2 and c.s["clash"] < 3:
        return None  # a police raid that ends in arrests is an arrest, not a battle
    if c.has("agreement", 3) and c.s["kill"] < 2 and c.s["clash"] < 3 and c.s["attack"] < 3:
        return None  # hostages freed or a deal struck by armed men: an agreement (codebook), not a fight
    if (c.has("clash", max(f, 3)) or (c.has("clash", f) and c.s["kill"] >= 1) or c.has("ground_op", 3)
            or (c.has("after_blast", 3) and (c.has("ied", 2) or c.has("explosion", 1)))):
        return "Armed clash"
    violent = c.s["attack"] + c.s["kill"]
    attacker = any(m.armed for m in c.mentions)
    if violent >= f + 1 or c.has("kill", f) or (c.has("attack", 2) and (attacker or c.armed_targets)):
        victims = _first_victims(c)
        if victims == "armed":
            return "Armed clash"  # the targets were armed: a battle, even when civilians die too
        if victims == "civilian":
            return "Attack"  # unarmed people named as the targets, whoever else is mentioned
        if c.civilian_targets and (not c.armed_targets or (c.s["civilian"] >= 3 and c.s["clash"] < 2)):
            return "Attack"
        if c.armed_targets or c.has("clash", 2):
            return "Armed clash"
        return "Attack"
    return None


def _first_victims(c: Context) -> str | None:
    """ACLED: violence against civilians needs unarmed victims.  "armed" when the first people an
    attack or killing falls on are armed (soldiers, gendarmes, guards, peacekeepers, militiamen),
    "civilian" when they are unarmed: the object right after the cue, or the subject of a passive
    ("four soldiers were killed")."""
    cues = [h for h in c.hits if h.signal in ("attack", "kill") and h.weight >= 2]
    if not cues:
        return None
    first = min(cues, key=lambda h: h.start)
    # the deed, not the doer: "hommes armés" and "assaillants" are attack cues that name the actor
    deeds = [h for h in cues if not any(m.start <= h.start and h.end <= m.end for m in c.mentions)]
    deed = min(deeds, key=lambda h: h.start) if deeds else first
    agent = c.agent(("attack", "kill"))
    if _CIVILIAN_PLACE.match(c.text, deed.end) and c.s["clash"] < 3 and not (agent and agent.subordinate):
        # "attaqué le village de ...", "attacked a camp for displaced people", unless armed defenders died
        return "armed" if _armed_among_killed(c, deed, agent) else "civilian"
    for m in sorted(c.mentions, key=lambda m: m.start):
        if m.end <= first.start and not m.patient:
            continue
        if m.start - first.end > 45 or m.agentive or m is agent or _attributed(c.text, m):
            continue
        if m.civilian:
            return "civilian"
        if m.armed and (agent is None or m.kind.name != agent.kind.name):
            return "armed"
    return None


def _armed_among_killed(c: Context, deed: Hit, agent: Mention | None) -> bool:
    """"Attacked the village, killing two VDP and three civilians": armed defenders among the dead make
    the attack on the village a battle (codebook: armed targets, even when civilians die too)."""
    kills = [h for h in c.hits if h.signal == "kill" and h.weight >= 2 and h.start > deed.end]
    if not kills:
        return False
    at = min(h.end for h in kills)
    return any(m.armed and m.start >= at and m.start - at <= 30 and m is not agent and not m.agentive
               and (agent is None or m.kind.name != agent.kind.name) for m in c.mentions)


# the object of an attack that makes its victims unarmed (a village, a market, a place of
# worship, a school, a camp for the displaced), right after the cue
_CIVILIAN_PLACE = re.compile(
    r"\s+(?:(?:le|la|les|l['’]|un|une|des|du|plusieurs|deux|trois|the|a|an|two|three|several)\s*)?"
    r"(?:villages?|hameaux?|marchés?|mosquées?|églises?|écoles?|camps? (?:de|des) (?:déplacés|réfugiés)|"
    r"sites? (?:de|des|d.) (?:déplacés|orpaillage)|centres? de santé|postes? de santé|dispensaires?|"
    r"hamlets?|markets?|mosques?|churches?|schools?|(?:IDP|displacement|refugee) camps?|"
    r"camps? for (?:the )?(?:displaced|refugees)|health (?:centres?|centers?|posts?|clinics?))\b", re.IGNORECASE)


def _strategic(c: Context, f: int) -> str | None:
    if c.has("change", 4) and not c.has("agreement", 4):
        return "Change to group/activity"  # a coup or reinforcements sent: the arrests it made are its part
    for sig, sub in (("looting", "Looting/property destruction"), ("arrest", "Arrests"),
                     ("hq", "Headquarters or base established"), ("withdraw", "Non-violent transfer of territory"),
                     ("agreement", "Agreement"), ("change", "Change to group/activity")):
        if sig == "arrest" and c.has("protest", 2) and c.has("intervention", 3):
            continue  # people arrested as forces stopped a protest: a protest with intervention (_protest)
        if c.has(sig, max(f, 3)) and not (sig in ("looting", "arrest") and _claimed_by_violence(c, f, sig)):
            return sub
    return None


RULES: tuple[tuple[Rule, tuple[str, ...]], ...] = (
    (_disrupted, ("disrupted",)),
    (_sexual, ("sexual",)),
    (_weapon, ("chemical", "suicide", "air", "shelling")),
    (_protest, ("protest",)),
    (_riot, ("mob", "protest_violent", "crowd")),
    (_explosive, ("grenade", "ied", "explosion")),
    (_civilian_harm, ("sexual", "abduction")),
    (_territory, ("regain", "capture")),
    (_other, ("other",)),
    (_fighting, ("clash", "attack", "kill", "ground_op")),
    (_strategic, ("looting", "arrest", "hq", "withdraw", "agreement", "change")),
)


def first_of_pair(text: str, before: list[Mention]) -> Mention:
    """The subject of a verb: the last actor before it, or the first of "X and Y" / "X, Y"."""
    i = len(before) - 1
    while i > 0 and _PAIR.match(text[before[i - 1].end:before[i].start]):
        i -= 1
    return before[i]


# "French troops and Malian soldiers": a demonym may stand before the second of the pair
_PAIR = re.compile(r"^\s*(?:,|and|et|&)\s*(?:the\s+|les\s+|des\s+)?(?:(?-i:[A-ZÀ-Ý])[\w'’-]*\s+)?$", re.IGNORECASE)


def _claim_after_deed(hits: list[Hit], text: str) -> list[Hit]:
    """"A soldier was killed by a bomb; JNIM claimed the blast": the deed is told first, so the
    sentence reports the event and its claim (ACLED codes the claimant); a claim told first ("JNIM
    claimed the attack that ...") stays a claim about an event reported elsewhere."""
    claims = [h for h in hits if h.signal == "claim" and h.weight >= 4]
    deeds = [h for h in hits if h.signal in VIOLENT and h.weight >= 3]
    if not claims or not deeds or min(h.start for h in deeds) > min(h.start for h in claims):
        return hits
    if ";" not in text[min(h.end for h in deeds):min(h.start for h in claims)]:
        return hits  # the claim in its own clause only: "...; le JNIM a revendiqué l'explosion"
    return [h for h in hits if h.signal != "claim"]


def classify(hits: list[Hit], mentions: list[Mention], text: str = "") -> Decision | None:
    """The sub-event type a sentence reports, or None when it reports no ACLED event."""
    hits = _claim_after_deed(hits, text)
    s = Signals.of(hits)
    if not _reportable(s):
        return None
    ctx = Context(s, [m for m in mentions if not m.source], hits, text)
    for floor in (3, 2):
        for rule, sigs in RULES:
            sub = rule(ctx, floor)
            if sub:
                return Decision(sub, sum(s[x] for x in sigs), _cue(s, hits, sigs))
    return None


@lru_cache(maxsize=1)
def _claim_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    d = load_yaml("events", "conventions.yaml")
    return tuple(re.compile(rf"\b(?:{d[k]})\b", re.IGNORECASE)  # type: ignore[return-value]
                 for k in ("claim_of_deed", "claim_denial", "claim_report_break"))


def classify_claimed(hits: list[Hit], mentions: list[Mention], text: str, dated: list[int]) -> Decision | None:
    """The deed a claim of responsibility names, coded as that deed ("ISGS claimed the attack on
    soldiers at Chinagodrar on 9 January": an armed clash), when a calendar date (``dated``: where
    the sentence's day dates begin) after the deed's cue dates it; None for a denial, a claim naming
    no violent deed or leaving it undated.  The coder asks only when no sentence tells the event."""
    claims = [h for h in hits if h.signal == "claim" and h.weight >= 4]
    claim, denial, report = _claim_words()
    said = [text[h.start:h.end] for h in claims]
    if not any(claim.search(w) for w in said) or any(denial.search(w) for w in said):
        return None
    first_claim = min(h.start for h in claims)
    deeds = [h.start for h in hits if h.signal in VIOLENT and h.weight >= 2 and h.start > first_claim]
    deed = min(deeds, default=None)
    # the date follows the deed ("the attack on soldiers ... on 9 January"); one told before it dates the
    # claim ("claimed responsibility on 2 March for the attack that ...")
    if deed is None or not any(at > deed and not report.search(text[first_claim:at]) for at in dated):
        return None
    return classify([h for h in hits if h.signal != "claim"], mentions, text)


def _cue(s: Signals, hits: list[Hit], sigs: tuple[str, ...]) -> Hit | None:
    """The hit an event rests on: the first firm cue of its signals (the main clause, whose
    subject is the actor who acts), else the strongest."""
    firm = [h for h in hits if h.signal in sigs and h.weight >= 2]
    if firm:
        return min(firm, key=lambda h: (h.start, -h.weight))
    return max((s.best[x] for x in sigs if x in s.best), key=lambda h: h.weight, default=None)


def reportable(s: Signals) -> bool:
    """Whether a sentence's cues allow an event at all (see ``_reportable``)."""
    return _reportable(s)


def _reportable(s: Signals) -> bool:
    """False for sentences whose cues say 'not an event': a claim of responsibility, a threat or
    plan, background history, or a domain (disaster, crime, diplomacy) outweighing any violence."""
    if s["claim"] >= 4 or s["hypothetical"] >= 4 or s["background"] >= 3:
        return False
    violence = max((s[x] for x in VIOLENT), default=0)
    strategic = max(s["arrest"], s["agreement"], s["change"], s["hq"], s["withdraw"], s["protest"], s["disrupted"])
    domain = max(s[x] for x in DOMAINS)
    if s["disrupted"] >= 3 and s["disrupted"] >= domain:
        return True  # weapons seized from smugglers or traffickers are disrupted weapons use (codebook)
    if s["protest"] >= 3 and s["protest"] >= max(s[x] for x in DOMAINS) - 1:
        return True  # a protest about a disaster, a crime or a policy is still a protest
    return not (domain >= 3 and domain > violence and domain >= strategic)
