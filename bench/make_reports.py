"""Build tests/data/reports/dev.csv and heldaside.csv (ACLED export columns) from DEVSET's hand-written
reports (en.txt, fr.txt: `id | date | type | sub | actor1 | actor2 | country | admin1 | location |
fatalities | notes`), taking each location's point from the OpenStreetMap place nodes in
../shared/gazetteer/osm-africa-2019 (ODbL). Reports whose place OSM does not have are left out.

    python bench/make_reports.py

A date written "~2020-05-03" marks a report whose text states no date (time_precision 3). One third of the
reports of en.txt and fr.txt, chosen by a stable hash of the id, goes to heldaside.csv, the rest to dev.csv;
fr_extra.txt (written last) becomes heldaside2.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

OSM = Path(__file__).resolve().parents[2] / "shared" / "gazetteer" / "osm-africa-2019"
FILES = {"Mali": "mali", "Burkina Faso": "burkina-faso", "Niger": "niger", "Chad": "chad", "Nigeria": "nigeria",
         "Cameroon": "cameroon", "Benin": "benin", "Togo": "togo", "Mauritania": "mauritania"}
HERE = Path(__file__).resolve().parents[1] / "tests" / "data" / "reports"
# the report's spelling -> OpenStreetMap's name for the same place
ALIAS = {"aguelhok": "aguelock", "macina": "ke macina", "torodi": "lamorde torodi", "timbuktu": "tombouctou",
         "dialloube": "ouro dialloube"}
RANK = {"city": 4, "town": 3, "village": 2}
COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
           "inter1", "actor2", "inter2", "interaction", "country", "admin1", "location", "latitude", "longitude",
           "fatalities", "notes"]
# ACLED's "inter" codes by the start of an actor's name (first match wins); anything else is a rebel group (2)
INTER = [("Military Forces of France", 8), ("MINUSMA", 8), ("G5 Sahel", 8), ("Military Forces of the G5", 8),
         ("Private Security", 8), ("Park Rangers", 8), ("Military Forces", 1), ("Police Forces", 1),
         ("Customs Forces", 1), ("Government of", 1), ("Unidentified Armed Group", 3), ("VDP", 3),
         ("GATIA", 3), ("MSA", 3), ("Koglweogo", 4), ("Vigilance Committee", 4), ("Dan Na Ambassagou", 4),
         ("Rioters", 5), ("Protesters", 6), ("Civilians", 7)]


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
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
            if not r.get("lat") or not r.get("lon") or shared[(r["lat"], r["lon"])] > 2:
                continue
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
                rank = (RANK.get(r["place"], 1), int(float(r["population"] or 0)))
            except ValueError:  # a few rows have a tab inside a name and are shifted
                continue
            for name in {fold(r["name"]), fold(r["name_en"])} - {""}:
                if (country, name) not in best or rank > best[(country, name)][0]:
                    best[(country, name)] = (rank, lat, lon)
    return {k: (v[1], v[2]) for k, v in best.items()}


def held_aside(report_id: str) -> bool:
    """Stable split: a third of the ids, by hash, never seen while the coder is tuned."""
    return int(hashlib.sha256(report_id.encode()).hexdigest(), 16) % 3 == 0


def read_reports(paths: list[Path]) -> list[list[str]]:
    reports = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            reports += [[x.strip() for x in line.split("|", 10)] for line in f if line.strip()]
    return reports


def inter(actor: str) -> int:
    if not actor:
        return 0
    if "Ethnic Militia" in actor or "Communal Militia" in actor:
        return 4
    return next((code for start, code in INTER if actor.startswith(start)), 2)


def interaction(a1: str, a2: str) -> str:
    """Two digits, the lower code first; an event with one actor is that code followed by 0."""
    codes = sorted(c for c in (inter(a1), inter(a2)) if c)
    return f"{codes[0]}0" if len(codes) == 1 else f"{codes[0]}{codes[1]}"


def row(report: list[str], point: tuple[float, float]) -> dict[str, object]:
    i, day, typ, sub, a1, a2, country, admin1, loc, fat, notes = report
    undated = day.startswith("~")
    date = dt.date.fromisoformat(day.lstrip("~"))
    return {"event_id_cnty": i, "event_date": date.strftime("%d %B %Y"), "year": date.year,
            "time_precision": 3 if undated else 1, "event_type": typ, "sub_event_type": sub, "actor1": a1,
            "inter1": inter(a1), "actor2": a2, "inter2": inter(a2) or "", "interaction": interaction(a1, a2), "country": country, "admin1": admin1, "location": loc,
            "latitude": round(point[0], 4), "longitude": round(point[1], 4), "fatalities": fat, "notes": notes}


def main(paths: list[str]) -> None:
    where = points()
    sources = [Path(p) for p in paths] or [HERE / "en.txt", HERE / "fr.txt"]
    parts: dict[str, list[dict[str, object]]] = {"dev.csv": [], "heldaside.csv": [], "heldaside2.csv": []}
    missing = []
    reports = [("heldaside.csv" if held_aside(r[0]) else "dev.csv", r) for r in read_reports(sources)]
    # the 30 French reports written after the first measure: a second, wholly unseen check
    reports += [("heldaside2.csv", r) for r in read_reports([HERE / "fr_extra.txt"])]
    for part, report in reports:
        country, loc = report[6], report[8]
        point = where.get((country, fold(loc))) or where.get((country, ALIAS.get(fold(loc), "")))
        if point is None:
            missing.append(report[0])
            continue
        parts[part].append(row(report, point))
    for name, rows in parts.items():
        with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, COLUMNS)
            out.writeheader()
            out.writerows(rows)
    sizes = ", ".join(f"{name} {len(rows)}" for name, rows in parts.items())
    print(f"{sizes}; left out (place not in OSM): {len(missing)} {' '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
