"""Stored events in ACLED's column names and conventions."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One stored event (``Store.iter_events`` row) as an ACLED-column row."""
    date = event.get("event_date") or ""
    return {
        "event_id_cnty": f"WW{event['event_key'][:12].upper()}",
        "event_date": date,
        "year": date[:4],
        "time_precision": 1 if len(date) == 10 else 3,
        "disorder_type": _DISORDER.get(event["event_type"], ""),
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "actor1": event.get("actor1") or "",
        "assoc_actor_1": event.get("assoc_actor_1") or "",
        "inter1": event.get("inter1") or "",
        "actor2": event.get("actor2") or "",
        "assoc_actor_2": event.get("assoc_actor_2") or "",
        "inter2": event.get("inter2") or "",
        "interaction": _interaction(event.get("inter1"), event.get("inter2")),
        "civilian_targeting": "Civilian targeting" if "Civilians" in (event.get("actor2") or "") else "",
        "iso": "",
        "region": "",
        "country": event.get("country") or "",
        "admin1": event.get("admin1") or "",
        "admin2": event.get("admin2") or "",
        "admin3": "",
        "location": event.get("location") or "",
        "latitude": event.get("latitude") if event.get("latitude") is not None else "",
        "longitude": event.get("longitude") if event.get("longitude") is not None else "",
        "geo_precision": event.get("geo_precision") or "",
        "source": event.get("agency") or event.get("site") or event.get("source") or "",
        "source_scale": "",
        "notes": event.get("notes") or "",
        "fatalities": event.get("fatalities") or 0,
        "tags": "",
        "timestamp": "",
    }


def _interaction(inter1: Any, inter2: Any) -> str:
    if not inter1:
        return ""
    a, b = sorted([int(inter1), int(inter2 or 0)])
    return f"{a}{b}" if a else f"{b}0"


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, event in enumerate(events, 1):
        writer.writerow(acled_row(event))
    return n


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for n, event in enumerate(events, 1):
        out.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    return n
