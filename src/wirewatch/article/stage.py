"""The article stage: decode, decide HTML or text, extract within the per-page time limit."""

from __future__ import annotations

from typing import Any

from wirewatch._timeout import time_limit
from wirewatch.article.html import extract_html
from wirewatch.article.page_kind import DATED_KINDS
from wirewatch.article.site_memory import is_text_page
from wirewatch.article.text import extract_text
from wirewatch.errors import StageTimeout
from wirewatch.ingest.checks import flattened
from wirewatch.ingest.sniff import decode
from wirewatch.pipeline import Stage
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.settings import Settings


class ArticleStage(Stage):
    name = "article"
    needs = ("page",)
    adds = ("article",)

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def process(self, record: Any) -> Record:
        page: Page = record
        if page.text is None and not page.content:
            return Rejection(page.source, self.name, "empty", "no content")
        try:
            with time_limit(self.settings.page_timeout_s, page.source):
                return self._extract(page)
        except StageTimeout as exc:
            return Rejection(page.source, self.name, "timeout", str(exc))

    def _extract(self, page: Page) -> Article | Rejection:
        if is_text_page(page):
            text = page.text if page.text is not None else decode(page.content, page.source)
            article = extract_text(page, text)
        else:
            html = decode(page.content, page.source)
            article = extract_html(page, html)
            # libxml2 drops what lies below 256 levels of nesting; flattened only on this fall-back,
            # as scanning every tag costs the pages that do yield an article too much
            if not article.text.strip() and (flat := flattened(html, self.settings.max_tag_depth)):
                article = extract_html(page, flat)
        if not article.text.strip():
            return Rejection(page.source, self.name, "no_article", "no article text found")
        if article.published is None and page.date_hints and article.page_kind in DATED_KINDS:
            origin, day = page.date_hints[0]  # what the input carried beside the page, most trusted first
            article.published = day
            article.provenance["published"] = f"{origin};hint"
        return article


