"""Made-up stores for the API, alerts and dashboard tests (no test here: helpers only).

Every article is invented; places are real names so the map has somewhere to put them."""

from __future__ import annotations

import datetime as dt
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from wirewatch.records import Article, Event, Span
from wirewatch.sink import add_article
from wirewatch.store import Store

PLACES = [  # (country, admin1, location, latitude, longitude)
    ("Sudan", "South Kordofan", "Kadugli", 11.01, 29.72),
    ("Sudan", "Khartoum", "Omdurman", 15.64, 32.48),
    ("Mali", "Mopti", "Djenne", 13.91, -4.55),
    ("Mali", "Gao", "Ansongo", 15.66, 0.50),
    ("Nigeria", "Borno", "Maiduguri", 11.85, 13.16),
    ("Nigeria", "Zamfara", "Gusau", 12.17, 6.66),
    ("Colombia", "Cauca", "Popayan", 2.44, -76.61),
    ("Myanmar", "Sagaing", "Monywa", 22.11, 95.14),
]
KINDS = [  # (event_type, sub_event_type, actor1, verb)
    ("Violence against civilians", "Attack", "Unidentified gunmen", "attacked a market in"),
    ("Battles", "Armed clash", "Military forces", "clashed with rebels near"),
    ("Explosions/Remote violence", "Air/drone strike", "Air force", "struck a village outside"),
    ("Protests", "Peaceful protest", "Protesters", "marched through the centre of"),
]


# made-up village names for ``spread``
SPOTS = ["Abri", "Buram", "Dagu", "Ferra", "Goz", "Hamra", "Jebel", "Kurmuk", "Lado", "Mabrouk", "Nyala",
         "Oba", "Reif", "Sanam", "Tira", "Wau"]


def spread(place: tuple[str, str, str, float, float], j: int) -> tuple[str, str, str, float, float]:
    """The j-th (< 16) of distinct villages of ``place``'s admin1, half a degree (over 50 km,
    farther than two reports of one incident may lie) apart: each report there is an incident
    of its own."""
    country, admin1, _, lat, lon = place
    return country, admin1, SPOTS[j], lat + 0.5 * (j % 4), lon + 0.5 * (j // 4)


@dataclass(frozen=True, slots=True)
class Made:
    article: Article
    place: tuple[str, str, str, float, float]
    kind: tuple[str, str, str, str]


def made_article(i: int, day: dt.date, place: tuple[str, str, str, float, float],
                 kind: tuple[str, str, str, str], dead: int, extra: str = "") -> Article:
    """One invented article with one event whose fields all point at evidence spans."""
    country, admin1, location, lat, lon = place
    event_type, sub_type, actor, verb = kind
    lead = f"{actor} {verb} {location} on {day:%A}, "
    tail = f"killing {dead} people, officials said." if dead else "officials said."
    text = f"{lead}{tail} {extra}".strip() + f"\n\nResidents of {location} described the scene. Story {i}."

    def span(piece: str) -> Span:
        at = text.index(piece)
        return Span(at, at + len(piece), piece)

    evidence = {"actor1": [span(actor)], "location": [span(location)], "event_type": [span(verb)]}
    if dead:
        evidence["fatalities"] = [span(f"killing {dead} people")]
    event = Event(event_date=day.isoformat(), event_type=event_type, sub_event_type=sub_type, actor1=actor,
                  country=country, admin1=admin1, location=location, latitude=lat, longitude=lon,
                  geo_precision=1, fatalities=dead, notes=f"On {day.isoformat()}, {lead}{tail}",
                  confidence=0.8, evidence=evidence)
    return Article(source=f"made-up/{i}.html", content_hash=f"{i:064x}", kind="html", text=text,
                   url=f"https://news.example.org/story/{i}", title=f"{actor} in {location}",
                   published=day.isoformat(), site="news.example.org", language="en", events=[event])


def fill_store(store: Store, n: int, seed: int = 7, start: dt.date = dt.date(2024, 3, 1), days: int = 60) -> None:
    rng = random.Random(seed)
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        dead = rng.choice([0, 0, 0, 1, 2, 3, 5])
        add_article(store, made_article(i, day, rng.choice(PLACES), rng.choice(KINDS), dead))


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread: yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
