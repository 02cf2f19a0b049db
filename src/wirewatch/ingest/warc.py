"""WARC and WET archives through fastwarc: HTTP responses become HTML pages, WET conversion and
resource records text pages.  HTTP payloads are de-chunked and their ``Content-Encoding`` (gzip,
deflate, br) decoded, as crawlers store them raw.

Damage costs only the damaged record.  fastwarc raises on a garbled record, or stops without a
word when a record's length is wrong, so the reader checks where each record ends and, at
damage, finds the next ``WARC/1.`` header (the next gzip member of a record-gzipped archive) in
the raw bytes and restarts fastwarc there; the lost stretch is named ``corrupt_warc`` by its
number.  Records are numbered from 1 in file order among the page records and the damaged
stretches, so a sharded read of an intact archive names them as a whole-file read does."""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from wirewatch.errors import InputError, describe
from wirewatch.ingest.files import page_of_bytes
from wirewatch.ingest.hints import date_hints, url_day
from wirewatch.ingest.warc_http import decoded_body
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

log = logging.getLogger(__name__)
_PAGE_TYPES = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
_TEXT_TYPES = WarcRecordType.conversion | WarcRecordType.resource
_GARBLED_TYPES = (WarcRecordType.unknown, WarcRecordType.no_type)  # a WARC-Type garbled or lost: damage
_HEADER = b"WARC/1."
_GZIP_MAGIC = b"\x1f\x8b\x08"
_HEAD_LINE = re.compile(rb"WARC/1\.[01]\r?\n[A-Za-z][A-Za-z0-9-]*:")
_CHUNK = 1 << 20


@dataclass(slots=True)
class Entry:
    """A page record where it starts, or (``record`` None) a damaged stretch and why."""

    offset: int
    record: WarcRecord | None
    damage: str = ""


def read_archive(path: Path, settings: Settings, offset: int = 0, first: int = 1,
                 count: int | None = None) -> Iterator[Page | Rejection]:
    """The pages of ``path`` (``count`` of them from byte ``offset``, the first numbered
    ``first``; all to the end when ``count`` is None); each damaged stretch is a rejection."""
    source, n = str(path), first - 1
    try:
        for entry in entries(path, offset):
            if count is not None and n - first + 1 >= count:
                return
            n += 1
            yield page_of_entry(entry, f"{source}#{n}", settings)
    except OSError as exc:
        yield Rejection(source if n < first else f"{source}#{n + 1}", "ingest", "unreadable",
                        exc.strerror or str(exc))
        return
    if n == first - 1 and offset == 0:
        yield Rejection(source, "ingest", "empty_archive", "no response or conversion record")


def scan(path: Path) -> tuple[list[tuple[int, bool]], bool]:
    """(byte offset, is a text record) of each page record, and whether the archive is intact:
    what a shard plan cuts at.  Payloads are skipped, not read."""
    starts: list[tuple[int, bool]] = []
    intact = True
    for entry in entries(path, 0, parse_http=False):
        if entry.record is None:
            intact = False
        else:
            starts.append((entry.offset, bool(entry.record.record_type & _TEXT_TYPES)))
    return starts, intact


def seekable(path: Path, offsets: list[int]) -> bool:
    """Whether reading can start at each offset: a gzip member or a WARC header starts there
    (not so in an archive gzipped as one stream: it is read whole)."""
    with path.open("rb") as fh:
        for off in offsets:
            fh.seek(off)
            head = fh.read(5)
            if head[:2] != _GZIP_MAGIC[:2] and head != _HEADER[:5]:
                return False
    return True


