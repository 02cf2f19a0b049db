"""Watched worker processes: no page can stop or stall a batch.

``WatchedPool`` runs a picklable task over items (shards, chunks of records, one page) in a few
worker processes and yields the results in item order, with at most ``2 x workers + 2`` items
in flight.  Inside a task, ``watch_pages`` wraps the stream of pages it processes: before each
page is pulled, the worker writes a heartbeat (the page's ordinal in the task and the time)
into memory shared with the parent.

The parent is the watchdog.  SIGALRM (``wirewatch._timeout``) interrupts Python code only; a
page that holds a worker inside C code (lxml, ``re``) past ``page_timeout_s +
watchdog_margin_s`` gets the worker killed and replaced, and the task is run again with that
page replaced by its ``timeout`` rejection: the rest of its chunk is kept.  A worker that dies
on a page (a crash in C code) is handled alike (reason ``crash``).  Each worker runs under a
memory ceiling (``RLIMIT_DATA``): at most ``worker_memory_mb`` beyond its start-up size, and at most
its share of ``memory_budget_mb``, the whole tree's budget (what this, the main, process leaves of
it, split evenly between the workers; a forked worker counts the pages it shares with its parent
as its own, as the tree's RSS does): a page that needs more raises MemoryError inside its stage,
which ``pipeline.failed`` turns into ``too_large``.

Outside a watched worker (``workers=1``: everything in this process) ``watch_pages`` is a
plain pass-through and only SIGALRM applies.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from wirewatch.errors import WirewatchError, describe
from wirewatch.records import Rejection
from wirewatch.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

FIRST_PAGE_GRACE_S = 30.0  # a fresh worker's first page also loads models and the gazetteer
MAX_LOST = 3  # a task whose worker dies this often between pages is a bug, not a page's fault
MAIN_GROWTH_MB = 128  # what the main process may still grow by after the workers start (story index, sink)
MIN_ROOM_MB = 256  # the least a worker may still allocate, whatever its share
MIN_SHARE_MB = 384  # below this a worker cannot hold its models and gazetteer: the budget is too small
_IDLE = -1.0


# -- in the worker ----------------------------------------------------------------------------
@dataclass(slots=True)
class _Watch:
    beat: Any  # multiprocessing Array('d', 2): ordinal of the page in progress (-1: none), start
    skip: dict[int, tuple[str, str]] = field(default_factory=dict)  # ordinal -> (reason, detail)
    stop_at: int | None = None  # pages from here on are lost (their reading itself hangs)
    grace: float = FIRST_PAGE_GRACE_S


_watch: _Watch | None = None  # set in a watched worker process


def watch_pages(records: Iterable[T], label: str = "?") -> Iterator[T | Rejection]:
    """``records`` with a heartbeat before each one; in a watched worker, a page the watchdog
    killed a worker over comes out as its rejection instead of being processed again.  An
    error raised by the source itself (a reader) ends the stream with one rejection naming
    ``label``, so a task never dies of its input."""
    it = iter(records)
    for n in itertools.count():
        watch = _watch
        if watch is not None:
            if watch.stop_at is not None and n >= watch.stop_at:
                yield Rejection(f"{label} (from page {n + 1})", "pipeline", "timeout",
                                "reading the rest of the input hung its worker")
                break
            watch.beat[1] = time.monotonic() + watch.grace
            watch.beat[0] = float(n)
            watch.grace = 0.0
        try:
            record = next(it)
        except StopIteration:
            break
        except Exception as exc:  # readers are guarded too: one rejection, not a crash
            log.debug("%s: reading failed", label, exc_info=exc)
            yield Rejection(label, "ingest", "internal_error", describe(exc)[:500])
            break
        if watch is not None and n in watch.skip:
            reason, detail = watch.skip[n]
            yield Rejection(str(getattr(record, "source", label)), "pipeline", reason, detail)
            continue
        yield record
    if _watch is not None:
        _watch.beat[0] = _IDLE


def _limit_memory(megabytes: int, total_mb: int = 0) -> None:
    """At most ``megabytes`` (0: any) of data beyond what this worker holds now, and a resident
    size of at most ``total_mb`` (0: any) counting what it holds now."""
    try:
        import resource

        kind = getattr(resource, "RLIMIT_DATA", resource.RLIMIT_AS)
        _, hard = resource.getrlimit(kind)
        # beyond what the worker holds at start: a forked worker starts with its parent's
        # (shared, copy-on-write) mappings, which the kernel counts in full
        data, mb = _status_bytes("VmData:"), 1024 * 1024
        room = [megabytes * mb] if megabytes > 0 else []
        if total_mb > 0:
            # never less than MIN_ROOM_MB: a worker forked from a large process (a notebook, a test
            # runner) already holds more than its share, and a ceiling at its current size makes
            # every allocation fail (CPython aborts) instead of rejecting the one large page
            room.append(max(MIN_ROOM_MB * mb, total_mb * mb - _status_bytes("VmRSS:")))
        if not room:
            return
        soft = data + min(room)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(kind, (soft, hard))
    except (ImportError, ValueError, OSError) as exc:  # no such limit here: run without it
        log.info("worker memory ceiling not set: %s", exc)


def _status_bytes(field_name: str = "VmData:") -> int:
    """A size of this process from /proc: ``VmData:`` its data (heap and private mappings, as
    RLIMIT_DATA counts it), ``VmRSS:`` its resident size (0 where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def rss_mb() -> int:
    """This process's resident size, in MB."""
    return _status_bytes("VmRSS:") // 2**20


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies, so a run killed with -9 leaves no
    worker behind (elsewhere this is a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn: Connection, beat: Any, fn: Callable[[Any], Any], memory: tuple[int, int]) -> None:
    """A worker's loop: receive (task id, item, skip, stop_at), send (task id, ok, result)."""
    global _watch
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(*memory)
    _watch = _Watch(beat)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, item, skip, stop_at = message
        _watch.skip, _watch.stop_at = skip, stop_at
        try:
            reply: tuple[Any, bool, Any] = (task_id, True, fn(item))
        except Exception as exc:  # noqa: BLE001  (a task's own bug: raised again in the parent)
            reply = (task_id, False, _picklable(exc))
        beat[0] = _IDLE
        conn.send(reply)


def _picklable(exc: Exception) -> Exception:
    import pickle

    try:
        pickle.dumps(exc)
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError(describe(exc))


# -- in the parent ------------------------------------------------------------------------------
@dataclass(slots=True)
class _Task(Generic[T]):
    item: T
    skip: dict[int, tuple[str, str]] = field(default_factory=dict)
    stop_at: int | None = None
    lost: int = 0


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any], memory: tuple[int, int]) -> None:
        self.beat = ctx.Array("d", [_IDLE, 0.0], lock=False)
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, self.beat, fn, memory), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass(frozen=True, slots=True)
class WatchLimits:
    """How long a page may hold a worker, and how much memory a worker may take: ``memory_mb``
    beyond its start, and ``worker_total_mb`` in all (its share of ``budget_mb``, the process
    tree's budget, set by ``shared``; 0: no such limit)."""

    page_s: float = 30.0
    memory_mb: int = 0
    budget_mb: int = 0
    worker_total_mb: int = 0

    @classmethod
    def of(cls, settings: Settings) -> WatchLimits:
        page = settings.page_timeout_s + settings.watchdog_margin_s if settings.page_timeout_s > 0 else 0.0
        return cls(page, settings.worker_memory_mb, settings.memory_budget_mb)

    def shared(self, workers: int) -> WatchLimits:
        """These limits with each of ``workers`` worker processes' share of the tree's budget:
        what this (the main) process, as large as it is now plus what it may still grow by,
        leaves of it, split evenly.  Already shared (a Dask worker's child): unchanged."""
        if self.budget_mb <= 0 or self.worker_total_mb > 0:
            return self
        left = self.budget_mb - rss_mb() - MAIN_GROWTH_MB
        share = left // max(1, workers)
        if share < MIN_SHARE_MB:
            log.warning("a memory budget of %d MB leaves %d MB to each of %d workers; each gets %d MB: "
                        "raise memory_budget_mb or run fewer workers", self.budget_mb, share, workers, MIN_SHARE_MB)
            share = MIN_SHARE_MB
        return replace(self, worker_total_mb=share)


