"""The feature tables, declared in the bottom layer beside the core schema (``schema.py``) on its
one ``metadata``: the store creates, migrates and queries them, and the features use them
through it (``group.tables``, ``watch.tables``, ``alerts.tables`` re-export them).  ``REGISTRY``
lists each feature's tables by name; the migrations create a feature's tables from it.

Grouping, merging and history (``wirewatch.group``):

- ``story_signatures``: each article's MinHash signature, so the LSH index is rebuilt after a
  restart and grouping goes on incrementally;
- ``incidents``: one row per happening, the reconciled result of the events (one per story
  group) merged into it, with every reported value kept in ``reported``;
- ``incident_members``: which coded event belongs to which incident;
- ``merges``: every merge decision (why, with what score), undoable; an undone merge is kept,
  marked, and never redone automatically;
- ``article_history`` / ``event_history``: the previous values of a corrected report.

Watching feeds (``wirewatch.watch``): ``feeds`` an operator follows and every item seen in them
(``feed_items``).  An item is written ``pending`` the moment it is first seen and only marked
``done`` (or ``rejected``) after its page went through the pipeline and the store, in that
order, so a restart at any point neither loses an item nor repeats one; ``feed_http`` keeps
each feed's HTTP validators for conditional GETs.

Alerts (``wirewatch.alerts``): one row per region, day and metric that spiked, with the numbers
that made it a spike and the ids of the events counted that day; ``alert_deliveries``: which
alert went out on which channel, so each is delivered once.
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
    UniqueConstraint,
)

from wirewatch.store.schema import acled_columns, metadata

# -- group: stories, incidents, merges, corrections ------------------------------------------
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


# -- watch: feeds and their items ---------------------------------------------------------
feeds = Table(
    "feeds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("added", String(32), nullable=False),
    Column("every_s", Float),  # poll interval wished for this feed; None = the watcher's default
    Column("last_polled", String(32)),
    Column("last_ok", String(32)),
    Column("last_error", Text),
    Column("errors", Integer, nullable=False, default=0),  # consecutive failed polls
    Column("active", Integer, nullable=False, default=1),
)

feed_items = Table(
    "feed_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", Integer, ForeignKey("feeds.id"), nullable=False),
    Column("item_key", String(64), nullable=False),  # sha1 of the entry id, or of its link
    Column("link", Text, nullable=False),
    Column("title", Text),
    Column("published", String(32)),
    Column("state", String(16), nullable=False),  # pending | done | rejected | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("first_seen", String(32), nullable=False),
    Column("finished", String(32)),
    Column("reason", String(64)),
    Column("detail", Text),
    Column("article_hash", String(64)),
    UniqueConstraint("feed_id", "item_key"),
    Index("ix_feed_items_state", "state"),
)

# each feed's HTTP validators, sent back on the next poll (a conditional GET: 304 when unchanged)
feed_http = Table(
    "feed_http", metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id"), primary_key=True),
    Column("etag", Text),
    Column("last_modified", String(64)),
)


# -- alerts ------------------------------------------------------------------------------------
alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("level", String(8), nullable=False),  # country | admin1
    Column("country", String(128), nullable=False),
    Column("admin1", String(128), nullable=False, default=""),  # "" for country-level alerts
    Column("day", String(10), nullable=False),
    Column("metric", String(16), nullable=False),  # events | fatalities
    Column("observed", Integer, nullable=False),
    Column("baseline_median", Float, nullable=False),
    Column("baseline_scale", Float, nullable=False),
    Column("baseline_days", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("method", String(64), nullable=False),
    Column("created", String(32), nullable=False),
    Column("event_ids", JSON, nullable=False),
    UniqueConstraint("level", "country", "admin1", "day", "metric"),
    Index("ix_alerts_day", "day"),
)

# which alert went out on which channel, so each is delivered once (a failed delivery is retried)
alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("alert_id", Integer, primary_key=True),
    Column("channel", String(16), primary_key=True),  # webhook
    Column("delivered", String(32), nullable=False),
)


GROUP_TABLES = [story_signatures, incidents, incident_members, merges, article_history, event_history]
WATCH_TABLES = [feeds, feed_items, feed_http]
ALERT_TABLES = [alerts, alert_deliveries]

# each feature's tables, by name: what a feature stores is declared here, and nowhere above the store
REGISTRY: dict[str, list[Table]] = {"group": GROUP_TABLES, "watch": WATCH_TABLES, "alerts": ALERT_TABLES}
