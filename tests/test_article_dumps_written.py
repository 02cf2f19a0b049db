"""Text dumps of pages written for wirewatch in layouts the shared dev sets lack: right-to-left
Arabic, Chinese and Japanese, very short stories, live blogs (entries between time stamps),
photo galleries (captions between photo credits), and pages whose reader comments outnumber
the story (``tests/data/dumps_written``; its ``heldout/`` third was never tuned on).  Scored
with ../shared's body scorer (the article-extraction-benchmark metric), so skipped without it.
Reached: 1.000 on the working set (0.857 before live blogs were told from section fronts and
their stamps dropped), 0.991 held aside (the same before and after)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import shared
from wirewatch.article.text import extract_text
from wirewatch.records import Page

DATA = Path(__file__).parent / "data" / "dumps_written"
FLOORS = {"": 0.98, "heldout": 0.97}


def _f1(folder: Path) -> float:
    sys.path.insert(0, str(shared("score")))
    try:
        from body import score
    finally:
        sys.path.pop(0)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pred = {}
    for name in gold:
        raw = (folder / f"{name}.txt").read_bytes()
        pred[name] = extract_text(Page(source=str(folder / f"{name}.txt"), content=raw),
                                  raw.decode("utf-8")).text
    f1, _, _, _, _ = score(gold, pred)
    return float(f1)


@pytest.mark.evaluation
@pytest.mark.parametrize("part", sorted(FLOORS))
def test_written_layout_dumps(part: str) -> None:
    folder = DATA / part if part else DATA
    assert len(list(folder.glob("*.txt"))) >= 5
    f1 = _f1(folder)
    assert f1 >= FLOORS[part], f"written dumps {part or 'work'} body F1 {f1:.4f} < {FLOORS[part]}"


def test_a_live_blog_is_not_a_section_front() -> None:
    entries = [
        "Police have fired tear gas near the monument, where several hundred protesters had refused to leave.",
        "Union leaders say taxi and bus drivers will stay off the roads on Thursday unless prices fall.",
        "The march has reached the national assembly. Organisers say it is peaceful and calm so far.",
        "Shops along the main avenue have closed their shutters as the crowd passes through the centre.",
        "The government says the rise is needed to cut the cost of fuel subsidies in this year's budget.",
    ]
    lines = ["Home", "Live", "Live: Protests over fuel prices in the capital"]
    for stamp, entry in zip(("18:40", "17:55", "17:10", "16:30", "16:00"), entries):
        lines += [stamp, entry]
    dump = "\n".join([*lines, "Most read"])
    text = extract_text(Page(source="live.txt", content=dump.encode()), dump).text
    assert text.split("\n\n") == entries  # every entry, no stamp
