"""GET endpoints: everything a reader of the dataset needs, none of it able to change it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from wirewatch.serve import models as m
from wirewatch.serve.evidence import located_article, located_event
from wirewatch.serve.filters import BBOX_PATTERN, EventFilter, parse_bbox
from wirewatch.serve.params import reject_unknown_params
from wirewatch.store.reads import Reader

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NO_NUL = r"^[^\x00]*$"
Id = Annotated[int, Path(ge=1, le=2**53)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=200)]
Level = Annotated[Literal["incidents", "reports"],
                  Query(description="incidents: reports merged across outlets (the export's rows, the default); "
                                    "reports: each coded report")]


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"  # RFC 7946's media type


router = APIRouter(prefix="/api", tags=["read"], dependencies=[Depends(reject_unknown_params)])


def reader(request: Request) -> Reader:
    found: Reader = request.app.state.reader
    return found


def event_filter(
    country: Annotated[list[str] | None, Query(description="Country name (repeat for several)")] = None,
    admin1: Annotated[list[str] | None, Query(description="First-level region")] = None,
    event_type: Annotated[list[str] | None, Query(alias="type", description="ACLED event type")] = None,
    sub_event_type: Annotated[list[str] | None, Query(alias="sub_type", description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Substring of any actor")] = None,
    date_from: Annotated[str | None, Query(pattern=DATE, description="First day (YYYY[-MM[-DD]])")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE, description="Last day, inclusive")] = None,
    bbox: Annotated[str | None, Query(max_length=100, pattern=BBOX_PATTERN,
                                      description="west,south,east,north (degrees)")] = None,
    # no NUL: SQLite's full-text index cannot take one (it answered 503); declared, so a 422
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL,
                                   description="Substring of notes, place or actors")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
) -> EventFilter:
    box = parse_bbox(bbox)  # the pattern has checked its form
    if date_to and len(date_to) < 10:
        date_to += "-99"  # a month or year bound includes every day in it
    return EventFilter((country or [])[:50], (admin1 or [])[:50], (event_type or [])[:50],
                       (sub_event_type or [])[:50], actor or None,
                       date_from, date_to, box, q or None, min_fatalities)


Filter = Annotated[EventFilter, Depends(event_filter)]
Db = Annotated[Reader, Depends(reader)]


@router.get("/events", response_model=m.EventPage, summary="Events matching the filters, newest first")
def list_events(flt: Filter, db: Db, limit: Limit = 100, offset: Offset = 0,
                sort: Literal["date_desc", "date_asc", "fatalities_desc"] = "date_desc") -> dict[str, Any]:
    return db.events(flt, limit, offset, sort)


@router.get("/events.geojson", response_model=m.GeoFeatureCollection, response_class=GeoJSONResponse,
            summary="Events matching the filters as GeoJSON points (events without coordinates have none)")
def events_geojson(flt: Filter, db: Db, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
                   offset: Offset = 0) -> dict[str, Any]:
    page = db.events(flt, limit, offset)
    features = []
    for item in page["items"]:
        lat, lon = item["latitude"], item["longitude"]
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": item["id"], "geometry": geometry, "properties": item})
    return {"type": "FeatureCollection", "total": page["total"], "features": features}


@router.get("/points", response_model=m.Points,
            summary="Every matching incident (one per happening) or report as a compact row (map)")
def points(flt: Filter, db: Db, limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000,
           level: Level = "incidents") -> dict[str, Any]:
    return db.points(flt, limit, level)


@router.get("/events/{event_id}", response_model=m.EventDetail, responses={404: {"model": m.Problem}},
            summary="One event with its evidence, the sentences it rests on, its sources and merges")
def get_event(event_id: Id, db: Db) -> dict[str, Any]:
    found = db.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    found = located_event(found)
    found["merge_history"] = db.merge_history(event_id)
    return found


@router.get("/articles", response_model=m.ArticlePage, summary="Stored articles, newest first")
def list_articles(db: Db, limit: Limit = 50, offset: Offset = 0, site: Text = None,
                  q: Text = None) -> dict[str, Any]:
    return db.articles(limit, offset, site, q)


@router.get("/articles/{article_id}", response_model=m.ArticleDetail, responses={404: {"model": m.Problem}},
            summary="One article's text with the evidence spans of its events")
def get_article(article_id: Id, db: Db) -> dict[str, Any]:
    found = db.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return located_article(found)


@router.get("/actors", response_model=list[m.NameCount], summary="Actors with their event counts")
def actors(flt: Filter, db: Db, name: Text = None, limit: Limit = 100) -> list[dict[str, Any]]:
    return db.actors(flt, name, limit)


@router.get("/places", response_model=list[m.PlaceCount], summary="Places with their event counts")
def places(flt: Filter, db: Db, limit: Limit = 100) -> list[dict[str, Any]]:
    return db.places(flt, limit)


@router.get("/timeseries", response_model=m.TimeSeries, summary="Incident (or report) and fatality counts over time")
def timeseries(flt: Filter, db: Db,
               group_by: Literal["all", "country", "admin1", "event_type"] = "all",
               interval: Literal["day", "month", "year"] = "day",
               top: Annotated[int, Query(ge=1, le=100)] = 10, level: Level = "incidents") -> dict[str, Any]:
    return db.timeseries(flt, group_by, interval, top, level)


@router.get("/facets", response_model=m.Facets, summary="Countries, regions and types present, with counts")
def facets(db: Db, country: Text = None) -> dict[str, Any]:
    return db.facets(country)


@router.get("/alerts", response_model=list[m.Alert], summary="Spikes in a region's daily events or fatalities")
def list_alerts(db: Db, country: Text = None, metric: Literal["events", "fatalities"] | None = None,
                since: Annotated[str | None, Query(pattern=DATE)] = None, limit: Limit = 100) -> list[dict[str, Any]]:
    return db.alerts(country, metric, since, limit)


@router.get("/feeds", response_model=list[m.Feed], summary="Watched feeds and their progress")
def list_feeds(db: Db) -> list[dict[str, Any]]:
    return db.feeds()


@router.get("/status", response_model=m.Status, summary="Whether writes are enabled, and what is stored")
def status(request: Request, db: Db) -> dict[str, Any]:
    return {"read_only": request.app.state.token is None, "schema_version": request.app.state.schema_version,
            "counts": db.counts()}
