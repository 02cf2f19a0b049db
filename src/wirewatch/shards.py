"""Sharded, resumable runs: inputs split into shards that workers read themselves.

Plan (main process): every WARC/WET file is cut into shards of ``shard_pages`` records at record
boundaries (byte offsets found by one quick scan; gzipped archives are seekable because each
record is its own gzip member), plain files are batched, each JSON Lines file is one shard.
A shard's key derives from its file(s), their size and its record range, so the same input
yields the same shards on every run.

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

import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from wirewatch.article.site_memory import WINDOW, Profile, SiteMemory, is_text_page, profile
from wirewatch.errors import ConfigError, StoreError
from wirewatch.executors import PipelineFactory
from wirewatch.ingest import read_path
from wirewatch.ingest.files import ARCHIVE_SUFFIXES, JSONL_SUFFIXES, base_suffix, walk
from wirewatch.ingest.warc import read_archive
from wirewatch.ingest.warc import scan as scan_archive
from wirewatch.pipeline import Pipeline, Stage, StageStats, failed
from wirewatch.plan import WorkerSegment, group_segment
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store.schema import shard_marks
from wirewatch.workers import WatchedPool, WatchLimits, default_workers, watch_pages

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

SHARD_PAGES = 100  # records per archive shard, files per file shard: small enough to keep every
# worker busy to the end of a job and to lose little work to a kill, large enough that the
# per-shard costs (a task, a transaction, a marker) stay far below the pages' own



@dataclass(frozen=True, slots=True)
class Shard:
    """A piece of the input a worker reads by itself.  ``archive``: ``count`` records of one
    WARC/WET file from byte ``offset``, the first being record number ``first`` (``count`` 0:
    the whole file); ``files``: whole files (pages, or one JSON Lines file)."""

    kind: Literal["archive", "files"]
    paths: tuple[str, ...]
    size: int  # bytes of the file(s): part of the key, so a changed file is read again
    offset: int = 0
    first: int = 1
    count: int = 0
    has_text: bool = True  # may hold text dumps, so site memory learns from it

    @property
    def key(self) -> str:
        ident = f"{self.kind}|{'|'.join(self.paths)}|{self.size}|{self.offset}|{self.first}|{self.count}"
        return hashlib.sha1(ident.encode()).hexdigest()

    @property
    def label(self) -> str:
        if self.kind == "archive":
            tail = f"#{self.first}-{self.first + self.count - 1}" if self.count else ""
            return self.paths[0] + tail
        return self.paths[0] + (f" (+{len(self.paths) - 1} files)" if len(self.paths) > 1 else "")


# -- planning -------------------------------------------------------------------------------
def plan(inputs: Iterable[str], shard_pages: int = SHARD_PAGES) -> tuple[list[Shard], list[Rejection]]:
    """The shards of ``inputs`` in input order, and a rejection for each input that is missing
    or cannot be planned (planning never stops a run: the other inputs go on)."""
    shards: list[Shard] = []
    missing: list[Rejection] = []
    for item in inputs:
        path = Path(item)
        try:
            if not path.exists():
                missing.append(Rejection(str(path), "ingest", "not_found", "no such file or directory"))
                continue
            shards += _plan_path(path, shard_pages)
        except Exception as exc:  # an unreadable tree, a file that vanished
            log.debug("%s: cannot be planned", path, exc_info=exc)
            missing.append(Rejection(str(path), "ingest", "internal_error", f"{type(exc).__name__}: {exc}"))
    return shards, missing


def _plan_path(path: Path, shard_pages: int) -> list[Shard]:
    shards: list[Shard] = []
    batch: list[Path] = []
    for file in walk(path):
        suffix = base_suffix(file)
        if suffix in ARCHIVE_SUFFIXES or suffix in JSONL_SUFFIXES:
            shards += _files_shard(batch)
            batch = []
            shards += archive_shards(file, shard_pages) if suffix in ARCHIVE_SUFFIXES \
                else _files_shard([file])
        else:
            batch.append(file)
            if len(batch) >= shard_pages:
                shards += _files_shard(batch)
                batch = []
    return shards + _files_shard(batch)


def _files_shard(files: list[Path]) -> list[Shard]:
    if not files:
        return []
    size = sum(_size(f) for f in files)
    return [Shard("files", tuple(str(f) for f in files), size)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def archive_shards(path: Path, shard_pages: int) -> list[Shard]:
    """Shards of one archive, cut at record boundaries; the whole file as one shard when it
    cannot be cut (one gzip stream over all records, or a damaged file: its reader reports it)."""
    size = _size(path)
    whole = [Shard("archive", (str(path),), size)]
    try:
        starts, intact = scan_archive(path)  # (byte offset, is a text record) per record
    except OSError as exc:
        log.info("%s: read as one shard (%s)", path, exc)
        return whole
    if not intact:  # its reader resyncs past the damage and names each lost record
        return [Shard("archive", (str(path),), size, has_text=True)]
    if len(starts) <= shard_pages or not _seekable(path, [s for s, _ in starts[::shard_pages]]):
        return [Shard("archive", (str(path),), size, has_text=any(t for _, t in starts) or not starts)]
    out = []
    for i in range(0, len(starts), shard_pages):
        part = starts[i:i + shard_pages]
        out.append(Shard("archive", (str(path),), size, offset=part[0][0], first=i + 1,
                         count=len(part), has_text=any(t for _, t in part)))
    return out


def _seekable(path: Path, offsets: list[int]) -> bool:
    """Whether reading can start at each offset: a gzip member or a WARC header starts there."""
    with path.open("rb") as fh:
        for off in offsets:
            fh.seek(off)
            if fh.read(5)[:2] != b"\x1f\x8b" and not _is_warc_head(fh, off):
                return False
    return True


def _is_warc_head(fh: Any, off: int) -> bool:
    fh.seek(off)
    return bool(fh.read(5) == b"WARC/")


# -- reading a shard (in a worker) ------------------------------------------------------------
def read_shard(shard: Shard, settings: Settings) -> Iterator[Page | Rejection]:
    """The shard's pages, with the same sources (``file.warc.gz#12``) as reading the whole input."""
    if shard.kind == "files" or shard.count == 0:
        for p in shard.paths:
            yield from read_path(Path(p), settings)
        return
    yield from read_archive(Path(shard.paths[0]), settings, shard.offset, shard.first, shard.count)


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


