"""Wiring the stages together: the library's ``extract`` and ``run`` entry points.

The stage order and where each stage runs is ``wirewatch.plan.PLAN``'s; this module feeds it
pages read in this process, through an executor (a local pool or Dask), into the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wirewatch.article.site_memory import SiteMemory
from wirewatch.executors import Executor, LocalExecutor
from wirewatch.group.story import LeadersOnly
from wirewatch.ingest import read_inputs
from wirewatch.ingest.files import walk
from wirewatch.pipeline import Pipeline, StageStats
from wirewatch.plan import WorkerSegment, group_segment, site_memory_segment
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.settings import Settings
from wirewatch.sink import RunSummary, Sink, stored_grouper
from wirewatch.store import Store
from wirewatch.workers import WatchLimits, watch_pages

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerPipeline:
    """A picklable factory of a worker part of the plan (``wirewatch.plan``), by the names
    older callers use: "all" (article -> code -> place, no grouping), "article" (the plan's
    first worker segment) or "code" (its second: code -> place on group leaders only)."""

    settings: Settings
    code: bool = True
    part: str = "all"

    def __call__(self) -> Pipeline:
        if self.part == "code":
            return WorkerSegment(self.settings, 1)()
        first = WorkerSegment(self.settings, 0)()
        if not (self.code and self.part == "all"):
            return first
        # No main-process learning runs before "all", so the site-memory mark has nothing to mark.
        kept = [s for s in first.stages if "site_lines" not in s.needs]
        return Pipeline([*kept, *(s.inner if isinstance(s, LeadersOnly) else s
                                          for s in WorkerSegment(self.settings, 1)().stages)])


def read_guarded(inputs: Iterable[str], settings: Settings) -> Iterator[Page | Rejection]:
    """``read_inputs``, a file (or URL) at a time: an error a reader raises (a bug of ours or a
    library's, such as ``urllib``'s ValueError on ``http://[zz]/x``) becomes that input's
    ``internal_error`` rejection, and the rest of the inputs are read, as in a worker."""
    for item in inputs:
        local = item != "-" and not item.startswith(("http://", "https://"))
        units = [str(f) for f in walk(Path(item))] if local and Path(item).is_dir() else [item]
        for unit in units:
            for record in watch_pages(read_inputs([unit], settings), unit):
                assert isinstance(record, (Page, Rejection))
                yield record


def _prepared(inputs: Iterable[str], settings: Settings, memory: SiteMemory,
              stats: dict[str, StageStats]) -> Iterator[Record]:
    """The plan's first main segment (site memory) over the pages read in this process."""
    pre = site_memory_segment(settings, memory)
    yield from pre.run(read_guarded(inputs, settings))
    stats.update(pre.stats)


def extract(inputs: Iterable[str], settings: Settings | None = None,
            executor: Executor | None = None, memory: SiteMemory | None = None) -> Iterator[Article | Rejection]:
    """Articles (or rejections) for every page of ``inputs``, in input order."""
    settings = settings or Settings()
    executor = executor or LocalExecutor(settings.workers, settings.chunk_size, WatchLimits.of(settings))
    pre_stats: dict[str, StageStats] = {}
    stream = _prepared(inputs, settings, memory or SiteMemory(), pre_stats)
    for record in executor.run(WorkerSegment(settings, 0), stream):
        assert isinstance(record, (Article, Rejection))
        yield record


def run(inputs: list[str], store: Store, settings: Settings | None = None,
        executor: Executor | None = None,
        on_record: Callable[[Record], None] | None = None) -> RunSummary:
    """The whole pipeline into ``store``; returns what was read, kept, rejected and stored.

    Main process: ingest -> site memory; workers: article; main: group (the LSH index is shared
    state, rebuilt from the store's signatures); workers: code -> place, on group leaders only
    (a syndicated copy's events are its group's); main: store, the one writer, which merges
    each new event into its incident."""
    settings = settings or Settings()
    executor = executor or LocalExecutor(settings.workers, settings.chunk_size, WatchLimits.of(settings))
    memory = SiteMemory(store.site_lines())
    grouper = stored_grouper(store)
    run_id = store.begin_run(inputs)
    sink = Sink(store, run_id, grouper)
    summary = sink.summary
    pre_stats: dict[str, StageStats] = {}
    grouping = group_segment(grouper)
    try:
        stream = _prepared(inputs, settings, memory, pre_stats)
        articles = executor.run(WorkerSegment(settings, 0), stream)
        for record in executor.run(WorkerSegment(settings, 1), grouping.run(articles)):
            sink.one(record)
            if on_record is not None:
                on_record(record)
    finally:
        store.save_site_lines(memory.new)
        summary.stages = {n: s.as_dict() for n, s in {**pre_stats, **grouping.stats, **executor.stats}.items()}
        store.finish_run(run_id, summary.as_dict())
    return summary
