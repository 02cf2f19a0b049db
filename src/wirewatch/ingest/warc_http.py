"""The body of an HTTP response as a crawler stored it in a WARC record: chunked transfer decoded
and the ``Content-Encoding`` (gzip, deflate, br) undone within the size limit, so a compressed
page is read as its text instead of being refused as binary.  (fastwarc's own ``auto_decode``
lost the record after a chunked, deflated one in fastwarc 2.0.1, so the reader asks it for the
raw body and decodes here.)"""

from __future__ import annotations

import zlib

from wirewatch.errors import InputError


def decoded_body(body: bytes, transfer_encoding: str, content_encoding: str, locator: str,
                 max_bytes: int) -> bytes:
    """``body`` de-chunked when its transfer encoding says so, then each content coding undone
    (last applied first), within ``max_bytes``."""
    if "chunked" in transfer_encoding.lower():
        body = _dechunk(body)
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        body = _decode(body, coding, locator, max_bytes)
    return body


def _dechunk(body: bytes) -> bytes:
    """The chunks joined; the body as it is when it is not chunked after all (many crawlers
    de-chunk but keep the header)."""
    out: list[bytes] = []
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            return body
        try:
            size = int(body[pos:end].split(b";")[0].strip() or b"x", 16)
        except ValueError:
            return body
        if size == 0:
            return b"".join(out)
        out.append(body[end + 2:end + 2 + size])
        pos = end + 2 + size + 2
    return b"".join(out)


def _decode(body: bytes, coding: str, locator: str, max_bytes: int) -> bytes:
    if coding in ("identity", ""):
        return body
    try:
        if coding in ("gzip", "x-gzip"):
            out = zlib.decompressobj(wbits=47).decompress(body, max_bytes + 1)
        elif coding == "deflate":
            out = _inflate_deflate(body, max_bytes)
        elif coding == "br":
            out = _unbrotli(body, max_bytes)
        else:
            return body  # an unknown coding: the binary check decides
    except (zlib.error, ValueError, OSError) as exc:
        raise InputError(locator, "corrupt_encoding", f"{coding}: {exc}") from exc
    if len(out) > max_bytes:
        raise InputError(locator, "too_large", f"decoded, over the {max_bytes:,} byte limit")
    return out


def _inflate_deflate(body: bytes, max_bytes: int) -> bytes:
    try:  # "deflate" is zlib-wrapped by the standard, raw deflate by many servers
        return zlib.decompressobj().decompress(body, max_bytes + 1)
    except zlib.error:
        return zlib.decompressobj(wbits=-15).decompress(body, max_bytes + 1)


def _unbrotli(body: bytes, max_bytes: int) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    out = bytearray()
    for start in range(0, len(body), 65_536):  # fed in slices so a brotli bomb stops at the limit
        try:
            out += decompressor.process(body[start:start + 65_536])
        except brotli.error as exc:
            raise ValueError(str(exc)) from exc
        if len(out) > max_bytes:
            break
    return bytes(out)
