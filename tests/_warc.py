"""WARC response records written byte by byte for the reader and fuzz tests: HTTP payloads with
a Content-Encoding and chunked transfer, as crawlers store them (no third-party text)."""

from __future__ import annotations

import gzip
import zlib

import brotli

from tests._pages import _warc_record


def encoded(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "br":
        return bytes(brotli.compress(body))
    return body


def http_record(url: str, body: bytes, coding: str = "", chunked: bool = False, status: int = 200) -> bytes:
    """One uncompressed WARC response record whose HTTP payload is ``body`` encoded as asked."""
    payload = encoded(body, coding)
    head = f"HTTP/1.1 {status} OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if coding:
        head += f"Content-Encoding: {coding}\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
        payload = b"%x\r\n" % len(payload) + payload + b"\r\n0\r\n\r\n"
    else:
        head += f"Content-Length: {len(payload)}\r\n"
    http = head.encode() + b"\r\n" + payload
    return _warc_record("response", url, http, "application/http; msgtype=response")
