"""Plain-text dumps (one block a line): find the article block and read its metadata lines.

The cleaner classes every line (``text_lines``), drops what the site memory knows to be the
site's chrome, takes the heaviest contiguous run of lines as the article, and reads the title
(the line the page repeats, without its site-name affix), the Published/Updated lines (through
``dates.parse_page_date``, which settles ambiguous numeric dates with the page's evidence), the
byline, the dateline lead, the site's name and the language."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from wirewatch.article.dates import DateEvidence, has_date, parse_page_date, vocab
from wirewatch.article.language import detect_language_how
from wirewatch.article.meta import (
    agency_in_text,
    find_byline,
    find_dateline,
    site_in_lines,
    split_title,
)
from wirewatch.article.page_kind import DATED_KINDS, kind_from_url
from wirewatch.article.site_memory import line_key
from wirewatch.article.text_lines import (
    BAD,
    GOOD,
    SHORT,
    Line,
    best_block,
    classify,
    is_meta,
    lead_start,
    make_line,
)
from wirewatch.article.zones import host_country, host_of
from wirewatch.records import Article, Page

TITLE_MIN_WORDS, TITLE_MAX_WORDS = 3, 24
TITLE_MAX_CHARS = 1_000  # a longer line is no title, however few its words (one unbroken MB-long run)
TITLE_SPAN = 0.7  # share of the page (from the top) where the title is looked for
TITLE_LEAD = 6  # a title stands at most this many lines above the first paragraph
TITLE_NEXT = 3  # lines after a title where its date, byline or first paragraph stand
INDEX_MIN_TEASERS = 4  # a section front shows at least this many teasers...
INDEX_ALONE_SHARE = 0.7  # ... most of them a single line between headlines ...
INDEX_BLURB_CHARS = 200  # ... and short
HEADLINE_LIST_MIN = 4  # this many lines in a row that none ends like a sentence: a headline list
HEADLINE_LIST_WORDS = 20  # ... each shorter than this (a longer one is a paragraph)
TRAILING_LINES = 2  # short closing sentences taken after the last paragraph
SKIPPED_RUN = 4  # a run of this many non-text lines inside the block is skipped chrome  # lines before the article searched for an unrepeated title
_NORM = re.compile(r"\W+")


@dataclass(slots=True)
class _Reading:
    """What the cleaner read from one dump, before it becomes an ``Article``."""

    lines: list[Line]
    body: list[Line]
    start: int
    end: int
    title: str | None = None
    title_site: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def read_lines(text: str, boilerplate: frozenset[str] = frozenset()) -> list[Line]:
    """The dump's non-empty lines, classed; ``boilerplate`` holds site-memory line keys."""
    rows = [t for t in map(str.strip, text.splitlines()) if t]
    lines = list(map(make_line, range(len(rows)), rows))
    counts = Counter(rows)
    for line in lines:  # ``make_line`` gave each its own class: only site memory may change it
        if boilerplate and line_key(line.text) in boilerplate:
            classify(line, True)
        if line.cls == GOOD and counts[line.text] > 1:
            # an article does not repeat its paragraphs; galleries and teasers repeat captions
            line.cls, line.why = SHORT, "repeated"
    _demote_headline_lists(lines)
    return lines


def _demote_headline_lists(lines: list[Line]) -> None:
    """A run of ``HEADLINE_LIST_MIN`` or more lines that none ends like a sentence is a list
    of headlines (a playlist, "more stories"), not running text: a long headline among them
    is no paragraph.  An article's own subheadings stand alone between paragraphs."""
    first = 0  # where the current run of headline-like lines started
    for i, line in enumerate(lines):
        if (line.cls == GOOD or line.cls == SHORT) and not line.sentence and not line.cjk \
                and line.words < HEADLINE_LIST_WORDS:
            continue
        _demote_run(lines, first, i)
        first = i + 1
    _demote_run(lines, first, len(lines))


def _demote_run(lines: list[Line], first: int, end: int) -> None:
    if end - first >= HEADLINE_LIST_MIN:
        for item in lines[first:end]:
            if item.cls == GOOD:
                item.cls, item.why = SHORT, "headline-list"


_Part = tuple[str, str | None, str]  # (title, site affix, normalised title)
_NO_TITLE: _Part = ("", None, "")


# like the line features, a line's title reading depends on its text alone: menus and
# headlines repeat across a site's pages, and are read once
@lru_cache(maxsize=1 << 16)
def _title_part(text: str) -> _Part:
    title, site = split_title(text)
    return title, site, _NORM.sub(" ", title.lower()).strip() if title else ""  # ``_norm``, uncached


