"""The store: one writer, SQLite by default (a single file), PostgreSQL through a URL.

Pages are identified by their content hash, so re-running the same input stores nothing twice;
event ids (``event_key``) are derived from the article's hash and the event's position, so
they are the same on every run.

One writer at a time, even across processes: every write transaction (``Store.transaction``)
and the migrations hold the store's writer lock — an exclusive ``flock`` on ``<db>.lock``
beside a SQLite file, a transaction-level advisory lock on PostgreSQL — and reads what it
needs inside it.  Two runs on one store at once therefore store what one after the other does
(the second finds the first's pages already there), and a fresh store is migrated once."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.exc import SQLAlchemyError

from wirewatch.errors import StoreError
from wirewatch.records import Article, Rejection
from wirewatch.store import history, schema
from wirewatch.store.history import StoryRow, Written
from wirewatch.store.migrations import migrate
from wirewatch.store.tables import story_signatures

log = logging.getLogger(__name__)


def database_url(db: str, read_only: bool = False) -> str:
    if "://" in db:
        # a plain postgresql:// URL means psycopg2 to SQLAlchemy; wirewatch ships psycopg 3
        scheme, rest = db.split("://", 1)
        return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else db
    path = Path(db).expanduser().resolve()
    return f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _no_nul(value: Any) -> Any:
    """``value`` without NUL characters, which PostgreSQL text and JSON refuse (and SQLite would
    keep): pages sometimes carry them, and both engines must store the same thing."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _no_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    return value


def event_key(content_hash: str, ordinal: int) -> str:
    return hashlib.sha1(f"{content_hash}:{ordinal}".encode()).hexdigest()


WRITER_LOCK_KEY = 0x77697265  # PostgreSQL advisory lock id of the store's writer ("wire")


