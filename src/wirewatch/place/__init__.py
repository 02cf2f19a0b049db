"""Places: the offline gazetteer, place finding, resolution and event geocoding."""

from wirewatch.place.locate import geoparse, locate_events
from wirewatch.place.stage import PlaceStage

__all__ = ["PlaceStage", "geoparse", "locate_events"]
