"""Cross-source event merging: when two coded events are one happening, and how the merged
event's fields are reconciled.

A *report* is one coded event as a dict with the ``events`` columns plus ``event_key`` and
``group_id`` (its story group: syndicated copies are one report, not many).  Two reports are the
same happening when all of these hold (thresholds in ``data/merge_rules.yaml``):

- they come from different story groups (events of one story are distinct by the coder's call);
- both are dated, at most ``max_day_gap`` days apart;
- their countries do not differ;
- their places are within the distance allowed by the less precise of the two geo_precisions
  (without coordinates: the same admin1, and the same location name when both have one); when
  the geocoder put them further apart but both sit in the same admin1 and their event sentences
  name a place in common (the road "between Boni and Douentza" read as Douentza by one outlet
  and as the region by the other), they are one place: the words outrank the coordinates;
- their event types are equal or listed as compatible;
- their named actors do not contradict each other: they share a named actor, or one side names
  none (generic actors such as "Unidentified Armed Group" say nothing), and it is never the case
  that each names an actor the other lacks on the same side (two armed groups, two state
  forces): one outlet naming the attackers and the other only their victims agree.

Merging is complete-link: a report joins an incident only when it is compatible with *every*
member, so a chain A~B~C never pulls A and C together unless A~C too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from wirewatch import data_files
from wirewatch.errors import ConfigError

log = logging.getLogger(__name__)

Report = Mapping[str, Any]

AMBIGUITY_MARGIN = 0.4  # a report fitting two incidents joins the better only when this much closer


@dataclass(frozen=True, slots=True)
class Rules:
    max_day_gap: int
    distance_km: dict[int, float]
    place_name_stopwords: frozenset[str]
    compatible_types: frozenset[frozenset[str]]
    generic_actors: tuple[str, ...]
    actor_match_ratio: float
    vague_place_toll_ratio: float = 1.6
    unnamed_perpetrators: tuple[str, ...] = ("unidentified",)


@lru_cache(maxsize=1)
def rules() -> Rules:
    try:
        raw = data_files.yaml("merge_rules.yaml")
        return Rules(
            max_day_gap=int(raw["max_day_gap"]),
            distance_km={int(k): float(v) for k, v in raw["distance_km_by_precision"].items()},
            place_name_stopwords=frozenset(_fold(str(w)) for w in raw.get("place_name_stopwords") or ()),
            compatible_types=frozenset(frozenset(p) for p in raw["compatible_types"]),
            generic_actors=tuple(str(a).casefold() for a in raw["generic_actors"]),
            actor_match_ratio=float(raw["actor_match_ratio"]),
            vague_place_toll_ratio=float(raw.get("vague_place_toll_ratio", 1.6)),
            unnamed_perpetrators=tuple(str(a).casefold() for a in raw.get("unnamed_perpetrators") or ("unidentified",)),
        )
    except (KeyError, TypeError, ValueError) as exc:  # unreadable: the loader's ConfigError
        raise ConfigError(f"data/merge_rules.yaml: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Verdict:
    same: bool
    score: float  # higher is closer; meaningful only when ``same``
    reasons: dict[str, Any]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def km(a: Report, b: Report) -> float | None:
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _actor_entries() -> list[dict[str, Any]]:
    try:
        raw = data_files.yaml("actors.yaml")
    except ConfigError as exc:
        log.warning("data/actors.yaml unreadable (%s): actor names are compared as written", exc)
        return []
    entries = raw.get("actors", []) if isinstance(raw, dict) else []
    return [e for e in entries if isinstance(e, dict) and e.get("name")]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Alias -> ACLED name, from the coder's actor dictionary (``data/actors.yaml``), so two
    reports naming one group differently ("JNIM", "Jamaat Nusrat al-Islam wal-Muslimin") agree."""
    out: dict[str, str] = {}
    for entry in _actor_entries():
        canon = _plain(str(entry["name"]))
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            out.setdefault(_plain(str(alias)), canon)
    return out


_SIDE_OF_TYPE = {"state": "state", "external": "state", "rebel": "rebel",
                 "political_militia": "militia", "identity_militia": "militia"}
_STATE_NAMES = ("military forces of", "police forces of", "government of")


