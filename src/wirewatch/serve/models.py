"""The API's response and request bodies (they are also its OpenAPI description)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class EventSummary(BaseModel):
    id: int
    event_key: str
    event_date: str | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    confidence: float
    notes: str
    article_id: int
    title: str | None
    url: str | None
    site: str | None


class EventPage(BaseModel):
    total: int = Field(description="matching events, counted up to 1,000")
    total_exact: bool = Field(description="false when there are more than `total`")
    limit: int
    offset: int
    items: list[EventSummary]


class GeoFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


class GeoFeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    total: int
    features: list[GeoFeature]


class Points(BaseModel):
    """Every matching incident (or report, ``level=reports``) as a compact row, for the map and
    the timeline: ``fields`` names the columns of each row."""

    total: int
    truncated: bool
    fields: list[str]
    rows: list[list[Any]]


class SpanOut(BaseModel):
    field: str
    start: int
    end: int
    text: str
    located: bool = Field(description="whether the span was found in the article text")


class Sentence(BaseModel):
    start: int
    end: int
    text: str
    fields: list[str]


class Source(BaseModel):
    article_id: int
    title: str | None
    url: str | None
    site: str | None
    published: str | None
    agency: str | None
    role: Literal["coded", "same story", "merged report"]


class EventDetail(EventSummary):
    assoc_actor_1: str | None
    assoc_actor_2: str | None
    inter1: int | None
    inter2: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    geonameid: int | None
    evidence: list[SpanOut]
    sentences: list[Sentence]
    sources: list[Source]
    merge_history: list[dict[str, Any]]
    incident_id: int | None = Field(None, description="the incident (map dot, export row) the report belongs to")


class Highlight(BaseModel):
    start: int
    end: int
    field: str
    event_id: int


class ArticleSummary(BaseModel):
    id: int
    title: str | None
    url: str | None
    site: str | None
    published: str | None
    agency: str | None
    language: str | None
    events: int


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    source: str
    dateline: str | None
    byline: str | None
    text: str
    highlights: list[Highlight]
    event_ids: list[int]


class NameCount(BaseModel):
    name: str
    events: int
    fatalities: int


class PlaceCount(BaseModel):
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    events: int
    fatalities: int


class SeriesPoint(BaseModel):
    date: str
    events: int
    fatalities: int


class Series(BaseModel):
    key: str
    events: int
    fatalities: int
    points: list[SeriesPoint]


class TimeSeries(BaseModel):
    group_by: str
    interval: str
    series: list[Series]


class TypeFacet(BaseModel):
    name: str
    events: int
    sub_types: list[str]


class Facets(BaseModel):
    events: int = Field(description="reports: coded events, one per story that reported them")
    incidents: int = Field(description="happenings: the reports merged across sources (the export's rows)")
    articles: int
    first_date: str | None
    last_date: str | None
    countries: list[NameCount]
    admin1: list[NameCount]
    event_types: list[TypeFacet]


class AlertEvent(BaseModel):
    id: int
    event_date: str | None
    event_type: str
    location: str | None
    fatalities: int


class Alert(BaseModel):
    id: int
    level: str
    country: str
    admin1: str
    day: str
    metric: str
    observed: int
    baseline_median: float
    baseline_scale: float
    baseline_days: int
    score: float
    method: str
    created: str
    events: list[AlertEvent]


class Feed(BaseModel):
    id: int
    url: str
    added: str
    every_s: float | None
    last_polled: str | None
    last_ok: str | None
    last_error: str | None
    errors: int
    active: bool
    items_done: int
    items_pending: int


class Status(BaseModel):
    read_only: bool
    schema_version: int
    counts: dict[str, int]


class PageIn(BaseModel):
    """A page to process: a URL to fetch, or the page itself (HTML or plain text)."""

    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(default=None, max_length=2048)
    html: str | None = None
    text: str | None = None
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=40)


class PageResult(BaseModel):
    stored: bool
    new: bool
    article_id: int | None
    events: int
    rejection: dict[str, str] | None


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=2048)
    every_s: float | None = Field(default=None, ge=60, le=86400 * 7)


class MergeUndone(BaseModel):
    merge_id: int
    incident_key: str = Field(description="the incident the event now forms on its own")


class Problem(BaseModel):
    detail: str


class IncidentPage(BaseModel):
    """A page of incidents in ACLED's row shape (ACLED's columns, then ``wirewatch_id`` and
    ``source_urls``), the rows ``wirewatch export --format acled-csv`` writes."""

    count: int = Field(description="rows in this page")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page (keyset cursor), null on the last one")
    fields: list[str] = Field(description="the columns of each row")
    data: list[dict[str, Any]]
