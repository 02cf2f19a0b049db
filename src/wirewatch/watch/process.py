"""One page through the per-page pipeline (article -> code -> place) and into the store, for
pages that arrive one at a time: feed items and pages submitted to the API."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from sqlalchemy import select

from wirewatch.pipeline import Pipeline
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.runner import WorkerPipeline
from wirewatch.settings import Settings
from wirewatch.store import Store, schema

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


_WORKER_PIPELINE: Pipeline | None = None


def _in_worker(factory: WorkerPipeline, page: Page | Rejection) -> Record:
    """Runs in the isolated worker process, in its main thread, where the per-page time limit
    (SIGALRM) works; the pipeline is built once per worker."""
    global _WORKER_PIPELINE
    if _WORKER_PIPELINE is None:
        _WORKER_PIPELINE = factory()
    return next(iter(_WORKER_PIPELINE.run([page])))


class PageProcessor:
    """Runs pages through the pipeline and stores them; ``process`` is safe to call from several
    threads (the store has one writer, so calls are serialised).

    ``isolate=True`` runs the pipeline in a worker process: a server's request threads cannot
    enforce the per-page time limit, and a page that hangs a parser must not hold the store's
    writer lock for ever, so past ``2 x page_timeout_s`` the worker is killed and replaced."""

    def __init__(self, store: Store, settings: Settings, isolate: bool = False) -> None:
        self.store, self.settings = store, settings
        self.factory = WorkerPipeline(settings)
        self.pipeline = None if isolate else self.factory()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _run(self, page: Page | Rejection) -> Record:
        if isinstance(page, Rejection):  # refused before it was a page: nothing for the stages to do
            return page
        if self.pipeline is not None:
            return next(iter(self.pipeline.run([page])))
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = self._pool.submit(_in_worker, self.factory, page)
        try:
            return future.result(timeout=2 * self.settings.page_timeout_s + 30)  # + the worker's start-up
        except FuturesTimeout:
            self.close()
            return Rejection(getattr(page, "source", "?"), "pipeline", "timeout", "the page hung its worker")
        except BrokenProcessPool:
            self.close()
            return Rejection(getattr(page, "source", "?"), "pipeline", "crash", "the worker process died")

    def close(self) -> None:
        """Stop the worker process, if any (a new one starts with the next page)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            for proc in list(getattr(pool, "_processes", {}).values()):  # a hung worker ignores shutdown
                proc.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def process(self, page: Page | Rejection, run_id: int | None = None) -> Processed:
        with self._lock:
            try:
                out = self._run(page)
            except Exception as exc:  # a stage's bug must not stop a watcher or a server
                log.exception("%s: the pipeline failed", getattr(page, "source", "?"))
                out = Rejection(getattr(page, "source", "?"), "pipeline", "crash", f"{type(exc).__name__}: {exc}")
            if isinstance(out, Rejection):
                self.store.add_rejection(out, run_id)
                return Processed(False, None, 0, None, out)
            assert isinstance(out, Article)
            new, n_events = self.store.add_article(out, run_id)
            return Processed(new, self._article_id(out.content_hash), n_events, out.content_hash, None)

    def _article_id(self, content_hash: str) -> int | None:
        with self.store.engine.connect() as conn:
            found = conn.execute(select(schema.articles.c.id)
                                 .where(schema.articles.c.content_hash == content_hash)).scalar()
        return int(found) if found is not None else None
