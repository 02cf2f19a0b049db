"""Property tests of the readers and the URL check (hypothesis): whatever the bytes, a reader
yields pages or named rejections and never raises; valid rows and records always come back."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests._pages import html_page
from tests._warc import http_record
from wirewatch.errors import InputError
from wirewatch.ingest import read_inputs
from wirewatch.ingest.hints import checked_url, iso_day, url_day
from wirewatch.ingest.sniff import text_bytes
from wirewatch.records import Page, Rejection
from wirewatch.settings import Settings

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, data: bytes) -> list[Page | Rejection]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)], Settings(max_page_bytes=200_000)))


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["x.html", "x.html.gz", "x.warc", "x.warc.gz", "x.jsonl",
                                                  "x.jsonl.gz"]))
def test_any_bytes_under_any_name_give_pages_or_named_rejections(data: bytes, name: str) -> None:
    got = _read(name, data)
    assert all(isinstance(g, (Page, Rejection)) for g in got)
    assert all(g.reason for g in got if isinstance(g, Rejection))


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(["url", "html", "text", "id", "published", "fetched"]),
                                st.one_of(st.text(max_size=60), st.integers(), st.none()), max_size=6),
                max_size=8))
def test_jsonl_rows_each_give_one_page_or_one_rejection(rows: list[dict[str, object]]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    got = _read("rows.jsonl", data)
    assert len(got) == len(rows)


@FAST
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)
                .filter(str.strip), min_size=1, max_size=5), st.booleans())
def test_a_valid_row_comes_back_whatever_its_characters(texts: list[str], ascii_only: bool) -> None:
    """Line and paragraph separators, BOM-like and astral characters, raw or escaped: one row each."""
    rows = [{"url": f"https://example.org/{i}", "text": t} for i, t in enumerate(texts)]
    data = "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in rows).encode()
    got = _read("rows.jsonl.gz", gzip.compress(data))
    assert [g.text for g in got if isinstance(g, Page)] == texts


@FAST
@given(st.integers(0, 5), st.binary(min_size=1, max_size=400), st.booleans())
def test_junk_between_intact_records_costs_no_record(at: int, junk: bytes, compress: bool) -> None:
    records = [http_record(f"https://example.org/{i}", html_page().encode()) for i in range(5)]
    parts = [gzip.compress(r) if compress else r for r in records]
    parts.insert(at, gzip.compress(junk) if compress else junk)
    got = _read("a.warc.gz" if compress else "a.warc", b"".join(parts))
    assert sorted(g.url or "" for g in got if isinstance(g, Page)) == [f"https://example.org/{i}" for i in range(5)]


@FAST
@given(st.text(max_size=120))
def test_the_url_check_refuses_by_name_or_passes(value: str) -> None:
    try:
        assert checked_url(value, "row") == value
    except InputError as exc:
        assert exc.reason == "bad_url"
    day = url_day(value)
    assert day is None or len(day) == 10
    assert iso_day(value) is None or len(iso_day(value) or "") == 10


@FAST
@given(st.binary(max_size=2000))
def test_text_bytes_never_raises_and_gives_utf8_for_wide_text(data: bytes) -> None:
    out = text_bytes(data)
    assert out is None or isinstance(out, bytes)
