"""Resolution: which gazetteer entry each mention names, or none when nothing supports a guess.

Evidence weighed for each candidate (weights in ``data/places/resolve.yaml``): its kind (a
country or region outranks a village sharing its name), its population, the document's country
focus (countries named, large towns), the regions it names, admin hints attached to the mention ("Tessit (Ansongo,
Gao)", "Paris, Texas"), a level word ("Gao region"), and nearby resolved places.  A town that
is small and has none of that support is left unresolved; leaving one name unresolved never
changes the others.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from wirewatch import data_files
from wirewatch.place.build import VILLAGE_BASE
from wirewatch.place.find import Mention
from wirewatch.place.gazetteer import Entry
from wirewatch.place.names import fold


def _from_osm(c: Entry) -> bool:
    """An OpenStreetMap village, hamlet, locality or town (``villages.py``): weaker evidence than a
    GeoNames town, since many are named like words or people ("You", Burkina Faso)."""
    return c.id <= VILLAGE_BASE


@dataclass(frozen=True, slots=True)
class Weights:
    kind: dict[str, float]
    primary_name: float
    level_match: float
    city_as_admin1: float
    focus: float
    focus_any: float
    hint: float
    nearby: float
    nearby_km: float
    no_point: float
    support_population: int
    alt_support_population: int
    alt_min_length: int
    cue_population: int
    capital: float
    named_country: float = 0.0
    region_focus: float = 0.0


@lru_cache(maxsize=1)
def weights() -> Weights:
    raw: dict[str, Any] = data_files.yaml("places/resolve.yaml")
    return Weights(**raw)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _hinted(c: Entry, mentions: list[Mention], m: Mention) -> bool:
    """Does a name qualifying this mention agree with the candidate (its region, district or country)?"""
    for j in m.hints:
        h = mentions[j]
        if c.admin1 and fold(c.admin1) == h.key or c.admin2 and fold(c.admin2) == h.key:
            return True
        if c.admin1 and any(hc.kind == "admin1" and hc.cc == c.cc and hc.admin1 == c.admin1 for hc in h.candidates):
            return True  # "Washington, D.C.", "Jackson, Miss.": the hint is another name of its region
        same_country = any(hc.kind in ("country", "admin1") and hc.cc == c.cc and c.kind != "country"
                           for hc in h.candidates)
        # a village's region is derived (wrong near borders): a region of its country named for it
        # supports it, and then overrides the derived region (locate._regions_from_hints)
        if same_country and (any(hc.kind == "country" for hc in h.candidates) or fold(c.admin1 or "") == h.key
                             or _from_osm(c)):
            return True
    return False


def _contains_head(c: Entry, heads: list[Mention]) -> bool:
    """Does this region or country hold a candidate of a name it qualifies?"""
    for h in heads:
        for t in h.candidates:
            if t.id == c.id or t.cc != c.cc:
                continue
            if c.kind == "country" or (c.kind == "admin1" and t.admin1 == c.admin1) or (
                    c.kind == "admin2" and t.admin2 == c.admin2 and t.admin1 == c.admin1):
                return True
    return False


def _nearby(c: Entry, others: list[tuple[float, float]], w: Weights) -> bool:
    if c.lat is None or c.lon is None:
        return False
    lat, lon = c.lat, c.lon
    span = w.nearby_km / 111.0  # a degree of latitude is ~111 km: skip the far ones cheaply
    return any(abs(o[0] - lat) <= span and km((lat, lon), o) <= w.nearby_km for o in others)


def _score(c: Entry, m: Mention, ctx: _Context, w: Weights) -> tuple[float, bool]:
    """The candidate's score and whether anything beyond its bare name supports it."""
    s = w.kind.get(c.kind, 0.0) + math.log10(c.pop + 1)
    own = fold(c.name)
    # "Clacton" for Clacton-on-Sea, "New York" for New York City: the name's head is its own name
    # (not when another candidate bears the name itself: "Mexico" is the country, not Mexico City)
    primary = own == m.key or (len(m.key) >= 5 and own.startswith(m.key + " ") and c.kind == "city"
                               and not any(fold(o.name) == m.key for o in m.candidates))
    if c.kind == "city":
        # an alternate name ("Julia" for Plovdiv) is weak evidence: only big towns pass on it alone
        support = (c.id < 0 and not _from_osm(c)) or (c.pop >= w.support_population if primary else (
            c.pop >= w.alt_support_population and len(m.key) >= w.alt_min_length))
        if m.level == "admin1":
            s += w.city_as_admin1
        if m.cue and primary and c.pop >= w.cue_population:
            support = True
        if m.cue and primary and len(m.candidates) == 1 and len(m.key) >= 5:
            support = True  # "west of Tessalit": a place cue and a name nothing else bears
        if c.feature == "P.PPLC" and primary:
            s += w.capital  # news names capitals by name; a nickname ("Garden City") earns no bonus
    else:
        support = True
        # "Soum province", "région de Ségou"; a district word ("cercle of Nara") does not make a region
        if m.level and c.kind in ("admin1", "admin2", "area") and not (m.level == "admin2" and c.kind == "admin1"):
            s += w.level_match
    if primary:
        s += w.primary_name
    if c.lat is None:
        s += w.no_point
    # the document's focus leaves this mention's own last pick out: a name cannot support itself
    # (a pick made on population alone, Burkina's Boni, kept out Mali's Boni beside Hombori)
    # nor can a town's repetitions: five "Nelson"s read as New Zealand's kept Nelson, B.C. beside
    # Castlegar out (a country's repetitions still count: "China" named ten times is about China)
    last = ctx.own.get(id(m))
    same = ctx.by_key.get(m.key, _NONE)
    own_weight = 2 if last is not None and last.kind == "country" and last.cc else 0
    in_focus = ctx.focus.get(c.cc, 0) - same.get(c.cc, 0) - (own_weight if last and last.cc == c.cc else 0) if c.cc else 0
    total = ctx.focus_total - same.total() - own_weight
    if in_focus > 0 and total > 0:
        s += w.focus_any + w.focus * in_focus / total
        if c.kind == "city" and m.cue and c.cc in ctx.named:
            s += w.named_country  # "Solhan ... Burkina Faso": the country the text names, not Turkey's Solhan
        # an OSM village (many are named like words or people) needs a place cue besides the country
        support = support or (primary and (not _from_osm(c) or m.cue)) or c.pop >= w.support_population
    if c.kind == "city" and ctx.regions and _in_named_region(c, m, ctx):
        s += w.region_focus  # "Crossroads Correctional Center in Shelby" in a story about Montana
    if m.hints and _hinted(c, ctx.mentions, m):
        s += w.hint
        support = True
    if c.kind != "city" and _contains_head(c, ctx.heads.get(id(m), [])):
        s += w.hint  # "Tacoma, Washington": the state that holds Tacoma, not the capital
        support = True
    if ctx.points and (len(m.candidates) > 1 or not support) and _nearby(c, ctx.others, w):
        s += w.nearby
        support = support or primary
    return s, support