@lru_cache(maxsize=1)
def _sides() -> dict[str, str]:
    """ACLED name -> the side it fights on (state, rebel, militia), from ``data/actors.yaml``."""
    return {_plain(str(e["name"])): _SIDE_OF_TYPE[str(e.get("type"))] for e in _actor_entries()
            if str(e.get("type")) in _SIDE_OF_TYPE}


def _side(name: str) -> str | None:
    if name.startswith(_STATE_NAMES):
        return "state"
    return _sides().get(name)


def _contradict(xs: set[str], ys: set[str]) -> bool:
    """Names one report has and the other lacks contradict each other only when they could
    fill the same role: two armed groups, two state forces (or an actor of unknown side).  One
    outlet naming the attackers (JNIM) and the other only their victims (the VDP) agree."""
    sides = [(_side(x), _side(y)) for x in xs for y in ys]
    return any(sx is None or sy is None or sx == sy for sx, sy in sides)


def _plain(name: str) -> str:
    """Case-folded, year ranges such as "(2021-)" dropped, other brackets kept as words."""
    name = re.sub(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)", " ", name.casefold())
    return re.sub(r"\s+", " ", re.sub(r"[()]", " ", name)).strip()


def _norm(name: str) -> str:
    plain = _plain(name)
    aliases = _aliases()
    for form in (plain, *(p.strip() for p in plain.split(":"))):
        if form in aliases:
            return aliases[form]
    return plain


def named_actors(report: Report, r: Rules) -> set[str]:
    names = set()
    for field in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        for part in str(report.get(field) or "").split(";"):
            n = _norm(part)
            if n and not n.startswith(r.generic_actors):
                names.add(n)
    return names


def _forms(name: str) -> set[str]:
    """ACLED writes "JNIM: Jama'at Nusrat al-Islam wal-Muslimin": both halves name the actor."""
    return {name} | {p.strip() for p in name.split(":") if p.strip()}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[a-z]+", name) if w not in {"of", "the", "and", "al"})


def _same_actor(x: str, y: str, r: Rules) -> bool:
    for a in _forms(x):
        for b in _forms(y):
            if a == b or fuzz.token_set_ratio(a, b) >= r.actor_match_ratio:
                return True
            if a.replace(" ", "") == _initials(b) or b.replace(" ", "") == _initials(a):
                return True
    return False


def _actors(a: Report, b: Report, r: Rules) -> tuple[bool, int]:
    na, nb = named_actors(a, r), named_actors(b, r)
    shared = {x for x in na if any(_same_actor(x, y, r) for y in nb)}
    only_a = {x for x in na if x not in shared}
    only_b = {y for y in nb if not any(_same_actor(x, y, r) for x in na)}
    if na and nb and not shared:
        return not _contradict(na, nb), 0
    return not (only_a and only_b and _contradict(only_a, only_b)), len(shared)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


