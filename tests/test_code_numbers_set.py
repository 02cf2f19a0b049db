"""NUMBERS' own short reports (tests/data/reports/dev_extra_numbers*.txt, three sets: session 4's,
session 5's and session 6's): fatalities and event date of the first event against the gold, on each tuning part and
on each held-aside third separately.

    python tests/test_code_numbers_set.py     # prints both shares for each part
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from wirewatch.code import code_document

DATA = Path(__file__).parent / "data" / "reports"
PARTS = {"tuning": DATA / "dev_extra_numbers.txt", "held-aside": DATA / "dev_extra_numbers_heldaside.txt",
         "tuning-2": DATA / "dev_extra_numbers2.txt", "held-aside-2": DATA / "dev_extra_numbers2_heldaside.txt",
         "tuning-3": DATA / "dev_extra_numbers3.txt", "held-aside-3": DATA / "dev_extra_numbers3_heldaside.txt"}
# floors a little below the shares reached (fatalities, date); a held-aside floor is set from its
# measure after the rules were changed on the tuning parts only
# session 6: tuning-2 .993/.993, tuning-3 .951/.951 (from .927/.939), held-aside-3 .974/1.000 (as at the start)
FLOORS = {"tuning": (0.95, 0.95), "held-aside": (0.85, 0.85), "tuning-2": (0.97, 0.97), "held-aside-2": (0.90, 0.90),
          "tuning-3": (0.93, 0.93), "held-aside-3": (0.94, 0.97)}


class Report(NamedTuple):
    id: str
    published: str
    date: str  # "~" when the text gives no date (publication, time precision 3); "YYYY-MM-DD/P": precision P
    fatalities: int
    text: str


def reports(path: Path) -> list[Report]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rid, pub, day, dead, text = (part.strip() for part in line.split("|", 4))
            out.append(Report(rid, pub, day, int(dead), text))
    return out


def expected_date(r: Report) -> tuple[str, int | None]:
    """The gold day and the time precision it requires (None: any)."""
    if r.date.startswith("~"):
        return r.published, 3
    day, _, precision = r.date.partition("/")
    return day, int(precision) if precision else None


def shares(path: Path) -> tuple[float, float, list[str]]:
    """Fatalities right, date right (time precision 3 expected where the gold has no date), misses."""
    fat = day = 0
    missed = []
    items = reports(path)
    for r in items:
        events = code_document(r.text, r.published).events
        ev = events[0] if events else None
        want_day, want_precision = expected_date(r)
        got_fat = ev.fatalities if ev else None
        got_day = (ev.event_date, ev.time_precision) if ev else None
        fat += got_fat == r.fatalities
        ok_day = got_day is not None and got_day[0] == want_day and want_precision in (None, got_day[1])
        day += ok_day
        if got_fat != r.fatalities or not ok_day:
            missed.append(f"{r.id}: fatalities {got_fat} (gold {r.fatalities}), date {got_day} (gold {r.date})")
    return fat / len(items), day / len(items), missed


@pytest.mark.parametrize("part", list(PARTS))
def test_fatalities_and_dates_hold(part: str) -> None:
    fat, day, missed = shares(PARTS[part])
    floor_fat, floor_day = FLOORS[part]
    assert fat >= floor_fat and day >= floor_day, missed


def test_the_parts_are_apart_and_a_third_is_held() -> None:
    for tuning_part, held_part in (("tuning", "held-aside"), ("tuning-2", "held-aside-2"), ("tuning-3", "held-aside-3")):
        tuning, held = reports(PARTS[tuning_part]), reports(PARTS[held_part])
        assert not {r.id for r in tuning} & {r.id for r in held}
        assert 0.3 <= len(held) / (len(tuning) + len(held)) <= 0.4


if __name__ == "__main__":
    for name, path in PARTS.items():
        f, d, m = shares(path)
        print(f"{name:10s} n {len(reports(path)):3d}  fatalities {f:.3f}  date {d:.3f}")
        if name.startswith("tuning"):
            print("".join(f"  {x}\n" for x in m), end="")
