"""The coder on the lead's unseen reports (tests/data/reports_unseen, never tuned on): ACLED fields of the
first event of each report, through the product's own evaluator and `wirewatch code` with the gazetteer.
Floors sit a little under the figures first reached (type 0.924, sub-type 0.891, actor1 0.848, date 0.978,
fatalities 0.870, 0.935 after session 3; admin1 0.957, 0.946 with the villages; within 25 km 0.815 with the
OpenStreetMap villages, 0.652 before them; admin1 0.957, 25 km 0.815 with the district seats and hint
regions, session 4)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.code.evaluate import read_gold, score

GOLD = Path(__file__).parent / "data" / "reports_unseen" / "unseen.csv"
# ACTORS, session 5: actor1 0.880 (floor 0.86)
# session 4 close (78ebbf2): type 0.924 sub 0.891 actor1 0.870 date 0.978 fatalities 0.946 admin1 0.967
# 25km 0.826
# NUMBERS session 6: fatalities 0.946 -> 0.967 (floor 0.93 -> 0.95)
FLOORS = {"type": 0.90, "sub": 0.87, "actor1": 0.86, "date": 0.96, "fatalities": 0.95,
          "admin1": 0.94, "25km": 0.83}  # PLACES session 5: admin1 0.967, 25 km 0.848


def test_wirewatch_code_on_unseen_reports(tmp_path: Path) -> None:
    gold = read_gold(GOLD, "acled")
    assert len(gold) == 92
    docs = tmp_path / "in.jsonl"
    docs.write_text("".join(json.dumps({"id": g.id, "text": g.text, "published": g.published}) + "\n"
                            for g in gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(docs)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    pred = {row["id"]: row["events"] for row in rows}
    measures = score(gold, pred, "acled").measures
    low = {k: round(measures[k], 3) for k, f in FLOORS.items() if measures[k] < f}
    assert not low, f"below the floors {FLOORS}: {low}"
