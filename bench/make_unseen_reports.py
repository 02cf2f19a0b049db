"""Build tests/data/reports_unseen/unseen.csv (ACLED export columns) from the lead's hand-written
reports (en.txt, fr.txt: `id | date | type | sub | actor1 | actor2 | country | admin1 | location |
fatalities | notes`), taking each location's point from the OpenStreetMap place nodes in
../shared/gazetteer/osm-africa-2019 (ODbL). Reports whose place OSM does not have are left out.

    python bench/make_unseen_reports.py tests/data/reports_unseen/en.txt tests/data/reports_unseen/fr.txt \\
        > tests/data/reports_unseen/unseen.csv
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

OSM = Path(__file__).resolve().parents[2] / "shared" / "gazetteer" / "osm-africa-2019"
FILES = {"Mali": "mali", "Burkina Faso": "burkina-faso", "Niger": "niger", "Chad": "chad", "Nigeria": "nigeria"}
# the report's spelling -> OpenStreetMap's name for the same place
ALIAS = {"aguelhok": "aguelock", "macina": "ke macina", "torodi": "lamorde torodi", "timbuktu": "tombouctou"}
RANK = {"city": 4, "town": 3, "village": 2}
COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
           "actor2", "country", "admin1", "location", "latitude", "longitude", "fatalities", "notes"]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _rows(country: str) -> list[dict[str, str]]:
    with gzip.open(OSM / f"{FILES[country]}.tsv.gz", "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, folded name) -> point of the largest place of that name; a point shared by several
    nodes is the source's placeholder for a node without coordinates and is skipped."""
    best: dict[tuple[str, str], tuple[tuple[int, int], float, float]] = {}
    for country in FILES:
        rows = _rows(country)
        shared = Counter((r["lat"], r["lon"]) for r in rows)
        for r in rows:
            if shared[(r["lat"], r["lon"])] > 2:
                continue
            rank = (RANK.get(r["place"], 1), int(float(r["population"] or 0)))
            for name in {fold(r["name"]), fold(r["name_en"])} - {""}:
                if (country, name) not in best or rank > best[(country, name)][0]:
                    best[(country, name)] = (rank, float(r["lat"]), float(r["lon"]))
    return {k: (v[1], v[2]) for k, v in best.items()}


def main(paths: list[str]) -> None:
    where = points()
    out = csv.DictWriter(sys.stdout, COLUMNS)
    out.writeheader()
    missing = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                i, day, typ, sub, a1, a2, country, admin1, loc, fat, notes = (x.strip() for x in line.split("|"))
                point = where.get((country, fold(loc))) or where.get((country, ALIAS.get(fold(loc), "")))
                if point is None:
                    missing.append(i)
                    continue
                date = dt.date.fromisoformat(day)
                out.writerow({"event_id_cnty": i, "event_date": date.strftime("%d %B %Y"), "year": date.year,
                              "time_precision": 1, "event_type": typ, "sub_event_type": sub, "actor1": a1,
                              "actor2": a2, "country": country, "admin1": admin1, "location": loc,
                              "latitude": round(point[0], 4), "longitude": round(point[1], 4),
                              "fatalities": fat, "notes": notes})
    print(f"left out (place not in OSM): {' '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
