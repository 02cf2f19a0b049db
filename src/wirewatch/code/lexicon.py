"""Loading the analyst-editable data files (``wirewatch/data``) into compiled matchers, once.

Signals (``data/events/signals_*.yaml``) become one compiled alternation per signal whose
groups carry each pattern's weight, so a sentence is scanned once per signal.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from wirewatch import data_files
from wirewatch.errors import ConfigError


def load_yaml(*parts: str) -> Any:
    """One YAML data file, parsed (``wirewatch.data_files``: read once and shared, a missing or
    broken file is a ConfigError)."""
    return data_files.yaml("/".join(parts))


def bounded(pattern: str) -> str:
    """A pattern that only matches whole words (letters, digits and apostrophes included)."""
    # an apostrophe before is allowed (French elision: "l’assassinat", "d'un"), a hyphen is not
    return rf"(?<![\w-])(?:{pattern})(?![\w’-])"


@dataclass(frozen=True, slots=True)
class Hit:
    signal: str
    start: int
    end: int
    weight: int


class SignalSet:
    """All signals; ``scan(text)`` gives every hit with its weight and span.

    Speed: running ~700 bounded patterns on every sentence costs milliseconds, so each pattern
    is indexed by the literal text it must start with; one Aho-Corasick pass over the lower-cased
    sentence tells which patterns can match, and only those regexes run.
    """

    def __init__(self, signals: dict[str, list[tuple[str, int]]]) -> None:
        self.names = sorted(signals)
        # patterns are compiled on first use: most never meet a text that could match them,
        # and compiling ~1,000 of them up front is most of the start-up time
        self._pats: list[tuple[str, int, str]] = []
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._always: list[int] = []
        self._auto = ahocorasick.Automaton()
        # literal -> (patterns it must start, patterns that must contain it somewhere)
        index: dict[str, tuple[list[int], list[int]]] = {}
        for name, pats in signals.items():
            for pat, weight in pats:
                pid = len(self._pats)
                self._pats.append((name, weight, pat))
                leading = leading_literals(pat)
                for lit in leading or []:
                    index.setdefault(lit, ([], []))[0].append(pid)
                inside = None if leading else required_literal(pat)
                if inside:
                    index.setdefault(inside, ([], []))[1].append(pid)
                elif not leading:
                    self._always.append(pid)
        for lit, (starts, contains) in index.items():
            self._auto.add_word(lit, (len(lit), starts, contains))
        self._auto.make_automaton()

    def _compile(self, pid: int) -> re.Pattern[str]:
        name, _, pat = self._pats[pid]
        try:
            rx = re.compile(bounded(pat), re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"signal {name}: bad pattern {pat!r} ({exc})") from exc
        self._compiled[pid] = rx
        return rx

    def check(self) -> None:
        """Compile every pattern now (raises ConfigError on the first bad one)."""
        for pid in range(len(self._pats)):
            self._compiled.get(pid) or self._compile(pid)

    def candidates(self, low: str) -> set[int]:
        found = set(self._always)
        for end, (length, starts, contains) in self._auto.iter(low):
            found.update(contains)  # a literal the pattern needs somewhere: the regex decides
            start = end - length + 1
            # a leading literal must start a word (``bounded``), so "tu" inside "return" cannot
            if start and (low[start - 1].isalnum() or low[start - 1] in "_-"):
                continue
            found.update(starts)
        return found

    def scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        for pid in sorted(self.candidates(text.lower())):
            name, weight, _ = self._pats[pid]
            rx = self._compiled.get(pid) or self._compile(pid)
            for m in rx.finditer(text):
                hits.append(Hit(name, m.start(), m.end(), weight))
        return hits


def required_literal(pattern: str) -> str | None:
    """For a pattern with no leading literal ("(?:national )?days? of mourning", "\\d+ million"):
    the longest run of plain characters every match must contain (" million"), at least four
    long; else None (the pattern then runs on every sentence).

    Read from the stdlib's parse tree: only characters at the pattern's top level are required,
    not those inside a group, an alternation or a repeat."""
    try:
        # the stdlib's own reading of a pattern, not a second one (private, hence imported by name)
        _parser: Any = importlib.import_module("re._parser")
        items = list(_parser.parse(pattern, re.IGNORECASE))
    except (ImportError, re.error):
        return None
    best, run = "", ""
    for op, arg in [*items, (None, None)]:
        if op is _parser.LITERAL and isinstance(arg, int):
            run += chr(arg).lower()
            continue
        best, run = max(best, run, key=len), ""
    return best if len(best) >= 4 else None


_META = set(".?*+()[]{}|\\^$")


def leading_literals(pattern: str) -> list[str] | None:
    """The lower-case literal strings one of which every match of ``pattern`` starts with, or
    None when that cannot be read off cheaply (the pattern then always runs)."""
    if pattern.startswith("(?:"):
        close = _closing(pattern, 0)
        if close < 0 or (close + 1 < len(pattern) and pattern[close + 1] in "?*{"):
            return None
        out: list[str] = []
        for alt in _split_top(pattern[3:close]):
            lits = leading_literals(alt + pattern[close + 1:] if not alt else alt)
            if not lits:
                return None
            out.extend(lits)
        return out
    lit: list[str] = []
    for i, ch in enumerate(pattern):
        if ch in _META:
            if ch in "?*" or (ch == "{" and pattern[i:i + 3] == "{0,"):
                lit = lit[:-1]
            break
        lit.append(ch)
    word = "".join(lit).lower()
    return [word] if len(word) >= 2 else None


def _closing(pattern: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_top(body: str) -> list[str]:
    parts, depth, cur, i = [], 0, [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            cur.append(body[i:i + 2])
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _parse_pattern(raw: str) -> tuple[str, int]:
    text, sep, weight = raw.rpartition("  @")
    if sep and weight.strip().isdigit():
        return text.strip(), int(weight)
    return raw.strip(), 2


@lru_cache(maxsize=1)
def signals() -> SignalSet:
    merged: dict[str, list[tuple[str, int]]] = {}
    for lang in ("en", "fr"):
        data = load_yaml("events", f"signals_{lang}.yaml")
        for name, pats in (data.get("signals") or {}).items():
            merged.setdefault(name, []).extend(_parse_pattern(str(p)) for p in pats or [])
    return SignalSet(merged)


def _acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and letters.isupper() and len(alias) <= 6


class PhraseIndex:
    """Whole-word phrase lookup in one Aho-Corasick pass (leftmost-longest, no overlaps):
    case-insensitive, except short all-capital acronyms (IS, CAR, US) which must match with
    their case.  Much faster than a regex alternation of hundreds of aliases."""

    def __init__(self, phrases: dict[str, object], exact_case: bool = False,
                 compound: re.Pattern[str] | None = None) -> None:
        # ``compound``: what may follow a hyphen after any phrase, which then still ends there
        # ("al-Qaeda-linked", "Islamic State-affiliated"); acronyms lead a compound of any kind
        self._compound = compound
        self._auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, object, str | None]]] = {}
        for phrase, payload in phrases.items():
            exact = phrase if exact_case or _acronym(phrase) else None
            entries.setdefault(phrase.lower(), []).append((len(phrase), payload, exact))
        for key, vals in entries.items():
            self._auto.add_word(key, vals)
        if entries:
            self._auto.make_automaton()
        self._empty = not entries

    def find(self, text: str) -> list[tuple[int, int, object]]:
        if self._empty:
            return []
        low = text.lower()
        if len(low) != len(text):  # a rare character whose lower case is longer: compare as is
            low = text
        found: list[tuple[int, int, object]] = []
        for end, vals in self._auto.iter(low):
            for length, payload, exact in vals:
                start = end - length + 1
                if exact is not None and text[start:end + 1] != exact:
                    continue
                # an acronym may lead a compound ("JNIM-affiliated", "ISGS-linked militants")
                right = _word_edge(text, end + 1) or (text[end + 1] == "-" and (
                    exact is not None or bool(self._compound and self._compound.match(text, end + 2))))
                if _word_edge(text, start - 1) and right:
                    found.append((start, end + 1, payload))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[tuple[int, int, object]] = []
        last_end = -1
        for f in found:
            if f[0] >= last_end:
                out.append(f)
                last_end = f[1]
        return out


def _word_edge(text: str, i: int) -> bool:
    if i < 0 or i >= len(text):
        return True
    ch = text[i]
    return not (ch.isalnum() or ch in "_-")
