"""ACTORS' French set (issue 12, session 5): actor1 and actor2 of French reports of our own wording
(tests/data/reports/actors_fr.txt, and the third held aside before any rule changed in
actors_fr_heldaside.txt). Scored loosely, as the shared scorer does (without regime years or
country), and exactly: the full ACLED name with the event's country and the regime's years
(the scoring helper is tests/_actor_sets.py, shared by ACTORS' sets).

    python -m tests.test_code_actors_fr      # the shares of both parts, and the dev part's misses
"""

from __future__ import annotations

from tests._actor_sets import DATA, Item, items, misses, shares

PARTS = {"dev": DATA / "actors_fr.txt", "aside": DATA / "actors_fr_heldaside.txt"}
# floors a little below the shares reached
# (session 5 start: dev .969/.938/.922/.859, aside .906/.938/.875/.906; reached dev .984/.969/.969/.953,
# aside .938/.938/.906/.906)
FLOORS = {"dev": {"actor1": 0.96, "actor2": 0.94, "actor1_exact": 0.94, "actor2_exact": 0.92},
          "aside": {"actor1": 0.90, "actor2": 0.90, "actor1_exact": 0.87, "actor2_exact": 0.87}}


def part(name: str) -> tuple[Item, ...]:
    return items(PARTS[name])


def test_the_set_is_french_large_enough_and_a_third_aside() -> None:
    dev, aside = part("dev"), part("aside")
    ids = [it.id for it in dev + aside]
    assert len(ids) >= 90 and len(set(ids)) == len(ids)
    assert 0.3 <= len(aside) / len(ids) <= 0.36


def test_dev_part_actor_shares_hold() -> None:
    got = shares(part("dev"), FLOORS["dev"])
    assert all(got[f] >= floor for f, floor in FLOORS["dev"].items()), got


def test_held_aside_third_actor_shares_hold() -> None:
    got = shares(part("aside"), FLOORS["aside"])
    assert all(got[f] >= floor for f, floor in FLOORS["aside"].items()), got


if __name__ == "__main__":
    for name in PARTS:
        print(name, len(part(name)), {f: round(v, 3) for f, v in shares(part(name), FLOORS[name]).items()})
    print(misses(part("dev"), FLOORS["dev"]))
