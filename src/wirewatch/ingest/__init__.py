"""Stage 1, ingest: paths, URLs and standard input become ``Page`` records (or ``Rejection``s).

Readers: files and directories of .html/.htm/.txt (gzipped or not), WARC/WET archives, JSON
Lines (each file kind an entry of ``wirewatch.ingest.readers.READERS``), http(s) URLs, and ``-``
for standard input.  Content, not the extension, later decides
whether a page is HTML or a text dump (``wirewatch.ingest.sniff``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from wirewatch.errors import InputError
from wirewatch.ingest.files import page_from_stdin, page_of_bytes, walk
from wirewatch.ingest.hints import date_hints, url_day
from wirewatch.ingest.readers import reader_for
from wirewatch.ingest.urls import page_from_url
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

__all__ = ["read_inputs", "read_path"]


def read_inputs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Page | Rejection]:
    """Every page of every input, in order; bad inputs become rejections and the stream goes on."""
    settings = settings or Settings()
    for item in inputs:
        if item == "-":
            yield page_from_stdin(settings)
        elif item.startswith(("http://", "https://")):
            yield screened_url(item, settings)
        else:
            yield from read_path(Path(item), settings)


def read_path(path: Path, settings: Settings) -> Iterator[Page | Rejection]:
    if not path.exists():
        yield Rejection(str(path), "ingest", "not_found", "no such file or directory")
        return
    for file in walk(path):
        yield from reader_for(file).read(file, settings)


def screened_url(url: str, settings: Settings) -> Page | Rejection:
    """A fetched page put through the same pre-checks as a file."""
    page = page_from_url(url, settings.max_page_bytes, settings.fetch_timeout_s, settings.allow_private)
    if isinstance(page, Rejection):
        return page
    try:
        return page_of_bytes(url, page.content, settings, url=url, site_hint=page.site_hint,
                             date_hints=date_hints(("url", url_day(url))))
    except InputError as exc:
        return Rejection(url, "ingest", exc.reason, exc.detail)
