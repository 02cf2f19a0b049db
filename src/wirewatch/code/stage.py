"""The code stage: runs ``code_document`` on each article's text.

An article is coded only when it is an article (``page_kind``) written in a language the coder
has cues for (a ``data/events/signals_<lang>.yaml``); any other is passed on uncoded with the
reason on the record (``Article.uncoded``) and counted (``uncoded:<reason>``), so it is stored
and never coded as English by mistake."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from wirewatch import data_files
from wirewatch.code.coder import code_document
from wirewatch.pipeline import Stage, StageStats
from wirewatch.records import Article, Record


@lru_cache(maxsize=1)
def coded_languages() -> frozenset[str]:
    """The languages the coder has event cues for (ISO 639-1)."""
    folder = data_files.path("events")
    return frozenset(p.name[len("signals_"):-len(".yaml")] for p in folder.iterdir()
                     if p.name.startswith("signals_") and p.name.endswith(".yaml"))


def uncoded_reason(article: Article) -> str | None:
    """Why the coder must not code this article, or None.  An article whose language could not
    be told (too few letters) is coded: its title or few words are still read."""
    if article.page_kind != "article":
        return f"page_kind:{article.page_kind}"
    if article.language is not None and article.language not in coded_languages():
        return f"language:{article.language}"
    return None


class CodeStage(Stage):
    name = "code"
    needs = ("article",)
    adds = ("events", "figures", "statements")

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Article) and (why := uncoded_reason(record)) is not None:
                record.uncoded = why
                stats.counters[f"uncoded:{why}"] += 1
                yield record
            else:
                yield from super().run([record], stats)

    def process(self, record: Any) -> Record:
        article: Article = record
        doc = code_document(article.text, article.published, article.title, article.language)
        article.events, article.figures, article.statements = doc.events, doc.figures, doc.statements
        return article
