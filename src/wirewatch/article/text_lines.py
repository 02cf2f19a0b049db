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
from itertools import repeat
from typing import Any

from wirewatch import data_files
from wirewatch.article.dates import has_date, vocab
from wirewatch.article.literals import LiteralGate

GOOD = "good"  # running text
SHORT = "short"  # heading, list item, caption: kept inside the article block only
BAD = "bad"  # chrome, legal, ad, date or byline line: never body text
END = "end"  # a section header after which the article is over

CHROME_MAX_WORDS = 12  # chrome vocabulary only condemns lines up to this many words
STRONG_MAX_WORDS = 40  # ad and disclaimer phrases condemn lines up to this many words
LEGAL_MIN = 3  # distinct legal words that make a line a legal notice
STOP_MIN_WORDS = 5  # function words are counted on lines from this long...
GOOD_WORDS = 10  # a sentence-like line of at least this many words is running text
LONG_WORDS = 25  # ... and any line this long
CJK_GOOD_CHARS = 25  # the same for scripts written without spaces
META_MAX_WORDS = 12  # a date line with a byline or a dateline place, no more
DATED_MAX_CHARS = 160  # longer lines are text that mentions a date, not date lines
# weights, in characters of running text: a text line weighs its length, the others cost
SHORT_COST = 25.0  # a short line (menu entry, label)
NEUTRAL_FREE = 3  # that many such lines in a row are free, the next ones cost
NEUTRAL_WORDS = 5  # a short line this long (a list item, a subheading) costs nothing
BAD_COST = 60.0  # chrome, ad, legal line
MEMORY_COST = 120.0  # a line the site memory knows, or a date or byline line
END_COST = 5000.0  # an end marker: never bridged
GAP_GROWTH_MAX = 8
JOIN_COST = 260.0  # the most a gap between two text lines of one run may cost
MERGE_MIN = 250.0  # a neighbouring run joins the article if it weighs this much...
MERGE_SHARE = 0.15  # ... and this share of the main run
TITLE_SHARE = 0.25  # the run after the title wins if it weighs this share of the heaviest
TITLE_REACH = 40  # lines after the title where the article may start
LEAD_SHARE = 0.3  # the first run weighing this share of the heaviest leads the page
MERGE_GAP = 15  # lines of chrome a join may skip

_SENTENCE_END = tuple('.!?。！？…"”’\')»:;')
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff60]")
_CUES: dict[str, Any] = data_files.yaml("text_lines.yaml")  # the line cues' words ("line cues" there)
_BYLINE = re.compile(rf"^(?:{'|'.join(_CUES['byline_openers'])})\s+\S", re.IGNORECASE)
_TRAILING = re.compile(r"[\s\W\d]+$")
_AGO = re.compile("|".join(_CUES["time_ago"]), re.IGNORECASE)
_LONE_PUNCT = frozenset(("-", "–", "—", "|", "•", "·", "/", "&", ">", "»"))  # alone, these are no word
_LONE_CHARS = re.compile(r"[-–—|•·/&>»]")
_TOKEN_PUNCT = ".,;:!?\"'()“”‘’«»"
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[.,;:!?。、，！？،؟]")
# a headline run into its lead in a list of teasers: "... deemed stateless WASHINGTON: The US ..."
_INLINE_DATELINE = re.compile(r"(?<=[a-z’'\"”]) [A-Z][A-Z]+(?: [A-Z]+)?: [A-Z]")
INLINE_DATELINE_SPAN = (20, 160)  # where in the line the glued dateline may stand
# a Title Case headline glued to its lead: "Tape Gaffe Ends Hamlin's Title RunDenny Hamlin's..."
_JOINED_TEASER = re.compile(rf"^(?:(?:[A-Z0-9][^\s]*|{'|'.join(_CUES['title_small_words'])})\s+){{3,}}"
                            r"[^\s]*(?:[a-z]{3}|[?!])[A-Z]")
