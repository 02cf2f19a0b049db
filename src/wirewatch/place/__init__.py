"""Stage 5, place: place names found and resolved with an offline gazetteer; events located."""

from __future__ import annotations

from wirewatch.place.stage import PlaceStage

__all__ = ["PlaceStage"]
