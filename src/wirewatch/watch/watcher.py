"""Polling RSS/Atom feeds and feeding their new items through the pipeline.

Every item is recorded as ``pending`` in ``feed_items`` when first seen, before anything is
fetched, and marked ``done`` or ``rejected`` only once the pipeline and the store are through
with it.  A feed error or a timeout leaves the item pending (retried on the next round, up to
``max_attempts``); a restart picks up where the last run stopped.  If the process dies between
storing an article and marking its item, the item is fetched again on restart and the store,
which keys articles by content hash, keeps it once."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from wirewatch.errors import FetchError
from wirewatch.ingest.hints import date_hints, iso_day, url_day
from wirewatch.ingest.urls import check_url
from wirewatch.records import Page
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store.feeds import Feeds
from wirewatch.watch.http import Fetched, WatchClient
from wirewatch.watch.process import PageProcessor
from wirewatch.watch.robots import Robots

log = logging.getLogger(__name__)

# fetch failures worth another try later; any other reason is final for the item
TRANSIENT = frozenset({"fetch_failed", "dns_error", "http_error_5xx", "robots_unreachable"})


@dataclass(frozen=True, slots=True)
class WatchConfig:
    polite_delay_s: float = 2.0  # at least this long between two requests to the same site
    max_attempts: int = 3  # tries of a transiently failing item before it is marked failed
    max_feed_bytes: int = 5_000_000
    max_items_per_round: int = 500  # a huge backlog is worked through over several rounds
    allow_private: bool = False  # fetch from private/loopback addresses (tests, intranets)
    # a feed failing twice or more in a row waits base * 2^(failures - 2) seconds, up to max,
    # before its next poll (one failure is retried on the next round: it may be a blip)
    backoff_base_s: float = 300.0
    backoff_max_s: float = 21_600.0


@dataclass(slots=True)
class RoundReport:
    feeds_polled: int = 0
    feed_errors: int = 0
    items_new: int = 0
    items: Counter[str] = field(default_factory=Counter)  # outcome -> count
    articles_new: int = 0
    events_stored: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"feeds_polled": self.feeds_polled, "feed_errors": self.feed_errors,
                "items_new": self.items_new, "items": dict(self.items),
                "articles_new": self.articles_new, "events_stored": self.events_stored}


def item_key(entry: Any, link: str) -> str:
    ident = str(entry.get("id") or entry.get("guid") or link)
    return hashlib.sha1(ident.encode("utf-8")).hexdigest()


class Watcher:
    def __init__(self, store: Store, settings: Settings | None = None, config: WatchConfig | None = None,
                 processor: PageProcessor | None = None) -> None:
        self.store, self.settings = store, settings or Settings()
        self.feeds = Feeds(store)
        self.config = config or WatchConfig()
        self.processor = processor or PageProcessor(store, self.settings)
        self.robots = Robots(self.settings.fetch_timeout_s, self.config.allow_private)
        self.http = WatchClient(self.settings.fetch_timeout_s, self.config.allow_private)
        self._last_hit: dict[str, float] = {}

    def close(self) -> None:
        """Close the HTTP client (its kept-alive connections)."""
        self.http.close()

    # -- the feed list ----------------------------------------------------------------------
    def add_feed(self, url: str, every_s: float | None = None) -> int:
        """The feed's id; re-adding a removed feed reactivates it with its seen items intact."""
        try:
            check_url(url, self.config.allow_private)
        except FetchError as exc:
            if exc.reason != "dns_error":  # a name that does not resolve now may later; fetch re-checks
                raise
        return self.feeds.add(url, every_s)

    def remove_feed(self, feed_id: int) -> bool:
        """Stop polling a feed (its seen items are kept so re-adding it repeats nothing)."""
        return self.feeds.deactivate(feed_id)

    def active_feeds(self) -> list[tuple[int, str]]:
        return self.feeds.active()

    # -- one round --------------------------------------------------------------------------
    def due_feeds(self) -> list[tuple[int, str]]:
        """Active feeds whose own interval (``every_s``, when set) and whose backoff (after
        failures in a row) have passed since their last poll."""
        now = dt.datetime.now(dt.UTC)
        out = []
        rows = self.feeds.schedule()
        for feed_id, url, every_s, last, errors in rows:
            since = (now - dt.datetime.fromisoformat(last)).total_seconds() if last else None
            if since is not None and (since < (every_s or 0) - 1 or since < self.backoff_s(errors)):
                continue
            out.append((feed_id, url))
        return out

    def backoff_s(self, failures: int) -> float:
        """How long a feed that failed ``failures`` polls in a row waits before the next one."""
        if failures < 2:
            return 0.0
        return min(self.config.backoff_max_s, self.config.backoff_base_s * 2.0 ** min(failures - 2, 30))

    def poll_once(self) -> RoundReport:
        report = RoundReport()
        for feed_id, url in self.due_feeds():
            report.feeds_polled += 1
            try:
                report.items_new += self._poll_feed(feed_id, url)
            except FetchError as exc:
                report.feed_errors += 1
                self._feed_failed(feed_id, f"{exc.reason}: {exc.detail}")
        self._work_pending(report)
        return report

    def _poll_feed(self, feed_id: int, url: str) -> int:
        self._polite(url)
        got = self.http.get(url, self.config.max_feed_bytes, *self.feeds.validators(feed_id))
        if got.status == 304:  # unchanged since the last poll: nothing to parse
            self._feed_ok(feed_id, None)
            log.info("feed %d: not modified", feed_id)
            return 0
        parsed = feedparser.parse(got.body)
        if not parsed.entries and parsed.get("bozo"):
            raise FetchError(url, "bad_feed", str(parsed.get("bozo_exception", "not a feed")))
        rows = []
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            link = urljoin(url, str(link))
            rows.append({"feed_id": feed_id, "item_key": item_key(entry, link), "link": link,
                         "title": str(entry.get("title") or "")[:1000] or None,
                         "published": str(entry.get("published") or entry.get("updated") or "")[:32] or None})
        new = self._record_items(feed_id, rows)
        self._feed_ok(feed_id, got)
        log.info("feed %d: %d new of %d items", feed_id, new, len(rows))
        return new

    def _feed_ok(self, feed_id: int, got: Fetched | None) -> None:
        """Record a good poll; keep the validators of a full answer for the next conditional GET."""
        self.feeds.polled_ok(feed_id, None if got is None else (got.etag, got.last_modified))

    def _record_items(self, feed_id: int, rows: list[dict[str, Any]]) -> int:
        """Insert the items not seen before as pending; return how many were new."""
        return self.feeds.record_items(feed_id, rows)

    def _feed_failed(self, feed_id: int, why: str) -> None:
        log.warning("feed %d: %s", feed_id, why)
        self.feeds.polled_badly(feed_id, why)

    # -- items ------------------------------------------------------------------------------
    def _work_pending(self, report: RoundReport) -> None:
        pending = self.feeds.pending(self.config.max_items_per_round)
        for item_id, link, attempts, published in pending:
            outcome = self._work_item(item_id, link, attempts, report, published)
            report.items[outcome] += 1

    def _work_item(self, item_id: int, link: str, attempts: int, report: RoundReport,
                   published: str | None = None) -> str:
        rule = self.robots.rule(link)
        if rule.unreachable:
            return self._retry(item_id, attempts, "robots_unreachable", "robots.txt could not be read")
        if not rule.allows(link):
            return self._finish(item_id, "rejected", "robots_disallowed", "robots.txt disallows it")
        self._polite(link, rule.delay())
        page = self.http.page(link, self.settings.max_page_bytes)
        reason = getattr(page, "reason", None)
        if reason == "http_error" and getattr(page, "detail", "").startswith("HTTP 5"):
            reason = "http_error_5xx"
        if reason in TRANSIENT:
            return self._retry(item_id, attempts, str(reason), getattr(page, "detail", ""))
        if isinstance(page, Page):  # fall-backs when the page declares no date: the URL's, the feed item's
            page.date_hints = date_hints(("url", url_day(link)), ("feed", iso_day(published)))
        result = self.processor.process(page)
        if result.rejection is not None:
            return self._finish(item_id, "rejected", result.rejection.reason, result.rejection.detail)
        report.articles_new += int(result.new)
        report.events_stored += result.events
        return self._finish(item_id, "done", None, None, result.content_hash)

    def _retry(self, item_id: int, attempts: int, reason: str, detail: str) -> str:
        state = "failed" if attempts + 1 >= self.config.max_attempts else "pending"
        self.feeds.retry(item_id, attempts, state, reason, detail)
        return state if state == "failed" else "retry"

    def _finish(self, item_id: int, state: str, reason: str | None, detail: str | None,
                content_hash: str | None = None) -> str:
        self.feeds.finish(item_id, state, reason, detail, content_hash)
        return state

    def _polite(self, url: str, delay: float = 0.0) -> None:
        site = urlsplit(url).netloc
        wait = max(self.config.polite_delay_s, delay) - (time.monotonic() - self._last_hit.get(site, -1e9))
        if wait > 0:
            time.sleep(wait)
        self._last_hit[site] = time.monotonic()

    # -- the loop ---------------------------------------------------------------------------
    def run(self, every_s: float, rounds: int | None = None, stop: threading.Event | None = None,
            after_round: Callable[[RoundReport], None] | None = None) -> None:
        """Poll every ``every_s`` seconds, ``rounds`` times (None: until ``stop`` is set)."""
        stop = stop or threading.Event()
        done = 0
        while not stop.is_set() and (rounds is None or done < rounds):
            started = time.monotonic()
            report = self.poll_once()
            done += 1
            if after_round is not None:
                after_round(report)
            if rounds is not None and done >= rounds:
                break
            stop.wait(max(0.0, every_s - (time.monotonic() - started)))


def item_states(store: Store) -> dict[str, int]:
    return Feeds(store).item_states()


def parse_every(text: str) -> float:
    """``90s``, ``10m``, ``2h`` or plain seconds as a number of seconds (ValueError otherwise)."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    if value <= 0:
        raise ValueError("the interval must be positive")
    return value


def feeds_from(urls: Iterable[str]) -> list[str]:
    return [u.strip() for u in urls if u.strip()]
