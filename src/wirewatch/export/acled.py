"""Merged events (incidents) in ACLED's column names and conventions.

One row per incident (a happening, however many outlets reported it), never one per report.
ACLED's columns come first, in ACLED's order; wirewatch's own columns follow them, so a tool
that expects an ACLED export reads it as is and every row still links back to its sources:
``source_urls`` (every URL of every copy of every report) and ``wirewatch_id`` (the incident's
key: ``wirewatch`` API and ``undo_merge`` use it).

Conventions applied: ``event_date`` ISO (YYYY-MM-DD), ``year`` from it, ``time_precision`` from
the words the date rests on (1 day, 2 week or span, 3 month or no date in the text),
``region``, ``source_scale`` and ``tags`` as ``export.derived`` reads them from its data files,
``fatalities`` the most conservative reported figure (ACLED's rule; the median
and the range are in ``fatalities_best/low/high``), ``source`` the outlets separated by "; ",
``timestamp`` the Unix time of the latest report (so a re-export of an unchanged store is
byte-identical), ``interaction`` the two inter codes, lower first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from wirewatch.export.derived import (
    CountryCodes,
    country_codes,
    region_of,
    source_scale,
    tags,
    time_precision,
)
from wirewatch.taxonomy import taxonomy

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
LINK_COLUMNS = ["wirewatch_id", "source_urls"]
EXTRA_COLUMNS = ["n_reports", "fatalities_best", "fatalities_low", "fatalities_high", "confidence", "evidence"]

_DISORDER = taxonomy().disorder_of_type()  # event type -> ACLED's disorder type


def iso_codes(country: str) -> tuple[int | None, str]:
    """ISO 3166 numeric and alpha-3 codes of a country as ACLED names it (unknown: None, "")."""
    found = country_codes(country)
    return found.numeric, found.alpha3


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
    codes = country_codes(incident["country"]) if incident.get("country") else CountryCodes(None, "", "")
    numeric, alpha3 = codes.numeric, codes.alpha3
    sources = incident.get("sources") or []
    urls = list(dict.fromkeys(str(s["url"] or s["source"]) for s in sources if s.get("url") or s.get("source")))
    stamps = [t for t in (_epoch(s.get("published")) for s in sources) if t is not None]
    actor2 = incident.get("actor2") or ""
    region = region_of(incident.get("country"), alpha3)
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}WW{str(incident['incident_key'])[:10].upper()}",
        "event_date": date, "year": int(date[:4]) if date else None,
        "time_precision": time_precision(incident),
        "disorder_type": _DISORDER.get(incident["event_type"]), "event_type": incident["event_type"],
        "sub_event_type": incident["sub_event_type"], "actor1": incident.get("actor1"),
        "assoc_actor_1": incident.get("assoc_actor_1"), "inter1": incident.get("inter1"),
        "actor2": incident.get("actor2"), "assoc_actor_2": incident.get("assoc_actor_2"),
        "inter2": incident.get("inter2"), "interaction": _interaction(incident.get("inter1"), incident.get("inter2")),
        "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else None,
        "iso": numeric, "region": region,
        "country": incident.get("country"), "admin1": incident.get("admin1"), "admin2": incident.get("admin2"),
        "admin3": incident.get("admin3") or None, "location": incident.get("location"), "latitude": incident.get("latitude"),
        "longitude": incident.get("longitude"), "geo_precision": incident.get("geo_precision"),
        "source": "; ".join(_outlets(sources)) or None,
        "source_scale": source_scale(sources, codes.alpha2, region) if sources else None,
        "notes": incident.get("notes") or None, "fatalities": int(incident.get("fatalities") or 0),
        "tags": tags(incident) or None, "timestamp": max(stamps) if stamps else None,
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
