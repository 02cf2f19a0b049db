"""Bad input: a one-line error naming the input and the reason, counted, and the batch goes on
without losing what is already stored."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests._pages import html_page, warc_bytes
from wirewatch.records import Article, Rejection
from wirewatch.runner import extract, run
from wirewatch.settings import Settings
from wirewatch.store import Store


def _bad_files(tmp: Path) -> dict[str, Path]:
    random.seed(7)
    files = {
        "empty": tmp / "empty.html",
        "binary": tmp / "image.html",
        "undecodable": tmp / "latin.txt",
        "corrupt_gzip": tmp / "broken.html.gz",
        "too_large": tmp / "huge.html",
        "unreadable": tmp / "secret.html",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    files["undecodable"].write_bytes(bytes(random.randrange(128, 256) for _ in range(3000)))
    files["corrupt_gzip"].write_bytes(gzip.compress(html_page().encode())[:40])
    files["too_large"].write_text(html_page(extra="<p>" + "filler text " * 20000 + "</p>"))
    files["unreadable"].write_text(html_page())
    files["unreadable"].chmod(0)
    return files


def _settings(**kw: object) -> Settings:
    return Settings(workers=1, **kw)  # type: ignore[arg-type]


def test_each_bad_input_is_rejected_with_its_reason(tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    good = tmp_path / "good.html"
    good.write_text(html_page())
    out = list(extract([str(p) for p in files.values()] + [str(good)], _settings(max_page_bytes=100_000)))
    reasons = {Path(r.source).name: r.reason for r in out if isinstance(r, Rejection)}
    expected = {p.name: reason for reason, p in files.items()}
    if os.geteuid() == 0:  # root reads a mode-0 file anyway
        expected.pop("secret.html")
    assert {k: reasons.get(k) for k in expected} == expected
    assert any(isinstance(r, Article) and r.source == str(good) for r in out)


def test_corrupt_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    good = warc_bytes([("https://example.org/1", html_page()), ("https://example.org/2", html_page("Two"))],
                      compress=False)
    path = tmp_path / "damaged.warc"
    path.write_bytes(good + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ntruncated")
    out = list(extract([str(path)], _settings()))
    articles = [r for r in out if isinstance(r, Article)]
    assert len(articles) == 2


def test_per_page_time_limit_rejects_without_hanging(tmp_path: Path) -> None:
    slow = tmp_path / "slow.html"
    slow.write_text(html_page(extra="".join(f"<p>paragraph {i} " + "word " * 50 + "</p>" for i in range(3000))))
    (rej,) = list(extract([str(slow)], _settings(page_timeout_s=0.01)))
    assert isinstance(rej, Rejection) and rej.reason == "timeout" and rej.stage == "article"


def test_run_goes_on_and_keeps_what_is_stored(tmp_path: Path, db_url: str) -> None:
    good = tmp_path / "good.html"
    good.write_text(html_page())
    store = Store(db_url)
    first = run([str(good)], store, _settings())
    assert first.articles_new == 1
    files = _bad_files(tmp_path)
    second = run([str(p) for p in files.values()] + [str(tmp_path / "missing.html")], store,
                 _settings(max_page_bytes=100_000))
    assert second.articles_new == 0 and second.rejected["not_found"] == 1
    assert sum(second.rejected.values()) >= len(files)
    assert store.counts()["articles"] == 1
    store.close()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_prints_one_line_per_bad_input_and_exits_nonzero(tmp_path: Path, workers: str) -> None:
    files = _bad_files(tmp_path)
    good = tmp_path / "good.html"
    good.write_text(html_page())
    db = tmp_path.parent / f"{tmp_path.name}.db"  # outside the input folder
    proc = subprocess.run(
        [sys.executable, "-m", "wirewatch.cli", "run", str(tmp_path), "--db", str(db), "--workers", workers],
        capture_output=True, text=True, env={**os.environ, "WIREWATCH_MAX_PAGE_BYTES": "100000",
                                             "COLUMNS": "200"}, timeout=120)
    assert proc.returncode == 1, proc.stderr
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error ")]
    for path in files.values():
        if path.name == "secret.html" and os.geteuid() == 0:
            continue
        assert any(str(path) in l for l in errors), (path, proc.stderr)
    assert "articles kept" in proc.stdout and "(1 new)" in proc.stdout


@pytest.mark.parametrize("args", [["code", "missing.jsonl"], ["geoparse", "missing.jsonl"],
                                  ["export", "--db", "missing.db"]])
def test_cli_missing_input_file_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "wirewatch.cli", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "missing." in proc.stderr


def test_cli_error_lines_keep_brackets_and_stay_on_one_line(tmp_path: Path) -> None:
    # rich markup used to eat "[zz]" from the message, and long messages wrapped at the terminal width
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"url": "http://[zz]/x", "text": "Gunmen killed five people near Mopti."}) + "\n")
    proc = subprocess.run([sys.executable, "-m", "wirewatch.cli", "run", str(rows), "--db", str(tmp_path / "w.db")],
                          check=False, capture_output=True, text=True, env={**os.environ, "COLUMNS": "60"},
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    (line,) = [l for l in proc.stderr.splitlines() if l.strip()]
    assert line.startswith(f"error {rows}:1: ") and "'http://[zz]/x'" in line and "bad_url" in line
