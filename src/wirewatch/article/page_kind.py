"""What kind of page a page is: ``article``, ``listing``, ``home``, ``wiki`` or ``video``.

Only an article goes on to coding, and only an article or a video has a publication date of
its own: a home page, a section listing or a wiki diff carries a template's date (the site's
launch, the revision's) that would date every event of a story.  The evidence is cheap and declared: the URL's shape,
the page's generator tag, its og:type and its JSON-LD types; a page the rules do not place is
an article.  The rules live in ``data/page_kinds.yaml``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from wirewatch import data_files

ARTICLE = "article"
KINDS = ("article", "listing", "home", "wiki", "video")
# kinds whose declared date is their own: a video's upload date dates the report it is; a
# listing's, a home page's or a wiki revision's date belongs to no story
DATED_KINDS = frozenset({"article", "video"})


@dataclass(frozen=True, slots=True)
class _Rules:
    url: dict[str, re.Pattern[str]]  # kind -> one alternation over its URL patterns
    generator: re.Pattern[str]
    listing_types: frozenset[str]
    video_og: re.Pattern[str]
    video_types: frozenset[str]
    video_max_chars: int


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw: dict[str, Any] = data_files.yaml("page_kinds.yaml")
    return _Rules(
        url={k: _alternation(raw[k]["url"]) for k in ("wiki", "listing", "home")},
        generator=_alternation(raw["wiki"]["generator"]),
        listing_types=frozenset(raw["listing"]["types"]),
        video_og=_alternation(raw["video"]["og_types"]),
        video_types=frozenset(raw["video"]["types"]),
        video_max_chars=int(raw["video"]["max_text_chars"]),
    )


def kind_from_url(url: str | None) -> tuple[str, str]:
    """The kind a URL's shape says (``article`` when it says nothing) and the rule's name."""
    if not url:
        return ARTICLE, ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ARTICLE, ""
    where = parts.path + (f"?{parts.query}" if parts.query else "")
    rules = _rules().url
    for kind in ("wiki", "listing"):
        if rules[kind].search(where):
            return kind, f"url:{kind}"
    if not parts.query and rules["home"].search(parts.path):
        return "home", "url:home"
    return ARTICLE, ""


def html_page_kind(meta_values: Mapping[str, str], url: str | None, jsonld_types: set[str],
                   article_types: frozenset[str], text_chars: int) -> tuple[str, str]:
    """The kind of an HTML page and the evidence: a page that declares itself an article
    (og:type ``article``, a NewsArticle object) is one whatever its URL looks like.
    ``meta_values``: the first value of each <meta> key, keys in lower case."""
    rules = _rules()
    if rules.generator.search(meta_values.get("generator", "")):
        return "wiki", "meta:generator"
    og = meta_values.get("og:type", "").lower()
    declared_article = og == "article" or bool(jsonld_types & (article_types - {"WebPage"}))
    if not declared_article:
        if (rules.video_og.search(og) or jsonld_types & rules.video_types) \
                and text_chars < rules.video_max_chars:
            return "video", "meta:og:type" if og else "jsonld:type"
        if jsonld_types & rules.listing_types:
            return "listing", "jsonld:type"
    kind, how = kind_from_url(url)
    if kind in ("listing", "home") and declared_article:
        return ARTICLE, ""
    return kind, how
