"""WARC and WET archives through fastwarc: HTTP responses become HTML pages, WET conversion
records become text pages.  A corrupt record is rejected with its position; the records read
before it are kept."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from wirewatch.ingest.sniff import looks_binary
from wirewatch.records import Page, Rejection

log = logging.getLogger(__name__)
_TYPES = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource


def read_archive(path: Path, max_bytes: int) -> Iterator[Page | Rejection]:
    source = str(path)
    n = 0
    try:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh, record_types=_TYPES, parse_http=True, fsspec_args=False)
            for n, record in enumerate(records, 1):
                yield page_of_record(record, f"{source}#{n}", max_bytes)
    except OSError as exc:
        yield Rejection(source, "ingest", "unreadable", exc.strerror or str(exc))
    except Exception as exc:  # noqa: BLE001 — fastwarc raises plain exceptions on malformed archives
        yield Rejection(f"{source}#{n + 1}", "ingest", "corrupt_warc", f"{type(exc).__name__}: {exc}")
    if n == 0:
        yield Rejection(source, "ingest", "empty_archive", "no response or conversion record")


def page_of_record(record: WarcRecord, locator: str, max_bytes: int) -> Page | Rejection:
    """One WARC record as a page (or the reason it is not one); also used by sharded reads."""
    url = record.headers.get("WARC-Target-URI") or None
    if record.content_length > max_bytes:
        return Rejection(locator, "ingest", "too_large", f"over the {max_bytes:,} byte limit")
    data = record.reader.read(max_bytes + 1)
    if record.record_type == WarcRecordType.response:
        status = record.http_headers.status_code if record.http_headers is not None else 200
        if status and status >= 400:
            return Rejection(locator, "ingest", "http_error", f"HTTP {status} for {url}")
    if not data.strip():
        return Rejection(locator, "ingest", "empty", "the record has no content")
    if looks_binary(data):
        return Rejection(locator, "ingest", "binary", "content is not text")
    is_wet = record.record_type == WarcRecordType.conversion
    return Page(
        source=locator,
        content=data,
        url=url,
        kind="text" if is_wet else None,
        fetched=record.headers.get("WARC-Date") or None,
        site_hint=urlsplit(url).hostname if url else None,
    )
