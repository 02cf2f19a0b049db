"""The one scoring helper of ACTORS' report sets (issue 12): each set is a text file of one report a
line, ``id | published | actor1 | actor2 | text`` (actor2 empty: none), with ACLED's full names as
gold. The first event ``code_document`` codes is compared with it, loosely as the shared scorer does
(``same_actor``: no regime years or country needed) or exactly (``*_exact`` fields)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wirewatch.code import code_document
from wirewatch.code.evaluate import same_actor

DATA = Path(__file__).parent / "data" / "reports"


@dataclass(frozen=True)
class Item:
    id: str
    published: str
    actor1: str
    actor2: str
    text: str

    @property
    def aside(self) -> bool:
        """Held aside by a stable third of the ids (sha256(id) mod 3 == 0)."""
        return int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 3 == 0


@cache
def items(path: Path) -> tuple[Item, ...]:
    rows = [line.split("|", 4) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return tuple(Item(*(f.strip() for f in row)) for row in rows)


@cache
def _coded(item: Item) -> tuple[str, str]:
    events = code_document(item.text, item.published).events
    return (events[0].actor1 or "", events[0].actor2 or "") if events else ("", "")


def coded(item: Item) -> tuple[str, str]:
    """actor1 and actor2 of the first event coded from the report ("" when none)."""
    return _coded(item)


def right(item: Item, field: str) -> bool:
    """Whether the coder got ``field`` (actor1, actor2, actor1_exact, actor2_exact) of ``item``."""
    second = field.startswith("actor2")
    got = coded(item)[1 if second else 0]
    gold = item.actor2 if second else item.actor1
    if not gold:
        return not got
    return got == gold if field.endswith("_exact") else same_actor(gold, got)


def shares(chosen: Iterable[Item], fields: Iterable[str]) -> dict[str, float]:
    chosen = list(chosen)
    return {f: sum(right(it, f) for it in chosen) / len(chosen) for f in fields}


def misses(chosen: Iterable[Item], fields: Iterable[str]) -> str:
    """The items of ``chosen`` with a field wrong, gold beside what was coded (for a dev part only)."""
    fields = list(fields)
    return "\n".join(f"{it.id}: gold {it.actor1} | {it.actor2}\n      got  {' | '.join(coded(it))}\n"
                     f"      {it.text}" for it in chosen if not all(right(it, f) for f in fields))
