"""The registry of file readers: which reader takes a file (by its extension, a trailing .gz
ignored), and how a shard plan treats it.  Adding a reader is one ``Reader`` entry in
``READERS``: reading a path (``wirewatch.ingest.read_path``), planning shards and reading a
shard in a worker (``wirewatch.shard_plan``) all look it up here.  A file no reader claims is a
page (HTML or a text dump, told apart by its content later)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wirewatch.ingest.files import base_suffix, page_from_file
from wirewatch.ingest.jsonl import read_jsonl
from wirewatch.ingest.warc import read_archive, scan, seekable
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

Pages = Iterator[Page | Rejection]


@dataclass(frozen=True, slots=True)
class Split:
    """How a many-record file is cut into shards at record boundaries: ``scan`` gives each
    record's (byte offset, may hold text) and whether the file is intact (a damaged file is
    read whole); ``seekable``, whether reading can start at each of some of those offsets (if
    not, the file is read whole); ``read_range`` reads ``count`` records from ``offset``, the
    first numbered ``first``, with the same sources as a whole-file read."""

    scan: Callable[[Path], tuple[list[tuple[int, bool]], bool]]
    seekable: Callable[[Path, list[int]], bool]
    read_range: Callable[[Path, Settings, int, int, int], Pages]


@dataclass(frozen=True, slots=True)
class Reader:
    """One kind of input file.  ``many``: the file holds many pages, so a shard plan gives it a
    shard of its own (cut by ``split`` when given) instead of batching it with other files."""

    name: str
    suffixes: tuple[str, ...]  # as ``base_suffix`` gives them: lower case, no trailing .gz
    read: Callable[[Path, Settings], Pages]
    many: bool = False
    split: Split | None = None


def _read_page(path: Path, settings: Settings) -> Pages:
    yield page_from_file(path, settings)


def _archive_range(path: Path, settings: Settings, offset: int, first: int, count: int) -> Pages:
    return read_archive(path, settings, offset, first, count)


PAGE = Reader("page", (".html", ".htm", ".txt", ".xhtml"), _read_page)
READERS: list[Reader] = [
    Reader("warc", (".warc", ".wet", ".arc"), read_archive, many=True, split=Split(scan, seekable, _archive_range)),
    Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl, many=True),
    PAGE,
]


def reader_for(path: Path) -> Reader:
    """The reader registered for ``path``'s extension; the page reader for any other file."""
    suffix = base_suffix(path)
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return PAGE

