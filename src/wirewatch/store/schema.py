"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Text taken from pages (sites, datelines, places) is ``Text``, never a sized ``String``: SQLite
ignores a VARCHAR's length but PostgreSQL refuses longer values, and the two must store the same."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied", String(32), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("inputs", JSON, nullable=False),
    Column("stats", JSON),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("kind", String(8), nullable=False),
    Column("title", Text),
    Column("published", String(32)),
    Column("updated", String(32)),
    Column("agency", Text),
    Column("dateline", Text),
    Column("byline", Text),
    Column("site", Text),
    Column("language", Text),
    Column("text", Text, nullable=False),
    Column("provenance", JSON, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("statements", JSON, nullable=False),
    Column("places", JSON, nullable=False),
    Column("group_id", String(64)),
    Column("first_run", Integer, ForeignKey("runs.id")),
    Column("page_kind", Text),  # article, listing, home, wiki, video (migration 7)
    Column("uncoded", Text),  # why the coder did not code it ("language:sw"), NULL if coded
    Index("ix_articles_url", "url"),
    Index("ix_articles_group", "group_id"),
)


def acled_columns() -> list[Column[Any]]:
    """ACLED's event fields, from the date to the place, shared by ``events`` and ``incidents``
    (fresh Column objects each call: a Column belongs to one table).  Page-derived values are
    Text, not sized strings: PostgreSQL enforces a VARCHAR's length."""
    return [
        Column("event_date", String(10)),
        Column("event_type", String(64), nullable=False),
        Column("sub_event_type", String(64), nullable=False),
        Column("actor1", Text),
        Column("assoc_actor_1", Text),
        Column("inter1", Integer),
        Column("actor2", Text),
        Column("assoc_actor_2", Text),
        Column("inter2", Integer),
        Column("country", Text),
        Column("admin1", Text),
        Column("admin2", Text),
        Column("location", Text),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("geo_precision", Integer),
        Column("geonameid", Integer),
    ]


events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_key", String(40), nullable=False, unique=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    *acled_columns(),
    Column("fatalities", Integer, nullable=False),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("notes", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    UniqueConstraint("article_id", "ordinal"),
    Index("ix_events_date", "event_date"),
    Index("ix_events_country", "country", "event_date"),
    Index("ix_events_type", "event_type"),
)

rejections = Table(
    "rejections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("source", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False),
)

site_lines = Table(
    "site_lines", metadata,
    Column("site", Text, primary_key=True),
    Column("line_key", String(32), primary_key=True),
)

# completion markers of sharded runs (``wirewatch.shards``): a store-level fact, kept here so the
# store's schema and migrations import nothing above the store
shard_marks = Table(
    "shard_marks", metadata,
    Column("key", String(40), primary_key=True),
    Column("label", Text, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("run_id", Integer),
    Column("stats", JSON, nullable=False),
)