_NONE: Counter[str] = Counter()


def _in_named_region(c: Entry, m: Mention, ctx: _Context) -> bool:
    """Does the document name the candidate's region (a region or district picked for another name)?"""
    region = (c.cc, c.admin1)
    return ctx.regions.get(region, 0) > ctx.regions_by_key.get(m.key, _NO_REGIONS).get(region, 0)


_NO_REGIONS: Counter[tuple[str | None, str | None]] = Counter()


@dataclass(slots=True)
class _Context:
    mentions: list[Mention]
    focus: Counter[str]
    focus_total: int
    points: list[tuple[Mention, tuple[float, float]]]
    heads: dict[int, list[Mention]]  # id(mention) -> the mentions it qualifies as a hint
    named: set[str] = field(default_factory=set)  # countries the document names as countries
    others: list[tuple[float, float]] = field(default_factory=list)  # points of the other names than _pick's
    own: dict[int, Entry | None] = field(default_factory=dict)  # id(mention) -> its pick in the last pass
    by_key: dict[str, Counter[str]] = field(default_factory=dict)  # a name -> the focus its town mentions gave
    # (country, admin1) of the regions and districts picked, in all and per name
    regions: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    regions_by_key: dict[str, Counter[tuple[str | None, str | None]]] = field(default_factory=dict)

    def points_except(self, m: Mention) -> list[tuple[float, float]]:
        return list({p for (o, p) in self.points if o is not m and o.key != m.key})


