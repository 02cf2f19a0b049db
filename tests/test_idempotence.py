"""Idempotence and history: running the same (or overlapping) input again changes nothing in the
store, ids included; a corrected report (same URL, new content) updates the article and its
events in place and keeps the previous values; an old version seen again changes nothing.
``bench/bench_idempotence.py`` does the same on 1,000 pages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import ROOT
from wirewatch.cli import app
from wirewatch.group.tables import article_history, event_history
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.store import Store, schema

sys.path.insert(0, str(ROOT / "bench"))
from make_run_corpus import write

sys.path.pop(0)

SKIP = {"runs"}
SLOW_OK = {"WIREWATCH_PAGE_TIMEOUT_S": "120"}  # a loaded machine must not turn a page into a rejection  # the run log grows by one row per run, by design


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the run log, ids included, in a stable order."""
    out = {}
    with store.engine.connect() as conn:
        for name, table in sorted(schema.metadata.tables.items()):
            if name in SKIP or not store.engine.dialect.has_table(conn, name):
                continue
            cols = [c for c in table.columns if not (name == "rejections" and c.name == "run_id")]
            rows = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[name] = [tuple(json.dumps(v, sort_keys=True, default=str) if isinstance(v, (dict, list)) else v
                               for v in row) for row in rows]
    return out


def test_running_the_same_pages_twice_changes_nothing(tmp_path: Path, db_url: str) -> None:
    pages = write(tmp_path / "pages.jsonl", 100)
    db = db_url
    first = CliRunner().invoke(app, ["run", str(pages), "--db", str(db), "--workers", "1"], env=SLOW_OK)
    assert first.exit_code in (0, 1), first.output  # 1: the corpus holds deliberately empty pages
    store = Store(str(db))
    before = snapshot(store)
    assert len(before["articles"]) > 90 and len(before["story_signatures"]) == len(before["articles"])
    assert len({row[-3] for row in before["articles"]}) < len(before["articles"])  # copies grouped
    assert before["incidents"] and len(before["incident_members"]) == len(before["events"])
    store.close()
    second = CliRunner().invoke(app, ["run", str(pages), "--db", str(db), "--workers", "1"], env=SLOW_OK)
    assert second.exit_code in (0, 1), second.output
    store = Store(str(db))
    assert snapshot(store) == before
    # the CLI skips the shards it has stored; the runner reads and processes every page again
    run([str(pages)], store, Settings(workers=1, page_timeout_s=120))
    assert snapshot(store) == before
    store.close()


def test_overlapping_input_only_adds_the_new_pages(tmp_path: Path, db_url: str) -> None:
    lines = write(tmp_path / "all.jsonl", 60).read_text().splitlines()
    first, overlap = tmp_path / "first.jsonl", tmp_path / "overlap.jsonl"
    first.write_text("\n".join(lines[:40]) + "\n")
    overlap.write_text("\n".join(lines[20:]) + "\n")
    store = Store(db_url)
    run([str(first)], store, Settings(workers=1, page_timeout_s=120))
    before = snapshot(store)
    run([str(overlap)], store, Settings(workers=1, page_timeout_s=120))
    after = snapshot(store)
    for table, rows in before.items():
        if table in ("incidents",):  # an incident's reconciled fields may gain reports
            assert [r[:2] for r in rows] == [r[:2] for r in after[table][: len(rows)]]
        else:
            assert after[table][: len(rows)] == rows, table  # nothing stored before changes
    assert len(after["articles"]) > len(before["articles"])
    store.close()


def _page(url: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Attack on Djibo</title>"
            f"<meta property='article:published_time' content='2023-03-15T09:00:00Z'></head>"
            f"<body><article><h1>Attack on Djibo</h1>{body}</article></body></html>")
    return json.dumps({"url": url, "html": html}) + "\n"


STORY = [("DJIBO, Burkina Faso - Gunmen killed 12 civilians in an attack on Djibo on Tuesday, local "
         "officials said on Wednesday, in the latest of a series of raids on the town."),
         ("Witnesses said the attackers arrived on motorbikes around dawn and burned dozens of homes "
         "before leaving towards the border, a made-up account for this test."),
         "The regional governor said security had been reinforced and an inquiry opened."]


def test_a_corrected_report_updates_in_place_and_keeps_history(tmp_path: Path, db_url: str) -> None:
    url = "https://sahel-daily.example/2023/djibo"
    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    v1.write_text(_page(url, STORY))
    v2.write_text(_page(url, [STORY[0].replace("killed 12", "killed 19"), *STORY[1:]]))
    store = Store(db_url)
    run([str(v1)], store, Settings(workers=1, page_timeout_s=120))
    [old] = list(store.iter_articles())
    old_events = list(store.iter_events())
    summary = run([str(v2)], store, Settings(workers=1, page_timeout_s=120))
    assert summary.articles_new == 1  # the correction
    [new] = list(store.iter_articles())
    assert new["id"] == old["id"] and new["group_id"] == old["group_id"] and "killed 19" in new["text"]
    new_events = list(store.iter_events())
    assert [e["event_key"] for e in new_events] == [e["event_key"] for e in old_events]  # same ids
    with store.engine.connect() as conn:
        hist = conn.execute(select(article_history)).mappings().all()
        ev_hist = conn.execute(select(event_history)).mappings().all()
    assert len(hist) == 1 and hist[0]["content_hash"] == old["content_hash"] and "killed 12" in hist[0]["values"]["text"]
    if old_events and old_events[0]["fatalities"] != new_events[0]["fatalities"]:
        assert ev_hist and ev_hist[0]["values"]["fatalities"] == old_events[0]["fatalities"]
    before = snapshot(store)
    run([str(v1)], store, Settings(workers=1, page_timeout_s=120))  # the old version again: not a correction back
    run([str(v2)], store, Settings(workers=1, page_timeout_s=120))
    assert snapshot(store) == before
    store.close()