# a dated entry of a list ("19 Dec 2012: 13 die in Wagholi"): text, not a date line
_TIMELINE = re.compile(r"^\d[^:]{3,25}:\s+\w")
# the signature line of an embedded post: "— Jane Doe (@janedoe) November 18, 2019"
_EMBED = re.compile(r"^[—–-]\s*[^()\n]{1,80}\(@\w+\)")
_EMBED_FIRST = ("—", "–", "-")
_TEASER_ENDS = tuple(_CUES["teaser_ends"])
# a time alone on its line ("18:40", "23h05", "9.30 am"): the stamp of a live blog's entry
_CLOCK = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?$")
# tags under a post: what follows them is the site's, not the article's
_TAGS = re.compile(rf"^(?:{'|'.join(_CUES['tag_labels'])})\s*:")


GATE_LISTS = ("chrome_phrases", "strong_phrases", "legal_words", "end_markers")
_CHROME, _STRONG, _LEGAL, _END = range(4)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    chrome: re.Pattern[str]
    end: re.Pattern[str]
    notice: re.Pattern[str]  # strong ad/promo phrases (group "strong") and legal words ("legal")
    stopwords: frozenset[str]
    # one Aho-Corasick pass tells which lists cannot match (counts in ``GATE_LISTS`` order):
    # their regex then never runs
    gate: LiteralGate


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The cleaner's word lists, compiled once per process."""
    raw: dict[str, Any] = data_files.yaml("text_lines.yaml")

    def alt(items: list[str]) -> str:
        return "|".join(f"(?:{x})" for x in items)

    return Vocabulary(
        # matched against lower-cased lines: case-folding patterns are twice as slow
        # (?=[a-z©]): a cheap first-character test before the alternatives are tried
        chrome=re.compile(rf"(?<![a-z0-9])(?=[a-z©\d])(?:{alt(raw['chrome_phrases'])})(?!\w)"),
        end=re.compile(rf"(?:{alt(raw['end_markers'])})"),
        # one scan for both lists: most lines are long, and each scan costs as much as the rest
        notice=re.compile(rf"(?<![a-z0-9])(?=[a-z©\d])(?:(?P<strong>{alt(raw['strong_phrases'])})"
                          rf"|(?P<legal>{alt(raw['legal_words'])}))(?![a-z0-9])"),
        stopwords=frozenset(w for words in raw["stopwords"].values() for w in str(words).split()),
        gate=LiteralGate([raw[name] for name in GATE_LISTS]),
    )


@dataclass(slots=True, eq=False)  # compared by identity: lines are looked up by the thousand
class Line:
    """One non-empty line of a dump with the features the cleaner uses."""

    index: int  # position among the page's non-empty lines
    text: str
    words: int  # word count (for scripts without spaces: characters / 2)
    cjk: bool
    sentence: bool  # ends like a sentence
    stop: float  # share of function words
    dated: bool  # holds a date ``dates.parse_page_date`` can read
    cls: str = SHORT
    why: str = ""  # what decided the class (for debugging and provenance counts)

    @property
    def weight(self) -> float:
        if self.cls == GOOD:
            return float(len(self.text))
        if self.cls == END:
            return -END_COST
        if self.cls == BAD:
            return -(MEMORY_COST if self.why in ("site-memory", "meta") else BAD_COST)
        return 0.0 if self.words >= NEUTRAL_WORDS else -SHORT_COST


def make_line(index: int, text: str) -> Line:
    """The line with its features and its own class (site memory aside)."""
    return Line(index, text, *_features(text))


def classify(line: Line, site_boilerplate: bool = False) -> Line:
    """Set ``line.cls`` (and ``line.why``): site-memory lines are boilerplate, the others get
    the class their own features give."""
    if site_boilerplate:
        line.cls, line.why = BAD, "site-memory"
    else:
        line.cls, line.why = _features(line.text)[5:]
    return line


