"""Shared fixtures.  ``SHARED`` is the read-only benchmark folder beside the repo (absent for
users: tests that need it are skipped).  ``store`` is a fresh store: SQLite in a temporary
folder, or a fresh PostgreSQL database when WIREWATCH_TEST_PG is set to a server URL (CI runs
the suite both ways)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from wirewatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared holds the benchmark data)")
    return path


def _pg_database(base_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    name = f"ww_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A store location for one test: a SQLite path, or a fresh PostgreSQL database URL."""
    pg = os.environ.get("WIREWATCH_TEST_PG")
    if pg:
        yield from _pg_database(pg)
    else:
        yield str(tmp_path / "test.db")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()
