"""Incidents (events merged across reports) in ACLED's row shape: the same rows, columns and
order as ``wirewatch export --format acled-csv``, as JSON pages with a keyset ``next`` link, or
as a CSV or GeoJSON download of everything the query matches."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from sqlalchemy import ColumnElement, select

from wirewatch.export.acled import acled_row, record
from wirewatch.export.writers import FEATURES_CLOSE, FEATURES_OPEN, feature_text, point_feature
from wirewatch.serve import acled_query as aq
from wirewatch.serve import models as m
from wirewatch.serve.params import reject_unknown_params
from wirewatch.store.reads import Reader
from wirewatch.store.tables import incidents as I

router = APIRouter(prefix="/api", tags=["incidents"], dependencies=[Depends(reject_unknown_params)])
Alt = Annotated[str | None, Query(max_length=1000, description="exact value; a|b for either")]
BATCH = 500


def _alt(item: str) -> str:
    """The pattern of ``a|b`` alternatives of one form (empty parts allowed, as ACLED's API)."""
    return rf"^(?:{item})?(?:\|(?:{item})?)*$"


def _reader(request: Request) -> Reader:
    found: Reader = request.app.state.reader
    return found


def incident_params(
    country: Alt = None, admin1: Alt = None, event_type: Alt = None, sub_event_type: Alt = None,
    iso: Annotated[str | None, Query(max_length=400, pattern=_alt(r"\d{1,3}"),
                                     description="ISO 3166 numeric code(s), a|b")] = None,
    region: Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9 |]*$",
                                        description="ACLED region name(s) or number(s), a|b")] = None,
    year: Annotated[str | None, Query(max_length=200, pattern=_alt(r"\d{4}"), description="year(s), a|b")] = None,
    event_date: Annotated[str | None, Query(max_length=40, pattern=r"^\d{4}-\d{2}-\d{2}(\|\d{4}-\d{2}-\d{2})?$",
                                            description="YYYY-MM-DD, or a|b (a range, BETWEEN)")] = None,
    event_date_where: Annotated[str | None, Query(max_length=10, pattern=r"^(=|>|<|>=|<=|BETWEEN|between)$",
                                                  description="=, >, <, >=, <= or BETWEEN")] = None,
    inter1: Annotated[str | None, Query(max_length=40, pattern=_alt(r"\d"), description="ACLED inter code(s), a|b")] = None,
    inter2: Annotated[str | None, Query(max_length=40, pattern=_alt(r"\d"), description="ACLED inter code(s), a|b")] = None,
    interaction: Annotated[str | None, Query(max_length=100, pattern=_alt(r"\d{1,2}"),
                                             description="ACLED interaction code(s), a|b")] = None,
    actor1: Annotated[str | None, Query(max_length=200, description="substring of actor1")] = None,
    actor2: Annotated[str | None, Query(max_length=200, description="substring of actor2")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="substring of any actor (not ACLED's)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="substring of notes, place or actors (not ACLED's)")] = None,
    fields: Annotated[str | None, Query(max_length=2000, pattern=aq.FIELDS_PATTERN,
                                        description="columns to return, a|b")] = None,
) -> tuple[aq.IncidentQuery, list[str]]:
    raw = {"country": country, "admin1": admin1, "event_type": event_type, "sub_event_type": sub_event_type,
           "iso": iso, "region": region, "year": year, "event_date": event_date,
           "event_date_where": event_date_where, "inter1": inter1, "inter2": inter2,
           "interaction": interaction, "actor1": actor1, "actor2": actor2, "actor": actor, "q": q}
    try:
        return aq.parse_query(raw), aq.parse_fields(fields)
    except aq.BadParameter as exc:
        _invalid(exc.name, str(exc), raw.get(exc.name) or fields)
        raise  # unreachable: _invalid raises


def _invalid(name: str, message: str, value: Any) -> None:
    raise RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": message, "input": value}])


Params = Annotated[tuple[aq.IncidentQuery, list[str]], Depends(incident_params)]
Db = Annotated[Reader, Depends(_reader)]


def _where(db: Reader, query: aq.IncidentQuery) -> ColumnElement[bool]:
    if not db.has_table("incidents"):
        raise HTTPException(503, "the store has no incidents table yet")
    stored: list[str] = []
    if query.iso or query.region:
        stored = [str(r[0]) for r in db.rows(select(I.c.country).distinct().where(I.c.country.is_not(None)))]
    return query.where(stored, fold=db.dialect != "sqlite")


def _rows(db: Reader, where: ColumnElement[bool], limit: int | None, offset: int,
          after: str | None) -> Iterator[dict[str, Any]]:
    """Matching incidents in the export's order, enriched in batches (sources, evidence)."""
    cond = where & aq.after_condition(after)
    sent = 0
    last: tuple[str, int] | None = None
    while limit is None or sent < limit:
        size = BATCH if limit is None else min(BATCH, limit - sent)
        query = select(I).where(cond).order_by(*aq.order_by()).limit(size)
        query = query.offset(offset) if last is None and offset else query
        if last is not None:
            query = query.where(aq.after_condition(aq.encode_cursor(*last)))
        batch = db.incidents_with_sources(query)
        yield from batch
        sent += len(batch)
        if len(batch) < size:
            return
        last = (batch[-1]["event_date"] or "", int(batch[-1]["id"]))


def matching_rows(db: Reader, query: aq.IncidentQuery, limit: int | None) -> Iterator[dict[str, Any]]:
    """Every incident ``query`` matches (at most ``limit``), in the export's order, with its
    sources and evidence: the rows of the downloads (``serve/exports.py``)."""
    return _rows(db, _where(db, query), limit, 0, None)


def _row(incident: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    rec = record(incident)
    return {c: rec[c] for c in columns}


@router.get("/incidents", response_model=m.IncidentPage,
            summary="Incidents in ACLED's row shape (the export's rows), keyset-paged")
def list_incidents(request: Request, params: Params, db: Db,
                   limit: Annotated[int, Query(ge=1, le=5000)] = 500,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                   after: Annotated[str | None, Query(max_length=40, pattern=aq.CURSOR_PATTERN,
                                                      description="cursor from a `next` link")] = None,
                   ) -> dict[str, Any]:
    query, columns = params
    try:
        aq.after_condition(after)
    except aq.BadParameter as exc:
        _invalid(exc.name, str(exc), after)
    found = list(_rows(db, _where(db, query), limit, offset, after))
    data = [_row(i, columns) for i in found]
    nxt = None
    if len(found) == limit:
        token = aq.encode_cursor(found[-1]["event_date"], int(found[-1]["id"]))
        nxt = str(request.url.remove_query_params("offset").include_query_params(after=token))
    return {"count": len(data), "limit": limit, "offset": offset, "next": nxt, "fields": columns, "data": data}


def _csv_lines(rows: Iterator[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for n, inc in enumerate(rows, 1):
        row = acled_row(inc)  # the export's own row: one definition of what a CSV cell holds
        writer.writerow({c: row[c] for c in columns})
        if n % 200 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


DOWNLOAD_LIMIT = Annotated[int | None, Query(ge=1, le=10_000_000, description="at most this many rows")]


@router.get("/incidents.csv", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}, "description": "ACLED CSV"}},
            summary="Every matching incident as ACLED CSV (what `wirewatch export --format acled-csv` writes)")
def incidents_csv(params: Params, db: Db, limit: DOWNLOAD_LIMIT = None) -> StreamingResponse:
    query, columns = params
    rows = _rows(db, _where(db, query), limit, 0, None)
    return StreamingResponse(_csv_lines(rows, columns), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="incidents.csv"'})


def _geojson_chunks(rows: Iterator[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    yield FEATURES_OPEN
    n = 0
    for inc in rows:
        rec = record(inc)
        feature = point_feature(rec, {c: rec[c] for c in columns})
        if feature is not None:
            yield feature_text(feature, n)
            n += 1
    yield FEATURES_CLOSE


@router.get("/incidents.geojson", response_class=StreamingResponse,
            responses={200: {"content": {"application/geo+json": {}}, "description": "RFC 7946 GeoJSON"}},
            summary="Every matching incident with a place as GeoJSON points (application/geo+json)")
def incidents_geojson(params: Params, db: Db, limit: DOWNLOAD_LIMIT = None) -> StreamingResponse:
    query, columns = params
    rows = _rows(db, _where(db, query), limit, 0, None)
    return StreamingResponse(_geojson_chunks(rows, columns), media_type="application/geo+json",
                             headers={"Content-Disposition": 'attachment; filename="incidents.geojson"'})
