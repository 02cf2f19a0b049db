"""HTML pages: trafilatura finds the body, wirewatch's news-aware layer corrects it, and the
page's own declarations give the metadata.

The body: trafilatura in precision mode (on a tree parsed once and shared with the metadata
readers), then ``html_clean`` drops the boilerplate lines it keeps, ``html_restore`` adds back a
story split over several look-alike blocks, and when precision mode returns next to nothing
(a paywall notice, a share bar) trafilatura's recall mode is asked instead.  The metadata:
``html_meta`` reads JSON-LD, <meta> tags and <time> elements; ``html_dates`` picks the
publication and update dates; the dateline, agency, byline and language come from
``article.meta``.  ``Article.provenance`` names the source of every value.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from wirewatch import data_files
from wirewatch.article.dates import DateEvidence
from wirewatch.article.html_body import precision_text, recall_text
from wirewatch.article.html_clean import clean_paragraphs, drop_link_lists, norm, prune_popups
from wirewatch.article.html_dates import PageDate, publication_date, update_date
from wirewatch.article.html_meta import PageMeta, read_page_meta, tags
from wirewatch.article.html_restore import (
    keep_headline_article,
    page_paragraphs,
    restore_split_body,
)
from wirewatch.article.language import detect_language_how
from wirewatch.article.meta import (
    agencies,
    agency_in_text,
    agency_name,
    find_byline,
    find_dateline,
    split_title,
)
from wirewatch.article.page_kind import DATED_KINDS, html_page_kind
from wirewatch.article.zones import host_country, host_of
from wirewatch.records import Article, Page

log = logging.getLogger(__name__)

# below this many characters of cleaned text, precision mode is taken to have failed
MIN_BODY_CHARS = 250
_BY = re.compile(rf"^({'|'.join(data_files.yaml('text_lines.yaml')['author_prefixes'])})\s+", re.IGNORECASE)
# recall mode's answer must hold one paragraph this long, or it is a menu, not a story
_MIN_SENTENCE_CHARS = 80
# a byline longer than this is a bio or a list, not a name
_MAX_BYLINE_CHARS = 120


@dataclass(slots=True)
class _Body:
    paragraphs: list[str]
    how: str


def _trafilatura(tree: HtmlElement, url: str | None, *, recall: bool) -> list[str]:
    text = recall_text(tree, url) if recall else precision_text(tree, url)
    return [p.strip() for p in text.split("\n") if p.strip()]


def extract_body(tree: HtmlElement, url: str | None, titles: list[str]) -> _Body:
    """The article paragraphs of a parsed page and how they were found."""
    cleaned = clean_paragraphs(_trafilatura(tree, url, recall=False), titles)
    how = "trafilatura:precision"
    if sum(len(p) for p in cleaned.paragraphs) < MIN_BODY_CHARS:
        # precision mode found (almost) nothing but boilerplate: recall mode looks wider
        wider = clean_paragraphs(_trafilatura(tree, url, recall=True), titles)
        if sum(map(len, wider.paragraphs)) > sum(map(len, cleaned.paragraphs)) \
                and max(map(len, wider.paragraphs), default=0) >= _MIN_SENTENCE_CHARS:
            cleaned, how = wider, "trafilatura:recall"
    lists = drop_link_lists(cleaned.paragraphs, tree)
    dropped = cleaned.dropped + lists.dropped
    if dropped:
        how += "+clean:" + ",".join(f"{k}={v}" for k, v in sorted(dropped.items()))
    paras = page_paragraphs(tree)
    paragraphs, foreign = keep_headline_article(tree, lists.paragraphs, paras)
    if foreign:
        how += f"+other-articles={foreign}"
    paragraphs, added = restore_split_body(tree, paragraphs, paras)
    if added:
        how += f"+restored={added}"
    return _Body(paragraphs, how)


def _page_title(tree: HtmlElement) -> str | None:
    el = next(tree.iter("title"), None)
    text = " ".join(el.text_content().split()) if el is not None else ""
    return text or None


def choose_title(tree: HtmlElement, meta: PageMeta) -> tuple[str | None, str | None, str]:
    """The headline without its site-name affix, the site name the <title> element carries,
    and the headline's source.  JSON-LD's headline comes first: it rarely carries the site."""
    candidates = [c for c in meta.title if c[0] == "jsonld:headline"] + \
        [c for c in meta.title if c[0] != "jsonld:headline"]
    page_title = _page_title(tree)
    if page_title:
        candidates.append(("html:title", page_title))
    # the <title> element is where sites put their name ("Story - Site"); og:title's affix
    # is as often a section ("Opinion | Story")
    title_site = split_title(page_title)[1] if page_title else None
    for source, raw in candidates:
        text = " ".join(html_lib.unescape(raw).split())
        if text:
            title, affix = split_title(text)
            return title, title_site, source + (":split" if affix else "")
    return None, title_site, ""


def _headlines(tree: HtmlElement, meta: PageMeta, title: str | None) -> list[str]:
    """Every wording of the headline the page offers (the body often repeats one of them)."""
    out = [raw for _, raw in meta.title] + [el.text_content() for _, el in zip(range(3), tree.iter("h1"))]
    page_title = _page_title(tree)
    if page_title:
        out += [page_title, split_title(page_title)[0]]
    return out + ([title] if title else [])


def choose_site(meta: PageMeta, title_site: str | None, page: Page) -> tuple[str | None, str]:
    for source, raw in meta.site:
        value = html_lib.unescape(raw).strip().lstrip("@")
        if value and not value.lower().startswith(("http", "©", "copyright")) and len(value) <= 80:
            return value, source
    if title_site:
        return title_site, "title-affix"
    return (page.site_hint, "reader:host") if page.site_hint else (None, "")


def choose_byline(meta: PageMeta, site: str | None) -> tuple[str | None, str]:
    for source, raw in meta.byline:
        value = _BY.sub("", " ".join(html_lib.unescape(raw).split()))
        low = value.lower()
        if not value or len(value) > _MAX_BYLINE_CHARS or low.startswith(("http", "www.", "@", "/")):
            continue
        if site and norm(value) == norm(site):
            continue
        return value, source
    # no declared author: a "By ..." line printed under the headline
    found = find_byline([meta.headline_text[:_MAX_BYLINE_CHARS]])
    return (found, "text:by-line") if found else (None, "")


def choose_agency(paragraphs: list[str], dateline_agency: str | None, byline: str | None,
                  site: str | None) -> tuple[str | None, str]:
    if dateline_agency:
        return dateline_agency, "dateline"
    found, how = agency_in_text(paragraphs)
    if found:
        return found, f"text:{how}"
    for value, how in ((byline, "byline"), (site, "site")):
        if value and (name := _agency_credit(value)):
            return name, how
    return None, ""


def _agency_credit(value: str) -> str | None:
    """An agency credited in a byline or site name: a part that is the agency's name
    ("Reuters", "Britta Schultejans, dpa") or opens with its capitalised abbreviation
    ("AP National Writer") — not a person whose first name is also an alias ("Ana Faguy")."""
    for part in re.split(r"[,;/|]| and ", value):
        part = part.strip()
        if not part:
            continue
        name = agency_name(part)
        if name and (part.lower() in agencies() or part.split()[0].isupper()):
            return name
    return None


def _dates(tree: HtmlElement, html: str, meta: PageMeta, url: str | None, text: str,
           language: str | None) -> tuple[PageDate | None, PageDate | None]:
    evidence = DateEvidence(text=text, language=language, locale=meta.locale,
                            other_dates=tuple(raw for _, raw in meta.published[:6]))
    published = publication_date(tree, html, meta, url, evidence)
    return published, update_date(meta, published, evidence)


def extract_html(page: Page, html: str) -> Article:
    """Read one HTML page into an ``Article`` (empty text when no article is found)."""
    tree = load_html(html)
    if tree is None:
        return Article(source=page.source, content_hash=page.content_hash, kind="html", text="",
                       url=page.url)
    meta = read_page_meta(tree, page.url)
    prune_popups(tree, html)  # hover cards would be read into sentences by every later reader
    title, title_site, title_how = choose_title(tree, meta)
    body = extract_body(tree, page.url, _headlines(tree, meta, title))
    text = "\n\n".join(body.paragraphs)
    language, language_how = detect_language_how(text or (title or ""), declared=meta.locale,
                                                 country=host_country(host_of(meta.url))[0])
    site, site_how = choose_site(meta, title_site, page)
    byline, byline_how = choose_byline(meta, site)
    dateline, dateline_agency = find_dateline(body.paragraphs[0] if body.paragraphs else "")
    agency, agency_how = choose_agency(body.paragraphs, dateline_agency, byline, site)
    page_kind, kind_how = html_page_kind(meta.values, meta.url, meta.types, tags().article_types, len(text))
    published, updated = _dates(tree, html, meta, page.url, text, language) \
        if page_kind in DATED_KINDS else (None, None)  # a template's date is no story's date
    provenance = {"text": body.how, "title": title_how, "site": site_how, "byline": byline_how,
                  "agency": agency_how, "dateline": "lead" if dateline else "",
                  "language": language_how, "page_kind": kind_how}
    for name, found in (("published", published), ("updated", updated)):
        if found is not None:
            provenance[name] = f"{found.source};{found.reading}"
    return Article(
        source=page.source, content_hash=page.content_hash, kind="html", text=text, url=page.url,
        title=title, published=published.value if published else None,
        updated=updated.value if updated else None, agency=agency, dateline=dateline,
        byline=byline, site=site, language=language, page_kind=page_kind,
        provenance={k: v for k, v in provenance.items() if v},
    )
