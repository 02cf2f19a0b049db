"""`wirewatch eval events` on a small made-up gold file, and the evaluation gate: CASE 2021 task 2
(weighted F1 over ACLED's 25 sub-types; share of non-ACLED snippets given no event) and UCDP GED
headlines (Central African Republic), scored by ../shared/score's own scorers.  Floors sit a little
under the figures reached (CASE weighted F1 0.867, others rejected 0.921; UCDP found 0.451)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import shared
from wirewatch.cli import app
from wirewatch.code import code_document
from wirewatch.code.evaluate import evaluate, read_gold, same_actor, score

CASE_F1_FLOOR, CASE_REJECT_FLOOR = 0.87, 0.915  # CODER session 6: 0.8754 / 0.9211
UCDP_FOUND_FLOOR = 0.44

ACLED_COLUMNS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "admin1", "latitude", "longitude", "fatalities", "notes"]
MADE_UP = [  # invented events, written for this test
    ["MLI1", "5 March 2023", "Battles", "Armed clash", "JNIM: Group for Support of Islam and Muslims",
     "Military Forces of Mali (2021-)", "Mopti", "15.3", "-1.9", "4",
     "On 5 March 2023, JNIM militants attacked a FAMa post in Boni (Mopti, Mali), killing 4 soldiers."],
    ["MLI2", "6 March 2023", "Protests", "Peaceful protest", "Protesters (Mali)", "", "Bamako", "12.6", "-8.0",
     "0", "On 6 March 2023, hundreds of teachers marched peacefully in Bamako (Mali) to demand unpaid wages."],
    ["MLI3", "7 March 2023", "Violence against civilians", "Attack", "Unidentified Armed Group (Mali)",
     "Civilians (Mali)", "Segou", "13.4", "-6.2", "0", "Weekly summary of the humanitarian situation."],
]


def _write_gold(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ACLED_COLUMNS)
        w.writerows(MADE_UP)
    return path


def test_evaluate_made_up_acled_gold(tmp_path: Path) -> None:
    report = evaluate(_write_gold(tmp_path / "gold.csv"), "acled")
    m = report.measures
    assert report.n == 3
    assert m["found"] == pytest.approx(2 / 3)
    assert m["type"] == m["sub"] == m["actor1"] == m["date"] == m["fatalities"] == pytest.approx(2 / 3)
    assert m["actor2"] == 1.0  # counted over found rows that name an actor2 (as the shared scorer does)
    assert m["admin1"] == 0 and m["25km"] == 0


def test_score_distance_and_admin1(tmp_path: Path) -> None:
    gold = read_gold(_write_gold(tmp_path / "gold.csv"), "acled")
    pred = {"MLI1": [{"event_date": "2023-03-05", "admin1": "Mopti", "latitude": 15.35, "longitude": -1.95,
                      "fatalities": 4}],
            "MLI2": [{"admin1": "Kayes", "latitude": 13.0, "longitude": -8.0}]}
    m = score(gold, pred, "acled").measures
    assert m["found"] == pytest.approx(2 / 3) and m["admin1"] == pytest.approx(1 / 3)
    assert m["25km"] == pytest.approx(1 / 3) and m["50km"] == pytest.approx(2 / 3)  # 7.6 km, 44 km


def test_actor_matching_is_loose_like_the_scorer() -> None:
    assert same_actor("JNIM: Group for Support of Islam and Muslims", "JNIM")
    assert same_actor("Military Forces of Mali (2021-)", "Military Forces of Mali (2013-2020)")
    assert not same_actor("Civilians (Mali)", "Protesters (Mali)")


def test_ucdp_gold_rows(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    cols = ["id", "source_headline", "source_date", "date_end", "date_start", "adm_1", "latitude", "longitude", "best"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerow(["1", "Rebels kill 7 villagers in Ouham;Second report", "2021-05-03", "2021-05-01",
                    "2021-05-01", "Ouham prefecture", "6.5", "17.4", "7"])
        w.writerow(["2", "", "", "2021-05-02", "2021-05-02", "Ouham", "6.5", "17.4", "2"])
    gold = read_gold(path, "ucdp")
    assert [(g.id, g.text, g.admin1) for g in gold] == [("ged-1", "Rebels kill 7 villagers in Ouham\nSecond report", "Ouham")]
    m = evaluate(path, "ucdp").measures
    assert m["found"] == 1.0 and m["fatalities"] == 1.0


def test_cli_eval_events(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events", "--gold", str(_write_gold(tmp_path / "g.csv")),
                                      "--format", "acled"])
    assert result.exit_code == 0, result.output
    assert "found 0.6667 type 0.6667 sub 0.6667" in result.output
    bad = CliRunner().invoke(app, ["eval", "events", "--gold", str(tmp_path / "none.csv"), "--format", "acled"])
    assert bad.exit_code == 2


def _run_scorer(*args: str) -> str:
    return subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True).stdout


def _code_inputs(inputs: str, out: Path) -> None:
    with open(out, "w", encoding="utf-8") as f:
        for line in inputs.splitlines():
            obj = json.loads(line)
            events = [e.to_dict() for e in code_document(obj["text"] or "", obj.get("published")).events]
            f.write(json.dumps({"id": obj["id"], "events": events}) + "\n")


@pytest.mark.evaluation
def test_case2021_task2_gate(tmp_path: Path) -> None:
    scorer, gold = str(shared("score", "case2021.py")), str(shared("bench", "events", "case2021_task2.tsv"))
    _code_inputs(_run_scorer(scorer, "inputs", gold), tmp_path / "pred.jsonl")
    last = _run_scorer(scorer, "score", gold, str(tmp_path / "pred.jsonl")).strip().splitlines()[-1].split()
    figures = dict(zip(last[::2], map(float, last[1::2])))
    assert figures["weighted_F1"] >= CASE_F1_FLOOR
    assert figures["rejected"] >= CASE_REJECT_FLOOR


@pytest.mark.evaluation
def test_ucdp_gate(tmp_path: Path) -> None:
    scorer, gold = str(shared("score", "events.py")), str(shared("bench", "events", "ucdp_ged_car_23_1.csv"))
    _code_inputs(_run_scorer(scorer, "inputs", "ucdp", gold), tmp_path / "pred.jsonl")
    last = _run_scorer(scorer, "score", "ucdp", gold, str(tmp_path / "pred.jsonl")).strip().splitlines()[-1].split()
    figures = dict(zip(last[::2], map(float, last[1::2])))
    assert figures["found"] >= UCDP_FOUND_FLOOR
