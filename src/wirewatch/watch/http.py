"""The watcher's one HTTP client: a single ``httpx.Client`` reused for every feed, page and
robots.txt of a watcher (connections kept alive per site), conditional GETs for feeds, and the
same URL safety checks as every other fetch (``ingest.urls.check_url`` on each hop: scheme,
private addresses, redirects checked one by one)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import USER_AGENT, check_url
from wirewatch.records import Page, Rejection

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators sent still hold
    body: bytes
    etag: str | None
    last_modified: str | None


class WatchClient:
    """Thread-safe enough for the watcher: one request at a time (the lock), one pool."""

    def __init__(self, timeout_s: float, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self._client = httpx.Client(timeout=timeout_s, follow_redirects=False, headers={"User-Agent": USER_AGENT})
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, max_bytes: int, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET with redirects followed by hand (each hop checked); ``etag``/``last_modified`` are
        sent as If-None-Match/If-Modified-Since, and a 304 answer comes back with an empty body."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        check_url(url, self.allow_private)
        try:
            with self._lock:
                return self._follow(url, max_bytes, headers)
        except httpx.HTTPError as exc:
            raise FetchError(url, "fetch_failed", f"{type(exc).__name__}: {exc}") from exc

    def _follow(self, url: str, max_bytes: int, headers: dict[str, str]) -> Fetched:
        for _ in range(MAX_REDIRECTS):
            with self._client.stream("GET", url, headers=headers) as resp:
                if resp.is_redirect and resp.headers.get("location"):
                    url = str(resp.url.join(resp.headers["location"]))
                    check_url(url, self.allow_private)
                    continue
                if resp.status_code == 304:
                    return Fetched(url, 304, b"", resp.headers.get("etag"), resp.headers.get("last-modified"))
                if resp.status_code >= 400:
                    raise FetchError(url, "http_error", f"HTTP {resp.status_code}")
                body = _read_limited(resp, url, max_bytes)
                return Fetched(url, resp.status_code, body, resp.headers.get("etag"),
                               resp.headers.get("last-modified"))
        raise FetchError(url, "too_many_redirects", f"more than {MAX_REDIRECTS} redirects")

    def page(self, url: str, max_bytes: int) -> Page | Rejection:
        """A page to process, or the rejection naming why not (as ``ingest.urls.page_from_url``)."""
        try:
            data = self.get(url, max_bytes).body
        except FetchError as exc:
            return Rejection(url, "ingest", exc.reason, exc.detail)
        if not data.strip():
            return Rejection(url, "ingest", "empty", "the response has no content")
        return Page(source=url, content=data, url=url, site_hint=urlsplit(url).hostname)


def _read_limited(resp: httpx.Response, url: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, "too_large", f"over the {max_bytes:,} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)
