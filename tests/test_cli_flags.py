"""The CLI's own flags: --version, -v/-q, run --json, ids through `extract | code -`, progress
kept off stdout, and `serve` without the serve extra."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ROOT
from wirewatch import __version__
from wirewatch.cli import app

EXAMPLES = ROOT / "examples" / "pages"


def _wirewatch(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wirewatch.cli", *args], input=stdin, capture_output=True, check=False,
                          text=True, timeout=300, cwd=ROOT)


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"wirewatch {__version__}"


def test_ids_survive_extract_piped_into_code() -> None:
    extracted = _wirewatch("extract", str(EXAMPLES))
    assert extracted.returncode == 0, extracted.stderr
    coded = _wirewatch("code", "-", "--no-places", stdin=extracted.stdout)
    assert coded.returncode == 0, coded.stderr
    ids = [json.loads(line)["id"] for line in coded.stdout.splitlines()]
    sources = [json.loads(line)["source"] for line in extracted.stdout.splitlines()]
    assert ids == sources and all(ids)


def test_run_json_is_one_object_on_stdout(tmp_path: Path) -> None:
    db = str(tmp_path / "j.db")
    result = _wirewatch("-q", "run", "--json", str(EXAMPLES), "--db", db)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["pages_read"] == 4 and summary["events_stored"] >= 4 and summary["store"] == db


def test_progress_never_pollutes_stdout(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": "Gunmen killed two herders near Kaya, Burkina Faso, on Sunday."})
             for i in range(320)]  # over the progress threshold
    infile = tmp_path / "docs.jsonl"
    infile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _wirewatch("code", str(infile), "--no-places")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [f"d{i}" for i in range(320)]


def test_verbose_logs_to_stderr(tmp_path: Path) -> None:
    quiet = _wirewatch("-q", "export", "--db", str(tmp_path / "none.db"))
    assert quiet.returncode == 2  # errors still print as one line: -q silences logging only
    loud = _wirewatch("-vv", "run", str(EXAMPLES), "--db", str(tmp_path / "v.db"), "--json")
    assert "DEBUG" in loud.stderr or "INFO" in loud.stderr
    assert json.loads(loud.stdout)["pages_read"] == 4


def test_serve_without_the_extra_names_it(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
            "from wirewatch.cli import main; sys.argv = ['wirewatch', 'serve', '--db', sys.argv[1]]; main()")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "wirewatch[serve]" in lines[0] and "Traceback" not in result.stderr
