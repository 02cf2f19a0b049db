"""ACTORS' own development set (tests/data/reports/actors_extra.txt, issue 12): actor1 and actor2 of
short EN/FR reports written for the actor conventions. A third is held aside (sha256(id) mod 3 == 0)
and scored on its own: it was not looked at while the rules were changed.

    python tests/test_code_actors_extra.py      # the shares of both parts, and the dev part's misses
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wirewatch.code import code_document
from wirewatch.code.evaluate import same_actor

DATA = Path(__file__).parent / "data" / "reports" / "actors_extra.txt"
# floors a little below the shares reached (dev part / held-aside third)
# (session 5: held-aside third .848/.879 -> .909/.909)
FLOORS = {"dev": {"actor1": 0.95, "actor2": 0.94}, "aside": {"actor1": 0.87, "actor2": 0.87}}


@dataclass(frozen=True)
class Item:
    id: str
    published: str
    actor1: str
    actor2: str
    text: str

    @property
    def aside(self) -> bool:
        return int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 3 == 0


def items() -> list[Item]:
    rows = [line.split("|", 4) for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [Item(*(f.strip() for f in row)) for row in rows]


@lru_cache(maxsize=1)
def coded() -> dict[str, tuple[str, str]]:
    out = {}
    for it in items():
        events = code_document(it.text, it.published).events
        out[it.id] = (events[0].actor1 or "", events[0].actor2 or "") if events else ("", "")
    return out


def right(it: Item, field: str) -> bool:
    got = coded()[it.id][0 if field == "actor1" else 1]
    gold = it.actor1 if field == "actor1" else it.actor2
    return same_actor(gold, got) if gold else not got


def shares(part: str) -> dict[str, float]:
    chosen = [it for it in items() if it.aside == (part == "aside")]
    return {f: sum(right(it, f) for it in chosen) / len(chosen) for f in ("actor1", "actor2")}


def test_the_set_is_large_enough_and_split_in_thirds() -> None:
    all_items = items()
    assert len(all_items) >= 120 and len({it.id for it in all_items}) == len(all_items)
    assert 0.2 < sum(it.aside for it in all_items) / len(all_items) < 0.45


def test_dev_part_actor_shares_hold() -> None:
    got = shares("dev")
    assert all(got[f] >= floor for f, floor in FLOORS["dev"].items()), got


def test_held_aside_third_actor_shares_hold() -> None:
    got = shares("aside")
    assert all(got[f] >= floor for f, floor in FLOORS["aside"].items()), got


if __name__ == "__main__":
    for part in ("dev", "aside"):
        n = sum(it.aside == (part == "aside") for it in items())
        print(part, n, {f: round(v, 3) for f, v in shares(part).items()})
    for it in items():
        if not it.aside and not (right(it, "actor1") and right(it, "actor2")):
            print(f"{it.id}: gold {it.actor1} | {it.actor2}\n      got  {' | '.join(coded()[it.id])}\n      {it.text}")
