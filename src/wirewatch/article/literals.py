"""A cheap necessary condition for a vocabulary regex to match: the literal text each fragment
cannot match without ("sign up (?:for|to) (?:our|the) (?:\\w+ )?newsletters?" needs
"newsletter"), found in one Aho-Corasick pass over the line.

Python's ``re`` tries every alternative of a long alternation at every letter of a line, so a
paragraph of running text costs a scan per fragment even though it holds none of the words.  The
gate tells in one C pass that no fragment can match, and the regex then runs only on the few lines
that hold one of the literals: the results are exactly those of the regex alone.  A fragment with
no literal it must contain (``\\d+ comments``... has "comment"; ``.{1,40}`` alone has none) makes
the gate always open, and so does one the parser cannot read."""

from __future__ import annotations

import importlib
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick

# the parser behind ``re.compile`` (private, typed as Any: its node layout is read below)
_c: Any = importlib.import_module("re._constants")
_p: Any = importlib.import_module("re._parser")

log = logging.getLogger(__name__)

ALWAYS = 1 << 30  # the count of a regex whose matches no literal announces

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The stronger of two requirements: the one whose shortest literal is longer (rarer)."""
    if a is None or not all(a):
        return b if b is not None and all(b) else None
    if b is None or not all(b):
        return a
    return b if min(map(len, b)) > min(map(len, a)) else a


def _sub(op: Any, av: Any) -> frozenset[str] | None:
    """What a non-literal item of a sequence requires (None: nothing known)."""
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # case-folded literals would need their variants too
            return None
        return _required(av[-1])
    if (op in _REPEATS or (_POSSESSIVE is not None and op is _POSSESSIVE)) and av[0] >= 1:
        return _required(av[2])
    if op is _c.BRANCH:
        branches = [_required(items) for items in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    return None  # classes, anchors, look-arounds, optional parts: no literal claimed


def _required(items: Any) -> frozenset[str] | None:
    """Literals one of which every match of the parsed sequence ``items`` contains."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best, run = _better(best, frozenset(["".join(run)])), []
        best = _better(best, _sub(op, av))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def required_literals(fragment: str) -> frozenset[str] | None:
    """Literals one of which every match of the regex ``fragment`` contains, or None when no
    such literal can be named (the fragment may match text without any fixed word)."""
    try:
        parsed = _p.parse(fragment)
    except re.error:
        log.warning("vocabulary fragment %r does not parse; its list is scanned in full", fragment)
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _required(parsed.data)


class LiteralGate:
    """Counts, in one pass over a line, the occurrences of the literals that the fragments of
    each of several regexes require (one count per regex, in the order given)."""

    def __init__(self, lists: Sequence[Iterable[str]], *, fold: bool = False) -> None:
        """``fold``: the regexes are case-insensitive, so the literals are case-folded and
        ``counts`` must be given case-folded text (``str.casefold``)."""
        base = [0] * len(lists)
        owners: dict[str, list[int]] = {}
        for k, fragments in enumerate(lists):
            for fragment in fragments:
                req = required_literals(fragment)
                if req is None:
                    base[k] = ALWAYS  # this fragment may match anywhere: never skip it
                    break
                for literal in req:
                    owners.setdefault(literal.casefold() if fold else literal, []).append(k)
        self._base = tuple(base)
        self._automaton: Any = None
        if owners:
            automaton = ahocorasick.Automaton()
            for literal, kinds in owners.items():
                automaton.add_word(literal, tuple(sorted(set(kinds))))
            automaton.make_automaton()
            self._automaton = automaton

    def counts(self, text: str) -> tuple[int, ...]:
        """Per regex, the occurrences of its literals in ``text`` (``ALWAYS`` for a regex that
        has a fragment without literals): with fewer than N, fewer than N matches of that regex
        can exist in ``text``, since each match holds its own occurrence."""
        if self._automaton is None:
            return self._base
        hits = self._automaton.iter(text)
        first = next(hits, None)
        if first is None:  # most lines: nothing to count, nothing to copy
            return self._base
        out = list(self._base)
        for _, kinds in itertools.chain((first,), hits):
            for k in kinds:
                out[k] += 1
        return tuple(out)
