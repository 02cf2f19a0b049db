"""Write the cross-source merging corpus: made-up reports of made-up events (no third-party text).

Each event (a date, a town, a type, two actors, a death toll) is reported by 3-6 outlets, each
report differing the way real reports differ: dated a day later, placed "near" the town or only
in its province, a different death toll, the armed group named by acronym, full name or not at
all, once in a while another event type.  Distractors make merging hard: for many events a
*distinct* event happens the same day in the same province (another town 35-140 km away, or
the same area but another perpetrator), and some towns see a second event days later.

Writes ``tests/data/merge/reports.jsonl``: one report a line, with ``event`` (the gold event
id), ``group_id`` (the outlet's story), the coded fields (as an Event), and ``text`` (a short
made-up report for the end-to-end check through the real coder).

    python bench/make_merge_corpus.py [--events 60] [--seed 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "merge" / "reports.jsonl"

# (town, admin1, country, latitude, longitude): approximate public coordinates
TOWNS = [
    ("Mopti", "Mopti", "Mali", 14.49, -4.18), ("Sevare", "Mopti", "Mali", 14.53, -4.10),
    ("Bandiagara", "Mopti", "Mali", 14.35, -3.61), ("Djenne", "Mopti", "Mali", 13.91, -4.55),
    ("Douentza", "Mopti", "Mali", 15.00, -2.95), ("Bankass", "Mopti", "Mali", 14.08, -3.52),
    ("Gao", "Gao", "Mali", 16.27, -0.04), ("Ansongo", "Gao", "Mali", 15.66, 0.50),
    ("Menaka", "Menaka", "Mali", 15.92, 2.40), ("Timbuktu", "Timbuktu", "Mali", 16.77, -3.01),
    ("Djibo", "Sahel", "Burkina Faso", 14.10, -1.63), ("Dori", "Sahel", "Burkina Faso", 14.03, -0.03),
    ("Arbinda", "Sahel", "Burkina Faso", 14.23, -0.87), ("Gorom-Gorom", "Sahel", "Burkina Faso", 14.44, -0.24),
    ("Kaya", "Centre-Nord", "Burkina Faso", 13.09, -1.08), ("Kongoussi", "Centre-Nord", "Burkina Faso", 13.33, -1.53),
    ("Fada N'Gourma", "Est", "Burkina Faso", 12.06, 0.36), ("Diapaga", "Est", "Burkina Faso", 12.07, 1.79),
    ("Tillaberi", "Tillaberi", "Niger", 14.21, 1.45), ("Ouallam", "Tillaberi", "Niger", 14.32, 2.09),
    ("Ayorou", "Tillaberi", "Niger", 14.73, 0.92), ("Diffa", "Diffa", "Niger", 13.32, 12.61),
    ("Maiduguri", "Borno", "Nigeria", 11.85, 13.16), ("Bama", "Borno", "Nigeria", 11.52, 13.69),
    ("Monguno", "Borno", "Nigeria", 12.67, 13.61), ("Gwoza", "Borno", "Nigeria", 11.08, 13.69),
]
JNIM = ("JNIM: Group for Support of Islam and Muslims", ["JNIM", "Jamaat Nusrat al-Islam wal-Muslimin"])
ISGS = ("ISGS: Islamic State (Greater Sahara)", ["IS Sahel", "Islamic State in the Greater Sahara", "EIGS"])
ARMED = {  # ACLED names (as in data/actors.yaml) and the other names outlets use
    "Mali": [JNIM, ISGS],
    "Burkina Faso": [JNIM, ISGS, ("Ansaroul Islam", ["Ansarul Islam"])],
    "Niger": [ISGS, JNIM],
    "Nigeria": [("ISWAP: Islamic State (West Africa)", ["ISWAP", "Islamic State West Africa Province"]),
                ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", ["Boko Haram", "JAS"])],
}
KINDS = [  # (event_type, sub_event_type, target, verb)
    ("Battles", "Armed clash", "military", "clashed with soldiers in"),
    ("Violence against civilians", "Attack", "civilians", "attacked villagers in"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "military", "hit an army convoy with a roadside bomb in"),
]
CAPITALS = {"Mali": "BAMAKO", "Burkina Faso": "OUAGADOUGOU", "Niger": "NIAMEY", "Nigeria": "ABUJA"}
OUTLETS = ["Sahel Daily", "Wire One", "Radio Horizon", "The Observer", "Morning Post", "Global Desk"]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _target(country: str, kind: tuple[str, str, str, str]) -> str:
    return f"Military Forces of {country}" if kind[2] == "military" else f"Civilians ({country})"


def _event(eid: str, town: tuple[str, str, str, float, float], day: dt.date, rng: random.Random,
           armed: tuple[str, list[str]] | None = None, kind: tuple[str, str, str, str] | None = None) -> dict:
    kind = kind or rng.choice(KINDS)
    armed = armed or rng.choice(ARMED[town[2]])
    return {"id": eid, "town": town, "day": day, "kind": kind, "armed": armed,
            "killed": rng.choice([2, 3, 5, 7, 9, 12, 15, 20, 28, 40])}


def _report(ev: dict, k: int, rng: random.Random) -> dict:
    town, (etype, sub, _target_kind, verb) = ev["town"], ev["kind"]
    day = ev["day"] + dt.timedelta(days=1 if k > 0 and rng.random() < 0.25 else 0)
    lat, lon, prec, location = town[3], town[4], 1, town[0]
    roll = rng.random()
    if k > 0 and roll < 0.25:  # "near <town>": a point a few km off
        lat, lon, prec, location = lat + rng.uniform(-0.12, 0.12), lon + rng.uniform(-0.12, 0.12), 2, f"near {town[0]}"
    elif k > 0 and roll < 0.35:  # only the province is known
        lat, lon, prec, location = lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5), 3, town[1]
    canon, aliases = ev["armed"]
    actor1 = canon if rng.random() < 0.5 else rng.choice(aliases)
    if k > 0 and rng.random() < 0.2:
        actor1 = f"Unidentified Armed Group ({town[2]})"
    if k > 0 and etype != "Explosions/Remote violence" and rng.random() < 0.1:
        etype, sub = ("Violence against civilians", "Attack") if etype == "Battles" else ("Battles", "Armed clash")
    killed = max(0, ev["killed"] + rng.choice([0, 0, -1, 1, 2, -2, 3, round(ev["killed"] * 0.3)]))
    outlet = OUTLETS[(k + len(ev["id"])) % len(OUTLETS)]
    where = {1: town[0], 2: f"a village near {town[0]}", 3: f"the {town[1]} region"}[prec]
    dateline = town[0].upper() if prec < 3 else CAPITALS[town[2]]  # a report from the capital
    text = (f"{dateline}, {town[2]} ({outlet}) - Suspected {actor1} fighters {verb} {where} "
            f"on {day.strftime('%A')}, killing {killed} people, local officials said.")
    return {"event": ev["id"], "group_id": f"{ev['id']}-r{k}", "outlet": outlet,
            "published": (day + dt.timedelta(days=1)).isoformat(), "text": text,
            "fields": {"event_date": day.isoformat(), "event_type": etype, "sub_event_type": sub,
                       "actor1": actor1, "actor2": _target(town[2], ev["kind"]), "country": town[2],
                       "admin1": town[1], "location": location, "latitude": round(lat, 4),
                       "longitude": round(lon, 4), "geo_precision": prec, "fatalities": killed}}


def build(n_events: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    events: list[dict] = []
    for i in range(n_events):
        town = rng.choice(TOWNS)
        day = start + dt.timedelta(days=rng.randrange(0, 300))
        while any(e["town"] == town and abs((e["day"] - day).days) <= 2 for e in events):
            day += dt.timedelta(days=3)  # no accidental twin: same town and day, nothing to tell apart
        events.append(_event(f"e{i:03d}", town, day, rng))
        if rng.random() < 0.45:  # a distinct event the same day in the same province
            near = [t for t in TOWNS if t[1] == town[1] and t != town and 35 < _km(t[3:], town[3:]) < 140]
            if near:
                events.append(_event(f"e{i:03d}b", rng.choice(near), day, rng))
            else:  # same area, another perpetrator
                other = [a for a in ARMED[town[2]] if a[0] != events[-1]["armed"][0]]
                events.append(_event(f"e{i:03d}b", town, day, rng, armed=other[0], kind=events[-1]["kind"]))
        if rng.random() < 0.15:  # the same town again a few days later
            events.append(_event(f"e{i:03d}c", town, day + dt.timedelta(days=rng.randint(3, 9)), rng))
    reports = [_report(ev, k, rng) for ev in events for k in range(rng.randint(3, 6))]
    rng.shuffle(reports)  # reports arrive in no particular order
    return reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    reports = build(args.events, args.seed)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for r in reports:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(reports)} reports of {len({r['event'] for r in reports})} events -> {OUT}")


if __name__ == "__main__":
    main()