def _pick(m: Mention, ctx: _Context, w: Weights) -> Entry | None:
    best: tuple[float, Entry] | None = None
    ctx.others = ctx.points_except(m) if ctx.points else []  # once per mention, not per candidate
    supported_towns: list[Entry] = []
    for c in m.candidates:
        s, supported = _score(c, m, ctx, w)
        if supported and c.kind == "city":
            supported_towns.append(c)
        if supported and (best is None or s > best[0]):
            best = (s, c)
    if best and best[1].kind in ("admin1", "admin2") and not m.level:
        # "in Tillaberi" names the region's seat town as often as the region; the town is the
        # more specific reading, and its region is kept in admin1 anyway.  A big town known by
        # the region's name ("New York" for New York City) is its seat too.
        seat = [t for t in supported_towns if t.cc == best[1].cc and t.admin1 == best[1].admin1
                and (fold(t.name) == fold(best[1].name) or t.pop >= w.alt_support_population)]
        if seat:
            return max(seat, key=lambda t: t.pop)
    return best[1] if best else None


def country_focus(picks: list[Entry | None], extra: Counter[str] | None = None) -> Counter[str]:
    """How strongly the document is about each country: named countries count double."""
    focus: Counter[str] = Counter(extra or {})
    for e in picks:
        if e is not None and e.cc:
            focus[e.cc] += 2 if e.kind == "country" else 1
    return focus


def _sole_town(m: Mention, e: Entry) -> bool:
    """Is the pick the only town of its country by that name?  Then its region is evidence for the
    others' ("Mandeville" puts the story in Louisiana); a homonym's region would feed back into the
    choice among homonyms from one pass to the next (Franklin, Tennessee beside Lafayette, Tennessee)."""
    return sum(1 for c in m.candidates if c.cc == e.cc and c.kind == "city") == 1


def _own_evidence(ctx: _Context, mentions: list[Mention], picks: list[Entry | None]) -> None:
    """What each name's own mentions add to the document's focus and to the regions it names (a
    region, a district, a town no other town of its country shares a name with), left out when
    scoring that name."""
    ctx.by_key, ctx.regions_by_key, ctx.regions = {}, {}, Counter()
    ctx.own = {id(m): e for m, e in zip(mentions, picks)}
    for m, e in zip(mentions, picks):
        if e is None:
            continue
        if e.cc and e.kind != "country":
            ctx.by_key.setdefault(m.key, Counter())[e.cc] += 1
        if e.kind in ("admin1", "admin2") or (e.kind == "city" and _sole_town(m, e)):
            ctx.regions[(e.cc, e.admin1)] += 1
            ctx.regions_by_key.setdefault(m.key, Counter())[(e.cc, e.admin1)] += 1


_PASSES = 4


def resolve(mentions: list[Mention], focus_hint: Counter[str] | None = None) -> list[Entry | None]:
    """The chosen entry for each mention (``None``: unresolved).  Bare scores first, then with
    the document's country focus, the regions it names and nearby resolved places, pass after
    pass until the picks settle (at most _PASSES more: one pick moved can move another, and two
    passes left Franklin in Tennessee beside Mandeville, Louisiana)."""
    w = weights()
    heads: dict[int, list[Mention]] = {}
    for m in mentions:
        for j in m.hints:
            heads.setdefault(id(mentions[j]), []).append(m)
    ctx = _Context(mentions, Counter(focus_hint or {}), sum((focus_hint or {}).values()), [], heads)
    picks = [_pick(m, ctx, w) for m in mentions]
    for _ in range(_PASSES):
        ctx.focus = country_focus(picks, focus_hint)
        ctx.focus_total = sum(ctx.focus.values())
        ctx.named = {e.cc for e in picks if e is not None and e.kind == "country" and e.cc}
        _own_evidence(ctx, mentions, picks)
        ctx.points = [(m, (e.lat, e.lon)) for m, e in zip(mentions, picks)
                      if e is not None and e.lat is not None and e.lon is not None and e.kind in ("city", "admin1")]
        new = [_pick(m, ctx, w) for m in mentions]
        if new == picks:
            break  # the same picks give the same context: a further pass would change nothing
        picks = new
    return picks
