"""The place stage: finds the article's places and gives each event its location."""

from __future__ import annotations

from typing import Any

from wirewatch.pipeline import Stage
from wirewatch.records import Article, Record


class PlaceStage(Stage):
    name = "place"
    needs = ("article", "events")
    adds = ("places",)

    def process(self, record: Any) -> Record:
        article: Article = record
        return article
