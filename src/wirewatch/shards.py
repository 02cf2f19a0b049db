"""Sharded, resumable runs: inputs split into shards that workers read themselves
(``wirewatch.shard_plan``: planning and reading), through the plan's stages (``wirewatch.plan``)
into the one sink (``wirewatch.sink``).

Run: workers read their shard's pages, run the per-page pipeline and return articles,
rejections and per-stage statistics; only the shard description goes out and only the results
come back, never the raw pages.  The main process (the one writer) stores each shard's records
and its completion marker (a row of ``shard_marks``) in ONE transaction, in shard order.  A
killed run therefore leaves every shard either wholly stored and marked or not stored at all,
and the next run with the same inputs skips the marked shards: no page lost, none stored twice.

Site memory works across workers by a two-phase plan: in phase 1 workers profile their shards'
text pages (site, line keys, content-line keys: ``site_memory.profile``; only the profiles
travel); the main process learns from them by the library's one rule (``learn_profiles``; the
memory is saved to the store before phase 2, so a resumed run starts from it) and phase 2
hands that memory to every worker.  Every page is thus cleaned
with what the whole job taught, whichever worker reads it.  Story grouping needs the same
global, ordered view, so it belongs in the single writer, where shard results arrive in shard
order whatever the executor: a run on Dask stores exactly what a local run stores.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from wirewatch.article.site_memory import WINDOW, KnownLines, Profile, SiteMemory, is_text_page, profile
from wirewatch.errors import ConfigError
from wirewatch.executors import PipelineFactory
from wirewatch.pipeline import Pipeline, StageStats
from wirewatch.plan import WorkerSegment, group_segment
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.settings import Settings
from wirewatch.shard_plan import SHARD_PAGES, Shard, archive_shards, plan, read_shard
from wirewatch.sink import RunSummary, Sink
from wirewatch.store import Store
from wirewatch.store.schema import shard_marks
from wirewatch.workers import WatchedPool, WatchLimits, default_workers, watch_pages

__all__ = ["SHARD_PAGES", "ProcessMap", "Shard", "archive_shards", "completed", "plan", "read_shard",
           "run_job", "run_sharded", "shard_marks"]  # planning and reading live in shard_plan
log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


# -- phase 1: site memory counts -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LearnTask:
    """The profiles (``site_memory.profile``: site, line keys, content-line keys) of the
    shard's text pages, which the main process learns from as the library's runner does."""

    settings: Settings

    def __call__(self, shard: Shard) -> list[Profile]:
        out: list[Profile] = []
        for page in watch_pages(read_shard(shard, self.settings), shard.label):
            if isinstance(page, Page):
                try:
                    if is_text_page(page):
                        out.append(profile(page))
                except Exception as exc:  # noqa: BLE001  (phase 2 rejects the page; learning goes on)
                    log.debug("%s: not learned from (%s)", page.source, exc)
        return out


def learn(memory: SiteMemory, profiles: Iterable[list[Profile]], window: int = WINDOW) -> None:
    """Learn from the shards' profiles, ``window`` pages at a time, by the one rule of
    ``SiteMemory.learn_profiles``: a line repeated on pages of a site that otherwise carry
    different stories is its chrome; one only copies of a syndicated story share is not."""
    batch: list[Profile] = []
    for part in profiles:
        batch += part
        if len(batch) >= window:
            memory.learn_profiles(batch)
            batch = []
    if batch:
        memory.learn_profiles(batch)


# -- phase 2: the pipeline over a shard --------------------------------------------------------
@dataclass(slots=True)
class ShardResult:
    records: list[Article | Rejection]
    stats: dict[str, StageStats]


_built: dict[str, Pipeline] = {}  # per worker process: the pipelines of the tasks it serves


def _pipeline(token: str, make: Callable[[], Pipeline]) -> Pipeline:
    """The task's pipeline, built once per worker process and run, not once per shard; a few
    are kept, as the article and the coding task of one run share a process when workers=1."""
    if token not in _built:
        while len(_built) >= 4:
            _built.pop(next(iter(_built)))
        _built[token] = make()
    pipeline = _built[token]
    pipeline.stats = {s.name: StageStats(s.name) for s in pipeline.stages}  # this call's counts only
    return pipeline


def _results(pipeline: Pipeline, records: Iterable[Record]) -> ShardResult:
    out = pipeline.run(records)
    return ShardResult([r for r in out if isinstance(r, (Article, Rejection))], pipeline.stats)


@dataclass(frozen=True, slots=True)
class ShardTask:
    """What a worker does with one shard: read it, hand each page what the job's learning
    phase knows of its site, run the plan's worker segment (boilerplate marked, article)."""

    make_pipeline: PipelineFactory
    settings: Settings
    lines: dict[str, set[str]] = field(default_factory=dict)
    local: dict[str, set[str]] = field(default_factory=dict)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __call__(self, shard: Shard) -> ShardResult:
        pipeline = _pipeline(self.token, lambda: Pipeline([KnownLines(self._memory()),
                                                           *self.make_pipeline().stages]))
        return _results(pipeline, watch_pages(read_shard(shard, self.settings), shard.label))

    def _memory(self) -> SiteMemory:
        memory = SiteMemory(self.lines)
        memory.local.update(self.local)  # learned for pages whose site was found by clustering
        return memory


