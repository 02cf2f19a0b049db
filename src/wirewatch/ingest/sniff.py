"""Content decides what a page is: binary or text, HTML or a plain-text dump, and its encoding."""

from __future__ import annotations

import re

from wirewatch.errors import InputError

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|meta|title|script)[\s>]",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KB mean this is not a text page."""
    head = data[:4096]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


_WIDE_BOMS = (  # longest first: UTF-32-LE's BOM starts with UTF-16-LE's
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


def text_bytes(data: bytes) -> bytes | None:
    """The page's bytes ready for the text pipeline: UTF-16/32 pages (with a BOM, or ASCII-heavy
    text with every other byte NUL) re-encoded as UTF-8; other text as it is; None if binary."""
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            return data.decode(wide).lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError:
            return None
    return None if looks_binary(data) else data


def _wide_encoding(data: bytes) -> str | None:
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    half = len(head) // 2
    if half < 8:
        return None
    even_nul = head[0::2].count(0) / half
    odd_nul = head[1::2].count(0) / half
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def is_html(data: bytes) -> bool:
    return bool(_HTML_MARKERS.search(data[:8192]))


def is_gzip(data: bytes) -> bool:
    return data[:2] == _GZIP_MAGIC


def decode(data: bytes, source: str) -> str:
    """UTF-8 first (most of the web), then the page's declared charset, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect(data, source)


def _detect(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(source, "undecodable", "no text encoding fits its bytes")
    return data.decode(best.encoding, errors="replace")
