"""Event filters as WHERE clauses over the events (reports) or the incidents: the API's list,
map, GeoJSON and time-series queries (``store.reads``) share them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, literal_column, or_, select, table, true

from wirewatch.store import schema


@dataclass(frozen=True, slots=True)
class EventFilter:
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor: str | None = None  # substring of any actor field, case-insensitive
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    text: str | None = None  # substring of the notes, location or actors
    min_fatalities: int | None = None

    def where(self, dialect: str = "sqlite", fts: bool = False, rows: Table | None = None) -> ColumnElement[bool]:
        """The filter as a WHERE clause on ``rows``: the events (reports), or the incidents, whose
        columns bear the same names.  On SQLite, LIKE is already case-blind (ASCII, as is its
        lower()), so plain LIKE is used: ILIKE's lower() on both sides doubles a full scan's cost.
        The full-text index covers the events only."""
        e = schema.events if rows is None else rows
        fts = fts and e is schema.events
        fold = dialect != "sqlite"
        conds: list[ColumnElement[bool]] = []
        for col, values in ((e.c.country, self.country), (e.c.admin1, self.admin1),
                            (e.c.event_type, self.event_type), (e.c.sub_event_type, self.sub_event_type)):
            if values:
                conds.append(col.in_(values))
        if self.actor:
            conds.append(any_like([e.c.actor1, e.c.actor2, e.c.assoc_actor_1, e.c.assoc_actor_2], self.actor, fold))
        if self.text and fts and len(self.text.strip()) >= 3:
            conds.append(_fts_match(self.text.strip()))
        elif self.text:
            conds.append(any_like([e.c.notes, e.c.location, e.c.actor1, e.c.actor2, e.c.admin1], self.text, fold))
        if self.date_from:
            conds.append(e.c.event_date >= self.date_from)
        if self.date_to:
            conds.append(e.c.event_date <= self.date_to)
        if self.bbox is not None:
            conds.append(_bbox(e, self.bbox))
        if self.min_fatalities is not None:
            conds.append(e.c.fatalities >= self.min_fatalities)
        return and_(true(), *conds)


def _fts_match(needle: str) -> ColumnElement[bool]:
    """Events whose text fields hold ``needle`` (any case), through the trigram index that
    migration 6 keeps on SQLite: the same matches as the LIKE fallback, without a full scan."""
    phrase = '"' + needle.replace('"', '""') + '"'
    ids: Select[Any] = select(literal_column("rowid")).select_from(table("events_fts")).where(
        literal_column("events_fts").op("MATCH")(phrase))
    return schema.events.c.id.in_(ids)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def any_like(cols: list[Any], needle: str, fold: bool) -> ColumnElement[bool]:
    """Rows where any of ``cols`` holds ``needle`` (LIKE on SQLite, already case-blind; ILIKE elsewhere)."""
    pattern = f"%{_escape_like(needle)}%"
    if fold:
        return or_(*[c.ilike(pattern, escape="\\") for c in cols])
    return or_(*[c.like(pattern, escape="\\") for c in cols])


def _bbox(e: Table, box: tuple[float, float, float, float]) -> ColumnElement[bool]:
    west, south, east, north = box
    lat = and_(e.c.latitude >= south, e.c.latitude <= north)
    if west <= east:
        return and_(lat, e.c.longitude >= west, e.c.longitude <= east)
    # a box across the antimeridian (west > east) is two boxes
    return and_(lat, or_(e.c.longitude >= west, e.c.longitude <= east))
