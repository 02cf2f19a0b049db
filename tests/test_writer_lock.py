"""One writer per store (issue 19): two ``wirewatch run`` at once on one store, fresh or not,
store exactly what one run after the other stores, and a fresh store is migrated once.  On
SQLite and, with WIREWATCH_TEST_PG set, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests._corpus import write_archives
from tests.conftest import _pg_database
from tests.test_shards import stored
from wirewatch.store import Store
from wirewatch.store.migrations import MIGRATIONS
from wirewatch.store.schema import schema_version

CLI = [sys.executable, "-c", "from wirewatch.cli import main; main()"]


def _run(inputs: list[str], db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*CLI, "run", "--db", db, "--workers", "2", *inputs],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode in (0, 1), err.decode()
        assert b"Traceback" not in err, err.decode()


def _other_db(db_url: str, tmp_path: Path) -> tuple[str, object]:
    """A second, fresh store of the same kind as ``db_url``."""
    if "://" not in db_url:
        return str(tmp_path / "sequential.db"), None
    gen = _pg_database(os.environ["WIREWATCH_TEST_PG"])
    return next(gen), gen


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh store", "migrated store"])
def test_two_concurrent_runs_store_what_two_runs_one_after_the_other_store(db_url: str, tmp_path: Path,
                                                                          fresh: bool) -> None:
    if not fresh:
        Store(db_url).close()
    inputs = [str(p) for p in write_archives(tmp_path / "crawl", 120, files=3, wet_every=4, bad_every=15)]
    sequential_db, cleanup = _other_db(db_url, tmp_path)
    try:
        for _ in range(2):
            _finish(_run(inputs, sequential_db))
        _finish(_run(inputs, db_url), _run(inputs, db_url))  # at once
        concurrent, sequential = Store(db_url), Store(sequential_db)
        got, want = stored(concurrent), stored(sequential)
        assert got["events"] and got == want
        with concurrent.engine.connect() as conn:
            versions = conn.execute(select(schema_version.c.version, func.count())
                                    .group_by(schema_version.c.version)).all()
        assert sorted(versions) == [(v, 1) for v, _, _ in MIGRATIONS]
        concurrent.close()
        sequential.close()
    finally:
        if cleanup is not None:
            next(cleanup, None)  # type: ignore[call-overload]
