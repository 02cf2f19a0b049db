"""The watcher's feeds and items in the store (``feeds``, ``feed_items``, ``feed_http``): the SQL
behind ``wirewatch.watch.watcher``, which decides what to poll and fetch and never queries the
store itself.

Every write holds the store's writer lock (``Store.transaction``), like every other write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from wirewatch.store.store import Store
from wirewatch.store.tables import feed_http, feed_items, feeds


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Feeds:
    """The feed list, each feed's poll record and HTTP validators, and the items seen in them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- the feed list ----------------------------------------------------------------------
    def add(self, url: str, every_s: float | None) -> int:
        """The feed's id; re-adding a removed feed reactivates it with its seen items intact."""
        with self.store.transaction() as conn:
            found = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).scalar()
            if found is not None:
                conn.execute(update(feeds).where(feeds.c.id == found).values(active=1, every_s=every_s))
                return int(found)
            res = conn.execute(insert(feeds).values(url=url, added=_now(), every_s=every_s, errors=0, active=1))
            return int(res.inserted_primary_key[0])  # type: ignore[index]

    def deactivate(self, feed_id: int) -> bool:
        """Stop polling a feed (its seen items are kept); whether it was active."""
        with self.store.transaction() as conn:
            res = conn.execute(update(feeds).where(feeds.c.id == feed_id, feeds.c.active == 1).values(active=0))
        return bool(res.rowcount)

    def active(self) -> list[tuple[int, str]]:
        with self.store.engine.connect() as conn:
            return [(int(i), u) for i, u in conn.execute(
                select(feeds.c.id, feeds.c.url).where(feeds.c.active == 1).order_by(feeds.c.id))]

    def schedule(self) -> list[tuple[int, str, float | None, str | None, int]]:
        """Each active feed's (id, url, own interval, last poll, failures in a row)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(feeds.c.id, feeds.c.url, feeds.c.every_s, feeds.c.last_polled, feeds.c.errors)
                                .where(feeds.c.active == 1).order_by(feeds.c.id)).all()
        return [(int(i), str(u), every, last, int(errors or 0)) for i, u, every, last, errors in rows]

    # -- polls ------------------------------------------------------------------------------
    def validators(self, feed_id: int) -> tuple[str | None, str | None]:
        """The feed's ETag and Last-Modified from its last full answer (None, None: none kept)."""
        with self.store.engine.connect() as conn:
            known = conn.execute(select(feed_http.c.etag, feed_http.c.last_modified)
                                 .where(feed_http.c.feed_id == feed_id)).first()
        return (known[0], known[1]) if known else (None, None)

    def polled_ok(self, feed_id: int, validators: tuple[str | None, str | None] | None) -> None:
        """Record a good poll; ``validators`` (ETag, Last-Modified) of a full answer replace the
        kept ones (None: a 304, the kept ones stay)."""
        with self.store.transaction() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(
                last_polled=_now(), last_ok=_now(), last_error=None, errors=0))
            if validators is not None:
                etag, last_modified = validators
                conn.execute(delete(feed_http).where(feed_http.c.feed_id == feed_id))
                if etag or last_modified:
                    conn.execute(insert(feed_http).values(feed_id=feed_id, etag=etag,
                                                          last_modified=(last_modified or "")[:64] or None))

    def polled_badly(self, feed_id: int, why: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed_id).values(
                last_polled=_now(), last_error=why[:2000], errors=feeds.c.errors + 1))

    # -- items ------------------------------------------------------------------------------
    def record_items(self, feed_id: int, rows: list[dict[str, Any]]) -> int:
        """Insert the items not seen before as pending; return how many were new."""
        if not rows:
            return 0
        with self.store.transaction() as conn:
            seen = set(conn.execute(select(feed_items.c.item_key).where(
                feed_items.c.feed_id == feed_id,
                feed_items.c.item_key.in_([r["item_key"] for r in rows]))).scalars())
            fresh = {r["item_key"]: r for r in rows if r["item_key"] not in seen}
            if fresh:
                now = _now()
                conn.execute(insert(feed_items), [{**r, "state": "pending", "attempts": 0, "first_seen": now}
                                                  for r in fresh.values()])
        return len(fresh)

    def pending(self, limit: int) -> list[tuple[int, str, int, str | None]]:
        """Up to ``limit`` pending items of active feeds, oldest first: (id, link, attempts, published)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(feed_items.c.id, feed_items.c.link, feed_items.c.attempts, feed_items.c.published)
                .join(feeds, feeds.c.id == feed_items.c.feed_id)
                .where(feed_items.c.state == "pending", feeds.c.active == 1)
                .order_by(feed_items.c.id).limit(limit)).all()
        return [(int(i), str(link), int(attempts), published) for i, link, attempts, published in rows]

    def retry(self, item_id: int, attempts: int, state: str, reason: str, detail: str) -> None:
        """An item that failed transiently: tried once more, pending again or finally failed."""
        with self.store.transaction() as conn:
            conn.execute(update(feed_items).where(feed_items.c.id == item_id).values(
                attempts=attempts + 1, state=state, reason=reason, detail=detail[:2000],
                finished=_now() if state == "failed" else None))

    def finish(self, item_id: int, state: str, reason: str | None, detail: str | None,
               content_hash: str | None) -> None:
        with self.store.transaction() as conn:
            conn.execute(update(feed_items).where(feed_items.c.id == item_id).values(
                state=state, reason=reason, detail=(detail or "")[:2000] or None, finished=_now(),
                article_hash=content_hash, attempts=feed_items.c.attempts + 1))

    def item_states(self) -> dict[str, int]:
        with self.store.engine.connect() as conn:
            return {s: int(n) for s, n in conn.execute(
                select(feed_items.c.state, func.count()).group_by(feed_items.c.state))}
