"""JSON Lines input: one object a line with ``url`` and ``html`` or ``text``, optionally ``id``,
``fetched`` and ``published``.  The file (gzipped or not) is streamed line by line, so memory is
bounded by one row, not the file.  Rows end at ``\\n`` only: ``str.splitlines`` would also split
inside valid JSON strings that hold U+2028, U+0085 or a form feed; a byte-order mark before the
first row is no part of it.  A bad row (bad JSON, a malformed URL, too large) is rejected by its
line number and the rest of the file is read."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from wirewatch.errors import InputError, describe
from wirewatch.ingest.files import page_of_bytes
from wirewatch.ingest.hints import checked_url, date_hints, iso_day, url_day
from wirewatch.ingest.sniff import is_gzip
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

_BOM = b"\xef\xbb\xbf"


class _Lines(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...
_ROW_OVERHEAD = 6  # JSON escaping (\uXXXX) can make a row this many times its page's bytes


def read_jsonl(path: Path, settings: Settings) -> Iterator[Page | Rejection]:
    source = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield Rejection(source, "ingest", "unreadable", exc.strerror or str(exc))
        return
    with raw:
        gzipped = is_gzip(raw.read(2))
        raw.seek(0)
        with gzip.GzipFile(fileobj=raw) if gzipped else nullcontext(raw) as fh:
            try:
                yield from _rows(fh, source, settings)
            except (OSError, EOFError, zlib.error) as exc:
                yield Rejection(source, "ingest", "corrupt_gzip", describe(exc))


def _rows(fh: _Lines, source: str, settings: Settings) -> Iterator[Page | Rejection]:
    limit = max(settings.max_page_bytes, 1) * _ROW_OVERHEAD + 4096
    n = 0
    while line := fh.readline(limit + 1):
        n += 1
        locator = f"{source}:{n}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(fh)
            yield Rejection(locator, "ingest", "too_large", f"the row is over the {limit:,} byte limit")
            continue
        if n == 1:
            line = line.removeprefix(_BOM)
        if line.strip():
            yield _page(line, locator, settings)


def _skip_rest_of_line(fh: _Lines) -> None:
    while chunk := fh.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _page(line: bytes, locator: str, settings: Settings) -> Page | Rejection:
    try:
        obj = json.loads(line.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        return Rejection(locator, "ingest", "bad_json", str(exc)[:300])
    if not isinstance(obj, dict):
        return Rejection(locator, "ingest", "bad_json", "the line is not a JSON object")
    try:
        return _page_of_row(obj, locator, settings)
    except InputError as exc:
        return Rejection(locator, "ingest", exc.reason, exc.detail)


def _page_of_row(obj: dict[str, Any], locator: str, settings: Settings) -> Page:
    url = checked_url(obj.get("url"), locator)
    html, text = obj.get("html"), obj.get("text")
    is_html = isinstance(html, str) and bool(html.strip())
    body = html if is_html else text
    if not isinstance(body, str) or not body.strip():
        raise InputError(locator, "empty", "no 'html' or 'text' field")
    content = body.encode("utf-8", errors="replace")  # lone surrogates (\ud800) become "?"
    if len(content) > settings.max_page_bytes:
        raise InputError(locator, "too_large", f"over the {settings.max_page_bytes:,} byte limit")
    ident = obj.get("id")
    source = str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else (url or locator)
    fetched = obj.get("fetched")
    return page_of_bytes(
        source, content, settings,
        url=url,
        kind="html" if is_html else "text",
        text=None if is_html else content.decode("utf-8"),
        fetched=fetched if isinstance(fetched, str) else None,
        site_hint=urlsplit(url).hostname if url else None,
        date_hints=date_hints(("jsonl", iso_day(obj.get("published"))), ("url", url_day(url))),
    )
