"""The grouping, merging and history tables (SQLAlchemy Core, on the store's one ``metadata``).

- ``story_signatures``: each article's MinHash signature, so the LSH index is rebuilt after a
  restart and grouping goes on incrementally;
- ``incidents``: one row per happening, the reconciled result of the events (one per story
  group) merged into it, with every reported value kept in ``reported``;
- ``incident_members``: which coded event belongs to which incident;
- ``merges``: every merge decision (why, with what score), undoable; an undone merge is kept,
  marked, and never redone automatically;
- ``article_history`` / ``event_history``: the previous values of a corrected report.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from wirewatch.store.schema import acled_columns, metadata

story_signatures = Table(
    "story_signatures", metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("similarity", Float),  # estimated Jaccard with the copy it joined, if any
    Column("matched", String(64)),  # content hash of that copy
)

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_key", String(40), nullable=False, unique=True),
    *acled_columns(),
    Column("fatalities", Integer, nullable=False),  # ACLED's rule: the most conservative report
    Column("fatalities_best", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("notes", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("n_reports", Integer, nullable=False),  # independent reports (story groups)
    Column("reported", JSON, nullable=False),  # every reported value, by field
    Index("ix_incidents_date", "event_date"),
    Index("ix_incidents_country", "country", "event_date"),
    Index("ix_incidents_type", "event_type"),
)

incident_members = Table(
    "incident_members", metadata,
    Column("event_id", Integer, ForeignKey("events.id"), primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Index("ix_incident_members_incident", "incident_id"),
)

merges = Table(
    "merges", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_key", String(40), nullable=False),
    Column("event_key", String(40), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("created", String(32), nullable=False),
    Column("undone", String(32)),
    Index("ix_merges_event", "event_key"),
    Index("ix_merges_incident", "incident_key"),
)

article_history = Table(
    "article_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("replaced", String(32), nullable=False),
    Column("run_id", Integer),
    Column("values", JSON, nullable=False),
    Index("ix_article_history_hash", "content_hash"),
    Index("ix_article_history_article", "article_id"),
)

event_history = Table(
    "event_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_key", String(40), nullable=False),
    Column("article_id", Integer, nullable=False),
    Column("change", String(16), nullable=False),  # "updated" or "removed"
    Column("replaced", String(32), nullable=False),
    Column("values", JSON, nullable=False),
    Index("ix_event_history_key", "event_key"),
)

TABLES = [story_signatures, incidents, incident_members, merges, article_history, event_history]
