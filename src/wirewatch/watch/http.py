"""The watcher's one HTTP client: a single ``httpx.Client`` reused for every feed and page of a
watcher (connections kept alive per site), conditional GETs for feeds, and the same fetch as
every other path (``ingest.urls.follow``: scheme and private-address checks on each hop, the
size limit)."""

from __future__ import annotations

import threading

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import Fetched, follow, new_client, page_of
from wirewatch.records import Page, Rejection

__all__ = ["Fetched", "WatchClient"]


class WatchClient:
    """Thread-safe enough for the watcher: one request at a time (the lock), one pool."""

    def __init__(self, timeout_s: float, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self._client = new_client(timeout_s, allow_private)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, max_bytes: int, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET with ``etag``/``last_modified`` sent as If-None-Match/If-Modified-Since; a 304
        answer comes back with an empty body."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        with self._lock:
            return follow(self._client, url, max_bytes, self.allow_private, headers)

    def page(self, url: str, max_bytes: int) -> Page | Rejection:
        """A page to process, or the rejection naming why not (as ``ingest.urls.page_from_url``)."""
        try:
            data = self.get(url, max_bytes).body
        except FetchError as exc:
            return Rejection(url, "ingest", exc.reason, exc.detail)
        return page_of(url, data)
