"""The code stage: runs ``code_document`` on each article's text."""

from __future__ import annotations

from typing import Any

from wirewatch.code.coder import code_document
from wirewatch.pipeline import Stage
from wirewatch.records import Article, Record


class CodeStage(Stage):
    name = "code"
    needs = ("article",)
    adds = ("events", "figures", "statements")

    def process(self, record: Any) -> Record:
        article: Article = record
        doc = code_document(article.text, article.published, article.title, article.language)
        article.events, article.figures, article.statements = doc.events, doc.figures, doc.statements
        return article
