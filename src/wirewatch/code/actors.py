"""Actors: named groups from the actor dictionary (``data/actors.yaml``) and generic role words
(soldiers, gunmen, villagers) resolved with a country into ACLED-style names; countries from
names and demonyms (``data/events/countries.yaml``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from wirewatch.code.lexicon import PhraseIndex, load_yaml
from wirewatch.records import Event


@dataclass(frozen=True, slots=True)
class ActorKind:
    name: str  # the ACLED name, or a pattern with {country}/{regime} for generic roles
    type: str
    inter: int
    country: str | None
    generic: bool
    role: str
    # ACLED's later names for this actor, each from a day on: a group that merged into another
    # (Katiba Macina, part of JNIM since March 2017) or that ACLED renamed (ISGS in 2019, 2022)
    renamed: tuple[tuple[dt.date, str], ...] = ()
    # the branch ACLED codes a world-wide group as in a country ("Islamic State" in Niger is ISGS),
    # from the day the branch was founded (al-Qaeda's in the Sahel is JNIM from March 2017)
    branches: tuple[tuple[str, str], ...] = ()
    branch_since: dt.date | None = None
    # a place whose naming in the report picks the branch ("the Islamic State" in Diffa is ISWAP)
    place_branches: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: ActorKind
    country: str | None  # the country a demonym in front of a role word names ("Malian soldiers")
    agentive: bool = False  # introduced by "by"/"par": the one who acts in a passive clause
    source: bool = False  # the report's source ("police said", "according to the army")
    patient: bool = False  # subject of a passive verb ("soldiers were killed"): acted upon
    target: bool = False  # after a preposition of aim ("fired at the MINUSMA base", "tirs contre l'armée")
    subordinate: bool = False  # in a leading clause ("After JNIM raided X, soldiers ..."): not the main subject
    firing: bool = False  # followed by a verb of firing ("the army shelled ..."): the author of remote violence
    responding: bool = False  # followed by a verb of answering fire ("police fired back", "les FDS ont riposté")

    @property
    def civilian(self) -> bool:
        return self.kind.type in ("civilians",)

    @property
    def armed(self) -> bool:
        return self.kind.type not in ("civilians", "protesters", "rioters") and self.kind.role != "government"

    @property
    def state(self) -> bool:
        return self.kind.type == "state"


class ActorBook:
    def __init__(self, data: dict[str, Any], countries: dict[str, list[str]],
                 regimes: dict[str, list[list[str]]], admin: dict[str, list[str]], origin: str = "",
                 compound: str = "") -> None:
        self.kinds: list[ActorKind] = []
        # "venus du Mali", "who crossed from Niger": the country people came from, not the event's
        self._origin = re.compile(rf"(?<!\w)(?:{origin})\s+(?:the\s+|la\s+|le\s+|l['’]\s*)?$" if origin
                                  else r"(?!)", re.IGNORECASE)
        phrases: dict[str, object] = {}
        # generic role words first, so a named actor's alias overrides them when both spell alike
        for entry in generic_entries(data):
            kind = ActorKind(entry["name"], entry.get("type", "rebel"), int(entry.get("inter", 2)),
                             None, True, entry["role"])
            phrases.update({str(w): len(self.kinds) for w in entry.get("words", []) if w})
            self.kinds.append(kind)
        for entry in data.get("actors", []):
            renamed = tuple(sorted((dt.date.fromisoformat(str(r["from"])), str(r["name"]))
                                   for r in entry.get("renamed") or []))
            kind = ActorKind(entry["name"], entry.get("type", "rebel"), int(entry.get("inter", 2)),
                             entry.get("country"), False, "named", renamed, *_branches(entry))
            aliases = [entry["name"].split(":")[0], *entry.get("aliases", [])]
            phrases.update({str(a): len(self.kinds) for a in aliases if a})
            self.kinds.append(kind)
        # "al-Qaeda-linked militants": a named actor may lead a compound of affiliation
        # each people's names -> its militia ("Dogon and Fulani militias": the Dogon's too)
        militias = {k.name: k for k in self.kinds if k.generic and k.type == "identity_militia"}
        self._peoples = {str(w).lower(): militias[f"{p['name']} Ethnic Militia ({{country}})"]
                         for p in (data.get("ethnic_militias") or {}).get("peoples", [])
                         for w in [*p.get("en", []), *p.get("fr", [])]}
        self._index = PhraseIndex(phrases, compound=re.compile(rf"(?:{compound})\b", re.IGNORECASE)
                                  if compound else None)
        self.countries = countries
        self.regimes = regimes
        names = {alias: c for c, aliases in countries.items() for alias in aliases}
        self._country_index = PhraseIndex(dict(names))
        # place names are matched with their case: "Kaya", "San" and "Lere" are also words
        self._admin_index = PhraseIndex({str(n): c for c, ns in admin.items() for n in ns}, exact_case=True)
        self.national = {str(k): str(v) for k, v in data.get("national", {}).items()}
        self.missions = {str(k): str(v) for k, v in data.get("missions", {}).items()}
        self._names: dict[tuple[ActorKind, str | None, str | None, dt.date | None], str] = {}
        self._country_of = {a.lower(): c for a, c in names.items()}
        self._country_exact = dict(names)
        self._bare: dict[str, ActorKind] | None = None

    def mentions(self, text: str) -> list[Mention]:
        return _speakers_own(self._either(text, _fold_generic(text, self._mentions(text))))

    def _either(self, text: str, found: list[Mention]) -> list[Mention]:
        """"JNIM or ISGS militants": the source does not know which, so an unidentified group."""
        out: list[Mention] = []
        for m in found:
            prev = out[-1] if out else None
            if (prev and not prev.kind.generic and not m.kind.generic and prev.armed and m.armed
                    and _EITHER.match(text[prev.end:m.start])):
                generic = next(k for k in self.kinds if k.generic and k.role == "armed_group")
                out[-1] = Mention(prev.start, m.end, text[prev.start:m.end], generic, None,
                                  prev.agentive, prev.source, m.patient)
                continue
            out.append(m)
        return out

    def _mentions(self, text: str) -> list[Mention]:
        out = []
        civilians = next(k for k in self.kinds if k.generic and k.role == "civilians")
        for start, end, idx in self._index.find(text):
            kind = self._place_branch(self.kinds[int(idx)], text)  # type: ignore[call-overload]
            if kind.type != "civilians" and _cues().kin.search(text, max(0, start - 40), start):
                kind = civilians  # "the brother of a VDP" was killed, not a VDP
            before, after = text[max(0, start - 40):start], text[end:end + 40]
            home = (self.national.get(text[start:end]) or self._demonym_before(text, start)
                    or self._demonym_after(text, end))
            out.append(Mention(start, end, text[start:end], kind, home, _agent(before),
                               bool((_SOURCE_AFTER.match(after) and not _OWN_ACT.match(text[end:end + 80]))
                                    or _SOURCE_BEFORE.search(before)),
                               bool(_PASSIVE.match(after)), bool(_cues().target.search(before)),
                               _subordinate(text, start), bool(_cues().firing.match(after)),
                               bool(_cues().responding.match(after))))
        return self._paired_demonyms(text, out)

    def _place_branch(self, kind: ActorKind, text: str) -> ActorKind:
        for place, branch in kind.place_branches:
            if re.search(rf"(?<![\w-]){re.escape(place)}(?![\w-])", text):
                return self._kind_named(branch) or kind
        return kind

    def _kind_named(self, name: str) -> ActorKind | None:
        """The named actor of this ACLED name, or whose later name it is (ISWAP: Boko Haram's, from 2016)."""
        return next((k for k in self.kinds if not k.generic and (k.name == name
                     or any(later == name for _, later in k.renamed))), None)

    def _paired_demonyms(self, text: str, found: list[Mention]) -> list[Mention]:
        """"Malian and French forces": the first demonym of the pair names forces of its own."""
        out: list[Mention] = []
        military = next(k for k in self.kinds if k.generic and k.role == "military")
        for m in found:
            end = self._before_demonym(text, m) if m.kind.generic else m.start  # "Nigerien and Malian soldiers"
            pair = _PAIRED.search(text, max(0, end - 40), end) if _official_kind(m.kind) else None
            home = self.country(pair.group(1)) if pair else None
            if pair and home and is_demonym(pair.group(1), home):
                out.append(Mention(pair.start(1), pair.end(1), pair.group(1), military, home, m.agentive,
                                   m.source, m.patient, m.target, m.subordinate))
            out.extend(self._paired_peoples(text, m))
        return out

    def _before_demonym(self, text: str, m: Mention) -> int:
        word = _LAST_WORD.search(text, max(0, m.start - 30), m.start)
        return word.start() if word and m.country and self.country(word.group(1)) == m.country else m.start

    def _paired_peoples(self, text: str, m: Mention) -> list[Mention]:
        """"Dogon and Fulani militias", "des milices dogons et peules": each people names a militia."""
        if not (m.kind.generic and m.kind.type == "identity_militia"):
            return [m]
        before = _PAIRED.search(text, max(0, m.start - 40), m.start)
        after = _PAIRED_AFTER.match(text, m.end)
        out = [m]
        for pair, at in ((before, 0), (after, 1)):
            kind = self._peoples.get(pair.group(1).lower()) if pair else None
            if pair and kind is not None and kind != m.kind:
                other = replace(m, start=pair.start(1), end=pair.end(1), text=pair.group(1), kind=kind)
                out.insert(at, other) if at == 0 else out.append(other)
        return out

    def _demonym_before(self, text: str, start: int) -> str | None:
        before = text[max(0, start - 40):start]
        m = re.search(r"([\w.'’-]+(?:\s[\w.'’-]+)?)\s+$", before)
        if not m:
            return None
        words = m.group(1)
        for cand in (words, words.split()[-1]):
            found = self.country(cand)
            if found:
                return found
        return None

    def _demonym_after(self, text: str, end: int) -> str | None:
        """French puts the adjective after the noun: "les forces armées nigériennes"."""
        m = re.match(r"\s+([^\W\d][\w-]+)", text[end:end + 30])
        if not m or m.group(1)[0].isupper():
            return None
        return self.country(m.group(1))

    def country(self, word: str) -> str | None:
        return self._country_exact.get(word) or (
            self._country_of.get(word.lower()) if not _short_caps(word) else None)

    def countries_in(self, text: str) -> list[tuple[int, int, str]]:
        """Countries named in ``text``, but not where people came from ("gunmen from Mali")."""
        return [(start, end, str(c)) for start, end, c in self._country_index.find(text)
                if not self._origin.search(text, max(0, start - 40), start)]

    def admin_countries_in(self, text: str) -> list[tuple[int, int, str]]:
        """Countries implied by the region and town names of ``data/events/countries.yaml``."""
        return [(start, end, str(c)) for start, end, c in self._admin_index.find(text)
                if not self._origin.search(text, max(0, start - 40), start)]

    def name(self, mention: Mention, country: str | None, day: dt.date | None) -> str:
        """The ACLED name of a mention, with the country (and regime years) filled in."""
        key = (mention.kind, mention.country, country, day)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self._name(mention.kind, mention.country, country, day)
            if len(self._names) > 4096:  # a long batch: keep the memo small
                self._names.clear()
        return found

    def _name(self, kind: ActorKind, home: str | None, country: str | None, day: dt.date | None) -> str:
        if not kind.generic:
            branch = dict(kind.branches).get(country or "")
            if branch and not (kind.branch_since and day and day < kind.branch_since):
                kind = self._kind_named(branch) or kind
            named = kind.name
            for since, later in kind.renamed:
                if day and day >= since:
                    named = later
            return named
        # state forces are named by their own state ("Nigerien soldiers" in Mali); every other
        # generic actor by the country of the event (ACLED), a demonym only when that is unknown
        where = (home or country) if kind.type == "state" else (country or home)
        mission = self.missions.get(where or "", self.missions.get("default", ""))
        if not where:
            bare = re.sub(r"\s*\(\{country\}\)|\s*of \{country\}|\{regime\}", "", kind.name).strip()
            return bare.format(mission=mission)
        return kind.name.format(country=where, regime=self._regime(where, day), mission=mission)

    def bare_generic(self) -> dict[str, ActorKind]:
        """The names generic actors get when the country is unknown, each with its kind."""
        if self._bare is None:
            names: dict[str, list[ActorKind]] = {}
            for k in self.kinds:
                if k.generic:
                    names.setdefault(self._name(k, None, None, None), []).append(k)
            self._bare = {n: ks[0] for n, ks in names.items() if len(ks) == 1}
        return self._bare

    def _regime(self, country: str, day: dt.date | None) -> str:
        label = ""
        for start, text in self.regimes.get(country, []):
            if day is None or dt.date.fromisoformat(start) <= day:
                label = text
        return f" ({label})" if label else ""


# "par des éléments de l'EIGS": the elided article of the group's name is no word of its own
_AGENT = re.compile(r"(?:\bby|\bpar|de la part d[eu]s?)\s+(?:[\w'’-]+\s+){0,3}(?:de\s+l['’]\s*)?$", re.IGNORECASE)
_LAST_WORD = re.compile(r"([\w-]+)\s+$")
_PAIRED = re.compile(r"(?<![\w-])([\w-]+)\s+(?:and|et)\s+$")
# only French puts a second people's adjective after ("milices dogons et peules"), in lower case
_PAIRED_AFTER = re.compile(r"\s+(?:et)\s+([^\W\d_A-ZÀ-Ý][\w-]*)(?![\w-])")


def _agent(before: str) -> bool:
    """Introduced by "by"/"par" as the one who acts: "was attacked by X", "an attack by X killed",
    but not the attack that the subject "repelled" ("troops repelled an attack by X": troops act)."""
    m = _AGENT.search(before)
    return (m is not None and not _cues().repelled.search(before, 0, m.start())
            and not _cues().supported.search(before, 0, m.start()))


def _subordinate(text: str, start: int) -> bool:
    lead = _cues().leading.match(text)
    return lead is not None and start < text.find(",", lead.end())


@dataclass(frozen=True, slots=True)
class _Cues:
    target: re.Pattern[str]
    repelled: re.Pattern[str]
    leading: re.Pattern[str]
    firing: re.Pattern[str]
    responding: re.Pattern[str]
    supported: re.Pattern[str]
    kin: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    """The word lists of ``roles`` in data/actors.yaml, which tell an actor's part in its clause."""
    d = load_yaml("actors.yaml")["roles"]
    return _Cues(
        target=re.compile(rf"(?<!\w)(?:{d['target_before']})\s+(?:{d['determiners']})?"
                          rf"(?!{d['not_a_qualifier']})(?:[\w'’-]+\s+)?$", re.IGNORECASE),
        repelled=re.compile(rf"(?<!\w)(?:{d['repelled']})\s+(?:{d['determiners']})?(?:[\w'’-]+\s+){{0,2}}$",
                            re.IGNORECASE),
        leading=re.compile(rf"^\W*(?:{d['leading_clause']})\b", re.IGNORECASE),
        firing=re.compile(rf"^\s+(?:[\w'’-]+\s+)?(?:{d['firing']})\b", re.IGNORECASE),
        responding=re.compile(rf"^\s+(?:[\w'’-]+\s+){{0,2}}?(?:{d['responding']})\b", re.IGNORECASE),
        supported=re.compile(rf"(?<!\w)(?:{d['supported']})\s*$", re.IGNORECASE),
        kin=re.compile(rf"(?<!\w)(?:{d['kin_before']})\s+(?:of|d['’]|de|du|des)\s*"
                       rf"(?:an?\s+|the\s+|two\s+|un\s+|une\s+|deux\s+|la\s+|l['’]\s*|[\w-]+\s+)?$", re.IGNORECASE))


def _official_kind(kind: ActorKind) -> bool:
    return kind.type in ("state", "external") and kind.role != "government"
_SOURCE_AFTER = re.compile(r"^\W{0,3}(?:[\w'’-]+\s+){0,2}?(?:said|says|say|told|reported|confirmed|announced|"
                           r"spokesm[ae]n|spokesperson|officials?|sources?|chief|commander said|a déclaré|"
                           r"ont déclaré|a indiqué|indique|a annoncé|ont annoncé|a affirmé|ont affirmé|affirme)\b",
                           re.IGNORECASE)
_PASSIVE = re.compile(r"^\W{0,2}(?:[\w'’-]+\s+){0,3}?(?:(?:was|were|been|being|ont été|a été|avaient été|avait été|auraient été|aurait été|(?<!\bse )(?<!s['’])(?:sont|est)(?!\s+(?:entr|rentr|arriv|venu|revenu|parti|reparti|sorti|retourn|mont|descend|all|rest|intervenu)))\s+(?!accus|soupçonn|suspect|blam|alleg|believ)\w+(?:ed|en|é|ée|és|ées|u|us)\b"
                      r"|(?:(?:was|were|have been|has been)\s+(?:also|later|reportedly|allegedly|all|both)\s+\w+(?:ed|en)|"
                      r"(?:a|ont|est|sont)\s+(?:également|aussi|encore|ensuite|par ailleurs|tous|toutes)\s+"
                      r"(?:été\s+\w+(?:é|ée|és|ées)|péri|succombé|morte?s?|décédée?s?)|"
                      r"succumbed|died|perished|(?:a|ont|avaient|avait) été la cible d(?:e|u|es)|(?:was|were) the target of|lost (?:his|her|their) li(?:fe|ves)|a succombé|ont succombé|"
                      r"est mort|sont morts|est décédé|sont décédés|ont péri|a péri|tombée?s? dans une embuscade|"
                      r"fell into an ambush|came under (?:attack|fire)|(?:hit|struck|ran over|drove over) an? "
                      r"(?:IED|mine|landmine|explosive device|roadside bomb)|(?:a|ont) sauté sur|a heurté une mine|"
                      r"(?:a|ont|avait|avaient) subi (?:une |des |l.|plusieurs )?(?:[\w-]+ )?(?:attaques?|assauts?|"
                      r"tirs|embuscades?|incursions?|raids?)|(?:a|ont|avait|avaient) été (?:sur)?pris(?:e|es)?)\b)",
                      re.IGNORECASE)
# "the army said it killed 20 militants", "l'armée a annoncé avoir neutralisé": a speaker that tells
# its own act is its author, not the report's source
_OWN_ACT = re.compile(r"^\W{0,3}(?:[\w'’-]+\s+){0,2}?(?:said|says|announced|claimed|stated|a annoncé|ont annoncé|"
                      r"a indiqué|ont indiqué|a affirmé|ont affirmé|affirme|a déclaré|ont déclaré)"
                      r"(?:\s+(?:on|le|ce)(?:\s+[\w'’-]+){1,3}?)?\s+(?:that\s+)?(?:it|they|its|their|ils|elles?|"
                      r"avoir|d['’]avoir|having|ses|leurs)\b", re.IGNORECASE)
_SOURCE_BEFORE = re.compile(r"(?:according to|selon|told|cited|quoted|(?:suspected|blamed|accused) by|soupçonnée?s? par)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


_EITHER = re.compile(r"^\s*(?:or|ou|and/or|et/ou)\s*$", re.IGNORECASE)
@lru_cache(maxsize=1)
def _qualified() -> re.Pattern[str]:
    suffixes = load_yaml("events", "conventions.yaml")["affiliation_suffixes"]
    return re.compile(rf"^(?:-(?:{suffixes}))?\s*$", re.IGNORECASE)


# role words that may only qualify the named actor beside them ("chasseurs de Dan Na Ambassagou"),
# and every communal or ethnic militia's
_FOLDED = ("armed_group", "militia", "military", "police", "dozo_militia")


def _folded(kind: ActorKind) -> bool:
    return kind.generic and (kind.role in _FOLDED or kind.type == "identity_militia")
@lru_cache(maxsize=1)
def _join() -> re.Pattern[str]:
    """What stands between a role word and the named actor it belongs to: "fighters of the",
    "gunmen believed to be from the", "hommes armés présumés membres du"."""
    attributed = load_yaml("actors.yaml")["roles"]["attributed"]
    return re.compile(rf"^\s*[,(]?\s*(?:(?:{attributed})\s*)?(?:(?:members?|fighters?|elements?|membres?|éléments?|"
                      rf"combattants?)\s+)?(?:(?:of|from|to|de|des|du|d['’]|à|au|aux)\s*"
                      rf"(?:the\s+|la\s+|l['’]\s*)?)?$", re.IGNORECASE)


# "soldats tchadiens de la MINUSMA", "rebelles touareg du MNLA": one qualifier, then "of"
_QUALIFIED_OF = re.compile(r"^\s+[^\W\d_][\w-]+\s+(?:of|from|de|du|des|d['’])\s*(?:the\s+|la\s+|l['’]\s*)?$")


def _fold_generic(text: str, found: list[Mention]) -> list[Mention]:
    """Drop a role word that only qualifies a named actor next to it ("JNIM militants",
    "fighters of the Islamic State", "éléments de l'EIGS"): the named actor stands for both."""
    out: list[Mention] = []
    found = list(found)
    for i, m in enumerate(found):
        if _folded(m.kind):
            prev = found[i - 1] if i else None
            nxt = found[i + 1] if i + 1 < len(found) else None
            if prev and not prev.kind.generic and _qualified().match(text[prev.end:m.start]):
                continue  # "Barkhane forces", "JNIM militants", "JNIM-affiliated fighters"
            if m.kind.role in ("military", "police"):
                between = text[m.end:nxt.start] if nxt else ""
                if not (nxt and not nxt.kind.generic and _official_kind(nxt.kind)
                        and (_join().match(between) or _QUALIFIED_OF.match(between))):
                    out.append(m)  # "fighter jets of Operation Barkhane" are Barkhane's
                continue
            if prev and not prev.kind.generic and _join().match(text[prev.end:m.start]):
                continue
            if nxt and not nxt.kind.generic and (_join().match(text[m.end:nxt.start])
                                                 or _QUALIFIED_OF.match(text[m.end:nxt.start])):
                # "attaqués par des éléments de l'EIGS": the named actor is the agent the role word was
                found[i + 1] = replace(nxt, agentive=nxt.agentive or m.agentive, patient=nxt.patient or m.patient,
                                       target=nxt.target or m.target)
                continue
        out.append(m)
    return out


def _speakers_own(found: list[Mention]) -> list[Mention]:
    """"French forces said that commandos backed by helicopters had killed ...": forces of no
    country told by a force that speaks are its own (Barkhane's commandos, not the host army's)."""
    speaker = next((m for m in found if m.source and _official_kind(m.kind) and not m.kind.generic), None)
    if speaker is None:
        return found
    return [Mention(m.start, m.end, m.text, speaker.kind, speaker.country, m.agentive, m.source, m.patient,
                    m.target, m.subordinate, m.firing, m.responding)
            if m.start > speaker.start and m.kind.generic and m.kind.role == "military" and m.country is None
            else m for m in found]


_DEMONYM_END = re.compile(r"(?:ians?|ans?|ese|ench|ish|ois|oises?|iens?|iennes?|ais|aises?|ab[eèé]e?s?)$", re.IGNORECASE)


def is_demonym(word: str, country: str) -> bool:
    """Whether a country word is an adjective ("Malian", "nigériennes"), not the country's name."""
    return word[:1].islower() or (word != country and bool(_DEMONYM_END.search(word)))


def _short_caps(word: str) -> bool:
    return word.isupper() and len(word) <= 4


def complete_names(event: Event) -> None:
    """Give the generic actors of an event coded with no country ("Unidentified Armed Group",
    "Protesters") the country the place stage found for it, with the regime's years of its day."""
    if not event.country:
        return
    ab = book()
    bare = ab.bare_generic()
    day = _day(event.event_date)
    for field in ("actor1", "actor2"):
        kind = bare.get(getattr(event, field) or "")
        if kind is not None:
            setattr(event, field, ab.name(Mention(0, 0, "", kind, None), event.country, day))


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _branches(entry: dict[str, Any]) -> tuple[tuple[tuple[str, str], ...], dt.date | None,
                                               tuple[tuple[str, str], ...]]:
    since = entry.get("branch_since")
    return (tuple((str(c), str(n)) for c, n in (entry.get("branches") or {}).items()),
            dt.date.fromisoformat(str(since)) if since else None,
            tuple((str(p), str(n)) for p, n in (entry.get("branch_places") or {}).items()))


def generic_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The generic role words of ``data``, with the militia of each people of ``ethnic_militias``
    spelt in every form there ("Tiv militiamen", "miliciens bambaras"): merged into the hand-written
    entry of the same ACLED name (which keeps its own words, "armed herders"), else a new entry."""
    entries = [dict(e) for e in data.get("generic", [])]
    by_name = {str(e["name"]): e for e in entries}
    spec = data.get("ethnic_militias") or {}
    for people in spec.get("peoples", []):
        name = f"{people['name']} Ethnic Militia ({{country}})"
        entry = by_name.get(name)
        if entry is None:
            entry = by_name[name] = {"role": f"{str(people['name']).lower()}_militia", "type": "identity_militia",
                                     "inter": 4, "name": name, "words": []}
            entries.append(entry)
        forms = [str(f).format(p=w) for f in spec.get("forms_en", []) for w in people.get("en", [])]
        forms += [str(f).format(p=w) for f in spec.get("forms_fr", []) for w in people.get("fr", [])]
        known = set(entry.get("words", []))
        entry["words"] = [*entry.get("words", []), *dict.fromkeys(f for f in forms if f not in known)]
    return entries


@lru_cache(maxsize=1)
def book() -> ActorBook:
    c = load_yaml("events", "countries.yaml")
    return ActorBook(load_yaml("actors.yaml"), c["countries"], c.get("regimes", {}), c.get("admin_names", {}),
                     c.get("origin_before", ""), load_yaml("events", "conventions.yaml")["affiliation_suffixes"])

