"""The coder on DEVSET's hand-written short reports (tests/data/reports, issue 12): ACLED fields of the first
event of each report through the product's own evaluator and `wirewatch code` with the gazetteer, for the
dev part, the held-aside third and the 30 French reports written last (heldaside2.csv) separately, and the
share of non-events that get an event coded.

Floors sit a little under the figures measured when the set was finished (see tests/data/reports/README.md);
raise them as the coder improves. `python bench/eval_reports.py` prints the same figures with the shared
scorer and the commonest confusions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import shared
from wirewatch.cli import app
from wirewatch.code.evaluate import read_gold, score

DATA = Path(__file__).parent / "data" / "reports"
# measured 2026-12-07 (session 3) on the committed coder of that day (the gazetteer without villages):
# dev (353) type 0.878 sub 0.850 actor1 0.776 date 0.898 fatalities 0.790 admin1 0.810 25km 0.660;
# held-aside (184) 0.842 0.821 0.745 0.880 0.804 0.859 0.701; held-aside-2 (30 French) 0.800 0.767 0.733 0.967
# 0.833 0.833 0.833. Raise the floors as the coder improves.
# CODER, session 3 close (shared scorer): dev type 0.943 sub 0.915 actor1 0.858 date 0.958 fatalities 0.955;
# held-aside 0.853 0.832 0.761 0.886 0.875; held-aside-2 0.800 0.767 0.767 0.967 0.967 (coder floors raised).
# PLACES, session 4 (district seats, hint regions): admin1/25km dev 0.946/0.889, held-aside 0.918/0.837,
# held-aside-2 0.967/0.967 (place floors raised).
# ACTORS, session 5: actor1 dev 0.980, held-aside 0.880, held-aside-2 0.800 (floors 0.96 / 0.86 / 0.77)
# Lead, session 4 close (78ebbf2): dev type 0.949 sub 0.935 actor1 0.938 date 0.963 fatalities 0.980;
# held-aside 0.902 0.864 0.832 0.935 0.924; held-aside-2 0.800 0.767 0.767 0.967 0.967; non-events 0 of 41
# (type, sub, date and fatalities floors raised; held-aside-2 unchanged).
# CODER, session 6 start (0472406, shared scorer): dev type 0.989 sub 0.983; held-aside 0.924 0.897;
# held-aside-2 0.800 0.800 (type and sub floors raised to a little under these).
FLOORS = {
    "dev.csv": {"type": 0.97, "sub": 0.96, "actor1": 0.96, "date": 0.95, "fatalities": 0.96, "admin1": 0.92,
                "25km": 0.88},  # PLACES session 5: 25 km dev 0.901, held-aside 0.853
    "heldaside.csv": {"type": 0.90, "sub": 0.87, "actor1": 0.86, "date": 0.91, "fatalities": 0.90,
                      "admin1": 0.90, "25km": 0.83},
    "heldaside2.csv": {"type": 0.77, "sub": 0.77, "actor1": 0.77, "date": 0.93, "fatalities": 0.93,
                       "admin1": 0.93, "25km": 0.93},
}
MAX_NONEVENT_FALSE_POSITIVES = 0.05  # measured 0 of 41 (session 4; 5 of 41 before)


def _code(tmp_path: Path, docs: list[dict[str, str | None]]) -> dict[str, list[dict[str, object]]]:
    infile = tmp_path / "in.jsonl"
    infile.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(infile)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {row["id"]: row["events"] for row in rows}


@pytest.mark.evaluation
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_wirewatch_code_on_dev_reports(tmp_path: Path, name: str) -> None:
    shared("score", "events.py")
    gold = read_gold(DATA / name, "acled")
    pred = _code(tmp_path, [{"id": g.id, "text": g.text, "published": g.published} for g in gold])
    measures = score(gold, pred, "acled").measures
    low = {k: round(measures[k], 3) for k, floor in FLOORS[name].items() if measures[k] < floor}
    assert not low, f"{name} below the floors {FLOORS[name]}: {low}"


@pytest.mark.evaluation
def test_non_events_get_no_event(tmp_path: Path) -> None:
    shared("score", "events.py")
    lines = [line.split("|", 1) for line in (DATA / "nonevents.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    assert len(lines) >= 40
    pred = _code(tmp_path, [{"id": i.strip(), "text": t.strip(), "published": None} for i, t in lines])
    coded = sorted(i for i, events in pred.items() if events)
    assert len(coded) / len(lines) <= MAX_NONEVENT_FALSE_POSITIVES, coded
