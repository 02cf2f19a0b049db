"""Merged events (incidents) in ACLED's column names and conventions.

One row per incident (a happening, however many outlets reported it), never one per report.
ACLED's columns come first, in ACLED's order; wirewatch's own columns follow them, so a tool
that expects an ACLED export reads it as is and every row still links back to its sources:
``source_urls`` (every URL of every copy of every report) and ``wirewatch_id`` (the incident's
key: ``wirewatch`` API and ``undo_merge`` use it).

Conventions applied: ``event_date`` ISO (YYYY-MM-DD), ``year`` from it, ``time_precision`` 1
(day known), ``fatalities`` the most conservative reported figure (ACLED's rule; the median
and the range are in ``fatalities_best/low/high``), ``source`` the outlets separated by "; ",
``timestamp`` the Unix time of the latest report (so a re-export of an unchanged store is
byte-identical), ``interaction`` the two inter codes, lower first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
LINK_COLUMNS = ["wirewatch_id", "source_urls"]
EXTRA_COLUMNS = ["n_reports", "fatalities_best", "fatalities_low", "fatalities_high", "confidence", "evidence"]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("wirewatch").joinpath("data", "acled_regions.yaml").read_text("utf-8"))
    return {country: region for region, countries in (raw or {}).items() for country in countries}


@lru_cache(maxsize=512)
def iso_codes(country: str) -> tuple[int | None, str]:
    """ISO 3166 numeric and alpha-3 codes of a country as ACLED names it (unknown: None, "")."""
    import pycountry

    try:
        found = pycountry.countries.lookup(country)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(country)[0]
        except LookupError:
            return None, ""
    return int(found.numeric), str(found.alpha_3)


def _interaction(inter1: Any, inter2: Any) -> int | None:
    if not inter1:
        return None
    a, b = sorted([int(inter1), int(inter2 or 0)])
    return int(f"{a}{b}") if a else int(f"{b}0")


def _epoch(value: Any) -> int | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(str(value))  # 3.11 reads a trailing Z
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def _outlets(sources: Iterable[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for s in sources:
        name = s.get("agency") or s.get("site") or s.get("url") or s.get("source")
        if name and name not in names:
            names.append(str(name))
    return names


def record(incident: dict[str, Any]) -> dict[str, Any]:
    """One incident (``iter_incidents`` row) as a typed, flat record: ACLED columns, then the
    link and extra columns.  Missing values are None (the writers decide how to spell them)."""
    date = incident.get("event_date")
    numeric, alpha3 = iso_codes(incident["country"]) if incident.get("country") else (None, "")
    sources = incident.get("sources") or []
    urls = list(dict.fromkeys(str(s["url"] or s["source"]) for s in sources if s.get("url") or s.get("source")))
    stamps = [t for t in (_epoch(s.get("published")) for s in sources) if t is not None]
    actor2 = incident.get("actor2") or ""
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}WW{str(incident['incident_key'])[:10].upper()}",
        "event_date": date, "year": int(date[:4]) if date else None,
        "time_precision": 1 if date and len(date) == 10 else None,
        "disorder_type": _DISORDER.get(incident["event_type"]), "event_type": incident["event_type"],
        "sub_event_type": incident["sub_event_type"], "actor1": incident.get("actor1"),
        "assoc_actor_1": incident.get("assoc_actor_1"), "inter1": incident.get("inter1"),
        "actor2": incident.get("actor2"), "assoc_actor_2": incident.get("assoc_actor_2"),
        "inter2": incident.get("inter2"), "interaction": _interaction(incident.get("inter1"), incident.get("inter2")),
        "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else None,
        "iso": numeric, "region": _regions().get(incident.get("country") or ""),
        "country": incident.get("country"), "admin1": incident.get("admin1"), "admin2": incident.get("admin2"),
        "admin3": None, "location": incident.get("location"), "latitude": incident.get("latitude"),
        "longitude": incident.get("longitude"), "geo_precision": incident.get("geo_precision"),
        "source": "; ".join(_outlets(sources)) or None, "source_scale": None,
        "notes": incident.get("notes") or None, "fatalities": int(incident.get("fatalities") or 0),
        "tags": None, "timestamp": max(stamps) if stamps else None,
        "wirewatch_id": incident["incident_key"], "source_urls": urls,
        "n_reports": incident.get("n_reports"), "fatalities_best": incident.get("fatalities_best"),
        "fatalities_low": incident.get("fatalities_low"), "fatalities_high": incident.get("fatalities_high"),
        "confidence": incident.get("confidence"),
        "evidence": json.dumps(incident.get("evidence") or [], ensure_ascii=False, sort_keys=True, default=str),
    }


def acled_row(incident: dict[str, Any]) -> dict[str, Any]:
    """The ACLED CSV row: ACLED's columns and the two link columns, blanks for missing values."""
    rec = record(incident)
    row = {c: rec[c] for c in ACLED_COLUMNS + LINK_COLUMNS}
    row["source_urls"] = " ".join(rec["source_urls"])
    return {k: "" if v is None else v for k, v in row.items()}
