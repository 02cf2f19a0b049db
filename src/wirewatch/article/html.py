"""HTML pages: trafilatura for the body and metadata, htmldate for the publication date."""

from __future__ import annotations

import trafilatura
from htmldate import find_date

from wirewatch.article.meta import detect_language, find_dateline
from wirewatch.records import Article, Page


def extract_html(page: Page, html: str) -> Article:
    doc = trafilatura.bare_extraction(
        html, url=page.url, favor_precision=True, include_comments=False, with_metadata=True
    )
    body = (doc.text if doc is not None else "") or ""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    text = "\n\n".join(paragraphs)
    published = find_date(html, url=page.url, extensive_search=True, original_date=True)
    dateline, agency = find_dateline(paragraphs[0] if paragraphs else "")
    return Article(
        source=page.source,
        content_hash=page.content_hash,
        kind="html",
        text=text,
        url=page.url,
        title=doc.title if doc is not None else None,
        published=published,
        updated=None,
        agency=agency,
        dateline=dateline,
        byline=doc.author if doc is not None else None,
        site=(doc.sitename if doc is not None else None) or page.site_hint,
        language=detect_language(text),
        provenance={"text": "trafilatura", "published": "htmldate"},
    )
