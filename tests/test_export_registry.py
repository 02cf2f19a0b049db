"""The export-format registry (issue 14 point 3): every format is one entry, and the CLI, the REST
API and docs/cli.md all read it, so a format added through ``register`` is offered everywhere
with no other edit."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.test_serve_support import fill_store
from wirewatch.cli import app
from wirewatch.export import FORMATS, ExportFormat, export, formats
from wirewatch.serve import ServeConfig, create_app
from wirewatch.store import Store


def _write_ids(incidents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A made-up format: one incident key a line, so the test can compare it with the others."""
    n = 0
    for n, inc in enumerate(incidents, 1):
        out.write(f"{inc['incident_key']}\n")
    return n


def _write_count_file(incidents: Iterable[dict[str, Any]], path: Path) -> int:
    """A made-up binary format: the number of incidents as 4 bytes."""
    n = sum(1 for _ in incidents)
    path.write_bytes(n.to_bytes(4, "big"))
    return n


@pytest.fixture
def throwaway(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(FORMATS, "ids", ExportFormat("ids", "incident keys, one a line", "text/plain", ".txt",
                                                     write_text=_write_ids))
    monkeypatch.setitem(FORMATS, "count", ExportFormat("count", "the count as 4 bytes",
                                                       "application/octet-stream", ".bin",
                                                       write_file=_write_count_file))
    yield "ids"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("registry") / "reg.db")
    store = Store(path)
    fill_store(store, 40)
    store.close()
    return path


def _keys(db: str) -> list[str]:
    buf = io.StringIO()
    store = Store(db)
    export(store, "jsonl", buf)
    store.close()
    return [json.loads(line)["wirewatch_id"] for line in buf.getvalue().splitlines()]


def test_an_entry_needs_exactly_one_writer() -> None:
    with pytest.raises(ValueError):
        ExportFormat("none", "no writer", "text/plain", ".txt")
    with pytest.raises(ValueError):
        ExportFormat("both", "two writers", "text/plain", ".txt", write_text=_write_ids,
                     write_file=_write_count_file)


def test_a_registered_format_is_offered_by_the_cli(throwaway: str, db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--db", db, "--format", "ids"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == _keys(db) and len(_keys(db)) > 10
    wrong = runner.invoke(app, ["export", "--db", db, "--format", "no-such"])
    assert wrong.exit_code == 2 and "ids" in wrong.output and "count" in wrong.output
    # a format that does not stream needs -o, whatever its name
    assert runner.invoke(app, ["export", "--db", db, "--format", "count"]).exit_code == 2
    out = tmp_path / "n.bin"
    assert runner.invoke(app, ["export", "--db", db, "--format", "count", "-o", str(out)]).exit_code == 0
    assert int.from_bytes(out.read_bytes(), "big") == len(_keys(db))


def test_a_registered_format_is_offered_by_the_api(throwaway: str, db: str) -> None:
    with TestClient(create_app(ServeConfig(db=db))) as client:
        listed = {f["name"]: f for f in client.get("/api/export").json()}
        assert set(listed) == set(FORMATS) and {"ids", "count", "acled-csv", "parquet"} <= set(listed)
        assert listed["ids"]["media_type"] == "text/plain" and listed["count"]["streams"] is False
        r = client.get(listed["ids"]["url"])
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
        assert 'filename="incidents.txt"' in r.headers["content-disposition"]
        assert r.text.split() == _keys(db)
        binary = client.get("/api/export/count")
        assert int.from_bytes(binary.content, "big") == len(_keys(db))
        assert client.get("/api/export/no-such").status_code == 404


def test_the_api_download_has_the_exports_bytes_and_takes_acled_filters(db: str) -> None:
    import pandas as pd

    store = Store(db)
    expected = io.StringIO()
    export(store, "acled-csv", expected)
    store.close()
    with TestClient(create_app(ServeConfig(db=db))) as client:
        r = client.get("/api/export/acled-csv")
        assert r.status_code == 200 and r.text == expected.getvalue()
        frame = pd.read_csv(io.StringIO(r.text))
        first = str(frame["country"].iloc[0])
        one = pd.read_csv(io.StringIO(client.get("/api/export/csv", params={"country": first}).text))
        assert 0 < len(one) <= len(frame) and (one["country"] == first).all()
        assert client.get("/api/export/csv", params={"fields": "country"}).status_code == 422
        assert client.get("/api/export/csv", params={"colour": "red"}).status_code == 422
        parquet = client.get("/api/export/parquet")
        assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"


def test_docs_name_every_registered_format() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    row = next(line for line in doc.splitlines() if line.startswith("| `--format ") and "acled-csv" in line)
    named = re.findall(r"`([a-z0-9-]+)`: ", row)
    assert named == list(formats.FORMATS), "docs/cli.md's --format row must list the registry, in order"
    for fmt in formats.FORMATS.values():
        assert f"`{fmt.name}`: {fmt.summary}" in row, f"docs/cli.md: {fmt.name}'s line must be its summary"
    assert "/api/export/{name}" in (ROOT / "docs" / "api.md").read_text()


def test_the_dashboard_offers_a_registered_format_for_the_view(throwaway: str, db: str) -> None:
    """The dashboard lists GET /api/export: a format added to the registry gets a download link,
    filtered as the view is."""
    from tests.test_dashboard import CHROMIUM, FLAGS
    from tests.test_serve_support import serving

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/browser.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")
    import httpx

    country = json.loads(io.StringIO(_jsonl(db)).readline())["country"]
    with serving(create_app(ServeConfig(db=db, read_rate=0))) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{url}/?country={country}")
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        link = page.locator("#dl-export-ids")
        href = link.get_attribute("href") or ""
        assert link.text_content() == "ids" and link.get_attribute("download") == "incidents.txt"
        assert page.locator("#dl-export-count").count() == 1 and page.locator("#dl-export-parquet").count() == 1
        browser.close()
        assert f"country={country}" in href
        served = httpx.get(url + href).text.split()
    wanted = [json.loads(line)["wirewatch_id"] for line in _jsonl(db).splitlines()
              if json.loads(line)["country"] == country]
    assert served == wanted and 0 < len(wanted) < len(_keys(db))


def _jsonl(db: str) -> str:
    buf = io.StringIO()
    store = Store(db)
    export(store, "jsonl", buf)
    store.close()
    return buf.getvalue()
