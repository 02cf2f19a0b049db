"""The news-aware line layer over trafilatura's body: drop the boilerplate paragraphs it keeps.

trafilatura is good at finding the article container but keeps what editors put inside it:
newsletter and subscription pitches, "Related:" links, agency credits ("Reporting by ..."),
social-media calls, reading-time stamps, and the reader-comment section that follows the story.
Each of those would reach the event coder as text.  The patterns live in
``data/html_boilerplate.yaml`` so an analyst can extend them; this module only applies them.

Two kinds of rule: ``line`` patterns drop one paragraph wherever it stands; ``section_end``
patterns mark the start of a trailing section (comments, "Most read") and drop it and all that
follows — but only once enough article text precedes, so a page that opens with a
"Comments" label loses the label, not its story.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from wirewatch import data_files
from wirewatch.article.literals import LiteralGate
from wirewatch.errors import ConfigError

# a list item is a link when this share of its text sits inside <a>
_LINK_SHARE = 0.9
# a trailing-section marker only cuts when this much article text (characters) precedes it:
# a short lead-in followed by "Comments" is more likely a page that lists comment counts
_MIN_TEXT_BEFORE_CUT = 400


@dataclass(frozen=True, slots=True)
class _Rules:
    section_end: tuple[tuple[str, re.Pattern[str]], ...]
    line: tuple[tuple[str, re.Pattern[str]], ...]
    prune_classes: frozenset[str]  # inline pop-ups to remove before trafilatura reads the page


@dataclass(slots=True)
class CleanResult:
    """The kept paragraphs and, per reason, how many were dropped."""

    paragraphs: list[str]
    dropped: Counter[str] = field(default_factory=Counter)


def _compile(section: dict[str, list[str]], name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for reason, patterns in section.items():
        for pat in patterns:
            try:
                out.append((reason, re.compile(pat, re.IGNORECASE)))
            except re.error as exc:
                raise ConfigError(f"html_boilerplate.yaml {name}/{reason}: bad pattern {pat!r}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    raw: dict[str, Any] = data_files.yaml("html_boilerplate.yaml")
    return _Rules(section_end=_compile(raw.get("section_end") or {}, "section_end"),
                  line=_compile(raw.get("line") or {}, "line"),
                  prune_classes=frozenset(raw.get("prune_classes") or ()))


@lru_cache(maxsize=2)
def _gated(section: str) -> tuple[LiteralGate, tuple[tuple[str, Any], ...]]:
    """A section's rules, each with the way to try it (``match`` for ^-anchored rules), and
    one Aho-Corasick gate counting each rule's literals: most paragraphs hold none of them, and
    one C pass is far cheaper than a regex scan per rule.  Case-folded text stands in for the
    rules' IGNORECASE (a letter whose folding changes its length, as Turkish İ, could hide a
    literal: no boilerplate rule has one)."""
    found: tuple[tuple[str, re.Pattern[str]], ...] = getattr(rules(), section)
    gate = LiteralGate([[pat.pattern] for _, pat in found], fold=True)
    tries = tuple((reason, pat.match if pat.pattern.startswith("^") else pat.search)
                  for reason, pat in found)
    return gate, tries


def _reason(section: str, text: str) -> str | None:
    gate, tries = _gated(section)
    counts = gate.counts(text.casefold())
    if not any(counts):  # most paragraphs
        return None
    for count, (reason, attempt) in zip(counts, tries):
        if count and attempt(text):
            return reason
    return None


def line_reason(paragraph: str) -> str | None:
    """Why a paragraph is boilerplate (the rule's reason), or None when it is not."""
    return _reason("line", paragraph.strip())


def _section_reason(paragraph: str) -> str | None:
    return _reason("section_end", paragraph.strip())


_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """A comparison key for a paragraph: NFKC, lower case, word characters only."""
    if not text.isascii():  # ASCII is its own NFKC form: every <p> of a page passes here
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_WORD.findall(text.lower()))


def clean_paragraphs(paragraphs: list[str], titles: Iterable[str] = ()) -> CleanResult:
    """Drop boilerplate paragraphs: the repeated headline (any of the page's ``titles``: its
    JSON-LD headline, og:title, <title>, <h1> differ in wording), boilerplate lines and the
    trailing sections."""
    result = CleanResult(paragraphs=[])
    seen_text = 0
    title_keys = {k for k in (norm(t) for t in titles) if k}
    for i, para in enumerate(paragraphs):
        text = para.strip()
        if not text:
            continue
        # trafilatura often repeats the headline as the body's first line
        if i < 2 and not result.paragraphs and norm(text) in title_keys:
            result.dropped["title"] += 1
            continue
        reason = _section_reason(text)
        if reason is not None and seen_text >= _MIN_TEXT_BEFORE_CUT:
            result.dropped[reason] += len(paragraphs) - i
            break
        # before the story a section label ("Comments (3)") is only a stray label
        reason = reason or line_reason(text)
        if reason is not None:
            result.dropped[reason] += 1
            continue
        result.paragraphs.append(text)
        seen_text += len(text)
    return result


def _linked_items(tree: HtmlElement) -> set[str]:
    """Comparison keys of the page's list items that are all link text (related-story lists)."""
    out: set[str] = set()
    for li in tree.iter("li"):
        text = li.text_content()
        size = len(text.strip())
        if size and sum(len(a.text_content().strip()) for a in li.iter("a")) >= _LINK_SHARE * size:
            out.add(norm(text))
    return out


def drop_link_lists(paragraphs: list[str], tree: HtmlElement) -> CleanResult:
    """Drop runs of two or more list items that are only links: lists of other stories kept
    inside the article block.  (Repeated paragraphs stay: interviews repeat their questions.)"""
    result = CleanResult(paragraphs=[])
    items = [p.startswith(("- ", "• ")) for p in paragraphs]
    linked = _linked_items(tree) if sum(items) >= 2 else set()
    for i, para in enumerate(paragraphs):
        in_run = items[i] and ((i > 0 and items[i - 1]) or (i + 1 < len(items) and items[i + 1]))
        if in_run and norm(para[2:]) in linked:
            result.dropped["link_list"] += 1
            continue
        result.paragraphs.append(para)
    return result


def prune_popups(tree: HtmlElement, html: str | None = None) -> int:
    """Remove inline pop-ups (hover cards, tooltips) in place, keeping the text that follows
    them; returns how many were removed.  When the page's source is given and names none of
    the classes, the tree is not searched at all (the common case, and a string scan is far
    cheaper than a walk); otherwise XPath finds candidates and the class tokens are checked."""
    wanted, query = rules().prune_classes, _prune_query()
    if query is None or (html is not None and not any(c in html for c in wanted)):
        return 0
    hits = [el for el in query(tree) if wanted.intersection(el.get("class", "").split())]
    for el in hits:
        if el.getparent() is not None:
            el.drop_tree()
    return len(hits)


@lru_cache(maxsize=1)
def _prune_query() -> etree.XPath | None:
    names = [c for c in sorted(rules().prune_classes) if re.fullmatch(r"[\w-]+", c)]
    if not names:
        return None
    return etree.XPath("//*[" + " or ".join(f"contains(@class, '{c}')" for c in names) + "]")