# a name stops at an apostrophe: "Mali's" is Mali, "d'Ansongo" is Ansongo
_CAPITALISED = re.compile(r"(?<![\w-])([A-ZÀ-Ý][\w-]{2,})")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”(]\s*)([A-ZÀ-Ý][\w’'-]*)")


def _sentences(report: Report) -> list[str]:
    evidence = report.get("evidence") or {}
    if isinstance(evidence, str):
        try:
            evidence = json.loads(evidence)
        except ValueError:
            return []
    spans = evidence.get("sentence") if isinstance(evidence, dict) else None
    return [str(s.get("text") or "") for s in spans or [] if isinstance(s, dict)]


def place_words(report: Report, r: Rules) -> set[str]:
    """The proper names in a report's event sentences that may name its place: capitalised
    words not opening a sentence, minus the report's country, admin1 and actor names and the
    stop-words of ``merge_rules.yaml`` (days, months, titles, nationalities)."""
    known = " ".join(str(report.get(f) or "") for f in ("country", "admin1", *ACTOR_FIELDS))
    skip = r.place_name_stopwords | {_fold(w) for w in re.findall(r"\w+", known)}
    words: set[str] = set()
    for text in _sentences(report):
        starts = {m.start(1) for m in _SENTENCE_START.finditer(text)}
        words |= {_fold(m.group(1)) for m in _CAPITALISED.finditer(text) if m.start(1) not in starts}
    return {w.strip("-") for w in words} - skip


def _named_alike(a: Report, b: Report, r: Rules) -> bool:
    """Same admin1 and a place name both reports' event sentences give."""
    return bool(a.get("admin1") and a.get("admin1") == b.get("admin1") and place_words(a, r) & place_words(b, r))


def _level(report: Report) -> str:
    """How much of the place a report knows: ``country`` (no admin1: its coordinates are the
    country's centroid, hundreds of km from anywhere), ``admin1`` (only the region) or ``place``."""
    admin1 = report.get("admin1")
    if not admin1:
        return "country"
    location = _fold(str(report.get("location") or ""))
    if int(report.get("geo_precision") or 3) >= 3 and location in ("", _fold(str(admin1))):
        return "admin1"
    return "place"


def _place(a: Report, b: Report, r: Rules) -> tuple[bool, float, float | None]:
    levels = {_level(a), _level(b)}
    if "country" in levels:  # countries agree: nothing finer to compare (see _corroborated)
        return True, 0.0, None
    precision = max(int(a.get("geo_precision") or 3), int(b.get("geo_precision") or 3))
    limit = r.distance_km.get(precision, max(r.distance_km.values()))
    d = km(a, b)
    if d is not None and d > limit and "admin1" in levels and a.get("admin1") == b.get("admin1"):
        return True, 0.0, d  # a large region's centroid says nothing of where in it (see _corroborated)
    if d is not None:
        if d > limit and _named_alike(a, b, r):
            return True, 0.2, d
        return d <= limit, 1.0 - d / limit, d
    la, lb = _plain(a.get("location") or ""), _plain(b.get("location") or "")
    if a.get("admin1") and a.get("admin1") == b.get("admin1"):
        return (not la or not lb or la == lb), 0.3, None
    if la and la == lb and a.get("country") and a.get("country") == b.get("country"):
        return True, 0.3, None  # not yet geocoded, but the same named place in the same country
    return False, 0.0, None


def _toll_closeness(a: Report, b: Report) -> float:
    """1 for equal death tolls, 0 for tolls a factor of ten apart or more.  Only a preference
    between candidate incidents, never a veto: early reports often undercount."""
    fa, fb = int(a.get("fatalities") or 0), int(b.get("fatalities") or 0)
    return max(0.0, 1.0 - abs(math.log10((fa + 1) / (fb + 1))))


def _vague_place(a: Report, b: Report, dist: float | None, r: Rules) -> bool:
    """One side knows only the country, or only the region and lies past the distance allowed."""
    levels = {_level(a), _level(b)}
    if "country" in levels:
        return True
    precision = max(int(a.get("geo_precision") or 3), int(b.get("geo_precision") or 3))
    return "admin1" in levels and dist is not None and dist > r.distance_km.get(precision, max(r.distance_km.values()))


def _corroborated(a: Report, b: Report, why: Mapping[str, Any], r: Rules) -> bool:
    """A report that knows only the country (or only a region whose centroid is far from the
    other's village) joins another of that day and type only when something else ties them: a
    place name both sentences give, or one event type and tolls alike (``vague_place_toll_ratio``)
    with a named actor in common or the very same toll.  The same group acts all over a region
    in a day."""
    if why.get("shared_places"):
        return True
    if a.get("event_type") != b.get("event_type"):
        return False  # compatible types, a day apart, somewhere in one region: too loose a tie
    toll_a, toll_b = int(a.get("fatalities") or 0), int(b.get("fatalities") or 0)
    if max(toll_a + 1, toll_b + 1) / min(toll_a + 1, toll_b + 1) > r.vague_place_toll_ratio:
        return False
    return bool(why.get("shared_actors") or (toll_a and toll_a == toll_b))


def compare(a: Report, b: Report, r: Rules | None = None) -> Verdict:
    """Whether reports ``a`` and ``b`` are one happening, with a closeness score and the why."""
    r = r or rules()
    why: dict[str, Any] = {}
    if (a.get("group_id") and a.get("group_id") == b.get("group_id")) or \
            (a.get("article_id") is not None and a.get("article_id") == b.get("article_id")):
        return Verdict(False, 0.0, {"same_story": True})
    da, db = _date(a.get("event_date")), _date(b.get("event_date"))
    if da is None or db is None or abs((da - db).days) > r.max_day_gap:
        return Verdict(False, 0.0, {"dates": [str(da), str(db)]})
    why["day_gap"] = abs((da - db).days)
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return Verdict(False, 0.0, {"countries": [a["country"], b["country"]]})
    ta, tb = a.get("event_type"), b.get("event_type")
    if ta != tb and frozenset((ta, tb)) not in r.compatible_types:
        return Verdict(False, 0.0, {"types": [ta, tb]})
    ok_place, place_score, dist = _place(a, b, r)
    why["km"] = None if dist is None else round(dist, 1)
    if not ok_place:
        return Verdict(False, 0.0, why)
    ok_actors, shared = _actors(a, b, r)
    why["shared_actors"] = shared
    if not ok_actors:
        return Verdict(False, 0.0, why)
    why["shared_places"] = len(place_words(a, r) & place_words(b, r))
    if _vague_place(a, b, dist, r) and not _corroborated(a, b, why, r):
        why["vague_place"] = True
        return Verdict(False, 0.0, why)
    score = (place_score + (1 - why["day_gap"]) * 0.5 + (ta == tb) * 0.5
             + (a.get("sub_event_type") == b.get("sub_event_type")) * 0.3 + min(shared, 2) * 0.4
             + _toll_closeness(a, b) * 0.5)
    return Verdict(True, round(score, 4), why)


def _evidence(v: Verdict) -> tuple[int, int]:
    """Sort key: more named actors, then more place names in common, first."""
    return -int(v.reasons.get("shared_actors", 0)), -int(v.reasons.get("shared_places", 0))


def best_incident(report: Report, candidates: Mapping[str, Sequence[Report]],
                  blocked: frozenset[str] = frozenset()) -> tuple[str, Verdict] | None:
    """The incident ``report`` joins (complete-link: compatible with every member), or None.
    Ties go to the smaller key so the choice never depends on dict order."""
    fits: list[tuple[float, str, Verdict]] = []
    for key in sorted(candidates):
        if key in blocked:
            continue
        verdicts = [compare(report, m) for m in candidates[key]]
        if verdicts and all(v.same for v in verdicts):
            worst = min(verdicts, key=lambda v: v.score)
            fits.append((worst.score, key, worst))
    if not fits:
        return None
    # an incident sharing more named actors with the report (worst case over its members) is
    # the better fit outright, then one whose sentences name the same place (the words outrank
    # the coordinates); among equals, the closer one
    fits.sort(key=lambda f: (*_evidence(f[2]), -f[0]))  # stable: ties keep key order
    same_evidence = len(fits) > 1 and _evidence(fits[0][2]) == _evidence(fits[1][2])
    if same_evidence and fits[0][0] - fits[1][0] < AMBIGUITY_MARGIN:
        # a vague report ("in Mopti region", "unidentified gunmen") that fits two happenings
        # equally well: leaving it apart costs one missed merge, guessing may corrupt an event
        log.debug("%s fits %s equally well: not merged", report.get("event_key"), [f[1] for f in fits[:2]])
        return None
    return fits[0][1], fits[0][2]


def cluster(reports: Sequence[Report]) -> list[list[int]]:
    """Merge reports in order, in memory, with the same rule the store applies (for tests,
    benchmarks and dry runs); returns lists of report indexes."""
    groups: dict[str, list[int]] = {}
    for i, rep in enumerate(reports):
        found = best_incident(rep, {k: [reports[j] for j in v] for k, v in groups.items()})
        groups.setdefault(found[0] if found else str(rep.get("event_key") or i), []).append(i)
    return list(groups.values())


# -- reconciling the merged event ---------------------------------------------------------------
PLACE_FIELDS = ("country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
                "geonameid")
ACTOR_FIELDS = ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2")
REPORTED_FIELDS = ("event_date", "event_type", "sub_event_type", "location", "geo_precision",
                   "actor1", "actor2", "fatalities", "fatalities_low", "fatalities_high")


def _mode(values: Sequence[Any]) -> Any:
    """The value most reports give; ties go to the earliest such report."""
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if counts.get(v) == top)


def reconcile(members: Sequence[Report]) -> dict[str, Any]:
    """The merged event's fields from its reports (in arrival order), by these rules:

    - place: the most precise report's place (lowest geo_precision, and at precision 3 a region
      before the country alone); among equally precise ones, the location most reports name,
      then the earliest;
    - date: the date most reports agree on; a tie goes to the earliest date;
    - type and sub-type: the most frequent (ties: the first report's);
    - actors: from the most confident report, gaps filled from the others; an unnamed actor1
      ("Unidentified Armed Group") gives way to the group another report names (its claim);
    - fatalities: ``fatalities`` is ACLED's conservative figure, the LOWEST reported;
      ``fatalities_best`` the median, ``fatalities_low``/``high`` the extremes over every report's
      own low/high; every report's values are kept in ``reported``.
    """
    reps = list(members)
    dates = [str(m.get("event_date") or "") for m in reps]
    counts = Counter(d for d in dates if d)
    top = max(counts.values(), default=0)
    date = min((d for d, c in counts.items() if c == top), default=None)
    best_prec = min(_precision(m) for m in reps)
    precise = [m for m in reps if _precision(m) == best_prec]
    loc = _mode([m.get("location") for m in precise])
    place_src = next((m for m in precise if m.get("location") == loc), precise[0])
    etype = _mode([m.get("event_type") for m in reps]) or reps[0]["event_type"]
    sub = _mode([m.get("sub_event_type") for m in reps if m.get("event_type") == etype]) or reps[0]["sub_event_type"]
    out: dict[str, Any] = {"event_date": date, "event_type": etype, "sub_event_type": sub}
    out.update({f: place_src.get(f) for f in PLACE_FIELDS})
    out.update(_actor_fields(reps))
    out.update(_fatalities(reps))
    lead = max(reps, key=lambda m: float(m.get("confidence") or 0))
    out["notes"] = str(lead.get("notes") or "")
    out["confidence"] = max(float(m.get("confidence") or 0) for m in reps)
    out["n_reports"] = len({m.get("group_id") or m.get("event_key") for m in reps})
    out["reported"] = {f: [{"event_key": m.get("event_key"), "group_id": m.get("group_id"),
                            "value": m.get(f)} for m in reps] for f in REPORTED_FIELDS}
    return out


def _precision(report: Report) -> tuple[int, bool]:
    return int(report.get("geo_precision") or 9), _level(report) == "country"


def _actor_fields(reps: Sequence[Report]) -> dict[str, Any]:
    ordered = sorted(reps, key=lambda m: -float(m.get("confidence") or 0))  # stable: ties keep arrival
    out = {f: ordered[0].get(f) for f in ACTOR_FIELDS}
    for pair in (("actor1", "inter1"), ("actor2", "inter2")):
        if not out[pair[0]]:
            donor = next((m for m in ordered if m.get(pair[0])), None)
            if donor is not None:
                out[pair[0]], out[pair[1]] = donor.get(pair[0]), donor.get(pair[1])
    named = _named_perpetrator(ordered, rules())
    if named is not None and _unnamed(out["actor1"], rules()):
        # one outlet knows who attacked ("revendiquée par le GSIM"), another only "militants":
        # ACLED codes the named group, as an analyst reading both reports would
        out["actor1"], out["inter1"], out["assoc_actor_1"] = (
            named.get("actor1"), named.get("inter1"), named.get("assoc_actor_1") or out["assoc_actor_1"])
    return out


def _unnamed(actor: Any, r: Rules) -> bool:
    return not actor or str(actor).casefold().startswith(r.unnamed_perpetrators)


def _named_perpetrator(ordered: Sequence[Report], r: Rules) -> Report | None:
    """The most confident report naming actor1, when the reports name just one group (two
    different named groups are a disagreement the lead report settles)."""
    named = [m for m in ordered if not _unnamed(m.get("actor1"), r)
             and not str(m.get("actor1")).casefold().startswith(r.generic_actors)]
    if len({_fold(str(m.get("actor1"))) for m in named}) != 1:
        return None
    return named[0]


def _fatalities(reps: Sequence[Report]) -> dict[str, Any]:
    figures = [int(m.get("fatalities") or 0) for m in reps]
    lows = [int(m["fatalities_low"]) if m.get("fatalities_low") is not None else f for m, f in zip(reps, figures)]
    highs = [int(m["fatalities_high"]) if m.get("fatalities_high") is not None else f
             for m, f in zip(reps, figures)]
    return {"fatalities": min(figures), "fatalities_best": int(statistics.median_low(figures)),
            "fatalities_low": min(lows), "fatalities_high": max(highs)}
