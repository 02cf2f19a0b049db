"""Site memory is one rule on every path (issue 14's drift): the CLI's sharded run learns what
the library's ``run()`` learns, so syndicated copies keep their bodies there too, and the
site's own lines are still removed."""

from __future__ import annotations

from pathlib import Path

from tests.test_site_memory import PLEDGE, _story, _write
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.shards import run_job
from wirewatch.store import Store


def _texts(store: Store) -> dict[str, str]:
    return {Path(a["source"]).name: a["text"] for a in store.iter_articles()}


def test_syndicated_copies_keep_their_body_through_the_cli_path(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shared = _story(1)
    _write(pages, 1, shared), _write(pages, 2, shared), _write(pages, 3, _story(3))
    cli, library = Store(str(tmp_path / "cli.db")), Store(str(tmp_path / "lib.db"))
    run_job([str(pages)], cli, Settings(workers=2))
    run(sorted(str(p) for p in pages.iterdir()), library, Settings(workers=1))
    got = _texts(cli)
    for name in ("valleycourier.example_1.txt", "valleycourier.example_2.txt"):
        assert all(par in got[name] for par in shared), got[name]
    assert all(PLEDGE not in text for text in got.values())  # still the site's line: 1 and 3 differ
    assert got == _texts(library)
    assert cli.site_lines() == library.site_lines()
