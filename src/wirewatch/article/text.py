"""Plain-text dumps (one block a line): find the article block and read its metadata lines."""

from __future__ import annotations

from wirewatch.article.meta import detect_language, find_dateline
from wirewatch.article.site_memory import line_key
from wirewatch.records import Article, Page

MIN_BODY_CHARS = 80


def extract_text(page: Page, text: str) -> Article:
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    lines = [l for l in lines if line_key(l) not in page.boilerplate]
    body = [l for l in lines if len(l) >= MIN_BODY_CHARS and l[-1:] in ".!?\"”'’)"]
    dateline, agency = find_dateline(body[0] if body else "")
    joined = "\n\n".join(body)
    return Article(
        source=page.source,
        content_hash=page.content_hash,
        kind="text",
        text=joined,
        url=page.url,
        title=lines[0] if lines else None,
        agency=agency,
        dateline=dateline,
        site=page.site_hint,
        language=detect_language(joined),
        provenance={"text": "line-classifier"},
    )