def _title_parts(lines: list[Line]) -> list[_Part]:
    """Each line split into (title, site affix, normalised title); long lines, which cannot be
    titles, give ("", None, "") unread (splitting and normalising a megabyte-long line costs
    a poison page hundreds of milliseconds)."""
    return [_title_part(ln.text) if ln.words <= TITLE_MAX_WORDS + 6 and len(ln.text) <= TITLE_MAX_CHARS
            else _NO_TITLE for ln in lines]


def _find_title(lines: list[Line], parts: list[_Part]) -> tuple[int | None, str | None, str | None, str]:
    """(index, title, site affix, how) of the page's title line: a title-like line scored for
    being repeated on the page (the page title and the headline), for standing just above the
    page's first substantial text, for a date or byline line right after it, and for running
    text right after it."""
    norms = [n for _, _, n in parts]
    seen = Counter(filter(None, norms))
    lead = lead_start(lines)
    titled = {n for _, site, n in parts if site}  # copies of a "Site - Title" line
    span = min(len(lines), max(1, int(len(lines) * TITLE_SPAN)))
    head = lines[:span + TITLE_NEXT]
    next_meta = _next_set([is_meta(ln) for ln in head])
    next_good = _next_set([ln.cls == GOOD for ln in head])
    best: tuple[int, int] | None = None
    for i in range(span):
        if not norms[i]:
            continue
        score = (2 * (seen[norms[i]] >= 2) + 2 * (norms[i] in titled)
                 + 2 * (lead is not None and 0 < lead - i <= TITLE_LEAD)
                 + 3 * (next_meta[i] <= i + TITLE_NEXT) + (next_good[i] <= i + TITLE_NEXT)
                 - parts[i][0].endswith("."))
        if score > 0 and (best is None or score > best[0]) and _title_like(lines[i], parts[i][0]):
            best = (score, i)
    if best is None:
        return None, None, None, ""
    i = best[1]
    site = next((st for _, st, n in parts if st and n == norms[i]), None)
    return i, parts[i][0], site, "line:repeated" if seen[norms[i]] >= 2 else "line:headline"


def _next_set(flags: list[bool]) -> list[int]:
    """For each position, the next later position whose flag is set (a huge index if none):
    "a date line within the next three lines" without slicing the list at every line."""
    out = [0] * len(flags)
    following = 1 << 30
    for j in range(len(flags) - 1, -1, -1):
        out[j] = following
        if flags[j]:
            following = j
    return out


def _title_like(line: Line, title: str) -> bool:
    return (line.cls in (SHORT, GOOD) and TITLE_MIN_WORDS <= len(title.split()) <= TITLE_MAX_WORDS
            and sum(1 for w in title.split() if w[:1].isalpha()) >= TITLE_MIN_WORDS
            and not title.endswith(":") and not (line.cls == GOOD and title.endswith("."))
            and not (line.dated and has_date(title))
            and not title.isupper())  # a shouted menu entry or section name


def _body(lines: list[Line], start: int, end: int) -> list[Line]:
    """The block's text lines; short lines only where they sit among running text (a
    subheading, a list item), not inside a run of chrome the block skipped."""
    body: list[Line] = []
    run: list[Line] = []
    for line in lines[start:end + 1]:
        if line.cls == GOOD:
            if len([ln for ln in run if ln.cls != SHORT]) + len(run) <= 2 * SKIPPED_RUN:
                body.extend(ln for ln in run if ln.cls == SHORT and ln.why != "stamp")
            body.append(line)
            run = []
        else:
            run.append(line)
    body.extend(ln for ln in run if ln.cls == SHORT and ln.why != "stamp")  # closing sentences ``_trailing`` took in
    return body


def _trailing(lines: list[Line], end: int) -> int:
    """The block's end moved over the short sentences that close an article ("Watch the
    interview here."), which the block, ending on running text, leaves out."""
    for line in lines[end + 1:end + 1 + TRAILING_LINES]:
        if line.cls != SHORT or line.why != "short" or not line.sentence or line.words < 5:
            break
        end = line.index
    return end


def _is_index(body: list[Line]) -> bool:
    """A section front, not an article: its text lines are teaser blurbs, one-line summaries
    each under its own headline, never two paragraphs in a row."""
    good = [i for i, ln in enumerate(body) if ln.cls == GOOD]
    if len(good) < INDEX_MIN_TEASERS:
        return False
    alone = sum(1 for k, i in enumerate(good)
                if (k == 0 or good[k - 1] != i - 1) and (k == len(good) - 1 or good[k + 1] != i + 1))
    mean = sum(len(body[i].text) for i in good) / len(good)
    # a live blog's entries stand alone too, but between time stamps ("18:40"), not headlines
    headlines = sum(1 for ln in body if ln.cls != GOOD
                    and sum(1 for w in ln.text.split() if w[:1].isalpha()) >= TITLE_MIN_WORDS)
    share = INDEX_ALONE_SHARE * len(good)
    return alone >= share and headlines >= share and mean < INDEX_BLURB_CHARS


