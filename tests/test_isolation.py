"""No page can stop or stall a batch (issue 18): an exception raised while one page is processed
becomes that page's rejection; a page that holds its worker inside C code gets the worker killed
and replaced; a page over the memory ceiling is ``too_large``; a worker that dies on a page
costs that page only.  Each on the local pool and on Dask."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.test_shards import stored
from wirewatch.executors import LocalExecutor
from wirewatch.pipeline import Pipeline, Stage
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.runner import extract, run
from wirewatch.settings import Settings
from wirewatch.shards import ProcessMap, run_job, run_sharded
from wirewatch.store import Store
from wirewatch.workers import MAIN_GROWTH_MB, WatchedPool, WatchLimits, rss_mb, watch_pages

# the 110-byte page: lxml's drop_tree asserts inside htmldate's clean_html
POISON = (b"<math><script>x</script>Gunmen killed five people in an attack on a village near Mopti "
          b"on Monday, the army said.<tr>")


def _good(n: int) -> bytes:
    return (f"<html><head><title>Clash number {n} near Gao</title></head><body><article>"
            f"<h1>Clash number {n} near Gao</h1><p>Gunmen killed {n + 2} soldiers in an attack on "
            f"checkpoint {n} near Gao on Tuesday, the army said in a statement on Wednesday.</p>"
            f"<p>The attackers fled on motorbikes towards the border, residents said.</p>"
            f"</article></body></html>").encode()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(6):
        (folder / f"good{n}.html").write_bytes(_good(n))
    (folder / "poison.html").write_bytes(POISON)
    return folder


def _internal(store: Store) -> list[tuple[str, str]]:
    return [(Path(s).name, r) for s, r in stored(store)["rejections"]]


def test_the_poison_page_is_rejected_and_the_rest_stored_by_the_cli_path(mixed: Path, db_url: str) -> None:
    store = Store(db_url)
    summary = run_job([str(mixed)], store, Settings(workers=2))
    assert summary.articles_kept == 6 and summary.rejected == {"internal_error": 1}
    assert _internal(store) == [("poison.html", "internal_error")]
    store.close()


def test_the_poison_page_names_its_exception(mixed: Path) -> None:
    out = list(extract([str(mixed)], Settings(workers=1)))
    bad = [r for r in out if isinstance(r, Rejection)]
    assert len(bad) == 1 and bad[0].reason == "internal_error" and bad[0].detail.startswith("AssertionError")
    assert sum(isinstance(r, Article) for r in out) == 6


def test_the_poison_page_in_the_library_run_and_extract_on_a_pool(mixed: Path, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "lib.db"))
    summary = run([str(mixed)], store, Settings(workers=2), executor=LocalExecutor(2, chunk_size=3))
    assert summary.articles_kept == 6 and summary.rejected == {"internal_error": 1}
    out = list(extract([str(mixed)], Settings(), executor=LocalExecutor(2, chunk_size=2)))
    assert [r.reason for r in out if isinstance(r, Rejection)] == ["internal_error"]


def test_a_malformed_url_in_a_jsonl_row_never_stops_the_run(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"url": "http://[zz]/x", "text": "Gunmen killed five people near Mopti on Monday."}\n')
    (tmp_path / "page.html").write_bytes(_good(1))
    store = Store(str(tmp_path / "w.db"))
    summary = run_job([str(rows), str(tmp_path / "page.html")], store, Settings(workers=2))
    assert summary.articles_kept == 1
    assert summary.pages_read == 2 and sum(summary.rejected.values()) == 1
    assert [Path(s).name.split(":")[0] for s, _ in stored(store)["rejections"]] == ["rows.jsonl"]


@pytest.mark.parametrize("url", ["http://[zz]/x", "http://.../"])
def test_a_reader_that_raises_in_the_main_process_costs_its_input_only(url: str, mixed: Path,
                                                                      tmp_path: Path) -> None:
    # the library path reads URLs in this process; urllib (a bad IPv6 literal) and the idna
    # codec (an empty label) raise from inside the URL reader, before any network is touched
    store = Store(str(tmp_path / "w.db"))
    summary = run([url, str(mixed)], store, Settings(workers=1))
    assert summary.articles_kept == 6 and summary.pages_read == 8
    assert dict(stored(store)["rejections"])[url] in ("internal_error", "bad_url")  # bad_url: caught by the reader
    out = list(extract([str(mixed), url], Settings(workers=1)))
    assert [r.source for r in out if isinstance(r, Rejection) and r.source == url] == [url]
    assert sum(isinstance(r, Article) for r in out) == 6


def test_huge_one_line_pages_are_each_named_in_bounded_time(tmp_path: Path) -> None:
    folder = tmp_path / "huge"
    folder.mkdir()
    for n, size in enumerate((1, 4, 9)):
        (folder / f"line{n}.html").write_bytes(b"&amp;" * (size * 200_000))
    (folder / "good.html").write_bytes(_good(3))
    store = Store(str(tmp_path / "w.db"))
    started = time.monotonic()
    summary = run_job([str(folder)], store, Settings(workers=2))
    assert time.monotonic() - started < 120
    assert summary.pages_read == 4 and summary.articles_kept == 1
    assert {Path(s).name for s, _ in stored(store)["rejections"]} == {"line0.html", "line1.html", "line2.html"}


# -- the watchdog, the memory ceiling and crashes, with real hangs in C code ------------------
class Trouble(Stage):
    """A test stage: a page whose text says so hangs in C (catastrophic backtracking in ``re``,
    which SIGALRM cannot interrupt), takes far too much memory, or dies."""

    name = "trouble"

    def process(self, record: Any) -> Record:
        page: Page = record
        if page.content == b"hang":
            re.match(r"(a+)+$", "a" * 64 + "b")
        elif page.content == b"hog":
            bytearray(4 << 30)
        elif page.content == b"hog600":  # under the per-worker ceiling, over a worker's share of the budget
            bytearray(600 << 20)
        elif page.content == b"die":
            os.kill(os.getpid(), signal.SIGKILL)
        return Article(source=page.source, content_hash=page.content_hash, kind="text",
                       text=page.content.decode())


@dataclass(frozen=True, slots=True)
class TroubleTask:
    def __call__(self, chunk: list[Page]) -> list[tuple[str, str]]:
        out = Pipeline([Trouble()]).run(watch_pages(chunk, "chunk"))
        return [(r.source, r.reason if isinstance(r, Rejection) else "ok") for r in out]


def _chunks(*contents: str) -> Iterator[list[Page]]:
    for c, chunk in enumerate(contents):
        yield [Page(source=f"{c}/{n}", content=w.encode()) for n, w in enumerate(chunk.split())]


def test_a_page_hung_in_c_code_gets_its_worker_replaced_and_the_rest_of_its_chunk_kept() -> None:
    with WatchedPool(TroubleTask(), 2, WatchLimits(page_s=2.0)) as pool:
        started = time.monotonic()
        got = list(pool.map(_chunks("a b hang c", "d e", "f hang g")))
        assert time.monotonic() - started < 60 and pool.killed == 2
    assert got == [[("0/0", "ok"), ("0/1", "ok"), ("0/2", "timeout"), ("0/3", "ok")],
                   [("1/0", "ok"), ("1/1", "ok")],
                   [("2/0", "ok"), ("2/1", "timeout"), ("2/2", "ok")]]


def test_a_page_over_the_memory_ceiling_is_too_large() -> None:
    with WatchedPool(TroubleTask(), 1, WatchLimits(page_s=30.0, memory_mb=256)) as pool:
        assert list(pool.map(_chunks("a hog b"))) == [[("0/0", "ok"), ("0/1", "too_large"), ("0/2", "ok")]]


def test_the_memory_budget_of_the_tree_is_split_between_the_workers() -> None:
    # each of two workers may hold 450 MB in all: the 1024 MB a worker may take beyond its start
    # would let two of them (and the main process) past the budget of the tree
    budget = rss_mb() + MAIN_GROWTH_MB + 2 * 450
    assert WatchLimits(memory_mb=1024, budget_mb=budget).shared(2).worker_total_mb == 450
    with WatchedPool(TroubleTask(), 2, WatchLimits(page_s=30.0, memory_mb=1024, budget_mb=budget)) as pool:
        got = list(pool.map(_chunks("a hog600 b", "c hog600")))
    assert got == [[("0/0", "ok"), ("0/1", "too_large"), ("0/2", "ok")], [("1/0", "ok"), ("1/1", "too_large")]]
    with WatchedPool(TroubleTask(), 1, WatchLimits(page_s=30.0, memory_mb=1024, budget_mb=0)) as pool:
        assert list(pool.map(_chunks("a hog600"))) == [[("0/0", "ok"), ("0/1", "ok")]]  # no budget: it fits


def test_a_worker_that_dies_on_a_page_costs_that_page_only() -> None:
    with WatchedPool(TroubleTask(), 2, WatchLimits(page_s=30.0)) as pool:
        got = list(pool.map(_chunks("a die b", "c")))
    assert got == [[("0/0", "ok"), ("0/1", "crash"), ("0/2", "ok")], [("1/0", "ok")]]


# -- the same on Dask -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    pytest.importorskip("distributed")
    from wirewatch.dask_executor import DaskExecutor

    with DaskExecutor(workers=2, chunk_size=4, limits=WatchLimits(page_s=3.0)) as ex:
        yield ex


def test_dask_rejects_the_poison_and_stores_what_the_local_pool_stores(cluster: Any, mixed: Path,
                                                                          tmp_path: Path) -> None:
    local, dask = Store(str(tmp_path / "local.db")), Store(str(tmp_path / "dask.db"))
    run_sharded([str(mixed)], local, Settings(), executor=ProcessMap(2), shard_pages=3)
    summary = run_sharded([str(mixed)], dask, Settings(), executor=cluster, shard_pages=3)
    assert summary.articles_kept == 6 and summary.rejected == {"internal_error": 1}
    assert stored(dask) == stored(local)


def test_dask_replaces_a_hung_page_s_process(cluster: Any) -> None:
    got = list(cluster.map(TroubleTask(), _chunks("a hang b", "c")))
    assert got == [[("0/0", "ok"), ("0/1", "timeout"), ("0/2", "ok")], [("1/0", "ok")]]


def test_dask_takes_the_malformed_url_and_the_huge_lines(cluster: Any, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "rows.jsonl").write_text('{"url": "http://[zz]/x", "text": "Gunmen killed two people."}\n')
    (inputs / "line.html").write_bytes(b"&amp;" * 1_000_000)
    (inputs / "good.html").write_bytes(_good(2))
    store = Store(str(tmp_path / "w.db"))
    summary = run_sharded([str(inputs)], store, Settings(), executor=cluster)
    assert summary.articles_kept == 1 and sum(summary.rejected.values()) == 2


def test_watch_and_the_api_reject_the_poison_in_their_watched_worker(db_url: str) -> None:
    from wirewatch.watch.process import PageProcessor

    store = Store(db_url)
    processor = PageProcessor(store, Settings())
    try:
        bad = processor.process(Page(source="api:poison", content=POISON, kind="html"))
        good = processor.process(Page(source="api:good", content=_good(4), kind="html"))
    finally:
        processor.close()
    assert bad.rejection is not None and bad.rejection.reason == "internal_error"
    assert "AssertionError" in bad.rejection.detail
    assert good.stored and good.events >= 1
    assert [(s, r) for s, r in stored(store)["rejections"]] == [("api:poison", "internal_error")]
