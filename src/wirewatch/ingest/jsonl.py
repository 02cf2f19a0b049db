"""JSON Lines input: one object a line with ``url`` and ``html`` or ``text``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from wirewatch.errors import InputError
from wirewatch.ingest.files import read_bytes
from wirewatch.records import Page, Rejection


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Page | Rejection]:
    source = str(path)
    try:
        data = read_bytes(path, max_bytes=max(max_bytes, 1) * 100)
    except InputError as exc:
        yield Rejection(source, "ingest", exc.reason, exc.detail)
        return
    # rows end at "\n" only: str.splitlines() would also split inside valid JSON strings that hold
    # U+2028, U+0085 or a form feed; a byte-order mark before the first row is no part of it
    for n, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if line.strip():
            yield _page(line.decode("utf-8", errors="replace"), f"{source}:{n}", max_bytes)


def _page(line: str, locator: str, max_bytes: int) -> Page | Rejection:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejection(locator, "ingest", "bad_json", str(exc))
    if not isinstance(obj, dict):
        return Rejection(locator, "ingest", "bad_json", "the line is not a JSON object")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError as exc:  # "http://[zz]/x": the row is named, the rest of the file goes on
        return Rejection(locator, "ingest", "bad_url", f"{url!r}: {exc}")
    html, text = obj.get("html"), obj.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        return Rejection(locator, "ingest", "empty", "no 'html' or 'text' field")
    content = body.encode("utf-8")
    if len(content) > max_bytes:
        return Rejection(locator, "ingest", "too_large", f"over the {max_bytes:,} byte limit")
    source = str(obj.get("id") or url or locator)
    return Page(
        source=source,
        content=content,
        url=url,
        kind="html" if body is html else "text",
        text=None if body is html else body,
        fetched=obj.get("fetched") if isinstance(obj.get("fetched"), str) else None,
        site_hint=host,
    )
