"""Stage 2, article: a ``Page`` becomes an ``Article`` (body text and metadata).

HTML goes through ``html.extract_html`` (trafilatura + htmldate with wirewatch's news layer);
plain-text dumps through ``text.extract_text`` (wirewatch's own line classifier, helped by the
per-site boilerplate learned in ``site_memory``)."""

from __future__ import annotations

from wirewatch.article.stage import ArticleStage

__all__ = ["ArticleStage"]