def entries(path: Path, offset: int, parse_http: bool = True) -> Iterator[Entry]:
    """Every page record from ``offset`` and every damaged stretch between them, in file order."""
    with path.open("rb") as fh, path.open("rb") as probe:
        gzipped = _read_at(probe, offset, 2) == _GZIP_MAGIC[:2]
        pos, retried, last = offset, -1, -1
        while True:
            end, damage = pos, ""
            fh.seek(pos)
            try:
                for record in ArchiveIterator(fh, parse_http=parse_http, auto_decode="none", fsspec_args=False):
                    record_end, damage = _record_end(probe, record, gzipped)
                    if damage:
                        end = record.stream_pos
                        break
                    if record.record_type & _PAGE_TYPES:
                        yield Entry(record.stream_pos, record)
                    elif record.record_type in _GARBLED_TYPES:
                        yield Entry(record.stream_pos, None, f"unknown WARC-Type {record.headers.get('WARC-Type')!r}")
                    end, last = record_end, record.stream_pos
            except Exception as exc:  # noqa: BLE001 — fastwarc raises plain exceptions on malformed archives
                damage = describe(exc)
            if damage and end != retried and end != pos and _next_start(probe, end, gzipped) == end:
                # fastwarc failed on a record our own check found whole where it starts (its stream
                # was off after a stray line end): read it once more with a fresh fastwarc
                pos = retried = end
                continue
            resume = _resume_at(probe, end, gzipped, damage)
            if resume is None:
                tail = _tail_start(probe, end, gzipped, last)
                if tail is not None:  # e.g. an archive cut a few bytes into its next record
                    yield Entry(tail, None, "bytes after the last record that are no WARC record")
                return
            yield Entry(end, None, resume[1])
            if resume[0] < 0:
                return
            pos = resume[0]


def _resume_at(probe: BinaryIO, end: int, gzipped: bool, damage: str) -> tuple[int, str] | None:
    """Where reading goes on after fastwarc stopped at ``end`` (-1: nowhere) and what was lost
    there, or None when nothing was: no record header lies beyond ``end``."""
    start = _next_start(probe, end, gzipped)
    if start is None:
        return (-1, damage) if damage else None
    if start > end:  # bytes that begin no record, then a header fastwarc did not reach
        return start, damage or "bytes that are no WARC record"
    after = _next_start(probe, end + 1, gzipped)  # the record at ``end`` is the damaged one
    return (-1 if after is None else after), damage or "a record fastwarc could not read"


def _record_end(probe: BinaryIO, record: WarcRecord, gzipped: bool) -> tuple[int, str]:
    """Where the next record may begin, and why ``record`` is damaged ("" when it is not).  In a
    plain archive the record must end where its WARC Content-Length says, followed by blank
    lines and the next header or the end of the file; a gzip member per record is checked by the
    inflater, so only a lower bound is given."""
    start = record.stream_pos
    try:
        length = int(record.headers.get("Content-Length") or "")
    except ValueError:
        return start, "no valid Content-Length"
    if gzipped:
        return start + 1, _member_damage(probe, start, length)
    head = _read_at(probe, start, 65_536)
    header_length = _header_length(head)
    own = _HEAD_LINE.search(head, 0, header_length)  # (fastwarc may start a record at a stray line end)
    if own and _HEAD_LINE.search(head, own.end(), header_length):  # cut in its header: the next one's read as its own
        return start, "the record is cut short (the next record's header inside its own)"
    end = start + header_length + length
    tail = _read_at(probe, end, 64)
    if len(tail) == 0 and _size(probe) < end:
        return start, "the record is cut short"
    rest = tail.lstrip(b"\r\n")
    if rest and not rest.startswith(_HEADER) and not tail.startswith(b"\r\n\r\n"):
        return start, "the record's length runs past its end"  # (its own end intact: the junk after it is named)
    return end + len(tail) - len(rest), ""


def _header_length(head: bytes) -> int:
    """The bytes of the WARC header block (blank line included) at the start of ``head``."""
    cut = head.find(b"\r\n\r\n")
    if cut >= 0:
        return cut + 4
    cut = head.find(b"\n\n")
    return cut + 2 if cut >= 0 else len(head)


def _member_damage(probe: BinaryIO, start: int, length: int) -> str:
    """Why the gzip member at ``start`` cannot hold its record ("" when it can): a record whose
    length runs past its member would be read on into the next ones.  The member's inflated
    size is its trailer's ISIZE, the four bytes before the next member (or the end of the file)."""
    nxt = _next_start(probe, start + 1, True, any_member=True)
    stop = _size(probe) if nxt is None else nxt
    try:
        head = zlib.decompressobj(wbits=31).decompress(_read_at(probe, start, 65_536), 65_536)
    except zlib.error:
        return ""  # fastwarc reports a member it cannot inflate itself
    if nxt is None and _member_end(probe, start) is None:  # an archive cut in its last member: no trailer
        return "the record is cut short (its gzip member has no end)"
    isize = int.from_bytes(_read_at(probe, stop - 4, 4), "little")
    if isize < _header_length(head) + length:  # (a member over 4 GiB wraps ISIZE: no such page)
        return "the record's length runs past its gzip member" if nxt is not None else "the record is cut short"
    return ""


