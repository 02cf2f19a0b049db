"""The signal index: a pattern runs on a sentence only when a literal it needs is there, and
indexing never changes what a pattern finds."""

from __future__ import annotations

import re

from wirewatch.code.lexicon import SignalSet, bounded, required_literal


def test_a_pattern_without_a_leading_literal_is_indexed_by_a_literal_it_needs() -> None:
    assert required_literal("(?:national )?days? of (?:national )?mourning") == "mourning"
    assert required_literal(r"(?:[XVI]+e|\d+e|\d+ème) siècle") == " siècle"
    assert required_literal(r"(?:\d[\d.,]*|one|two) million (?:[\w-]+ ){0,3}?people") == " million "
    assert required_literal(r"\d+(?:st|nd) (?:[\w-]+ )?of") is None  # nothing four long it must hold


def test_the_index_finds_what_the_bare_patterns_find() -> None:
    patterns = [("(?:national )?days? of (?:national )?mourning", 2), (r"(?:[XVI]+e|\d+e) siècle", 1)]
    signals = SignalSet({"background": patterns})
    for text in ("Le gouvernement a décrété trois Days of National Mourning; au XIXe siècle, rien.",
                 "a mourning dove sang", "no literal here", "trois jours de deuil national"):
        bare = sorted((m.start(), m.end()) for pat, _ in patterns
                      for m in re.finditer(bounded(pat), text, re.IGNORECASE))
        assert sorted((h.start, h.end) for h in signals.scan(text)) == bare
    assert len(signals.scan("Days of National Mourning in the XIXe siècle")) == 2
