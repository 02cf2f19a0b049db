"""Readers that never drop valid input: encodings, compressed WARC payloads, damaged WARC
records, streamed .jsonl.gz, the pre-checks, and the publication-date hints an input carries."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from tests._pages import html_page, text_dump, warc_bytes
from tests._warc import http_record
from wirewatch.article.stage import ArticleStage
from wirewatch.ingest import read_inputs
from wirewatch.ingest.checks import flattened
from wirewatch.ingest.hints import iso_day, url_day
from wirewatch.records import Article, Page, Rejection
from wirewatch.settings import Settings

STORY = "Gunmen killed five people in an attack on a village near Mopti on Monday, the army said."


def read(path: Path, **settings: object) -> list[Page | Rejection]:
    return list(read_inputs([str(path)], Settings(**settings)))  # type: ignore[arg-type]


def reasons(got: list[Page | Rejection]) -> list[str]:
    return [g.reason if isinstance(g, Rejection) else "page" for g in got]


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-16-le", b""), ("utf-16-be", b""),
                                           ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_utf16_and_utf32_pages_are_decoded_not_rejected_as_binary(tmp_path: Path, encoding: str,
                                                                    bom: bytes) -> None:
    path = tmp_path / "wide.html"
    path.write_bytes(bom + html_page().encode(encoding))
    (page,) = read(path)
    assert isinstance(page, Page)
    assert page.content.decode("utf-8") == html_page()
    article = ArticleStage().process(page)
    assert isinstance(article, Article) and "Gunmen attacked a village" in article.text


def test_binary_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(bytes(range(256)) * 40)
    assert reasons(read(path)) == ["binary"]


@pytest.mark.parametrize("coding,chunked", [("gzip", False), ("deflate", False), ("br", False),
                                            ("gzip", True), ("deflate", True), ("", True)])
def test_warc_payloads_with_a_content_encoding_are_decoded(tmp_path: Path, coding: str, chunked: bool) -> None:
    body = html_page().encode()
    path = tmp_path / "crawl.warc"
    path.write_bytes(http_record("https://example.org/2021/06/05/a", body, coding, chunked)
                     + http_record("https://example.org/b", body))
    first, second = read(path)
    assert isinstance(first, Page) and first.content == body, reasons([first])
    assert isinstance(second, Page) and second.content == body  # the record after it is not lost
    assert first.date_hints == (("url", "2021-06-05"),)


def test_a_gzip_encoded_warc_yields_its_articles_through_run(tmp_path: Path) -> None:
    from wirewatch.runner import extract
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(http_record(f"https://example.org/{i}", html_page().encode(), "gzip"))
                              for i in range(3)))
    out = list(extract([str(path)], Settings()))
    assert [type(o).__name__ for o in out] == ["Article"] * 3


def _damaged_archive(compress: bool) -> tuple[bytes, int]:
    good = [http_record(f"https://example.org/{i}", html_page().encode()) for i in range(6)]
    bad_length = good[1].replace(b"Content-Length: ", b"Content-Length: 9", 1)  # runs into record 3
    garbled = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: zz\r\n\r\nnot a record\r\n\r\n"
    cut = good[4][: len(good[4]) // 2]
    records = [good[0], bad_length, good[2], garbled, good[3], cut, good[5]]
    if compress:
        return b"".join(gzip.compress(r) for r in records), len(records)
    return b"".join(records), len(records)


@pytest.mark.parametrize("compress", [False, True])
def test_a_damaged_warc_record_costs_only_itself_and_is_named(tmp_path: Path, compress: bool) -> None:
    data, n = _damaged_archive(compress)
    path = tmp_path / ("damaged.warc.gz" if compress else "damaged.warc")
    path.write_bytes(data)
    got = read(path)
    pages = [g for g in got if isinstance(g, Page)]
    assert sorted(p.url or "" for p in pages) == [f"https://example.org/{i}" for i in (0, 2, 3, 5)]
    lost = [g for g in got if isinstance(g, Rejection)]
    assert {r.reason for r in lost} == {"corrupt_warc"} and len(lost) == 3, lost
    assert len({g.source for g in got}) == len(got) == n - 0  # every record numbered once


def test_garbage_before_the_first_record_is_named_and_the_archive_read(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"\x00garbage that is no record\n" + warc_bytes([("https://example.org/a", html_page())],
                                                                      compress=False))
    assert reasons(read(path)) == ["corrupt_warc", "page"]


def test_jsonl_gz_is_streamed_a_row_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    big = "x " * 4_000_000  # one 8 MB row among small ones
    rows = [{"url": "https://example.org/a", "text": text_dump()}, {"url": "https://example.org/b", "text": big},
            {"url": "https://example.org/c", "text": text_dump()}]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    tracemalloc.start()
    got = read(path, max_page_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert reasons(got) == ["page", "too_large", "page"]
    assert peak < 40_000_000, peak  # bounded by the row limit, not the file


def test_a_corrupt_jsonl_gz_keeps_the_rows_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    data = gzip.compress(b"".join(json.dumps({"url": f"https://example.org/{i}", "text": text_dump()}).encode()
                                  + b"\n" for i in range(50)))
    path.write_bytes(data[: len(data) * 2 // 3])
    got = read(path)
    assert reasons(got)[-1] == "corrupt_gzip" and reasons(got)[0] == "page"


def test_a_long_minified_line_is_broken_between_blocks_and_a_huge_one_refused(tmp_path: Path) -> None:
    minified = tmp_path / "minified.html"
    minified.write_text("<html><body>" + "<div><p>" + STORY + "</p></div>" * 2000 + "</body></html>")
    (page,) = read(minified, max_line_bytes=10_000)
    assert isinstance(page, Page) and max(map(len, page.content.split(b"\n"))) < 10_000
    one_line = tmp_path / "amp.html"
    one_line.write_text("<html><body><p>" + "&amp;" * 100_000 + "</p></body></html>")
    (rejected,) = read(one_line, max_line_bytes=100_000)
    assert isinstance(rejected, Rejection) and rejected.reason == "line_too_long"


def test_a_gzip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    (rejected,) = read(path)
    assert isinstance(rejected, Rejection) and rejected.reason == "gzip_ratio"
    plain = tmp_path / "ok.html.gz"
    plain.write_bytes(gzip.compress(html_page().encode()))
    assert reasons(read(plain)) == ["page"]


def test_content_inside_a_thousand_nested_blocks_is_kept() -> None:
    html = "<html><body>" + "<div>" * 1200 + f"<p>{STORY}</p>" + "</div>" * 1200 + "</body></html>"
    flat = flattened(html, Settings().max_tag_depth)
    assert flat is not None and STORY in flat
    article = ArticleStage().process(Page(source="deep.html", content=html.encode()))
    assert isinstance(article, Article) and "Gunmen killed five people" in article.text
    assert flattened(html, max_depth=500) is None  # beyond the limit: not worth the work
    assert flattened(html_page(), Settings().max_tag_depth) is None  # a normal page is left alone


def test_date_hints_from_jsonl_and_url_in_that_order_of_trust(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [{"url": "https://example.org/2021/06/05/attack", "text": STORY, "published": "2021-06-04T08:00:00Z"},
            {"url": "https://example.org/2021/06/05/attack-2", "text": STORY},
            {"url": "https://example.org/news/attack", "text": STORY, "published": "Sat, 05 Jun 2021 10:00:00 GMT"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    got = read(path)
    assert [p.date_hints for p in got if isinstance(p, Page)] == [
        (("jsonl", "2021-06-04"), ("url", "2021-06-05")), (("url", "2021-06-05"),), (("jsonl", "2021-06-05"),)]
    articles = [ArticleStage().process(p) for p in got]
    assert [(a.published, a.provenance.get("published")) for a in articles if isinstance(a, Article)] == [
        ("2021-06-04", "jsonl;hint"), ("2021-06-05", "url;hint"), ("2021-06-05", "jsonl;hint")]


def test_the_page_own_date_beats_every_hint() -> None:
    page = Page(source="x.html", content=html_page().encode(), date_hints=(("jsonl", "2020-01-01"),))
    article = ArticleStage().process(page)
    assert isinstance(article, Article) and article.published.startswith("2023-03-13")


@pytest.mark.parametrize("url,day", [("https://a.org/2021/06/05/x", "2021-06-05"), ("https://a.org/id/20210605x/", None),
                                     ("https://a.org/news/2019/12/31", "2019-12-31"),
                                     ("https://a.org/2021/13/05/x", None), ("https://a.org/1850/01/01/", None)])
def test_url_day(url: str, day: str | None) -> None:
    assert url_day(url) == day


def test_iso_day_reads_iso_and_feed_dates_and_nothing_else() -> None:
    assert iso_day("2021-06-05") == "2021-06-05"
    assert iso_day("Sat, 05 Jun 2021 10:00:00 +0000") == "2021-06-05"
    assert iso_day("yesterday") is None and iso_day(17) is None


def test_a_page_of_too_many_tags_is_refused_before_lxml_builds_them(tmp_path: Path) -> None:
    path = tmp_path / "tags.html"
    path.write_bytes(b"<html><body>" + b"<p>x" * 300_000)
    assert reasons(read(path)) == ["too_many_tags"]
    assert reasons(read(path, max_tags=1_000_000)) == ["page"]


def test_junk_after_an_intact_record_costs_only_the_junk(tmp_path: Path) -> None:
    records = [http_record(f"https://example.org/{i}", html_page().encode()) for i in range(3)]
    path = tmp_path / "junk.warc"
    path.write_bytes(records[0] + b"\x8f\x00 random junk \xff" * 50 + records[1] + records[2])
    got = read(path)
    assert reasons(got) == ["page", "corrupt_warc", "page", "page"]


def test_a_record_cut_in_its_header_costs_only_itself(tmp_path: Path) -> None:
    """Cut inside its WARC header, a record runs straight into the next record's header, which
    fastwarc then reads as its own: the cut record is named, the next one and those after it stored."""
    records = [http_record(f"https://example.org/{i}", html_page().encode()) for i in range(4)]
    cut = records[1][: records[1].index(b"WARC-Record-ID:") + 30]
    path = tmp_path / "cut.warc"
    path.write_bytes(records[0] + cut + records[2] + records[3])
    got = read(path)
    assert reasons(got) == ["page", "corrupt_warc", "page", "page"], got
    assert [g.url for g in got if isinstance(g, Page)] == [f"https://example.org/{i}" for i in (0, 2, 3)]


def test_a_warc_gz_cut_in_its_last_member_trailer_is_named(tmp_path: Path) -> None:
    """The cut leaves the last record's bytes inflatable but its gzip member without an end: the
    archive is damaged there, whatever the four bytes read as its size happen to say."""
    members = [gzip.compress(http_record(f"https://example.org/{i}", html_page().encode())) for i in range(3)]
    path = tmp_path / "cut.warc.gz"
    for cut in (2, 5, 8):
        path.write_bytes(b"".join(members)[:-cut])
        assert reasons(read(path)) == ["page", "page", "corrupt_warc"], cut


@pytest.mark.parametrize("compress", [False, True])
def test_an_archive_cut_a_few_bytes_into_its_next_record_names_that_stretch(tmp_path: Path, compress: bool) -> None:
    records = [http_record(f"https://example.org/{i}", html_page().encode()) for i in range(3)]
    parts = [gzip.compress(r) if compress else r for r in records]
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(b"".join(parts[:2]) + parts[2][:3])
    assert reasons(read(path)) == ["page", "page", "corrupt_warc"]
    path.write_bytes(b"".join(parts[:2]) + (b"" if compress else b"\r\n\r\n"))  # only blank lines after: intact
    assert reasons(read(path)) == ["page", "page"]