class MarkBoilerplate(Stage):
    """Marks each text page's lines known as its site's boilerplate.  Unlike the local runner's
    site-memory stage it learns nothing: the memory was learned from the whole job in phase 1."""

    name = "site_memory"
    adds = ("boilerplate_marks",)

    def __init__(self, lines: dict[str, set[str]], local: dict[str, set[str]] | None = None) -> None:
        self.memory = SiteMemory(lines)
        self.memory.local.update(local or {})  # learned for pages whose site was found by clustering

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Page):
                try:
                    if is_text_page(record):
                        record.boilerplate = self.memory.marks(record)
                        stats.counters["marked_lines"] += len(record.boilerplate)
                except Exception as exc:  # noqa: BLE001  (one page never stops its shard)
                    rejection = failed(record, self.name, exc)
                    stats.dropped[rejection.reason] += 1
                    yield rejection
                    continue
                stats.kept += 1
            yield record


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
    """What a worker does with one shard: read it, mark boilerplate, run the per-page pipeline."""

    make_pipeline: PipelineFactory
    settings: Settings
    lines: dict[str, set[str]] = field(default_factory=dict)
    local: dict[str, set[str]] = field(default_factory=dict)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __call__(self, shard: Shard) -> ShardResult:
        pipeline = _pipeline(self.token, lambda: Pipeline([MarkBoilerplate(self.lines, self.local),
                                                           *self.make_pipeline().stages]))
        return _results(pipeline, watch_pages(read_shard(shard, self.settings), shard.label))


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
                executor: ShardExecutor | None = None, shard_pages: int = SHARD_PAGES,
                on_record: Callable[[Record], None] | None = None) -> Any:
    """The whole pipeline over ``inputs`` into ``store``, shard by shard, skipping the shards an
    earlier (finished, failed or killed) run already stored.  The wiring is the runner's:
    workers read, mark boilerplate and extract articles; this process groups them (in shard
    order); workers code and place the group leaders; this process stores each shard with its
    marker.  Returns the runner's ``RunSummary`` of what this run read and stored."""
    from wirewatch.runner import RunSummary

    settings = settings or Settings()
    executor = executor or ProcessMap(settings.workers, WatchLimits.of(settings))
    shards, missing = plan(inputs, shard_pages)
    done = completed(store)
    todo = [s for s in shards if s.key not in done]
    log.info("%d shards, %d already stored", len(shards), len(shards) - len(todo))
    summary, stats = RunSummary(), {}  # type: ignore[var-annotated]
    run_id = store.begin_run(list(inputs))
    try:
        for rejection in missing:
            _store_one(store, rejection, run_id, summary, {})
            if on_record is not None:
                on_record(rejection)
        memory = _learn_phase(store, todo, settings, executor)
        for shard, records, grouper in _process(todo, store, settings, executor, memory, stats):
            _store_shard(store, shard, records, run_id, summary, grouper)
            for record in records:
                if on_record is not None:
                    on_record(record)
    finally:
        summary.stages = {n: s.as_dict() for n, s in stats.items()}
        summary.stages["shards"] = {"total": len(shards), "skipped": len(shards) - len(todo)}
        store.finish_run(run_id, summary.as_dict())
    return summary


