"""The records that cross each stage boundary.

ingest -> ``Page`` -> article -> ``Article`` -> group -> (``Article`` with ``group_id``)
-> code -> ``Article`` with ``events``/``figures``/``statements`` -> place (fills event places)
-> store.  A stage that refuses a record emits a ``Rejection`` in its place; rejections flow
through the remaining stages untouched so the sink can count and report them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PageKind = Literal["html", "text"]


@dataclass(slots=True)
class Page:
    """One raw page as read by an ingest reader, before any interpretation."""

    source: str  # the path, URL or archive locator as read (``file.warc.gz#record-3``)
    content: bytes
    url: str | None = None  # the page's own URL when known (WARC target, JSONL field)
    kind: PageKind | None = None  # a reader's hint; content sniffing decides when None
    text: str | None = None  # already-decoded text (JSONL ``text`` field, WET record)
    fetched: str | None = None  # ISO time the page was captured, when known
    site_hint: str | None = None  # a site key known to the reader (URL host)
    # keys (``article.site_memory.line_key``) of this page's lines known to be its site's
    # boilerplate; set by the site-memory stage, read by the text-dump cleaner
    boilerplate: frozenset[str] = frozenset()
    # the line keys known as this page's site's chrome, set where site memory is learned (the
    # main process) so the worker marks the page (``boilerplate``) itself; None: nothing known
    site_lines: frozenset[str] | None = None
    # publication dates the input carried beside the page, most trusted first, as
    # (origin, ISO date): ("jsonl", ...) a JSON Lines row's ``published``, ("url", ...) a date in
    # the URL path, ("feed", ...) the feed item's pubDate.  The article stage falls back on them,
    # in that order, when the page itself declares no date.
    date_hints: tuple[tuple[str, str], ...] = ()

    @property
    def content_hash(self) -> str:
        data = self.content if self.content else (self.text or "").encode("utf-8")
        return hashlib.sha256(data).hexdigest()


@dataclass(slots=True, frozen=True)
class Rejection:
    """A record a stage refused, with the reason (a short code) and a human-readable detail."""

    source: str
    stage: str
    reason: str
    detail: str = ""

    def message(self) -> str:
        tail = f": {self.detail}" if self.detail else ""
        return f"{self.source}: rejected by {self.stage} ({self.reason}){tail}"


@dataclass(slots=True, frozen=True)
class Span:
    """A character span of ``Article.text`` (or of the coded document text) and its text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Place:
    """A resolved (or unresolved) place mention."""

    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # GeoNames feature class.code, or "country"/"area"
    role: str | None = None  # "dateline" when the mention is the story's dateline


@dataclass(slots=True)
class Figure:
    """A quantity reported as background (troop numbers, aggregate deaths, displaced people)."""

    quantity: int | None
    quantity_text: str
    unit: str
    qualifier: str | None
    span: Span
    when: str | None = None


@dataclass(slots=True)
class Statement:
    """A reported statement: who said it, when, through which channel, and the quote."""

    speaker: str
    date: str | None
    channel: str | None
    quote: str | None
    span: Span


@dataclass(slots=True)
class Event:
    """One discrete event in ACLED's taxonomy, with the evidence behind each field."""

    event_date: str | None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    notes: str = ""
    confidence: float = 0.5
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    # ACLED's derived codes, set by the coder: 1 a stated day, 2 a span of days or a week, 3 no
    # date in the text (the publication day stands in); the joined inter codes; civilian targeting
    time_precision: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    """A page reduced to its article: metadata, body text and, after coding, its events."""

    source: str
    content_hash: str
    kind: PageKind
    text: str  # body paragraphs joined by blank lines
    url: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    agency: str | None = None
    dateline: str | None = None
    byline: str | None = None
    site: str | None = None
    language: str | None = None
    # where each metadata value came from ("meta:og:title", "line:Published", "htmldate", ...)
    provenance: dict[str, str] = field(default_factory=dict)
    group_id: str | None = None
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    # "article", "listing", "home", "wiki" or "video" (wirewatch.article.page_kind): only an
    # article has a publication date and is coded
    page_kind: str = "article"
    # why the coder did not code this article ("page_kind:home", "language:sw"), None if coded
    uncoded: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def extract_record(self) -> dict[str, Any]:
        """The ``wirewatch extract`` output object."""
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "agency": self.agency,
            "dateline": self.dateline,
            "byline": self.byline,
            "site": self.site,
            "language": self.language,
            "page_kind": self.page_kind,
            "text": self.text,
            "provenance": self.provenance,
        }


Record = Page | Article | Rejection
