"""Event-list API latency over a 100,000-event SQLite store, beside the raw SQL anchor.

Builds (once, cached) a store of made-up events spread over 12 countries, 4 years and 6 types,
starts ``wirewatch serve``'s app with uvicorn on loopback, and times ``GET /api/events`` with a
mix of filters over HTTP (client: httpx, keep-alive), side by side with the anchor: the same
page read straight from SQLite with the sqlite3 module (no HTTP, no JSON) in the same run.

    python bench/bench_api.py [--events 100000] [--rounds 20] [--db bench/out/api100k.db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import socket
import sqlite3
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import insert
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from wirewatch.serve import ServeConfig, create_app
from wirewatch.serve.filters import EventFilter, parse_bbox
from wirewatch.store import Store, schema
from wirewatch.store.reads import COUNT_CAP, Reader

COUNTRIES = {  # country -> (admin1 names, centre lat, lon)
    "Sudan": (["Khartoum", "North Darfur", "South Kordofan", "Gezira"], 15.0, 30.0),
    "Mali": (["Gao", "Mopti", "Timbuktu", "Kidal"], 16.0, -2.0),
    "Nigeria": (["Borno", "Zamfara", "Kaduna", "Benue"], 10.0, 8.0),
    "Myanmar": (["Sagaing", "Shan", "Rakhine", "Kachin"], 21.0, 96.0),
    "Colombia": (["Cauca", "Antioquia", "Narino", "Choco"], 4.0, -74.0),
    "Ukraine": (["Donetsk", "Kharkiv", "Zaporizhzhia", "Kherson"], 48.5, 35.0),
    "Somalia": (["Banaadir", "Lower Shabelle", "Bay", "Hiraan"], 3.0, 45.0),
    "Burkina Faso": (["Sahel", "Est", "Nord", "Centre-Nord"], 12.5, -1.5),
    "DR Congo": (["North Kivu", "Ituri", "South Kivu", "Tanganyika"], -1.0, 28.0),
    "Mexico": (["Guerrero", "Michoacan", "Sinaloa", "Jalisco"], 20.0, -101.0),
    "Haiti": (["Ouest", "Artibonite", "Centre", "Nord"], 18.9, -72.5),
    "Syria": (["Idleb", "Aleppo", "Deir ez Zor", "Daraa"], 35.0, 38.0),
}
TYPES = [("Battles", "Armed clash", "Military forces"), ("Violence against civilians", "Attack", "Unidentified gunmen"),
         ("Explosions/Remote violence", "Air/drone strike", "Air force"), ("Protests", "Peaceful protest", "Protesters"),
         ("Riots", "Mob violence", "Rioters"), ("Strategic developments", "Looting/property destruction", "Militia")]
QUERIES: dict[str, dict[str, Any]] = {
    "no filter": {},
    "country": {"country": "Sudan"},
    "country+admin1": {"country": "Nigeria", "admin1": "Borno"},
    "type+dates": {"type": "Battles", "date_from": "2023-01-01", "date_to": "2023-03-31"},
    "bbox": {"bbox": "25,10,40,20"},
    "actor": {"actor": "gunmen"},
    "text": {"q": "market"},
    "text, no match": {"q": "no-such-words"},  # the worst case: both statements scan every row
    "deep page": {"offset": 5000},
}


def build(db: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    store = Store(str(db))
    start = dt.date(2021, 1, 1)
    places = [(c, a, lat, lon) for c, (admins, lat, lon) in COUNTRIES.items() for a in admins]
    articles, events = [], []
    for i in range(n):
        country, admin1, lat, lon = rng.choice(places)
        event_type, sub, actor = rng.choice(TYPES)
        day = (start + dt.timedelta(days=rng.randrange(1460))).isoformat()
        what = rng.choice(["a market", "a checkpoint", "a village", "a convoy", "a school"])
        text = f"{actor} targeted {what} in {admin1} on {day}. Report {i}."
        articles.append({"id": i + 1, "content_hash": hashlib.sha256(text.encode()).hexdigest(), "source": f"bench/{i}",
                         "url": f"https://news.example.org/{i}", "kind": "text", "title": f"{actor} in {admin1}",
                         "published": day, "site": "news.example.org", "language": "en", "text": text,
                         "provenance": {}, "figures": [], "statements": [], "places": []})
        at = text.index(actor)
        events.append({"event_key": hashlib.sha1(f"{i}".encode()).hexdigest(), "article_id": i + 1, "ordinal": 0,
                       "event_date": day, "event_type": event_type, "sub_event_type": sub, "actor1": actor,
                       "country": country, "admin1": admin1, "location": admin1,
                       "latitude": lat + rng.uniform(-2, 2), "longitude": lon + rng.uniform(-2, 2), "geo_precision": 2,
                       "fatalities": rng.choice([0, 0, 0, 1, 2, 5, 12]), "notes": text, "confidence": 0.7,
                       "evidence": {"actor1": [{"start": at, "end": at + len(actor), "text": actor}]}})
    with store.engine.begin() as conn:
        for lo in range(0, n, 5000):
            conn.execute(insert(schema.articles), articles[lo:lo + 5000])
            conn.execute(insert(schema.events), events[lo:lo + 5000])
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    store.close()


def anchor(db: Path, reader: Reader, params: dict[str, Any]) -> float:
    """The API's own two SQL statements run straight through sqlite3 (no HTTP, no JSON, no
    SQLAlchemy): the floor under this API for the same answer."""
    flt = EventFilter(country=[params["country"]] if "country" in params else [],
                      admin1=[params["admin1"]] if "admin1" in params else [],
                      event_type=[params["type"]] if "type" in params else [], actor=params.get("actor"),
                      date_from=params.get("date_from"), date_to=params.get("date_to"),
                      bbox=parse_bbox(params.get("bbox")), text=params.get("q"))
    def sql(query: Any) -> str:
        return str(query.compile(dialect=sqlite_dialect(), compile_kwargs={"literal_binds": True}))

    count = sql(reader.count_query(flt))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    t = time.perf_counter()
    total = conn.execute(count).fetchone()[0]
    if total > COUNT_CAP or total > params.get("offset", 0):
        conn.execute(sql(reader.page_query(flt, 100, params.get("offset", 0), "date_desc", total))).fetchall()
    took = time.perf_counter() - t
    conn.close()
    return took


def serve(db: Path) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(ServeConfig(db=str(db), read_rate=0)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("bench/out/api100k.db"))
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.db} ({args.events:,} events) in {time.perf_counter() - t:.1f} s")
    base, server = serve(args.db)
    reader = Reader(Store(str(args.db), read_only=True))
    api: dict[str, list[float]] = {k: [] for k in QUERIES}
    raw: dict[str, list[float]] = {k: [] for k in QUERIES}
    with httpx.Client(base_url=base, timeout=30) as client:
        for params in QUERIES.values():  # warm the page cache and the connection pool
            client.get("/api/events", params=params).raise_for_status()
        for _ in range(args.rounds):
            for name, params in QUERIES.items():
                t = time.perf_counter()
                client.get("/api/events", params={**params, "limit": 100}).raise_for_status()
                api[name].append(time.perf_counter() - t)
                raw[name].append(anchor(args.db, reader, params))
    server.should_exit = True
    every = [v for vs in api.values() for v in vs]
    rows = {name: {"api_p50_ms": round(pct(api[name], .5), 2), "api_p95_ms": round(pct(api[name], .95), 2),
                   "sqlite_p50_ms": round(pct(raw[name], .5), 2),
                   "ratio_p50": round(statistics.median(api[name]) / statistics.median(raw[name]), 2)}
            for name in QUERIES}
    print(json.dumps({"events": args.events, "requests": len(every), "api_p50_ms": round(pct(every, .5), 2),
                      "api_p95_ms": round(pct(every, .95), 2), "bar_p95_ms": 100, "by_query": rows}, indent=1))


if __name__ == "__main__":
    main()
