"""One page through the per-page pipeline (article -> code -> place) and into the store, for
pages that arrive one at a time: feed items and pages submitted to the API."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from wirewatch.article.site_memory import SiteMemory
from wirewatch.group.story import is_leader
from wirewatch.pipeline import Pipeline, failed
from wirewatch.plan import WorkerSegment, group_segment, site_memory_segment
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.settings import Settings
from wirewatch.sink import Sink, stored_grouper
from wirewatch.store import Store
from wirewatch.workers import WatchedPool, WatchLimits, watch_pages

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Processed:
    new: bool
    article_id: int | None
    events: int
    content_hash: str | None
    rejection: Rejection | None

    @property
    def stored(self) -> bool:
        return self.article_id is not None


_built: dict[int, Pipeline] = {}  # in the worker process: its pipelines, built once


@dataclass(frozen=True, slots=True)
class PageTask:
    """One record through one worker segment of the plan (0: a page to its article; 1: a
    grouped article coded and placed, leaders only), in a watched worker process (its main
    thread, where the per-page time limit works); built once per worker."""

    settings: Settings

    def __call__(self, item: tuple[int, Record]) -> Record:
        nth, record = item
        if nth not in _built:
            _built[nth] = WorkerSegment(self.settings, nth)()
        source = str(getattr(record, "source", "?"))
        return next(iter(_built[nth].run(watch_pages([record], source))))


class PageProcessor:
    """Runs pages through the pipeline and stores them; ``process`` is safe to call from several
    threads (the store has one writer, so calls are serialised).

    ``isolate=True`` (the default) runs the pipeline in a watched worker process
    (``wirewatch.workers``): a server's request threads cannot enforce the per-page time limit,
    and a page that hangs a parser inside C code must not hold the store's writer lock for
    ever, so past ``page_timeout_s + watchdog_margin_s`` the worker is killed and replaced and
    the page rejected as ``timeout``.  ``isolate=False`` runs it in the caller's thread.

    The wiring is the runner's, one page at a time: the site's known boilerplate lines marked
    (main), article (worker), grouping with every stored story (main), code and place on group
    leaders only (worker), so a page gets the article and events ``run`` gives it and a
    syndicated copy is coded once."""

    def __init__(self, store: Store, settings: Settings, isolate: bool = True) -> None:
        self.store, self.settings = store, settings
        self.task = PageTask(settings)
        self.isolate = isolate
        self._pool: WatchedPool[tuple[int, Record], Record] | None = None
        self._lock = threading.Lock()

    def _worker(self, nth: int, record: Record) -> Record:
        if not self.isolate:
            return self.task((nth, record))
        if self._pool is None:  # spawned, not forked: a server's threads may hold locks
            self._pool = WatchedPool(self.task, 1, WatchLimits.of(self.settings), "spawn")
        return self._pool.one((nth, record))

    def _run(self, page: Page | Rejection) -> Record:
        if isinstance(page, Rejection):  # refused before it was a page: nothing for the stages to do
            return page
        marking = site_memory_segment(self.settings, SiteMemory(self.store.site_lines()))
        marked = next(iter(marking.run([page])))
        if isinstance(marked, Rejection):
            return marked
        out = self._worker(0, marked)
        if isinstance(out, Article):
            out = next(iter(group_segment(stored_grouper(self.store)).run([out])))
        if isinstance(out, Article) and is_leader(out):
            out = self._worker(1, out)
        return out

    def close(self) -> None:
        """Stop the worker process, if any (a new one starts with the next page)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def process(self, page: Page | Rejection, run_id: int | None = None) -> Processed:
        with self._lock:
            try:
                out = self._run(page)
            except Exception as exc:  # a stage's bug must not stop a watcher or a server
                log.exception("%s: the pipeline failed", getattr(page, "source", "?"))
                out = failed(page, "pipeline", exc)
            outcome = Sink(self.store, run_id, stored_grouper(self.store)).write(out)
            if isinstance(out, Rejection):
                return Processed(False, None, 0, None, out)
            assert isinstance(out, Article) and outcome is not None
            new, n_events = outcome
            return Processed(new, self.store.article_id(out.content_hash), n_events, out.content_hash, None)
