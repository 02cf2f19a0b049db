"""ACTORS' own development set (tests/data/reports/actors_extra.txt, issue 12): actor1 and actor2 of
short EN/FR reports written for the actor conventions. A third is held aside (sha256(id) mod 3 == 0)
and scored on its own: it was not looked at while the rules were changed (the scoring helper is
tests/_actor_sets.py, shared by ACTORS' sets).

    python -m tests.test_code_actors_extra      # the shares of both parts, and the dev part's misses
"""

from __future__ import annotations

from tests._actor_sets import DATA, Item, items, misses, shares

# floors a little below the shares reached (dev part / held-aside third)
# (session 5: held-aside third .848/.879 -> .909/.909)
FLOORS = {"dev": {"actor1": 0.95, "actor2": 0.94}, "aside": {"actor1": 0.87, "actor2": 0.87}}


def part(name: str) -> list[Item]:
    return [it for it in items(DATA / "actors_extra.txt") if it.aside == (name == "aside")]


def test_the_set_is_large_enough_and_split_in_thirds() -> None:
    all_items = items(DATA / "actors_extra.txt")
    assert len(all_items) >= 120 and len({it.id for it in all_items}) == len(all_items)
    assert 0.2 < sum(it.aside for it in all_items) / len(all_items) < 0.45


def test_dev_part_actor_shares_hold() -> None:
    got = shares(part("dev"), FLOORS["dev"])
    assert all(got[f] >= floor for f, floor in FLOORS["dev"].items()), got


def test_held_aside_third_actor_shares_hold() -> None:
    got = shares(part("aside"), FLOORS["aside"])
    assert all(got[f] >= floor for f, floor in FLOORS["aside"].items()), got


if __name__ == "__main__":
    for name in ("dev", "aside"):
        print(name, len(part(name)), {f: round(v, 3) for f, v in shares(part(name), FLOORS[name]).items()})
    print(misses(part("dev"), FLOORS["dev"]))
