"""Scoring coded events against a user's own hand-coded events: ACLED-style CSV exports (text =
``notes``) or UCDP GED CSV rows (text = ``source_headline``).  The measures are those of the
project's shared scorer: for each gold row, the first coded event is compared on found, event
type, sub-type, actor1, actor2, date, fatalities, admin1, and distance (25 km / 50 km)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.errors import InputError

FORMATS = ("acled", "ucdp")


@dataclass(slots=True)
class GoldRow:
    id: str
    text: str
    published: str | None
    date: str
    admin1: str
    where: tuple[float, float] | None
    fatalities: int
    type: str = ""
    sub: str = ""
    actor1: str = ""
    actor2: str = ""


@dataclass(slots=True)
class Report:
    fmt: str
    n: int
    measures: dict[str, float] = field(default_factory=dict)


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def actor_keys(name: str | None) -> set[str]:
    """The ways an actor may be named: whole, without (years)/(country), acronym, long form."""
    name = name or ""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    keys = {fold(name), fold(bare)}
    if ":" in bare:
        short, long = bare.split(":", 1)
        keys |= {fold(short), fold(long)}
    return {k for k in keys if k}


def same_actor(gold: str, pred: str | None) -> bool:
    g, p = actor_keys(gold), actor_keys(pred)
    return bool(g & p) or any(len(x) > 3 and (x in y or y in x) for x in g for y in p)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _acled_day(text: str) -> dt.date:
    for fmt in ("%d %B %Y", "%d-%b-%y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip()[:10] if fmt == "%Y-%m-%d" else text.strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(text, "bad_date", "unreadable ACLED date")


def _where(r: dict[str, str]) -> tuple[float, float] | None:
    try:
        return float(r["latitude"]), float(r["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _acled_row(r: dict[str, str]) -> GoldRow:
    day = _acled_day(r["event_date"])
    # without a publication date, one is made 1-6 days after the event as the shared scorer does,
    # so that the date must come from the text
    lag = 1 + int(hashlib.sha256(r["event_id_cnty"].encode()).hexdigest(), 16) % 6
    published = r.get("published") or str(day + dt.timedelta(days=lag))
    return GoldRow(r["event_id_cnty"], r["notes"], published, str(day), r.get("admin1", ""), _where(r),
                   int(r.get("fatalities") or 0), r.get("event_type", ""), r.get("sub_event_type", ""),
                   r.get("actor1", ""), r.get("actor2", "") or "")


def _ucdp_row(r: dict[str, str]) -> GoldRow | None:
    text = "\n".join(h.strip() for h in (r.get("source_headline") or "").split(";") if h.strip())
    if not text:
        return None
    admin1 = re.sub(r"\s+(region|province|prefecture)$", "", r.get("adm_1", ""), flags=re.IGNORECASE)
    return GoldRow(f"ged-{r['id']}", text, (r.get("source_date") or r.get("date_end") or "")[:10] or None,
                   r["date_start"][:10], admin1, _where(r), int(r.get("best") or 0))


def read_gold(path: str | Path, fmt: str) -> list[GoldRow]:
    """The gold rows of an ACLED or UCDP CSV file (UCDP rows without headlines are skipped)."""
    if fmt not in FORMATS:
        raise InputError(str(path), "bad_format", f"expected one of {', '.join(FORMATS)}")
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), "unreadable", str(exc)) from exc
    try:
        if fmt == "acled":
            return [_acled_row(r) for r in rows]
        return [g for g in (_ucdp_row(r) for r in rows) if g]
    except KeyError as exc:
        raise InputError(str(path), "missing_column", str(exc)) from exc


def score(gold: list[GoldRow], pred: dict[str, list[dict[str, Any]]], fmt: str) -> Report:
    """The shared scorer's measures: share of gold rows whose first coded event is right."""
    keys = ("found", "type", "sub", "actor1", "actor2", "date", "fatalities", "admin1", "25km", "50km")
    tally = dict.fromkeys(keys, 0)
    with_actor2 = 0
    for g in gold:
        events = pred.get(g.id) or []
        if not events:
            continue
        e = events[0]
        tally["found"] += 1
        tally["date"] += (e.get("event_date") or "")[:10] == g.date
        tally["fatalities"] += e.get("fatalities") == g.fatalities
        ga, pa = fold(g.admin1), fold(e.get("admin1"))
        tally["admin1"] += bool(ga) and (ga == pa or (len(pa) > 2 and (pa in ga or ga in pa)))
        if g.where and e.get("latitude") is not None and e.get("longitude") is not None:
            d = km(g.where, (float(e["latitude"]), float(e["longitude"])))
            tally["25km"] += d <= 25
            tally["50km"] += d <= 50
        if fmt == "acled":
            tally["type"] += fold(e.get("event_type")) == fold(g.type)
            tally["sub"] += fold(e.get("sub_event_type")) == fold(g.sub)
            tally["actor1"] += bool(g.actor1) and same_actor(g.actor1, e.get("actor1"))
            if g.actor2:
                with_actor2 += 1
                tally["actor2"] += same_actor(g.actor2, e.get("actor2"))
    shown = ["found", "date", "fatalities", "admin1", "25km", "50km"]
    if fmt == "acled":
        shown = ["found", "type", "sub", "actor1", "actor2"] + shown[1:]
    n = len(gold)
    measures = {k: tally[k] / ((with_actor2 or 1) if k == "actor2" else (n or 1)) for k in shown}
    return Report(fmt, n, measures)


Coder = Callable[[str, str | None], Iterable[dict[str, Any]]]


def evaluate(path: str | Path, fmt: str, coder: Coder | None = None) -> Report:
    """Code every gold row's text with wirewatch (or ``coder``) and score the result."""
    if coder is None:
        from wirewatch.code.coder import code_document

        def coder(text: str, published: str | None) -> Iterable[dict[str, Any]]:
            return [e.to_dict() for e in code_document(text, published).events]

    gold = read_gold(path, fmt)
    pred = {g.id: list(coder(g.text, g.published)) for g in gold}
    return score(gold, pred, fmt)
