"""Executors run a pipeline over a stream of pages.  They know nothing about stages: they take a
picklable factory that builds the pipeline, hand chunks of records to workers, and merge the
per-stage statistics the workers return.  The Dask executor lives in ``wirewatch.dask_executor``."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from wirewatch.pipeline import Pipeline, StageStats
from wirewatch.records import Record
from wirewatch.settings import Settings
from wirewatch.workers import WatchedPool, WatchLimits, default_workers, watch_pages

PipelineFactory = Callable[[], Pipeline]
ChunkResult = tuple[list[Record], dict[str, StageStats]]


class Executor(Protocol):
    stats: dict[str, StageStats]

    def run(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]: ...


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


_built: dict[int, Pipeline] = {}  # per worker process: the pipeline of the current run


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """A worker's part: the pipeline (built once per process) over one chunk, its pages
    watched (``wirewatch.workers``), and this chunk's statistics."""

    make_pipeline: PipelineFactory
    run_id: int

    def __call__(self, chunk: list[Record]) -> ChunkResult:
        if self.run_id not in _built:
            _built.clear()
            _built[self.run_id] = self.make_pipeline()
        pipeline = _built[self.run_id]
        pipeline.stats = {s.name: StageStats(s.name) for s in pipeline.stages}  # this chunk's counts only
        out = list(pipeline.run(watch_pages(chunk, "chunk")))
        return out, pipeline.stats


class LocalExecutor:
    """Runs the pipeline in this process (``workers=1``) or in watched worker processes, one per
    core by default (``wirewatch.workers.WatchedPool``: a page that hangs its worker is rejected
    and the rest of its chunk kept).  At most 2 x workers + 2 chunks are in flight; output
    order follows input order, so runs are reproducible."""

    def __init__(self, workers: int = 0, chunk_size: int = 64, limits: WatchLimits | None = None) -> None:
        self.workers = default_workers(workers)
        self.chunk_size = max(1, chunk_size)
        self.limits = limits or WatchLimits.of(Settings())
        self.stats: dict[str, StageStats] = {}

    def run(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]:
        if self.workers == 1:
            yield from self._run_here(make_pipeline, records)
            return
        task = ChunkTask(make_pipeline, next(_runs))
        with WatchedPool(task, self.workers, self.limits) as pool:
            for out, stats in pool.map(chunked(records, self.chunk_size)):
                self._merge(stats)
                yield from out

    def _run_here(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]:
        pipeline = make_pipeline()
        for chunk in chunked(records, self.chunk_size):
            yield from pipeline.run(chunk)
        self._merge(pipeline.stats)

    def _merge(self, stats: dict[str, StageStats]) -> None:
        for name, s in stats.items():
            self.stats.setdefault(name, StageStats(name)).merge(s)


_runs = itertools.count(os.getpid() << 20)