# a crawl repeats its sites' menus and footers on every page: the features and class of a
# line depend on its text alone, so they are computed once per distinct line
@lru_cache(maxsize=1 << 16)
def _features(text: str) -> tuple[int, bool, bool, float, bool, str, str]:
    cjk_chars = len(_CJK.findall(text)) if not text.isascii() else 0
    cjk = cjk_chars > len(text) * 0.3
    low = text.lower()
    tokens: list[str] | None = None
    if _LONE_CHARS.search(low):
        tokens = low.split()  # str.split: a regex tokenizer costs 3x for the same counts
        n = len(tokens) - sum(map(_LONE_PUNCT.__contains__, tokens))
    elif _single_spaced(low):  # a paragraph: its words counted without building their list
        n = low.count(" ") + 1 if low else 0
    else:
        tokens = low.split()
        n = len(tokens)
    words = cjk_chars // 2 + n if cjk else n
    stop = 0.0
    if STOP_MIN_WORDS <= words < LONG_WORDS:  # the only lines whose class it sways
        tokens = low.split() if tokens is None else tokens
    if STOP_MIN_WORDS <= words < LONG_WORDS and tokens:
        stops = vocabulary().stopwords
        stop = sum(map(stops.__contains__, map(str.strip, tokens, repeat(_TOKEN_PUNCT)))) / len(tokens)
    dated = (len(text) <= DATED_MAX_CHARS and _DIGIT.search(text) is not None
             and "://" not in text and has_date(text))  # a link's /2011/09/07/ is no date line
    sentence = text.endswith(_SENTENCE_END)
    cls, why = _class_of(text, low, words, cjk, sentence, stop, dated, vocabulary())
    return words, cjk, sentence, stop, dated, cls, why


def _single_spaced(text: str) -> bool:
    """Whether the only whitespace in ``text`` is single spaces between words (every other
    whitespace character is unprintable), so that it has as many words as spaces plus one."""
    return text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" ")


def _class_of(orig: str, text: str, words: int, cjk: bool, sentence: bool, stop: float, dated: bool,
              voc: Vocabulary) -> tuple[str, str]:
    """The class of a line from its features (``text`` is ``orig`` lower-cased); plain values,
    not a ``Line``: this runs once per distinct line of a crawl."""
    gate = voc.gate.counts(text)
    if words <= 6 and gate[_END] and voc.end.fullmatch(_TRAILING.sub("", text.strip(" \t|•·-–—>»:"))):
        return END, "end-marker"
    if ":" in text and _TAGS.match(text):  # (cheap tests first: most lines fail them)
        return END, "tags"
    sentence_like = sentence and words >= 5 and stop >= 0.2
    if (words <= CHROME_MAX_WORDS and not sentence_like and gate[_CHROME]
            and voc.chrome.search(text)):
        return BAD, "chrome"
    if words >= 2 and _notice_possible(words, gate):
        hits = [(m.lastgroup, m.group()) for m in voc.notice.finditer(text)]
        if words <= STRONG_MAX_WORDS and any(kind == "strong" for kind, _ in hits):
            return BAD, "ad"
        if words >= 8 and len({w for kind, w in hits if kind == "legal"}) >= LEGAL_MIN:
            return BAD, "legal"
    if words <= 2 and _CLOCK.match(text):  # a live blog's entry stamp: no body text
        return SHORT, "stamp"
    if text.startswith(_EMBED_FIRST) and _EMBED.match(text):
        return SHORT, "embed"
    if dated and _TIMELINE.match(text):
        return SHORT, "timeline"
    if (words <= 8 and (_BYLINE.match(text) or (dated or _DIGIT.search(text)) and _AGO.search(text))) or (
            dated and words <= META_MAX_WORDS and not sentence):
        return BAD, "meta"
    if words >= 15 and not cjk and not _PUNCT.search(text):
        return BAD, "no-punct"
    if (words < 40 and text.rstrip().endswith(_TEASER_ENDS)) or _inline_dateline(orig) or (
            8 <= words <= 60 and _JOINED_TEASER.match(orig)):
        return SHORT, "teaser"
    if cjk:
        good = len(text) >= CJK_GOOD_CHARS and (sentence or len(text) >= 2 * CJK_GOOD_CHARS)
    else:
        good = words >= LONG_WORDS or (words >= GOOD_WORDS and (sentence or stop >= 0.3))
    return (GOOD, "text") if good else (SHORT, "short")


def _notice_possible(words: int, gate: tuple[int, ...]) -> bool:
    """Whether the ad/legal scan can class the line: an ad phrase needs one of its literals in a
    line short enough for it to count, a legal notice ``LEGAL_MIN`` legal literals in a long one
    (each match holds its own).  Most paragraphs hold neither, and skip the scan."""
    return (words <= STRONG_MAX_WORDS and gate[_STRONG] > 0) or (words >= 8 and gate[_LEGAL] >= LEGAL_MIN)


