"""Reading files and directories (recursively), gzipped or not, and standard input."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from wirewatch.errors import InputError
from wirewatch.ingest.sniff import is_gzip, looks_binary
from wirewatch.records import Page, Rejection

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".xhtml")
ARCHIVE_SUFFIXES = (".warc", ".wet", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def base_suffix(path: Path) -> str:
    """The extension that says what a file holds, ignoring a trailing .gz."""
    name = path.name.lower()
    name = name.removesuffix(".gz")
    return os.path.splitext(name)[1]


def walk(root: Path) -> Iterator[Path]:
    """Every readable file under ``root`` in a stable (sorted) order, hidden files skipped."""
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, gunzipped when gzipped, refusing what is empty, too large or corrupt."""
    source = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, "unreadable", exc.strerror or str(exc)) from exc
    if size == 0 or not raw:
        raise InputError(source, "empty", "the file has no content")
    if is_gzip(raw):
        raw = _gunzip(path, max_bytes)
    if len(raw) > max_bytes:
        raise InputError(source, "too_large", f"over the {max_bytes:,} byte limit")
    return raw


def _gunzip(path: Path, max_bytes: int) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(str(path), "corrupt_gzip", str(exc)) from exc
    if not data:
        raise InputError(str(path), "empty", "the gzip member is empty")
    return data


def page_from_file(path: Path, max_bytes: int) -> Page | Rejection:
    try:
        data = read_bytes(path, max_bytes)
    except InputError as exc:
        return Rejection(str(path), "ingest", exc.reason, exc.detail)
    if looks_binary(data):
        return Rejection(str(path), "ingest", "binary", "content is not text")
    return Page(source=str(path), content=data)


def page_from_stdin(max_bytes: int) -> Page | Rejection:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if not data:
        return Rejection("-", "ingest", "empty", "standard input was empty")
    if is_gzip(data):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            return Rejection("-", "ingest", "corrupt_gzip", str(exc))
    if len(data) > max_bytes:
        return Rejection("-", "ingest", "too_large", f"over the {max_bytes:,} byte limit")
    if looks_binary(data):
        return Rejection("-", "ingest", "binary", "content is not text")
    return Page(source="-", content=data)
