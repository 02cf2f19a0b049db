"""What an HTML page says about itself: JSON-LD, <meta> tags, <time> elements, the URL.

Read once from the parsed tree and kept as candidates with their source (``jsonld:datePublished``,
``meta:article:published_time``, ``time:datetime``, ``url``), so the date and title choosers in
``html_dates`` and ``html`` can weigh them and the record can say where each value came from.
Which tags mean what lives in ``data/html_meta.yaml``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from wirewatch import data_files

log = logging.getLogger(__name__)

_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")
# a compact date closing a URL slug: "...-brought-under-control-20200113"
_URL_DATE_COMPACT = re.compile(r"[-_/]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[-_/.]|$)")
# the elements that can carry a date: one XPath pass instead of a Python walk
_TIMES = etree.XPath("//time | //*[@itemprop]")
# how much visible text after the headline is searched for the printed date
_HEADLINE_TEXT_CHARS = 300
_JSON_ESCAPES = re.compile(r"[\x00-\x1f]")
# a post's URL on X/Twitter carries its ID, a "snowflake" whose upper bits are the moment it
# was posted (milliseconds since the service's epoch): a tweet page's own publication time
_STATUS_URL = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/(\d{15,20})")
_SNOWFLAKE_EPOCH_MS = 1288834974657


@dataclass(frozen=True, slots=True)
class _Tags:
    roles: dict[str, tuple[str, ...]]  # role -> meta keys in order of trust
    article_types: frozenset[str]


@lru_cache(maxsize=1)
def tags() -> _Tags:
    raw: dict[str, Any] = dict(data_files.yaml("html_meta.yaml"))  # a copy: article_types is popped
    types = frozenset(raw.pop("article_types"))
    return _Tags(roles={k: tuple(v) for k, v in raw.items()}, article_types=types)


@dataclass(slots=True)
class PageMeta:
    """Candidates per field, each as (source, raw value), in order of trust."""

    published: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    title: list[tuple[str, str]] = field(default_factory=list)
    site: list[tuple[str, str]] = field(default_factory=list)
    byline: list[tuple[str, str]] = field(default_factory=list)
    locale: str | None = None
    url_date: str | None = None  # YYYY-MM-DD read from the URL path
    headline_text: str = ""  # the visible text right after the <h1> (where sites print the date)
    url: str | None = None  # the page's URL: the reader's, else its canonical link
    types: set[str] = field(default_factory=set)  # every JSON-LD @type the page declares
    values: dict[str, str] = field(default_factory=dict)  # first value of each <meta> key


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    """First value of each <meta> key (name, property or itemprop, lower case)."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
        value = el.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    objs: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_JSON_ESCAPES.sub(" ", script.text))
        except ValueError:
            log.debug("unreadable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objs.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return objs


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    return {str(x) for x in t} if isinstance(t, list) else {str(t)} if t else set()


def _names(value: Any) -> list[str]:
    """Person or organisation names from a JSON-LD author/publisher value."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return out


def _read_jsonld(tree: HtmlElement, meta: PageMeta) -> None:
    every = _jsonld_objects(tree)
    for obj in every:
        meta.types |= _types(obj)
    objs = [o for o in every if _types(o) & tags().article_types]
    # the article object before the page object: NewsArticle's date beats WebPage's
    objs.sort(key=lambda o: bool(_types(o) & {"WebPage", "ItemPage"}))
    for obj in objs:
        for key, bucket in (("datePublished", meta.published), ("dateCreated", meta.published),
                            ("dateModified", meta.updated)):
            if isinstance(obj.get(key), str) and obj[key].strip():
                bucket.append((f"jsonld:{key}", obj[key].strip()))
        if isinstance(obj.get("headline"), str) and obj["headline"].strip():
            meta.title.append(("jsonld:headline", obj["headline"].strip()))
        authors = _names(obj.get("author"))
        if authors:
            meta.byline.append(("jsonld:author", ", ".join(dict.fromkeys(authors))))
        for name in _names(obj.get("publisher")):
            meta.site.append(("jsonld:publisher", name))


def _read_times(tree: HtmlElement, meta: PageMeta) -> None:
    """<time datetime> and itemprop=datePublished elements, in document order."""
    for el in _TIMES(tree):
        prop = (el.get("itemprop") or "").lower()
        value = el.get("datetime") or el.get("content")
        if prop == "datepublished" and (value or el.text_content().strip()):
            meta.published.append(("itemprop:datePublished", (value or el.text_content()).strip()))
        elif prop == "datemodified" and value:
            meta.updated.append(("itemprop:dateModified", value.strip()))
        elif el.tag == "time" and value and len(meta.published) < 12:
            meta.published.append(("time:datetime", value.strip()))


def _headline_text(tree: HtmlElement) -> str:
    """Visible text following the page's first <h1>, up to ``_HEADLINE_TEXT_CHARS``."""
    # the headline is the longest of the first <h1>s: a logo <h1> ("News.az") is short
    heads = [el for _, el in zip(range(5), tree.iter("h1"))]
    if not heads:
        return ""
    h1 = max(heads, key=lambda el: len(el.text_content().strip()))
    parts: list[str] = []
    size = 0
    for node in h1.xpath("following::text()[position() <= 80]"):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript"):
            continue
        text = " ".join(str(node).split())
        if text:
            parts.append(text)
            size += len(text) + 1
            if size >= _HEADLINE_TEXT_CHARS:
                break
    return " ".join(parts)[:_HEADLINE_TEXT_CHARS]


def _canonical_url(tree: HtmlElement, values: dict[str, str]) -> str | None:
    """The page's own URL when the reader did not know it (a saved file)."""
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return str(el.get("href"))
    return values.get("og:url")


def _status_time(url: str) -> str | None:
    """The UTC moment a social post was made, read from the ID in its URL."""
    m = _STATUS_URL.match(url)
    if not m:
        return None
    ms = (int(m.group(1)) >> 22) + _SNOWFLAKE_EPOCH_MS
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(microsecond=0)
    return moment.isoformat()


def read_page_meta(tree: HtmlElement, url: str | None) -> PageMeta:
    """Every metadata candidate the page offers, sources named."""
    meta = PageMeta()
    _read_jsonld(tree, meta)
    values = meta.values = _meta_values(tree)
    for role, keys in tags().roles.items():
        if role == "locale":
            meta.locale = next((values[k] for k in keys if k in values), None)
            continue
        bucket: list[tuple[str, str]] = getattr(meta, role)
        bucket.extend((f"meta:{k}", values[k]) for k in keys if k in values)
    _read_times(tree, meta)
    meta.headline_text = _headline_text(tree)
    url = url or _canonical_url(tree, values)
    meta.url = url
    html_lang = tree.get("lang") or tree.get("xml:lang")
    if meta.locale is None and html_lang:
        meta.locale = html_lang.strip()
    if url and (posted := _status_time(url)):
        meta.published.append(("url:status-id", posted))
    if url and (m := _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)):
        meta.url_date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return meta
