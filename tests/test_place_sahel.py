"""Derived admin1 on the written Sahel place mentions (tests/data/places_sahel): every kind of clue,
English and French.  dev.tsv was worked on; aside.tsv was kept aside and is scored separately."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from wirewatch.place import geoparse
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.place.names import fold

DATA = Path(__file__).parent / "data" / "places_sahel"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def derived_admin1(row: dict[str, str], gaz: Gazetteer) -> str | None:
    """The admin1 geoparse gives the row's mention (a region's own name when it resolves to one)."""
    for p in geoparse(row["sentence"], gaz=gaz):
        if fold(p.text) == fold(row["mention"]) and p.name:
            return p.admin1 or (p.name if p.feature == "A.ADM1" else None)
    return None


def score(name: str, gaz: Gazetteer) -> tuple[float, Counter[str], Counter[str]]:
    """(share right, right by clue, total by clue) for one file."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in _rows(name):
        total[row["clue"]] += 1
        got = derived_admin1(row, gaz)
        right[row["clue"]] += got is not None and fold(got) == fold(row["admin1"])
    return sum(right.values()) / sum(total.values()), right, total


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return open_gazetteer()


def test_the_set_covers_every_clue_in_both_languages() -> None:
    rows = _rows("dev.tsv") + _rows("aside.tsv")
    assert len(rows) >= 150 and sum(r["lang"] == "fr" for r in rows) >= 50
    kinds = {"plain", "parenthesis", "unit", "region", "relative", "spelling"}
    assert {r["clue"] for r in _rows("aside.tsv")} == kinds == {r["clue"] for r in _rows("dev.tsv")}
    new = _rows("dev2.tsv") + _rows("aside2.tsv")  # session 5: new places, written before tuning
    assert len(new) >= 60 and sum(r["lang"] == "fr" for r in new) >= 30
    assert {r["clue"] for r in _rows("aside2.tsv")} == kinds == {r["clue"] for r in _rows("dev2.tsv")}


def test_derived_admin1_on_the_dev_mentions(gaz: Gazetteer) -> None:
    share, _, _ = score("dev.tsv", gaz)
    assert share >= DEV_FLOOR


def test_derived_admin1_on_the_aside_mentions(gaz: Gazetteer) -> None:
    share, _, _ = score("aside.tsv", gaz)
    assert share >= ASIDE_FLOOR


def test_derived_admin1_on_the_second_dev_and_aside_mentions(gaz: Gazetteer) -> None:
    assert score("dev2.tsv", gaz)[0] >= DEV2_FLOOR
    assert score("aside2.tsv", gaz)[0] >= ASIDE2_FLOOR


# measured 0.91 (dev) and 0.90 (aside) with the OpenStreetMap villages; 0.98 and 0.94 with the district
# seats, unit words and hint regions (session 4); 0.99 and 0.96 with the focus leaving a mention's own
# pick out (session 5); the bar is 0.95
DEV_FLOOR = 0.97
ASIDE_FLOOR = 0.94
# the 92 places written in session 5: first measure dev2 0.871, aside2 0.767; 0.919 / 0.800 with spelling
# variants and the focus change
DEV2_FLOOR = 0.90
ASIDE2_FLOOR = 0.78
