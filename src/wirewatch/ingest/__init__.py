"""Stage 1, ingest: paths, URLs and standard input become ``Page`` records (or ``Rejection``s).

Readers: files and directories of .html/.htm/.txt (gzipped or not), WARC/WET archives, JSON
Lines, http(s) URLs, and ``-`` for standard input.  Content, not the extension, later decides
whether a page is HTML or a text dump (``wirewatch.ingest.sniff``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from wirewatch.ingest.files import (
    ARCHIVE_SUFFIXES,
    JSONL_SUFFIXES,
    base_suffix,
    page_from_file,
    page_from_stdin,
    walk,
)
from wirewatch.ingest.jsonl import read_jsonl
from wirewatch.ingest.urls import page_from_url
from wirewatch.ingest.warc import read_archive
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

__all__ = ["read_inputs", "read_path"]


def read_inputs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Page | Rejection]:
    """Every page of every input, in order; bad inputs become rejections and the stream goes on."""
    settings = settings or Settings()
    for item in inputs:
        if item == "-":
            yield page_from_stdin(settings.max_page_bytes)
        elif item.startswith(("http://", "https://")):
            yield page_from_url(item, settings.max_page_bytes, settings.fetch_timeout_s)
        else:
            yield from read_path(Path(item), settings)


def read_path(path: Path, settings: Settings) -> Iterator[Page | Rejection]:
    if not path.exists():
        yield Rejection(str(path), "ingest", "not_found", "no such file or directory")
        return
    for file in walk(path):
        suffix = base_suffix(file)
        if suffix in ARCHIVE_SUFFIXES:
            yield from read_archive(file, settings.max_page_bytes)
        elif suffix in JSONL_SUFFIXES:
            yield from read_jsonl(file, settings.max_page_bytes)
        else:
            yield page_from_file(file, settings.max_page_bytes)
