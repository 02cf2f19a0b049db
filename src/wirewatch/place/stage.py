"""The place stage: finds the article's places and gives each event its location."""

from __future__ import annotations

from typing import Any

from wirewatch.pipeline import Stage
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.place.locate import locate_events
from wirewatch.records import Article, Record


class PlaceStage(Stage):
    """Fills ``Article.places`` (the dateline flagged ``role="dateline"``) and each event's
    country, admin1/admin2, location, coordinates, geo_precision and GeoNames id."""

    name = "place"
    needs = ("article", "events")
    adds = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gaz = gazetteer  # opened lazily in the worker process, not pickled across

    def __getstate__(self) -> dict[str, Any]:
        return {"_gaz": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._gaz = None

    def process(self, record: Any) -> Record:
        article: Article = record
        if self._gaz is None:
            self._gaz = open_gazetteer()
        article.places = locate_events(article.text, article.events, article.dateline, self._gaz)
        return article
