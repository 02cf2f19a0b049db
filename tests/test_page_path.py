"""A page through watch or ``POST /api/pages`` (``PageProcessor``) gets the article and events
``run`` gives it (issue 14's drift): the site's known boilerplate lines are applied, copies of a
syndicated story are grouped before coding and coded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_shards import stored
from tests.test_site_memory import PLEDGE, _story, _write
from wirewatch.ingest import read_inputs
from wirewatch.records import Page
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.watch.process import PageProcessor


def _violent(n: int) -> list[str]:
    return [(f"Gunmen killed {n + 3} villagers in an attack on the market of Tessit near Gao on "
             f"Monday, a local official said, in the deadliest raid in the area this month."),
            *_story(n)[1:]]


@pytest.mark.parametrize("isolate", [True, False], ids=["worker process", "caller's thread"])
def test_pages_one_at_a_time_store_what_a_run_stores(tmp_path: Path, isolate: bool) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    copy = _violent(1)
    paths = [_write(pages, 1, copy), _write(pages, 2, copy), _write(pages, 3, _violent(3)),
             _write(pages, 4, _story(4))]
    by_run, one_by_one = Store(str(tmp_path / "run.db")), Store(str(tmp_path / "pages.db"))
    run(paths, by_run, Settings(workers=1))
    # the site's lines, as earlier runs would have taught the watcher's store (a page that
    # comes alone teaches nothing)
    one_by_one.save_site_lines(by_run.site_lines())
    assert by_run.site_lines()["valleycourier.example"]
    processor = PageProcessor(one_by_one, Settings(), isolate=isolate)
    try:
        for page in read_inputs(paths, Settings()):
            assert isinstance(page, Page)
            processor.process(page)
    finally:
        processor.close()
    want, got = stored(by_run), stored(one_by_one)
    assert got["events"] and len(got["articles"]) == 4
    assert all(PLEDGE not in a["text"] for a in got["articles"].values())
    assert got == want
