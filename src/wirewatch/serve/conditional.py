"""Conditional GETs on the read API: every answer carries an ``ETag`` and ``Last-Modified`` made
from the store's state and the request's URL, and a client that sends them back gets ``304 Not
Modified`` without the query running again.

The store's state is, on SQLite, the size and modification time of the database file and its
write-ahead log (any commit changes one of them); on PostgreSQL, the row counts and highest ids
of the tables the API reads, taken at most once a second.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import threading
import time
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from wirewatch.serve.limits import ASGIApp, Receive, Scope, Send
from wirewatch.store.reads import Reader

# answers that change with more than the store (progress of a running watcher) are not cached
UNCACHED = ("/api/feeds", "/api/status")
_TABLES = ("articles", "events", "incidents", "merges", "alerts", "event_history", "incident_members")


class StoreState:
    """A cheap fingerprint of the store's content and the time it last changed."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._path = reader.sqlite_path
        self._lock = threading.Lock()
        self._cached: tuple[float, str, float] | None = None  # taken at, fingerprint, changed at
        self._first_seen: dict[str, float] = {}

    def now(self) -> tuple[str, float]:
        if self._path is not None:
            return self._sqlite()
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > 1.0:
                fingerprint = self._counts()
                changed = self._first_seen.setdefault(fingerprint, time.time())
                if len(self._first_seen) > 1000:
                    self._first_seen = {fingerprint: changed}
                self._cached = (time.monotonic(), fingerprint, changed)
            return self._cached[1], self._cached[2]

    def _sqlite(self) -> tuple[str, float]:
        assert self._path is not None
        parts, newest = [], 0.0
        for path in (self._path, self._path + "-wal"):
            try:
                st = os.stat(path)
            except OSError:
                continue
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
            newest = max(newest, st.st_mtime)
        return "|".join(parts), newest

    def _counts(self) -> str:
        try:
            return self.reader.fingerprint(_TABLES)
        except SQLAlchemyError:
            return f"unreadable:{time.time()}"  # never 304 on a store that cannot be read


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _not_modified(scope: Scope, etag: str, changed: float) -> bool:
    tags = _header(scope, b"if-none-match")
    if tags is not None:  # the validator that wins when both are sent (RFC 9110 13.2.2)
        return any(t.strip() in (etag, "*", etag.removeprefix("W/")) for t in tags.split(","))
    since = _header(scope, b"if-modified-since")
    if since is None:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False
    return int(changed) <= when


class Conditional:
    """ASGI middleware: ETag/Last-Modified on successful GETs of /api/, 304 when they match."""

    def __init__(self, app: ASGIApp, state: StoreState) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not path.startswith("/api/") \
                or path.startswith(UNCACHED):
            await self.app(scope, receive, send)
            return
        fingerprint, changed = self.state.now()
        url = path + "?" + bytes(scope.get("query_string") or b"").decode("latin-1")
        etag = 'W/"' + hashlib.sha256(f"{fingerprint}\n{url}".encode()).hexdigest()[:24] + '"'
        stamp = email.utils.formatdate(changed, usegmt=True)
        validators = [(b"etag", etag.encode()), (b"last-modified", stamp.encode()),
                      (b"cache-control", b"no-cache")]
        if _not_modified(scope, etag, changed):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_validators(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message["headers"] = [*message.get("headers", []), *validators]
            await send(message)

        await self.app(scope, receive, with_validators)