class WatchedPool(Generic[T, R]):
    """``fn`` over items in ``workers`` watched processes, results in item order (see module)."""

    def __init__(self, fn: Callable[[T], R], workers: int, limits: WatchLimits,
                 start_method: str | None = None, outside_mb: int = 0) -> None:
        """``outside_mb``: memory of the share already taken outside the pool (a Dask worker's
        own, when its watched child is the pool)."""
        self.fn, self.limits = fn, limits
        self.n = max(1, workers)
        shared = limits.shared(self.n)  # computed once, while this process is as small as it is at start
        total = max(MIN_SHARE_MB, shared.worker_total_mb - outside_mb) if shared.worker_total_mb else 0
        self._memory = (shared.memory_mb, total)
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context(start_method or ("fork" if "fork" in methods else "spawn"))
        self._workers: list[_Worker] = []
        self.killed = 0  # workers the watchdog killed or found dead

    def __enter__(self) -> WatchedPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self._workers:
            w.process.join(2)
            w.kill()
        self._workers = []

    def map(self, items: Iterable[T]) -> Iterator[R]:
        tasks: dict[int, _Task[T]] = {}
        results: dict[int, R] = {}
        queue: deque[int] = deque()
        source, limit = iter(items), 2 * self.n + 2
        drawn = emitted = 0
        exhausted = False
        while True:
            while not exhausted and drawn - emitted < limit:
                try:
                    tasks[drawn] = _Task(next(source))
                except StopIteration:
                    exhausted = True
                    break
                queue.append(drawn)
                drawn += 1
            while emitted in results:
                tasks.pop(emitted)
                yield results.pop(emitted)
                emitted += 1
            if exhausted and emitted == drawn:
                return
            self._dispatch(queue, tasks)
            self._collect(queue, tasks, results)

    def one(self, item: T) -> R:
        return next(iter(self.map([item])))

    def _dispatch(self, queue: deque[int], tasks: Mapping[int, _Task[T]]) -> None:
        while len(self._workers) < self.n:
            self._workers.append(_Worker(self.ctx, self.fn, self._memory))
        for w in self._workers:
            if w.task is None and queue:
                tid = queue.popleft()
                t = tasks[tid]
                w.task = tid
                w.conn.send((tid, t.item, dict(t.skip), t.stop_at))

    def _collect(self, queue: deque[int], tasks: Mapping[int, _Task[T]], results: dict[int, R]) -> None:
        busy = {w.conn: w for w in self._workers if w.task is not None}
        for conn in wait(list(busy), timeout=0.25):
            w = busy[conn]
            try:
                tid, ok, value = w.conn.recv()
            except (EOFError, OSError):
                self._lost(w, queue, tasks, "crash", f"the worker died (exit code {w.process.exitcode})")
                continue
            w.task = None
            if not ok:
                raise value
            results[tid] = value
        self._watchdog(queue, tasks)

    def _watchdog(self, queue: deque[int], tasks: Mapping[int, _Task[T]]) -> None:
        if self.limits.page_s <= 0:
            return
        now = time.monotonic()
        for w in list(self._workers):
            if w.task is not None and w.beat[0] >= 0 and now - w.beat[1] > self.limits.page_s:
                detail = f"the page held its worker over {self.limits.page_s:g} s; the worker was replaced"
                self._lost(w, queue, tasks, "timeout", detail)

    def _lost(self, w: _Worker, queue: deque[int], tasks: Mapping[int, _Task[T]], reason: str,
              detail: str) -> None:
        """``w`` hung or died on its task: replace it and queue the task again, first, with the
        page in progress replaced by its rejection."""
        ordinal = int(w.beat[0])
        w.kill()
        self._workers.remove(w)
        self.killed += 1
        assert w.task is not None
        task = tasks[w.task]
        if ordinal < 0:
            task.lost += 1
            if task.lost >= MAX_LOST:
                raise WirewatchError(f"a worker died {task.lost} times on one task, between pages: {detail}")
        elif ordinal in task.skip:  # even skipping it hangs: its reading does, so stop there
            task.stop_at = ordinal
        else:
            task.skip[ordinal] = (reason, detail)
        log.warning("page %d of a task %s (%s): worker replaced", ordinal + 1, reason, detail)
        queue.appendleft(w.task)


def default_workers(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)
