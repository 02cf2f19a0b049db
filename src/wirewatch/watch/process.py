"""One page through the per-page pipeline (article -> code -> place) and into the store, for
pages that arrive one at a time: feed items and pages submitted to the API."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import select

from wirewatch.records import Article, Page, Rejection
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


class PageProcessor:
    """Builds the pipeline once; ``process`` is safe to call from several threads (the store has
    one writer, so calls are serialised)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.pipeline = WorkerPipeline(settings)()
        self._lock = threading.Lock()

    def process(self, page: Page | Rejection, run_id: int | None = None) -> Processed:
        with self._lock:
            try:
                out = next(iter(self.pipeline.run([page])))
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
