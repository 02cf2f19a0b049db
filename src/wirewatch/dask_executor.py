"""The Dask executor: the same pipeline on a dask.distributed cluster.

Like ``LocalExecutor`` it knows nothing about stages.  ``run`` takes a picklable pipeline factory
and a stream of records, hands chunks of them to workers and yields the results in input order;
``map`` applies a picklable function to items (a sharded run's shards, ``wirewatch.shards``)
and yields results in item order.  Either a running scheduler (``scheduler="tcp://host:8786"``)
or a ``LocalCluster`` of ``workers`` processes started for the run.

Each worker process builds the pipeline once per run (the factory is scattered to every worker
once, and the built pipeline is cached under the run's token), so models and gazetteers load
once per worker, not once per chunk.  At most ``2 x workers + 2`` chunks are in flight, so memory
stays bounded however long the input is, and results are consumed in order, so a run on Dask
stores exactly what a local run stores.

Dask runs tasks on a worker thread, where the per-page SIGALRM time limit
(``wirewatch._timeout``) cannot fire, and nothing could stop a page hung in C code.  So each
Dask worker hands its tasks to one private watched process (``wirewatch.workers``): the limit
fires in that process's main thread, and a page that still holds it past the watchdog's limit
gets it killed and replaced, the page rejected and the rest of its shard kept.  On a cluster
whose workers are daemonic processes (``distributed.worker.daemon``, true by default; the local
cluster started here sets it false), they cannot start one, and tasks run in the worker's
thread as before (logged once).
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from wirewatch.errors import ConfigError
from wirewatch.executors import ChunkTask, PipelineFactory, chunked
from wirewatch.pipeline import StageStats
from wirewatch.records import Record
from wirewatch.settings import Settings
from wirewatch.workers import WatchedPool, WatchLimits, rss_mb

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

# Per Dask worker process: its watched child, and the tasks that child already holds.
_child: list[WatchedPool[tuple[str, Any, Any], Any]] = []
_warned: list[bool] = []


class _Unknown(Exception):
    """The child does not hold the task ``key`` (it was replaced): send the task with the item."""


_held: dict[str, Callable[[Any], Any]] = {}  # in the child: tasks by key, the latest few


@dataclass(frozen=True, slots=True)
class _Dispatch:
    """The child's one function: run task ``key`` (sent once, then remembered) over an item."""

    def __call__(self, message: tuple[str, Any, Any]) -> Any:
        key, fn, item = message
        if fn is not None:
            while len(_held) >= 4:
                _held.pop(next(iter(_held)))
            _held[key] = fn
        elif key not in _held:
            raise _Unknown(key)
        return _held[key](item)


def _watched(key: str, fn: Callable[[T], R], item: T, limits: WatchLimits) -> R:
    """``fn(item)`` in this Dask worker's watched child process (started on first use)."""
    import multiprocessing as mp

    if mp.current_process().daemon:
        if not _warned:
            log.warning("Dask workers are daemonic processes: pages run unwatched in their threads")
            _warned.append(True)
        return fn(item)
    if not _child or _child[0].limits != limits:
        for old in _child:
            old.close()
        _child[:] = [WatchedPool(_Dispatch(), 1, limits, "spawn", outside_mb=rss_mb())]
    try:
        result: R = _child[0].one((key, None, item))
    except _Unknown:
        result = _child[0].one((key, fn, item))
    return result


class DaskExecutor:
    """Runs the pipeline on a Dask cluster: an existing scheduler, or ``workers`` local processes."""

    def __init__(self, scheduler: str | None = None, workers: int = 0, chunk_size: int = 64,
                 in_flight: int = 0, limits: WatchLimits | None = None) -> None:
        self.scheduler = scheduler
        self.limits = limits or WatchLimits.of(Settings())
        self.workers = workers
        self.chunk_size = max(1, chunk_size)
        self.in_flight = in_flight
        self.stats: dict[str, StageStats] = {}
        self._client: Any = None
        self._cluster: Any = None

    # -- cluster ----------------------------------------------------------------------------
    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Any:
        """Connect to the scheduler, or start a local cluster; idempotent.  Returns the client."""
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError("the Dask executor needs dask[distributed]: pip install 'wirewatch[dask]'") from exc
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="30s")  # type: ignore[no-untyped-call]
            else:
                import os

                n = self.workers if self.workers > 0 else (os.cpu_count() or 1)
                # one single-threaded process per worker: the stages hold the GIL, so threads
                # would not add throughput, and per-process state (gazetteers) stays private
                # distributed logs its cluster's start and stop at INFO on its own logger, which
                # reaches any root handler (the CLI's): keep our users' stderr for real problems
                logging.getLogger("distributed").setLevel(logging.WARNING)
                import dask

                # the worker's statistical profiler samples every thread's stack every 10 ms: CPU
                # taken from the pages, for a dashboard this cluster does not serve
                # and its housekeeping ticks (event-loop watchdog every 20 ms, memory monitor
                # every 100 ms, in every process) are slowed to what a batch job needs
                dask.config.set({"distributed.worker.profile.enabled": False,
                                 "distributed.admin.tick.interval": "500ms",
                                 "distributed.admin.system-monitor.interval": "2s",
                                 "distributed.worker.memory.monitor-interval": "1s",
                                 # a worker starts its watched child process (wirewatch.workers)
                                 "distributed.worker.daemon": False})
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                    scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {self.scheduler}: {exc}") from exc
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def n_workers(self) -> int:
        return max(1, len(self.start().scheduler_info().get("workers", {})))

    # -- running ----------------------------------------------------------------------------
    def run(self, make_pipeline: PipelineFactory, records: Iterable[Record]) -> Iterator[Record]:
        task = ChunkTask(make_pipeline, uuid.uuid4().int >> 80)
        for out, stats in self.map(task, chunked(records, self.chunk_size)):
            self._merge(stats)
            yield from out

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` applied to every item on the workers, results in item order.  ``fn`` is
        scattered once to every worker (it may carry a pipeline factory and what it learned)
        and handed once to each worker's watched child."""
        client = self.start()
        remote = client.scatter(fn, broadcast=True, hash=False)
        # each Dask worker's share of the memory budget, which it and its watched child split
        key, limits = uuid.uuid4().hex, self.limits.shared(self.n_workers())
        yield from self._ordered(
            lambda item: client.submit(_watched, key, remote, item, limits, pure=False), items)

    def _ordered(self, submit: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Submit items with at most ``in_flight`` pending, yield results in submission order."""
        limit = self.in_flight or 2 * self.n_workers() + 2
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(submit(item))
                if len(pending) >= limit:
                    yield self._take(pending.popleft())
            while pending:
                yield self._take(pending.popleft())
        finally:
            for fut in pending:  # a consumer that stops early leaves nothing running
                fut.cancel()

    @staticmethod
    def _take(future: Any) -> Any:
        result = future.result()
        future.release()
        return result

    def _merge(self, stats: dict[str, StageStats]) -> None:
        for name, s in stats.items():
            self.stats.setdefault(name, StageStats(name)).merge(s)

