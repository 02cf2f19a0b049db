"""The schema's history as an ordered list of steps.  ``migrate`` applies the steps a database
has not seen yet, each in its own transaction, and records them in ``schema_version``.  To change
the schema, append a step (never edit one that has shipped) and a test that migrates to it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, inspect, select, update

from wirewatch.errors import StoreError
from wirewatch.store import schema, tables

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Backfills:
    """What migrating a store made before version 4 needs from the grouping feature, which the
    store layer does not import: ``wirewatch.group`` registers it (``register_backfills``) when
    it is imported, as every writing path does.  A fresh store needs none of it."""

    place_events: Callable[[Connection, Sequence[int]], None] | None = None  # merge into incidents
    sign_text: Callable[[str], tuple[bytes, int]] | None = None  # a body's signature (bytes, size)
    founding_group: Callable[[str | None, str], str] | None = None  # (url, content hash) -> group id


BACKFILLS = Backfills()
_Hook = TypeVar("_Hook", bound=Callable[..., object])


def register_backfills(place_events: Callable[[Connection, Sequence[int]], None],
                       sign_text: Callable[[str], tuple[bytes, int]],
                       founding_group: Callable[[str | None, str], str]) -> None:
    BACKFILLS.place_events, BACKFILLS.sign_text, BACKFILLS.founding_group = place_events, sign_text, founding_group


def _needed(hook: _Hook | None, what: str) -> _Hook:
    if hook is None:
        raise StoreError(f"this store was made before version 4: {what} needs wirewatch.group "
                         "(import it before opening the store)")
    return hook


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[
        schema.runs, schema.articles, schema.events, schema.rejections, schema.site_lines,
    ])


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema: runs, articles, events, rejections, site_lines", _v1_initial),
]


def current_version(engine: Engine | Connection) -> int:
    if not inspect(engine).has_table("schema_version"):
        return 0
    if isinstance(engine, Connection):
        return max(engine.execute(select(schema.schema_version.c.version)).scalars().all(), default=0)
    with engine.connect() as conn:
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine, transaction: Callable[[], AbstractContextManager[Connection]] | None = None) -> int:
    """Bring the database to the newest schema; return its version.  ``transaction`` gives
    transactions holding the store's writer lock: each step re-reads the version inside its
    own, so concurrent openers of a fresh store apply every step once."""
    begin = transaction or engine.begin
    newest = max(v for v, _, _ in MIGRATIONS)
    if current_version(engine) >= newest:  # the usual case: no lock needed to find nothing to do
        return newest
    with begin() as conn:
        schema.schema_version.create(conn, checkfirst=True)
    have = 0
    for version, what, step in MIGRATIONS:
        if version <= have:
            continue
        with begin() as conn:
            have = current_version(conn)
            if version <= have:
                continue
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=version, applied=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
        log.info("store migrated to version %d (%s)", version, what)
        have = version
    return have


def _v2_watch_alerts(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[tables.feeds, tables.feed_items, tables.alerts])
    # the API's event list filters by region and sorts newest first
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_admin1 ON events (country, admin1, event_date)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_date_id ON events (event_date, id)")


MIGRATIONS.append((2, "feeds, feed_items, alerts; event indexes for the API", _v2_watch_alerts))


def _v3_shard_marks(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.shard_marks])


MIGRATIONS.append((3, "shard_marks: completion markers of sharded runs", _v3_shard_marks))


def _v4_groups_incidents_history(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=tables.REGISTRY["group"])
    _v4_backfill(conn)


def _v4_backfill(conn: Connection) -> None:
    """Stores made before version 4 have events without incidents: place each one now, merging
    by the usual rules (their articles' ``group_id`` keeps one story's events apart)."""
    ids = conn.execute(select(schema.events.c.id).order_by(schema.events.c.id)).scalars().all()
    if ids:
        _needed(BACKFILLS.place_events, "merging its events into incidents")(conn, ids)


MIGRATIONS.append((4, "story_signatures, incidents, incident_members, merges, article/event history",
                   _v4_groups_incidents_history))


def _v5_story_backfill(conn: Connection) -> None:
    """Articles stored before version 4 have no signature and no group: sign each one and give
    it the group id it founds, so the grouper sees them and later copies join them."""
    a, story_signatures = schema.articles, tables.story_signatures
    signed = select(story_signatures.c.article_id)
    rows = conn.execute(select(a.c.id, a.c.content_hash, a.c.url, a.c.text, a.c.group_id)
                        .where(a.c.id.not_in(signed)).order_by(a.c.id)).all()
    if not rows:
        return
    sign = _needed(BACKFILLS.sign_text, "signing its articles")
    founding_group = _needed(BACKFILLS.founding_group, "grouping its articles")
    for row in rows:
        sig_bytes, size = sign(row.text)
        conn.execute(story_signatures.insert().values(article_id=row.id, content_hash=row.content_hash,
                                                      signature=sig_bytes, size=size))
        if not row.group_id:
            conn.execute(update(a).where(a.c.id == row.id).values(group_id=founding_group(row.url, row.content_hash)))


MIGRATIONS.append((5, "signatures and story groups for articles stored before version 4", _v5_story_backfill))


_EVENT_TEXT = "notes, location, actor1, actor2, admin1"


def _v6_event_text_index(conn: Connection) -> None:
    """SQLite: a trigram full-text index over the events' text fields, kept by triggers, so the
    API's text search finds a word (or finds nothing) without reading every event.  PostgreSQL
    needs none here: its planner and ILIKE serve the same queries."""
    if conn.dialect.name != "sqlite":
        return
    new = ", ".join(f"new.{c.strip()}" for c in _EVENT_TEXT.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in _EVENT_TEXT.split(","))
    for sql in (
        (f"CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5({_EVENT_TEXT}, content='events', "
         "content_rowid='id', tokenize='trigram')"),
        ("CREATE TRIGGER IF NOT EXISTS events_fts_ai AFTER INSERT ON events BEGIN "
         f"INSERT INTO events_fts(rowid, {_EVENT_TEXT}) VALUES (new.id, {new}); END"),
        ("CREATE TRIGGER IF NOT EXISTS events_fts_ad AFTER DELETE ON events BEGIN "
         f"INSERT INTO events_fts(events_fts, rowid, {_EVENT_TEXT}) VALUES ('delete', old.id, {old}); END"),
        ("CREATE TRIGGER IF NOT EXISTS events_fts_au AFTER UPDATE ON events BEGIN "
         f"INSERT INTO events_fts(events_fts, rowid, {_EVENT_TEXT}) VALUES ('delete', old.id, {old}); "
         f"INSERT INTO events_fts(rowid, {_EVENT_TEXT}) VALUES (new.id, {new}); END"),
        "INSERT INTO events_fts(events_fts) VALUES ('rebuild')",
    ):
        conn.exec_driver_sql(sql)


MIGRATIONS.append((6, "events_fts: trigram text index of events for the API (SQLite)", _v6_event_text_index))


def _v7_article_kind_uncoded(conn: Connection) -> None:
    """articles.page_kind and articles.uncoded (why an article was not coded).  A store created
    at version 1 from today's schema has them already; older stores get them added, their
    articles read as articles (coded ones have NULL ``uncoded``)."""
    have = {c["name"] for c in inspect(conn).get_columns("articles")}
    for name in ("page_kind", "uncoded"):
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN {name} TEXT")
    conn.exec_driver_sql("UPDATE articles SET page_kind = 'article' WHERE page_kind IS NULL")


MIGRATIONS.append((7, "articles.page_kind and articles.uncoded", _v7_article_kind_uncoded))


def _v8_feed_http_alert_deliveries(conn: Connection) -> None:
    """feed_http: each feed's ETag and Last-Modified, for the watcher's conditional GETs;
    alert_deliveries: which alert went out on which channel (webhook)."""
    schema.metadata.create_all(conn, tables=[tables.feed_http, tables.alert_deliveries])


MIGRATIONS.append((8, "feed_http (conditional GETs) and alert_deliveries (webhook)", _v8_feed_http_alert_deliveries))
