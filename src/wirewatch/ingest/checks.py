"""Cheap pre-checks of a page's bytes before any parser sees it: the longest line, the number of
tags (each a tree element: 700,000 ``<p>`` took a worker past 1 GB), the depth of tag nesting
and (for gzipped inputs) the decompression ratio.  Each is a setting (``max_line_bytes``,
``max_tags``, ``max_tag_depth``, ``max_gzip_ratio``); a page over one is rejected by name instead
of holding a worker in C code (lxml, ``re``) for minutes or swelling it past its memory.

Two repairs keep valid pages that would otherwise be lost: a long line is broken after block
closing tags (minified pages are one line), and nesting deeper than the HTML parser's own limit
(libxml2 stops at 256 levels and drops everything inside) is flattened: the tags below
``FLATTEN_DEPTH`` are removed, their text kept.  The flattening is the article stage's fall-back
(``flattened``), run only on pages that yielded no article, so it costs the hot path nothing."""

from __future__ import annotations

import re

from wirewatch.errors import InputError
from wirewatch.records import Page
from wirewatch.settings import Settings

FLATTEN_DEPTH = 200  # below libxml2's 256-level limit, with room for the page's own wrappers
_BLOCK_END = re.compile(
    rb"(</(?:p|div|li|tr|table|section|article|aside|h[1-6]|ul|ol|header|footer|nav|script|style|"
    rb"figure|blockquote|main|form|dl|pre)\s*>)(?=<)",
    re.IGNORECASE,
)
# quoted values and unquoted runs are bounded, so a page of unclosed tags stays linear
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]{0,30})(?:[^<>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}')*?(/?)>")
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
_SELF_CLOSING = frozenset(b"p li dt dd tr td th option".split())  # a same-name opener closes it


def screen(page: Page, settings: Settings) -> Page:
    """The page, its long lines broken between block tags where that keeps it (minified pages),
    or an ``InputError`` naming the limit it exceeds."""
    data = page.content
    if not data:
        return page
    if len(data) > settings.max_line_bytes and _longest_line(data) > settings.max_line_bytes:
        data = _BLOCK_END.sub(rb"\1\n", data)
        longest = _longest_line(data)
        if longest > settings.max_line_bytes:
            raise InputError(page.source, "line_too_long",
                             f"a {longest:,}-byte line is over the {settings.max_line_bytes:,} byte limit")
    if page.text is None and (tags := data.count(b"<")) > settings.max_tags:
        raise InputError(page.source, "too_many_tags",
                         f"{tags:,} tags are over the limit of {settings.max_tags:,}")
    page.content = data
    return page


def flattened(html: str, max_depth: int) -> str | None:
    """``html`` with the tags nested deeper than ``FLATTEN_DEPTH`` removed (their text kept), or
    None when nothing is that deep or the nesting is beyond ``max_depth``.  Scanning every tag in
    Python costs milliseconds, so the article stage calls this only as a fall-back, when a page
    with that many tags yielded no article."""
    if html.count("<") <= FLATTEN_DEPTH:
        return None
    data = html.encode("utf-8", errors="surrogatepass")
    try:
        flat = _flatten(data, max_depth)
    except _TooDeep:
        return None
    return None if flat is data else flat.decode("utf-8", errors="replace")


class _TooDeep(Exception):
    """The nesting is deeper than ``max_tag_depth``: not worth flattening."""


def check_ratio(source: str, compressed: int, decompressed: int, settings: Settings) -> None:
    """A gzip input that inflates far more than text does is a decompression bomb."""
    if compressed > 0 and decompressed / compressed > settings.max_gzip_ratio:
        raise InputError(source, "gzip_ratio", f"inflates {decompressed / compressed:,.0f} times, "
                         f"over the limit of {settings.max_gzip_ratio:,.0f}")


def _longest_line(data: bytes) -> int:
    """The longest line's bytes; free for a page shorter than any limit that matters."""
    if b"\n" not in data:
        return len(data)
    return max(map(len, data.split(b"\n")))


def _flatten(data: bytes, max_depth: int) -> bytes:
    """``data`` without the tags nested deeper than ``FLATTEN_DEPTH`` (their text stays), or
    ``data`` itself when nothing is that deep; ``_TooDeep`` beyond ``max_depth``."""
    stack: list[tuple[bytes, bool]] = []  # (tag name, removed)
    cuts: list[tuple[int, int]] = []
    deepest = 0
    for m in _TAG.finditer(data):
        name = m.group(2).lower()
        if m.group(1):  # a closing tag: close up to its opener, if open
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    if stack[i][1]:
                        cuts.append(m.span())
                    del stack[i:]
                    break
            continue
        if name in _VOID or m.group(3):
            continue
        if name in _SELF_CLOSING and stack and stack[-1][0] == name:
            stack.pop()
        deep = len(stack) >= FLATTEN_DEPTH
        if deep:
            cuts.append(m.span())
        stack.append((name, deep))
        deepest = max(deepest, len(stack))
        if deepest > max_depth:
            raise _TooDeep(deepest)
    if not cuts:
        return data
    return _cut(data, cuts)


def _cut(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    parts, last = [], 0
    for start, end in sorted(cuts):
        parts.append(data[last:start])
        last = end
    parts.append(data[last:])
    return b"".join(parts)
