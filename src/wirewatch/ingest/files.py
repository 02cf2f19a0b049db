"""Reading files and directories (recursively), gzipped or not, and standard input."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wirewatch.errors import InputError
from wirewatch.ingest.checks import check_ratio, screen
from wirewatch.ingest.sniff import is_gzip, text_bytes
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings


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


def read_bytes(path: Path, settings: Settings) -> bytes:
    """A file's bytes, gunzipped when gzipped, refusing what is empty, too large, corrupt or a
    decompression bomb."""
    source, max_bytes = str(path), settings.max_page_bytes
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
        check_ratio(source, size, len(raw), settings)
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


def page_from_file(path: Path, settings: Settings) -> Page | Rejection:
    try:
        return page_of_bytes(str(path), read_bytes(path, settings), settings)
    except InputError as exc:
        return Rejection(str(path), "ingest", exc.reason, exc.detail)


def page_of_bytes(source: str, data: bytes, settings: Settings, **fields: Any) -> Page:
    """A page of text bytes (UTF-16/32 re-encoded), screened by the pre-checks; an
    ``InputError`` if the bytes are binary or over a pre-check's limit."""
    text = text_bytes(data)
    if text is None:
        raise InputError(source, "binary", "content is not text")
    return screen(Page(source=source, content=text, **fields), settings)


def page_from_stdin(settings: Settings) -> Page | Rejection:
    max_bytes = settings.max_page_bytes
    data = sys.stdin.buffer.read(max_bytes + 1)
    if not data:
        return Rejection("-", "ingest", "empty", "standard input was empty")
    try:
        if is_gzip(data):
            data = _gunzip_bytes(data, max_bytes)
        if len(data) > max_bytes:
            raise InputError("-", "too_large", f"over the {max_bytes:,} byte limit")
        return page_of_bytes("-", data, settings)
    except InputError as exc:
        return Rejection("-", "ingest", exc.reason, exc.detail)


def _gunzip_bytes(data: bytes, max_bytes: int) -> bytes:
    try:
        inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
        return inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError("-", "corrupt_gzip", str(exc)) from exc