def _read(text: str, boilerplate: frozenset[str]) -> _Reading:
    lines = read_lines(text, boilerplate)
    parts = _title_parts(lines)
    t_index, title, t_site, how = _find_title(lines, parts)
    if title is not None and t_index is not None:
        key = _norm(title)
        # the title and its copies up to the first paragraph are not body text (a later copy
        # is the story quoting its own headline, or a repeated line the title was taken from)
        stop = next((ln.index for ln in lines[t_index + 1:] if ln.cls == GOOD), len(lines))
        for line, (part, _, norm) in zip(lines[:stop], parts):
            if part and norm == key:
                line.cls, line.why = BAD, "title"
    span = best_block(lines, t_index)
    start, end = span if span else (len(lines), -1)
    end = _trailing(lines, end)
    body = _body(lines, start, end)
    if _is_index(body):
        body, start, end = [], len(lines), -1
    reading = _Reading(lines, body, start, end, title, t_site)
    if title is not None:
        reading.provenance["title"] = how
    reading.provenance["text"] = "line-classifier" + ("+site-memory" if boilerplate else "")
    return reading


def _dates(r: _Reading, body_text: str, language: str | None) -> tuple[str | None, str | None]:
    """Published and updated from the labelled date lines (else the first date line before
    the article), one reading for the page's ambiguous numeric dates."""
    voc = vocab()
    body = set(r.body)  # lines hash by identity
    head = [ln for ln in r.lines[:max(r.end, 0) + 1] if ln not in body] or r.lines
    dated = [ln.text for ln in head if ln.dated]
    evidence = DateEvidence(text=body_text, language=language, other_dates=tuple(dated))
    published = updated = None
    for t in dated:
        if updated is None and (m := voc.updated.match(t)):
            updated = _dated(r, "updated", t[m.end():], evidence, "line:updated")
        elif published is None and (m := voc.published.match(t)):
            published = _dated(r, "published", t[m.end():], evidence, "line:published")
    if published is None:
        before = [ln.text for ln in r.lines[:r.start] if ln.dated] or (dated if r.start >= len(r.lines) else [])
        if before:
            published = _dated(r, "published", before[0], evidence, "line:date")
    return published, updated


def _dated(r: _Reading, name: str, text: str, evidence: DateEvidence, how: str) -> str | None:
    iso, reading = parse_page_date(text, evidence=evidence)
    if iso is not None:
        r.provenance[name] = f"{how};{reading}"
    return iso


def _site(r: _Reading, page: Page) -> str | None:
    host = urlsplit(page.url).hostname if page.url else None
    body = set(r.body)  # lines hash by identity
    chrome = [ln.text for ln in r.lines if ln not in body]
    site, how = site_in_lines(chrome, host or page.site_hint)
    if site is None and r.title_site:
        site, how = r.title_site, "line:title-affix"
    if site is None and (host or page.site_hint):
        site, how = (host or page.site_hint or "").removeprefix("www."), "url"
    if site is not None:
        r.provenance["site"] = how
    return site


def extract_text(page: Page, text: str) -> Article:
    """The article of a text dump, with its metadata and where each value came from."""
    r = _read(text, page.boilerplate)
    paragraphs = [ln.text for ln in r.body]
    joined = "\n\n".join(paragraphs)
    language, language_how = detect_language_how(joined, country=host_country(host_of(page.url))[0])
    published, updated = _dates(r, joined, language)
    dateline, agency = find_dateline(paragraphs[0] if paragraphs else "")
    if dateline or agency:
        r.provenance["dateline"] = "lead"
    if agency is None:
        tail = paragraphs[-3:] + [ln.text for ln in r.lines[r.end + 1:]]
        agency, how = agency_in_text(tail)
        if agency:
            r.provenance["agency"] = how
    head = [ln.text for ln in r.lines[:max(r.start, 0)]] + paragraphs[:2]
    byline = find_byline(head)
    if byline:
        r.provenance["byline"] = "line:by"
    if language:
        r.provenance["language"] = language_how
    page_kind, kind_how = kind_from_url(page.url)
    if page_kind not in DATED_KINDS:  # a front page's or a listing's date is no story's date
        published = updated = None
        r.provenance["page_kind"] = kind_how
    return Article(
        source=page.source, content_hash=page.content_hash, kind="text", text=joined, url=page.url,
        title=r.title, published=published, updated=updated, agency=agency, dateline=dateline,
        byline=byline, site=_site(r, page), language=language, provenance=r.provenance,
        page_kind=page_kind,
    )