def _process(todo: list[Shard], store: Store, settings: Settings, executor: ShardExecutor,
             memory: SiteMemory, stats: dict[str, StageStats]
             ) -> Iterator[tuple[Shard, list[Article | Rejection], Any]]:
    """(shard, its final records, the grouper holding their story marks), in shard order."""
    from wirewatch.group.story import StoryGrouper, known_stories

    grouper = StoryGrouper.from_known(known_stories(store.engine))
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


def _store_shard(store: Store, shard: Shard, records: list[Article | Rejection], run_id: int,
                 summary: Any, grouper: Any) -> None:
    """The shard's records and its marker in one transaction; if that fails, record by record
    (so one bad record loses only itself), then the marker."""
    stories: dict[str, Any] = {}  # the grouper's decisions, taken once for both ways of storing
    for r in records:
        if isinstance(r, Article) and r.content_hash not in stories:
            stories[r.content_hash] = grouper.take(r.content_hash)
    mark = {"key": shard.key, "label": shard.label, "pages": len(records), "run_id": run_id,
            "stats": {"rejected": dict(Counter(r.reason for r in records if isinstance(r, Rejection)))}}
    try:
        with store.transaction() as conn:
            if _marked(conn, shard.key):  # a concurrent run stored it meanwhile
                log.info("%s: already stored by another run", shard.label)
                return
            outcomes = [_write(store, conn, r, run_id, stories) for r in records]
            conn.execute(shard_marks.insert().values(**mark))
    except SQLAlchemyError as exc:
        log.warning("%s: the shard could not be stored at once (%s); storing it record by record",
                    shard.label, exc)
        for record in records:
            _store_one(store, record, run_id, summary, stories)
        _mark_alone(store, mark)
        return
    for record, outcome in zip(records, outcomes):
        _count(summary, record, outcome)


def _marked(conn: Connection, key: str) -> bool:
    return conn.execute(select(shard_marks.c.key).where(shard_marks.c.key == key)).first() is not None


def _write(store: Store, conn: Connection, record: Article | Rejection, run_id: int,
           stories: dict[str, Any]) -> tuple[bool, int] | None:
    if isinstance(record, Article):
        return store.write_article(conn, record, run_id, stories[record.content_hash])
    store.write_rejection(conn, record, run_id)
    return None


def _store_one(store: Store, record: Article | Rejection, run_id: int, summary: Any,
               stories: dict[str, Any]) -> None:
    try:
        if isinstance(record, Article):
            outcome: tuple[bool, int] | None = store.add_article(record, run_id, stories.get(record.content_hash))
        else:
            store.add_rejection(record, run_id)
            outcome = None
    except StoreError as exc:
        log.error("%s", exc)
        summary.pages_read += 1
        summary.articles_kept += isinstance(record, Article)
        summary.rejected["store_error"] += 1
        return
    _count(summary, record, outcome)


def _count(summary: Any, record: Article | Rejection, outcome: tuple[bool, int] | None) -> None:
    summary.pages_read += 1
    if isinstance(record, Rejection):
        summary.rejected[record.reason] += 1
        return
    new, n_events = outcome or (False, 0)
    summary.articles_kept += 1
    summary.articles_new += int(new)
    summary.events_stored += n_events


def _mark_alone(store: Store, mark: dict[str, Any]) -> None:
    try:
        with store.transaction() as conn:
            if not _marked(conn, mark["key"]):
                conn.execute(shard_marks.insert().values(**mark))
    except SQLAlchemyError as exc:
        raise StoreError(f"{mark['label']}: cannot mark the shard as stored: {exc}") from exc


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
