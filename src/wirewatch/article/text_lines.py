"""Line features and line classes of the plain-text-dump cleaner, and the article block.

Each line of a dump is one block of the page: a menu item, a promo, a paragraph, a legal
notice.  A line is classed from its own features (length, final punctuation, share of function
words, chrome and legal vocabulary from ``data/text_lines.yaml``, a date or byline alone on the
line) and from what the site memory knows (lines repeated across the site's other pages).  The
article is then the contiguous run of lines with the highest weight: long sentence-like lines
count for their length, short lines cost a little, chrome costs more, and an end marker
("Comments", "Related articles") is a wall."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from wirewatch.article.dates import has_date

GOOD = "good"  # running text
SHORT = "short"  # heading, list item, caption: kept inside the article block only
BAD = "bad"  # chrome, legal, ad, date or byline line: never body text
END = "end"  # a section header after which the article is over

CHROME_MAX_WORDS = 12  # chrome vocabulary only condemns lines up to this many words
STRONG_MAX_WORDS = 40  # ad and disclaimer phrases condemn lines up to this many words
LEGAL_MIN = 3  # distinct legal words that make a line a legal notice
GOOD_WORDS = 10  # a sentence-like line of at least this many words is running text
LONG_WORDS = 25  # ... and any line this long
CJK_GOOD_CHARS = 25  # the same for scripts written without spaces
SHORT_COST = 25.0  # weight (in characters) a short line costs inside the block
BAD_COST = 60.0
MEMORY_COST = 120.0
END_COST = 5000.0

_SENTENCE_END = tuple('.!?。！？…"”’\')»:;')
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff60]")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_BYLINE = re.compile(r"^(?:by|par|por|von|posted by|written by|écrit par)\s+\S", re.IGNORECASE)
_TRAILING = re.compile(r"[\s\W\d]+$")
_TEASER_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    chrome: re.Pattern[str]
    end: re.Pattern[str]
    legal: re.Pattern[str]
    strong: re.Pattern[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The cleaner's word lists, compiled once per process."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("wirewatch.data").joinpath("text_lines.yaml").read_text(encoding="utf-8"))

    def alt(items: list[str]) -> str:
        return "|".join(f"(?:{x})" for x in items)

    return Vocabulary(
        chrome=re.compile(rf"(?<!\w)(?:{alt(raw['chrome_phrases'])})(?!\w)", re.IGNORECASE),
        end=re.compile(rf"(?:{alt(raw['end_markers'])})", re.IGNORECASE),
        legal=re.compile(rf"(?<!\w)(?:{alt(raw['legal_words'])})(?!\w)", re.IGNORECASE),
        strong=re.compile(rf"(?<!\w)(?:{alt(raw['strong_phrases'])})(?!\w)", re.IGNORECASE),
        stopwords=frozenset(w for words in raw["stopwords"].values() for w in str(words).split()),
    )


@dataclass(slots=True)
class Line:
    """One non-empty line of a dump with the features the cleaner uses."""

    index: int  # position among the page's non-empty lines
    text: str
    words: int  # word count (for scripts without spaces: characters / 2)
    cjk: bool
    sentence: bool  # ends like a sentence
    stop: float  # share of function words
    cls: str = SHORT
    why: str = ""  # what decided the class (for debugging and provenance counts)

    @property
    def weight(self) -> float:
        if self.cls == GOOD:
            return float(len(self.text))
        if self.cls == END:
            return -END_COST
        if self.cls == BAD:
            return -(MEMORY_COST if self.why == "site-memory" else BAD_COST)
        return -SHORT_COST


def make_line(index: int, text: str) -> Line:
    cjk_chars = len(_CJK.findall(text)) if not text.isascii() else 0
    cjk = cjk_chars > len(text) * 0.3
    tokens = _WORD.findall(text)
    words = cjk_chars // 2 + len(tokens) if cjk else len(tokens)
    stops = vocabulary().stopwords
    stop = sum(1 for t in tokens if t.lower() in stops) / len(tokens) if tokens else 0.0
    return Line(index, text, words, cjk, text.endswith(_SENTENCE_END), stop)


def classify(line: Line, site_boilerplate: bool = False) -> Line:
    """Set ``line.cls`` (and ``line.why``) from the line's own features."""
    voc, text = vocabulary(), line.text
    line.cls, line.why = _class_of(line, text, voc, site_boilerplate)
    return line


def _class_of(line: Line, text: str, voc: Vocabulary, site_boilerplate: bool) -> tuple[str, str]:
    if site_boilerplate:
        return BAD, "site-memory"
    core = _TRAILING.sub("", text.strip(" \t|•·-–—>»:"))
    if line.words <= 6 and voc.end.fullmatch(core.lower()):
        return END, "end-marker"
    sentence_like = line.sentence and line.words >= 5 and line.stop >= 0.2
    if line.words <= CHROME_MAX_WORDS and not sentence_like and voc.chrome.search(text):
        return BAD, "chrome"
    if line.words <= STRONG_MAX_WORDS and voc.strong.search(text):
        return BAD, "ad"
    if line.words >= 8 and len({m.group(0).lower() for m in voc.legal.finditer(text)}) >= LEGAL_MIN:
        return BAD, "legal"
    if line.words <= 8 and (_BYLINE.match(text) or (has_date(text) and not line.sentence)):
        return BAD, "meta"
    if _TEASER_END.search(text) and line.words < 40:
        return SHORT, "teaser"
    if line.cjk:
        good = len(text) >= CJK_GOOD_CHARS and (line.sentence or len(text) >= 2 * CJK_GOOD_CHARS)
    else:
        good = line.words >= LONG_WORDS or (line.words >= GOOD_WORDS and (line.sentence or line.stop >= 0.3))
    return (GOOD, "text") if good else (SHORT, "short")


def best_block(lines: list[Line]) -> tuple[int, int] | None:
    """The contiguous run of lines with the highest total weight (maximum-sum segment), as
    ``(first, last)`` indexes into ``lines``; ``None`` when no line is running text."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, line in enumerate(lines):
        if run <= 0:
            run, start = 0.0, i
        run += line.weight
        if run > best:
            best, best_span = run, (start, i)
    return best_span
