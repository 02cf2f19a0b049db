"""Geoparsing a text and geocoding its events.

``geoparse`` finds and resolves every place mention.  ``locate_events`` gives each event the
place where it happened: the most specific place named in the event's own sentence (or in the
coder's location hint), else in the neighbouring text of its paragraph, else the country the
document is about, at ACLED's geo_precision (1 town, 2 near a town or a district, 3 region or
country).  The dateline city is never taken for the event's place unless the event's own text
names it again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from wirewatch import data_files
from wirewatch.code.actors import complete_names
from wirewatch.place.find import CITY_NOT_NAME, Mention, find_mentions
from wirewatch.place.gazetteer import Entry, Gazetteer, open_gazetteer
from wirewatch.place.names import fold
from wirewatch.place.resolve import _from_osm, country_focus, resolve
from wirewatch.place.sites import Site, anchor, find_roads, find_sites
from wirewatch.records import Event, Place, Span

# a dateline: capitalised place words, then "(Agency)", a dash or a comma and a date
_DATELINE = re.compile(r"^\s*([A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{1,40}?)\s*(?:,[^\n(–—-]{0,30})?\s*(?:\(|[–—-]\s)")
SPECIFICITY = {"city": 3, "admin2": 2, "admin1": 1, "area": 0, "country": 0, "continent": -1}


@lru_cache(maxsize=1)
def near_cues() -> tuple[str, ...]:
    raw: dict[str, list[str]] = data_files.yaml("places/cues.yaml")
    return tuple(fold(c) for c in raw["near"])


@dataclass(slots=True)
class Located:
    """A resolved mention: the span, its entry and whether it is the dateline."""

    mention: Mention
    entry: Entry | None
    dateline: bool = False


def parse(text: str, gaz: Gazetteer | None = None, dateline: str | None = None) -> list[Located]:
    """All place mentions of ``text``, resolved; the dateline mention (if any) is flagged."""
    gaz = gaz or open_gazetteer()
    mentions = find_mentions(text, gaz)
    picks = _regions_from_hints(mentions, resolve(mentions))
    located = [Located(m, e) for m, e in zip(mentions, picks)]
    dl = _dateline_span(text, dateline)
    for loc in located:
        if dl and loc.mention.start >= dl[0] and loc.mention.end <= dl[1]:
            loc.dateline = True
    return located


def _regions_from_hints(mentions: list[Mention], picks: list[Entry | None]) -> list[Entry | None]:
    """An OpenStreetMap village's region is derived from nearby points and is wrong near borders;
    a region or district the text names for it ("Tessit (Ansongo, Gao)", "Sincina, cercle de
    Koutiala") is the better evidence, so it overrides the derived one."""
    out = list(picks)
    for i, (m, e) in enumerate(zip(mentions, picks)):
        if e is None or not _from_osm(e):
            continue
        for j in m.hints:
            h = picks[j]
            if h is None or h.cc != e.cc or h.kind not in ("admin1", "admin2", "city") or _from_osm(h):
                continue  # a GeoNames town's region is its own, not derived: "Tessit (Ansongo, Gao)"
            if h.kind == "admin2" and h.admin2 != e.admin2:
                out[i] = replace(e, admin1=h.admin1, admin2=h.admin2)
            elif h.kind in ("admin1", "city") and h.admin1 and h.admin1 != e.admin1:
                out[i] = replace(e, admin1=h.admin1, admin2=None)
            break
    return out


def _dateline_span(text: str, dateline: str | None) -> tuple[int, int] | None:
    head = text[:200]
    if dateline:
        i = fold(head).find(fold(dateline)) if head.isascii() else head.casefold().find(dateline.casefold())
        if i >= 0:
            return i, i + len(dateline)
    m = _DATELINE.match(head)
    return (m.start(1), m.end(1)) if m else None


def to_place(loc: Located, gaz: Gazetteer) -> Place:
    m, e = loc.mention, loc.entry
    place = Place(m.start, m.end, m.text, role="dateline" if loc.dateline else "demonym" if m.demonym else None)
    if e is not None:
        place.name, place.country_code = e.name, e.cc
        place.country = gaz.country_name(e.cc) if e.cc else None
        place.admin1, place.admin2 = e.admin1, e.admin2
        place.latitude, place.longitude = e.lat, e.lon
        place.geonameid = e.id if e.id > 0 else None
        place.feature = e.feature if e.kind == "city" else e.kind
    return place


def geoparse(text: str, dateline: str | None = None, gaz: Gazetteer | None = None) -> list[Place]:
    """Every place mention in ``text`` (unresolved ones carry no name or coordinates), and the
    sites (streets, buildings) placed at their town."""
    gaz = gaz or open_gazetteer()
    located = parse(text, gaz, dateline)
    return _with_sites(text, located, [to_place(loc, gaz) for loc in located], gaz)


def _with_sites(text: str, located: list[Located], places: list[Place], gaz: Gazetteer) -> list[Place]:
    """``places`` and the sites no place mention overlaps, each at its town, in text order."""
    focus = country_focus([loc.entry for loc in located])
    towns = [(loc.mention.start, loc.entry) for loc in located if loc.entry is not None and loc.entry.kind == "city"]
    main = focus.most_common(1)[0][0] if focus else None
    if main:  # the towns of the country the story is about; a passing foreign town is no anchor
        towns = [t for t in towns if t[1].cc == main] or towns
    ccs = set(focus)
    spans = [(p.start, p.end) for p in places]
    found_sites = [*find_sites(text), *(find_roads(text, main) if main else ())]
    sites = [s for s in found_sites if not any(a < s.end and b > s.start for a, b in spans)]
    heads = {s: [fold(" ".join(s.text.split()[:k])) for k in range(len(s.text.split()) - 1, 0, -1)] for s in sites}
    found = gaz.lookup(k for keys in heads.values() for k in keys) if sites else {}
    out = list(places)
    for site in sites:
        # "Manila Cathedral", "Cavan Town Hall": a town named in the site's own name comes first
        own = [c for k in heads[site] for c in found.get(k, []) if c.kind == "city" and not site.way
               and (c.cc in ccs or c.pop >= CITY_NOT_NAME)]
        town = _town_after(text, site, located) or (
            max(own, key=lambda c: (c.cc in ccs, c.pop)) if own else anchor(site, towns))
        if town is None:
            continue
        out.append(Place(site.start, site.end, site.text, name=site.text, country_code=town.cc,
                         country=gaz.country_name(town.cc) if town.cc else None, admin1=town.admin1,
                         admin2=town.admin2, latitude=town.lat, longitude=town.lon, feature="site"))
    return sorted(out, key=lambda p: p.start)


_SITE_IN = frozenset({", ", " in ", " at ", " à ", " in the town of ", " dans la ville de "})


def _town_after(text: str, site: Site, located: list[Located]) -> Entry | None:
    """The town the text says the site is in: "Crossroads Correctional Center in Shelby",
    "Karl Bremer Hospital, Bellville" (stronger than a town named in the site's own name)."""
    for loc in located:
        if loc.mention.start >= site.end:
            e = loc.entry
            ok = e is not None and e.kind == "city" and text[site.end:loc.mention.start] in _SITE_IN
            return e if ok else None
    return None


def locate_events(text: str, events: list[Event], dateline: str | None = None,
                  gaz: Gazetteer | None = None) -> list[Place]:
    """Fill each event's place fields from ``text``; return all place mentions of the text."""
    gaz = gaz or open_gazetteer()
    located = parse(text, gaz, dateline)
    body = [loc for loc in located if loc.entry is not None and not loc.dateline and not loc.mention.demonym]
    # adjectives ("Nigerien troops") tell the country when no place is named
    focus = country_focus([loc.entry for loc in located if loc.entry is not None and not loc.dateline])
    for event in events:
        _place_event(text, event, body, focus, gaz)
        complete_names(event)  # "Protesters" coded with no country: the place's country names them
    return [to_place(loc, gaz) for loc in located]


def _windows(text: str, event: Event) -> list[tuple[int, int]]:
    """Where to look, nearest first: the coder's location hint, the event's sentence(s), the
    rest of its paragraph before the sentence, then after it."""
    out = [(s.start, s.end) for s in event.evidence.get("location", [])]
    sent = event.evidence.get("sentence", [])
    if sent:
        start, end = min(s.start for s in sent), max(s.end for s in sent)
        out.append((start, end))
        p0 = text.rfind("\n\n", 0, start)
        p1 = text.find("\n\n", end)
        out.append((p0 + 2 if p0 >= 0 else 0, start))
        out.append((end, p1 if p1 >= 0 else len(text)))
    return out


def _place_event(text: str, event: Event, body: list[Located], focus: Counter[str], gaz: Gazetteer) -> None:
    want_cc = _country_code(event.country, body, gaz)
    chosen: Located | None = None
    for start, end in _windows(text, event):
        inside = [loc for loc in body if loc.mention.start >= start and loc.mention.end <= end
                  and (want_cc is None or loc.entry is not None and loc.entry.cc == want_cc)]
        if not inside:
            continue
        best = max(inside, key=lambda loc: SPECIFICITY.get(loc.entry.kind, 0) if loc.entry else -9)
        if chosen is None:
            chosen = best
        elif best.entry is not None and chosen.entry is not None and best.entry.cc == chosen.entry.cc:
            chosen = best  # the sentence named only the country; its neighbour names the town
        if chosen.entry is not None and chosen.entry.kind not in ("country", "continent", "area"):
            break
    if chosen is not None:
        _fill(text, event, chosen, gaz)
        return
    cc = want_cc or (focus.most_common(1)[0][0] if focus else None)
    if cc:
        country = next((loc for loc in body if loc.entry is not None and loc.entry.kind == "country"
                        and loc.entry.cc == cc), None)
        if country is not None:
            _fill(text, event, country, gaz)
        else:  # the country is known (the coder's, or the text's adjectives) but never named
            _fill_country(event, cc, gaz)


def _country_code(name: str | None, body: list[Located], gaz: Gazetteer) -> str | None:
    if not name:
        return None
    key = fold(name)
    for loc in body:
        e = loc.entry
        if e is not None and e.kind == "country" and (fold(e.name) == key or loc.mention.key == key):
            return e.cc
    return next((e.cc for e in gaz.lookup([key]).get(key, []) if e.kind == "country"), None)


def _fill_country(event: Event, cc: str, gaz: Gazetteer) -> None:
    name = gaz.country_name(cc)
    entry = next((e for e in gaz.lookup([fold(name)]).get(fold(name), []) if e.kind == "country"), None) if name else None
    if entry is None:
        return
    event.country, event.location, event.geo_precision = entry.name, entry.name, 3
    event.admin1 = event.admin2 = None
    event.latitude, event.longitude = entry.lat, entry.lon
    event.geonameid = entry.id if entry.id > 0 else None


def _fill(text: str, event: Event, loc: Located, gaz: Gazetteer) -> None:
    e, m = loc.entry, loc.mention
    assert e is not None
    before = fold(text[max(0, m.start - 25):m.start])
    near = any(before.endswith(" " + c) or before == c for c in near_cues())
    if e.kind == "city":  # a town read as its district's name ("the cercle of Nara") locates the district
        event.geo_precision = 2 if near or m.level == "admin2" else 1
    elif e.kind == "admin2":
        event.geo_precision = 2
    else:
        event.geo_precision = 3
    event.country = gaz.country_name(e.cc) if e.cc else event.country
    event.admin1, event.admin2 = e.admin1, e.admin2
    event.location = e.name
    event.latitude, event.longitude = e.lat, e.lon
    event.geonameid = e.id if e.id > 0 else None
    event.evidence["location"] = [Span(m.start, m.end, m.text)]
