"""Shard planning and reading: inputs split into shards that workers read themselves.

Every WARC/WET file is cut into shards of ``shard_pages`` records at record boundaries (byte
offsets found by one quick scan; gzipped archives are seekable because each record is its own
gzip member), plain files are batched, each JSON Lines file is one shard.  A shard's key derives
from its file(s), their size and its record range, so the same input yields the same shards on
every run.  Only the shard description travels to a worker, which reads its pages itself.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wirewatch.errors import describe
from wirewatch.ingest import read_path
from wirewatch.ingest.files import walk
from wirewatch.ingest.readers import Split, reader_for
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

log = logging.getLogger(__name__)

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
            missing.append(Rejection(str(path), "ingest", "internal_error", describe(exc)))
    return shards, missing


def _plan_path(path: Path, shard_pages: int) -> list[Shard]:
    shards: list[Shard] = []
    batch: list[Path] = []
    for file in walk(path):
        reader = reader_for(file)  # (the ingest registry: a many-page file is a shard of its own)
        if reader.many:
            shards += _files_shard(batch)
            batch = []
            shards += archive_shards(file, shard_pages, reader.split) if reader.split else _files_shard([file])
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


def archive_shards(path: Path, shard_pages: int, split: Split | None = None) -> list[Shard]:
    """Shards of one archive, cut at record boundaries; the whole file as one shard when it
    cannot be cut (one gzip stream over all records, or a damaged file: its reader reports it)."""
    size = _size(path)
    whole = [Shard("archive", (str(path),), size)]
    split = split or reader_for(path).split
    if split is None:
        return whole
    try:
        starts, intact = split.scan(path)  # (byte offset, is a text record) per record
    except OSError as exc:
        log.info("%s: read as one shard (%s)", path, exc)
        return whole
    if not intact:  # its reader resyncs past the damage and names each lost record
        return [Shard("archive", (str(path),), size, has_text=True)]
    if len(starts) <= shard_pages or not split.seekable(path, [s for s, _ in starts[::shard_pages]]):
        return [Shard("archive", (str(path),), size, has_text=any(t for _, t in starts) or not starts)]
    out = []
    for i in range(0, len(starts), shard_pages):
        part = starts[i:i + shard_pages]
        out.append(Shard("archive", (str(path),), size, offset=part[0][0], first=i + 1,
                         count=len(part), has_text=any(t for _, t in part)))
    return out


# -- reading a shard (in a worker) ------------------------------------------------------------
def read_shard(shard: Shard, settings: Settings) -> Iterator[Page | Rejection]:
    """The shard's pages, with the same sources (``file.warc.gz#12``) as reading the whole input."""
    if shard.kind == "files" or shard.count == 0:
        for p in shard.paths:
            yield from read_path(Path(p), settings)
        return
    split = reader_for(Path(shard.paths[0])).split
    assert split is not None  # a counted range is planned only for a file its reader can split
    yield from split.read_range(Path(shard.paths[0]), settings, shard.offset, shard.first, shard.count)