@dataclass(frozen=True, slots=True)
class BatchTask:
    """A worker's pipeline over records the main process hands back (grouped articles)."""

    make_pipeline: PipelineFactory
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __call__(self, records: list[Article | Rejection]) -> ShardResult:
        return _results(_pipeline(self.token, self.make_pipeline), watch_pages(records, "batch"))


# -- executors for shards ----------------------------------------------------------------------
class ShardExecutor(Protocol):
    """What a sharded run needs of an executor: ``fn`` over items, results in item order
    (``ProcessMap`` here, ``DaskExecutor.map`` on a cluster)."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...


class ProcessMap:
    """The local shard executor: ``workers`` watched processes (0: one per core; 1: this
    process), ``wirewatch.workers.WatchedPool``.  The task is handed to each worker once, at
    start, not with every shard; at most 2 x workers + 2 shards are in flight (memory stays
    flat over a crawl of any size), and the items are drawn in this thread, so a generator of
    items (grouping) runs here."""

    def __init__(self, workers: int = 0, limits: WatchLimits | None = None) -> None:
        self.workers = default_workers(workers)
        self.limits = limits or WatchLimits.of(Settings())

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self.workers == 1:
            yield from map(fn, items)
            return
        with WatchedPool(fn, self.workers, self.limits) as pool:
            yield from pool.map(items)


# -- the run ----------------------------------------------------------------------------------
def completed(store: Store) -> set[str]:
    """Keys of the shards already stored and marked, by any earlier run."""
    return store.shard_keys()


def run_sharded(inputs: Sequence[str], store: Store, settings: Settings | None = None,
                executor: ShardExecutor | None = None, shard_pages: int | None = None,
                on_record: Callable[[Record], None] | None = None) -> RunSummary:
    """The whole pipeline over ``inputs`` into ``store``, shard by shard, skipping the shards an
    earlier (finished, failed or killed) run already stored.  The wiring is the runner's:
    workers read, mark boilerplate and extract articles; this process groups them (in shard
    order); workers code and place the group leaders; this process stores each shard with its
    marker.  Returns the runner's ``RunSummary`` of what this run read and stored.

    ``shard_pages`` (default: the setting ``chunk_size``) is the shard's size: the pages handed
    to a worker at a time, as on every path."""
    settings = settings or Settings()
    executor = executor or ProcessMap(settings.workers, WatchLimits.of(settings))
    shards, missing = plan(inputs, shard_pages or settings.chunk_size)
    done = completed(store)
    todo = [s for s in shards if s.key not in done]
    log.info("%d shards, %d already stored", len(shards), len(shards) - len(todo))
    stats: dict[str, StageStats] = {}
    run_id = store.begin_run(list(inputs))
    sink = Sink(store, run_id)
    try:
        for rejection in missing:
            sink.one(rejection)
            if on_record is not None:
                on_record(rejection)
        memory = _learn_phase(store, todo, settings, executor)
        for shard, records, grouper in _process(todo, store, settings, executor, memory, stats):
            sink.grouper = grouper
            sink.shard(shard.key, shard.label, records)
            for record in records:
                if on_record is not None:
                    on_record(record)
    finally:
        sink.summary.stages = {n: s.as_dict() for n, s in stats.items()}
        sink.summary.stages["shards"] = {"total": len(shards), "skipped": len(shards) - len(todo)}
        store.finish_run(run_id, sink.summary.as_dict())
    return sink.summary


def _process(todo: list[Shard], store: Store, settings: Settings, executor: ShardExecutor,
             memory: SiteMemory, stats: dict[str, StageStats]
             ) -> Iterator[tuple[Shard, list[Article | Rejection], Any]]:
    """(shard, its final records, the grouper holding their story marks), in shard order."""
    from wirewatch.group.story import StoryGrouper, known_stories

    grouper = StoryGrouper.from_known(known_stories(store))
    grouping = group_segment(grouper)
    task = ShardTask(WorkerSegment(settings, 0), settings, dict(memory.lines), dict(memory.local))
    extracted = executor.map(task, todo)

    def grouped() -> Iterator[list[Article | Rejection]]:
        for result in extracted:  # in shard order: grouping decisions do not depend on timing
            _merge(stats, result.stats)
            yield [r for r in grouping.run(result.records) if isinstance(r, (Article, Rejection))]
        _merge(stats, grouping.stats)

    coded = executor.map(BatchTask(WorkerSegment(settings, 1)), grouped())
    for shard, result in zip(todo, coded):
        _merge(stats, result.stats)
        yield shard, result.records, grouper


def _learn_phase(store: Store, todo: list[Shard], settings: Settings,
                 executor: ShardExecutor) -> SiteMemory:
    memory = SiteMemory(store.site_lines())
    learnable = [s for s in todo if s.has_text]
    if settings.site_memory and learnable:
        learn(memory, executor.map(LearnTask(settings), learnable))
        store.save_site_lines(memory.new)  # before phase 2: a resumed run starts from it
    return memory


def _merge(into: dict[str, StageStats], stats: dict[str, StageStats]) -> None:
    for name, s in stats.items():
        into.setdefault(name, StageStats(name)).merge(s)


def run_job(inputs: Sequence[str], store: Store, settings: Settings, executor: str = "local",
            scheduler: str | None = None, on_record: Callable[[Record], None] | None = None) -> Any:
    """What ``wirewatch run`` does: a sharded, resumable run when every input is a local path
    (files, directories, archives); the runner (main-process ingest) for URLs and standard
    input.  ``executor``: "local" (a process pool of ``settings.workers``) or "dask" (the
    cluster at ``scheduler``, else a local cluster of ``settings.workers`` processes)."""
    from wirewatch.runner import run

    if executor not in ("local", "dask"):
        raise ConfigError(f"unknown executor {executor!r}: expected local or dask")
    shardable = all(p != "-" and not p.startswith(("http://", "https://")) for p in inputs)
    if executor == "local":
        if shardable:
            return run_sharded(inputs, store, settings, ProcessMap(settings.workers, WatchLimits.of(settings)),
                               on_record=on_record)
        return run(list(inputs), store, settings, on_record=on_record)
    from wirewatch.dask_executor import DaskExecutor

    with DaskExecutor(scheduler, settings.workers, settings.chunk_size, limits=WatchLimits.of(settings)) as dask:
        if shardable:
            return run_sharded(inputs, store, settings, dask, on_record=on_record)
        return run(list(inputs), store, settings, executor=dask, on_record=on_record)