def _inline_dateline(text: str) -> bool:
    if ": " not in text:
        return False
    m = _INLINE_DATELINE.search(text, INLINE_DATELINE_SPAN[0], INLINE_DATELINE_SPAN[1] + 20)
    return m is not None and m.start() <= INLINE_DATELINE_SPAN[1]


def segments(lines: list[Line]) -> list[tuple[float, int, int]]:
    """Runs of running-text lines (score, first, last).  Two text lines join one run when
    what lies between costs at most ``JOIN_COST``; the k-th line of such a gap costs k times
    its own cost (up to ``GAP_GROWTH_MAX``): a heading or an ad between paragraphs is bridged,
    a menu is not, an end marker never."""
    out: list[tuple[float, int, int]] = []
    score, first, last = 0.0, -1, -1
    gap_cost, gap = 0.0, 0
    neutral = 0
    for i, line in enumerate(lines):
        # ``Line.weight`` inlined for the two common classes: this loop runs twice a page
        if line.cls == GOOD:
            weight = float(len(line.text))
        elif line.cls == SHORT:
            weight = 0.0 if line.words >= NEUTRAL_WORDS else -SHORT_COST
        else:
            weight = line.weight
        if weight == 0:
            neutral += 1
            if neutral <= NEUTRAL_FREE:  # a list item or subheading: neither text nor a gap
                continue
            weight = -SHORT_COST  # ... but a run of them between texts is a teaser strip
        if weight < 0:
            if gap < GAP_GROWTH_MAX:  # the gap's k-th line costs k times, up to the cap
                gap += 1
            gap_cost -= weight * gap
            continue
        if first >= 0 and gap_cost <= JOIN_COST:
            score += weight - gap_cost
        else:
            if first >= 0:
                out.append((score, first, last))
            score, first = weight, i
        last, gap_cost, gap, neutral = i, 0.0, 0, 0
    if first >= 0:
        out.append((score, first, last))
    return out


def lead_start(lines: list[Line]) -> int | None:
    """Where the first run of real weight starts: the article's first paragraph on most pages."""
    segs = segments(lines)
    if not segs:
        return None
    floor = LEAD_SHARE * max(score for score, _, _ in segs)
    return next(first for score, first, _ in segs if score >= floor)


def is_meta(line: Line) -> bool:
    """A date or byline line (even one the site memory knows: every article has one)."""
    return line.why == "meta" or (line.dated and line.words <= META_MAX_WORDS) or (
        line.words <= 8 and _BYLINE.match(line.text) is not None)


def best_block(lines: list[Line], title_index: int | None = None) -> tuple[int, int] | None:
    """The article block as ``(first, last)`` indexes into ``lines``: the heaviest run of lines,
    joined with neighbouring runs of real weight when only chrome separates them (a stock
    widget or a photo strip inside the story), not an end marker, a date or a byline."""
    segs = segments(lines)
    if not segs:
        return None
    main = max(range(len(segs)), key=lambda k: segs[k][0])
    if title_index is not None and segs[main][1] > title_index:
        # the article follows its title: the heaviest run soon after it, not a longer
        # comment thread further down
        floor = max(MERGE_MIN, TITLE_SHARE * segs[main][0])
        after = [k for k, (score, first, _) in enumerate(segs)
                 if title_index < first <= title_index + TITLE_REACH and score >= floor]
        main = max(after, key=lambda k: segs[k][0]) if after else main
    first, last = segs[main][1], segs[main][2]
    floor = max(MERGE_MIN, MERGE_SHARE * segs[main][0])
    for k in range(main + 1, len(segs)):
        if segs[k][0] < floor or not _bridgeable(lines[last + 1:segs[k][1]]):
            break
        last = segs[k][2]
    for k in range(main - 1, -1, -1):
        if segs[k][0] < floor or not _bridgeable(lines[segs[k][2] + 1:first]):
            break
        first = segs[k][1]
    return first, last


def _bridgeable(gap: list[Line]) -> bool:
    """Whether two runs may be joined over ``gap``: short, no end marker, and no date or
    byline line (comments under an article each carry one) other than a widget's "Updated"."""
    updated = vocab().updated
    return len(gap) <= MERGE_GAP and not any(
        ln.cls == END or (ln.why == "meta" and not updated.match(ln.text)) for ln in gap)
