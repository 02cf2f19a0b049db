"""Executors run a pipeline over a stream of pages.  They know nothing about stages: they take a
picklable factory that builds the pipeline, hand chunks of records to workers, and merge the
per-stage statistics the workers return.  The Dask executor lives in ``wirewatch.dask_executor``."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from wirewatch.pipeline import Pipeline, StageStats
from wirewatch.records import Record

PipelineFactory = Callable[[], Pipeline]
ChunkResult = tuple[list[Record], dict[str, StageStats]]


class Executor(Protocol):
    stats: dict[str, StageStats]

    def run(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]: ...


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


_worker_pipeline: Pipeline | None = None


def _init_worker(make_pipeline: PipelineFactory) -> None:
    global _worker_pipeline
    _worker_pipeline = make_pipeline()


def _run_chunk(chunk: list[Record]) -> ChunkResult:
    assert _worker_pipeline is not None, "worker not initialised"
    pipeline = _worker_pipeline
    for s in pipeline.stats.values():  # report only this chunk's counts
        s.kept, s.dropped, s.counters = 0, type(s.dropped)(), type(s.counters)()
    out = list(pipeline.run(chunk))
    return out, pipeline.stats


class LocalExecutor:
    """Runs the pipeline in this process (``workers=1``) or in a pool of processes, one per core
    by default.  Output order follows input order, so runs are reproducible."""

    def __init__(self, workers: int = 0, chunk_size: int = 64) -> None:
        self.workers = workers if workers > 0 else (os.cpu_count() or 1)
        self.chunk_size = max(1, chunk_size)
        self.stats: dict[str, StageStats] = {}

    def run(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]:
        if self.workers == 1:
            yield from self._run_here(make_pipeline, records)
            return
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(make_pipeline,)) as pool:
            for out, stats in pool.imap(_run_chunk, chunked(records, self.chunk_size)):
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