def _member_end(probe: BinaryIO, start: int) -> int | None:
    """Where the gzip member at ``start`` ends (its trailer read), or None if it has no end
    before the end of the file; inflated a chunk at a time, the output dropped."""
    inflater = zlib.decompressobj(wbits=31)
    probe.seek(start)
    fed = 0
    try:
        while not inflater.eof and (chunk := probe.read(_CHUNK)):
            fed += len(chunk)
            inflater.decompress(chunk, _CHUNK)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, _CHUNK)
    except zlib.error:
        return None
    return start + fed - len(inflater.unused_data) if inflater.eof else None


def _tail_start(probe: BinaryIO, end: int, gzipped: bool, last: int) -> int | None:
    """Where bytes that are no record begin after the last record (``last``; ``end``: where a
    plain archive's next record would begin), or None when only blank lines follow it."""
    if gzipped:
        member_end = _member_end(probe, last) if last >= 0 else None
        if member_end is None:
            return None
        end = member_end
    rest = _read_at(probe, end, 4096)
    return end if rest.strip(b"\r\n\x00 \t") else None


def _next_start(probe: BinaryIO, frm: int, gzipped: bool, any_member: bool = False) -> int | None:
    """The offset of the first record header (gzip member holding one; with ``any_member``, any
    gzip member) at or after ``frm``."""
    needle = _GZIP_MAGIC if gzipped else _HEADER
    pos, carry = frm, b""
    probe.seek(frm)
    while chunk := probe.read(_CHUNK):
        data = carry + chunk
        base = pos - len(carry)
        hit = data.find(needle)
        while hit >= 0:
            at = base + hit
            if at >= frm and _starts_record(probe, at, gzipped, any_member):
                return at
            hit = data.find(needle, hit + 1)
        carry = data[-(len(needle) - 1):]
        pos += len(chunk)
        probe.seek(pos)
    return None


def _starts_record(probe: BinaryIO, at: int, gzipped: bool, any_member: bool = False) -> bool:
    if not gzipped:  # a version line, then a header field (a cut record leaves no line end before it)
        return _HEAD_LINE.match(_read_at(probe, at, 64)) is not None
    try:
        head = zlib.decompressobj(wbits=31).decompress(_read_at(probe, at, 4096), 16)
    except zlib.error:
        return False
    return bool(head) if any_member else head.startswith(_HEADER)


def _read_at(probe: BinaryIO, at: int, n: int) -> bytes:
    probe.seek(at)
    return probe.read(n)


def _size(probe: BinaryIO) -> int:
    probe.seek(0, 2)
    return probe.tell()


def page_of_entry(entry: Entry, locator: str, settings: Settings) -> Page | Rejection:
    """One record as a page, or the reason it is not one."""
    if entry.record is None:
        return Rejection(locator, "ingest", "corrupt_warc", entry.damage)
    try:
        return _page(entry.record, locator, settings)
    except InputError as exc:
        return Rejection(locator, "ingest", exc.reason, exc.detail)
    except Exception as exc:  # noqa: BLE001 — fastwarc's reader raises plain exceptions on a cut payload
        return Rejection(locator, "ingest", "corrupt_warc", describe(exc))


def _page(record: WarcRecord, locator: str, settings: Settings) -> Page:
    max_bytes = settings.max_page_bytes
    url = (record.headers.get("WARC-Target-URI") or "").strip("<>") or None
    if record.content_length > max_bytes * 4:  # a compressed payload may be smaller than its page
        raise InputError(locator, "too_large", f"over the {max_bytes:,} byte limit")
    data = record.reader.read(max_bytes * 4 + 1)
    http = record.http_headers if record.record_type == WarcRecordType.response else None
    if http is not None:
        if http.status_code and http.status_code >= 400:
            raise InputError(locator, "http_error", f"HTTP {http.status_code} for {url}")
        data = decoded_body(data, http.get("Transfer-Encoding") or "", http.get("Content-Encoding") or "",
                            locator, max_bytes)
    if len(data) > max_bytes:
        raise InputError(locator, "too_large", f"over the {max_bytes:,} byte limit")
    if not data.strip():
        raise InputError(locator, "empty", "the record has no content")
    return page_of_bytes(
        locator, data, settings, url=url,
        kind="text" if record.record_type & _TEXT_TYPES else None,
        fetched=record.headers.get("WARC-Date") or None,
        site_hint=_host(url), date_hints=date_hints(("url", url_day(url))),
    )


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None