class WriterLock:
    """The store's writer lock (see the module).  Re-entrant within a thread; ``flock`` on a
    file opened per acquisition, so threads of one process exclude each other too."""

    def __init__(self, engine: Engine, db: str) -> None:
        self.engine = engine
        self.path = (Path(db).expanduser().resolve().with_name(Path(db).name + ".lock")
                     if engine.dialect.name == "sqlite" and "://" not in db else None)
        self._held = threading.local()

    @contextmanager
    def held(self, conn: Connection | None = None) -> Iterator[None]:
        """Hold the lock: on PostgreSQL inside ``conn``'s transaction (released at its end)."""
        depth = getattr(self._held, "depth", 0)
        if depth:
            self._held.depth = depth + 1
            try:
                yield
            finally:
                self._held.depth = depth
            return
        if self.engine.dialect.name == "postgresql" and conn is not None:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
        self._held.depth = 1
        try:
            if self.path is not None:
                with self._flock():
                    yield
            else:
                yield
        finally:
            self._held.depth = 0

    @contextmanager
    def _flock(self) -> Iterator[None]:
        import fcntl

        assert self.path is not None
        with open(self.path, "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _engine(url: str, read_only: bool) -> Engine:
    """SQLite is opened with mode=ro when read-only; PostgreSQL sessions are made read-only here,
    so no bug in a reader (the API's read endpoints) can change the data."""
    if read_only and url.startswith("postgresql"):
        return create_engine(url, future=True, pool_pre_ping=True,
                             connect_args={"options": "-c default_transaction_read_only=on"})
    return create_engine(url, future=True)


class Store:
    def __init__(self, db: str = "wirewatch.db", read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        try:
            self.engine: Engine = _engine(database_url(db, read_only), read_only)
            self.lock = WriterLock(self.engine, db)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
                if not read_only:
                    # under the writer lock: two processes switching a fresh file to WAL at once
                    # make SQLite answer "database is locked" at once, without waiting
                    with self.lock.held(), self.engine.connect() as conn:
                        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            self.version = migrate(self.engine, self.transaction) if not read_only else -1
        except SQLAlchemyError as exc:
            raise StoreError(f"{db}: cannot open the store: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction holding the writer lock (nested calls in one thread share it)."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as conn, self.lock.held(conn):
                yield conn
        else:  # the file lock first: the transaction's first read then sees the last writer's commit
            with self.lock.held(), self.engine.begin() as conn:
                yield conn

    # -- runs -------------------------------------------------------------------------------
    def begin_run(self, inputs: list[str]) -> int:
        with self.transaction() as conn:
            res = conn.execute(insert(schema.runs).values(started=_now(), inputs=inputs))
            return int(res.inserted_primary_key[0])  # type: ignore[index]

    def finish_run(self, run_id: int, stats: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(schema.runs.update().where(schema.runs.c.id == run_id)
                         .values(finished=_now(), stats=dict(stats)))

    # -- writing ----------------------------------------------------------------------------
    # The store persists what it is given.  Deciding an article's story group, dropping a
    # syndicated copy's events and merging events into incidents are the layers above
    # (``wirewatch.sink``, ``wirewatch.group``), done in the same transaction.
    def seen_before(self, conn: Connection, content_hash: str) -> bool:
        """Whether this very page version is stored, now or in the correction history."""
        return history.seen_before(conn, content_hash)

    def write_article(self, conn: Connection, article: Article, run_id: int | None,
                      story: StoryRow) -> Written:
        """Store ``article`` (with its group and events as given) and its story signature inside
        the caller's transaction.  A new version of a stored URL is a correction: the stored
        article and its events are updated in place, previous values kept in the history tables."""
        if article.url:
            old = conn.execute(select(schema.articles).where(schema.articles.c.url == article.url)
                               .order_by(schema.articles.c.id).limit(1)).mappings().first()
            if old is not None:  # same URL, changed content: a corrected report
                keys = _keys(conn, old["id"])
                rows = [_no_nul(_event_row(article, old["id"], i, keys.get(i))) for i in range(len(article.events))]
                return history.apply_correction(conn, old, _no_nul(_article_row(article)), rows, story, run_id)
        article_id = conn.execute(insert(schema.articles).values(
            **_no_nul(_article_row(article)), first_run=run_id)).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(insert(story_signatures).values(
            article_id=article_id, content_hash=article.content_hash, signature=story.signature, size=story.size,
            similarity=story.similarity, matched=story.matched))
        rows = [_no_nul(_event_row(article, article_id, i)) for i in range(len(article.events))]
        if not rows:
            return Written(True, 0)
        conn.execute(insert(schema.events), rows)
        ids = conn.execute(select(schema.events.c.id).where(schema.events.c.article_id == article_id)
                           .order_by(schema.events.c.ordinal)).scalars().all()
        return Written(True, len(rows), [int(i) for i in ids])

    def add_rejection(self, rejection: Rejection, run_id: int | None = None) -> None:
        with self.transaction() as conn:
            self.write_rejection(conn, rejection, run_id)

    def write_rejection(self, conn: Connection, rejection: Rejection, run_id: int | None = None) -> None:
        r = schema.rejections
        seen = conn.execute(select(r.c.id).where(  # re-running the same input adds nothing
            r.c.source == rejection.source, r.c.stage == rejection.stage, r.c.reason == rejection.reason,
            r.c.detail == _no_nul(rejection.detail)).limit(1)).first()
        if seen is not None:
            return
        conn.execute(insert(schema.rejections).values(
            run_id=run_id, source=rejection.source, stage=rejection.stage,
            reason=rejection.reason, detail=_no_nul(rejection.detail)))

    # -- shard markers (sharded, resumable runs) -------------------------------------------
    def shard_marked(self, conn: Connection, key: str) -> bool:
        """Whether the shard ``key`` is stored and marked, inside the caller's transaction."""
        m = schema.shard_marks
        return conn.execute(select(m.c.key).where(m.c.key == key)).first() is not None

    def mark_shard(self, conn: Connection, mark: Mapping[str, Any]) -> None:
        """Mark a shard stored, in the transaction that stored its records."""
        conn.execute(insert(schema.shard_marks).values(**mark))

    def mark_shard_alone(self, mark: Mapping[str, Any]) -> None:
        """Mark a shard whose records were stored one by one (once, whoever got there first)."""
        try:
            with self.transaction() as conn:
                if not self.shard_marked(conn, mark["key"]):
                    self.mark_shard(conn, mark)
        except SQLAlchemyError as exc:
            raise StoreError(f"{mark['label']}: cannot mark the shard as stored: {exc}") from exc

    # -- site memory ------------------------------------------------------------------------
    def site_lines(self) -> dict[str, set[str]]:
        with self.engine.connect() as conn:
            return _site_lines(conn)

    def save_site_lines(self, lines: Mapping[str, set[str]]) -> int:
        with self.transaction() as conn:  # read and write under the lock: a concurrent run saves too
            have = _site_lines(conn)
            rows = [{"site": s, "line_key": k} for s, keys in lines.items() for k in sorted(keys)
                    if k not in have.get(s, set())]
            if rows:
                conn.execute(insert(schema.site_lines), rows)
        return len(rows)

    # -- reading ----------------------------------------------------------------------------
    def shard_keys(self) -> set[str]:
        """Keys of the shards stored and marked by any earlier sharded run."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(schema.shard_marks.c.key)).scalars())

    def article_id(self, content_hash: str) -> int | None:
        """The id of the stored article with this content hash, if any."""
        with self.engine.connect() as conn:
            found = conn.execute(select(schema.articles.c.id)
                                 .where(schema.articles.c.content_hash == content_hash)).scalar()
        return int(found) if found is not None else None

    def story_signatures(self) -> Iterator[tuple[str, str | None, str, bytes, int]]:
        """Every stored article's (content hash, URL, group id, signature, signature size), in
        storage order: what the story grouper is rebuilt from after a restart."""
        a, sig = schema.articles, story_signatures
        query = (select(a.c.content_hash, a.c.url, a.c.group_id, sig.c.signature, sig.c.size)
                 .join(sig, sig.c.article_id == a.c.id).order_by(a.c.id))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield row.content_hash, row.url, row.group_id or "", row.signature, row.size

    def iter_events(self) -> Iterator[dict[str, Any]]:
        e, a = schema.events, schema.articles
        query = (select(e, a.c.source, a.c.url, a.c.title, a.c.site, a.c.published)
                 .join(a, a.c.id == e.c.article_id)
                 .order_by(e.c.event_date.asc().nulls_first(), e.c.id))  # PostgreSQL's default is last
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield dict(row._mapping)

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(schema.articles).order_by(schema.articles.c.id)):
                yield dict(row._mapping)

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        out = {}
        with self.engine.connect() as conn:
            for name in ("articles", "events", "rejections", "runs"):
                table = schema.metadata.tables[name]
                out[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        return out


def _site_lines(conn: Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for site, key in conn.execute(select(schema.site_lines.c.site, schema.site_lines.c.line_key)):
        out.setdefault(site, set()).add(key)
    return out


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "content_hash": article.content_hash, "source": article.source, "url": article.url,
        "kind": article.kind, "title": article.title, "published": article.published,
        "updated": article.updated, "agency": article.agency, "dateline": article.dateline,
        "byline": article.byline, "site": article.site, "language": article.language,
        "text": article.text, "provenance": article.provenance,
        "figures": [asdict(f) for f in article.figures],
        "statements": [asdict(s) for s in article.statements],
        "places": [asdict(p) for p in article.places], "group_id": article.group_id,
        "page_kind": article.page_kind, "uncoded": article.uncoded,
    }


def _event_row(article: Article, article_id: int, ordinal: int, key: str | None = None) -> dict[str, Any]:
    # the coder's derived codes (time precision, interaction) have no column: export derives them
    ev = {k: v for k, v in article.events[ordinal].to_dict().items() if k in schema.events.c}
    ev["evidence"] = {k: [dict(s) for s in v] for k, v in ev["evidence"].items()}
    return {**ev, "event_key": key or event_key(article.content_hash, ordinal),
            "article_id": article_id, "ordinal": ordinal}


def _keys(conn: Connection, article_id: int) -> dict[int, str]:
    """A stored article's event keys by position: a corrected report keeps its events' ids."""
    e = schema.events
    return dict(conn.execute(select(e.c.ordinal, e.c.event_key).where(e.c.article_id == article_id)).all())
