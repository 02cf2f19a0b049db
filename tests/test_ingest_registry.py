"""The reader registry (issue 14 point 3): a file kind is one entry of
``wirewatch.ingest.readers.READERS``; reading a path, planning shards and reading a shard all
take it from there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._pages import html_page, warc_bytes
from wirewatch.ingest import read_path
from wirewatch.ingest.files import page_of_bytes
from wirewatch.ingest.readers import PAGE, READERS, Pages, Reader, Split, reader_for
from wirewatch.records import Page
from wirewatch.settings import Settings
from wirewatch.shard_plan import plan, read_shard


@pytest.mark.parametrize("name,reader", [("a.warc.gz", "warc"), ("a.WET", "warc"), ("b.jsonl.gz", "jsonl"),
                                         ("b.ndjson", "jsonl"), ("c.html", "page"), ("c.txt.gz", "page"),
                                         ("no_extension", "page"), ("d.pdf", "page")])
def test_each_file_kind_has_its_reader(name: str, reader: str) -> None:
    assert reader_for(Path(name)).name == reader


def _lines_scan(path: Path) -> tuple[list[tuple[int, bool]], bool]:
    starts, at = [], 0
    for line in path.read_bytes().splitlines(keepends=True):
        starts.append((at, True))
        at += len(line)
    return starts, True


def _lines_range(path: Path, settings: Settings, offset: int, first: int, count: int) -> Pages:
    with path.open("rb") as fh:
        fh.seek(offset)
        for n in range(first, first + count):
            yield page_of_bytes(f"{path}#{n}", fh.readline().strip(), settings, kind="text")


def _lines_read(path: Path, settings: Settings) -> Pages:
    starts, _ = _lines_scan(path)
    return _lines_range(path, settings, 0, 1, len(starts))


@pytest.fixture
def lines_reader() -> Iterator[Reader]:
    """A made-up kind: one text page a line, cut into shards at line starts."""
    reader = Reader("lines", (".lines",), _lines_read, many=True, split=Split(_lines_scan, lambda _path, _offsets: True, _lines_range))
    READERS.insert(0, reader)
    yield reader
    READERS.remove(reader)


def test_one_entry_adds_a_reader_to_reading_planning_and_shards(lines_reader: Reader, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(html_page())
    (folder / "b.lines").write_text("".join(f"Gunmen attacked village {n} on Monday.\n" for n in range(5)))
    (folder / "c.html").write_text(html_page())
    whole = [p.source for p in read_path(folder, Settings()) if isinstance(p, Page)]
    assert whole == [str(folder / "a.html"), *(f"{folder / 'b.lines'}#{n}" for n in range(1, 6)),
                     str(folder / "c.html")]
    shards, missing = plan([str(folder)], shard_pages=2)
    assert not missing
    # the page files around it are batched apart; the lines file is cut every two lines
    assert [(s.kind, Path(s.paths[0]).name, s.first, s.count) for s in shards] == [
        ("files", "a.html", 1, 0), ("archive", "b.lines", 1, 2), ("archive", "b.lines", 3, 2),
        ("archive", "b.lines", 5, 1), ("files", "c.html", 1, 0)]
    sharded = [p.source for s in shards for p in read_shard(s, Settings()) if isinstance(p, Page)]
    assert sharded == whole


def test_a_warc_is_still_cut_at_its_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([(f"https://example.org/{n}", html_page()) for n in range(5)], compress=True))
    shards, _ = plan([str(path)], shard_pages=2)
    assert [(s.first, s.count) for s in shards] == [(1, 2), (3, 2), (5, 1)]
    assert [p.source for s in shards for p in read_shard(s, Settings())] == [f"{path}#{n}" for n in range(1, 6)]
    assert reader_for(path) is not PAGE
