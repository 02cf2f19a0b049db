"""Settings that did nothing on the default path (issue 14's drift): ``db`` (WIREWATCH_DB) now
names the CLI's store, and ``chunk_size`` is the size of the sharded run's shards too."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests._corpus import html
from wirewatch.cli import app
from wirewatch.settings import Settings
from wirewatch.shards import ProcessMap, run_sharded
from wirewatch.store import Store


def _pages(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"p{i}.html").write_text(html(f"Council meets on budget {i}", f"The council of town {i} met on "
                                                f"Tuesday to discuss the budget for the coming year, item {i}."))
    return folder


def test_the_db_setting_names_the_store(tmp_path: Path) -> None:
    pages, db = _pages(tmp_path / "pages", 2), tmp_path / "from-env.db"
    result = CliRunner().invoke(app, ["run", "--workers", "1", str(pages)], env={"WIREWATCH_DB": str(db)})
    assert result.exit_code in (0, 1), result.output
    assert db.exists() and Store(str(db)).counts()["runs"] == 1


def test_chunk_size_sizes_the_shards(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 7)
    store = Store(str(tmp_path / "w.db"))
    run_sharded([str(pages)], store, Settings(workers=1, chunk_size=3), executor=ProcessMap(1))
    assert len(store.shard_keys()) == 3  # 3 + 3 + 1 pages
