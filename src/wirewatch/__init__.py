"""wirewatch: raw news pages in, a stored, searchable dataset of political-violence and crisis
events out (ACLED's taxonomy, with the evidence behind every field).

The public API is what ``__all__`` names; every other module is an implementation detail."""

from __future__ import annotations

from wirewatch.errors import (
    ConfigError,
    FetchError,
    GazetteerError,
    InputError,
    StageTimeout,
    StoreError,
    WirewatchError,
)
from wirewatch.records import Article, Event, Figure, Page, Place, Rejection, Span, Statement
from wirewatch.runner import RunSummary, extract, run
from wirewatch.settings import Settings
from wirewatch.store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "Event",
    "FetchError",
    "Figure",
    "GazetteerError",
    "InputError",
    "Page",
    "Place",
    "Rejection",
    "RunSummary",
    "Settings",
    "Span",
    "StageTimeout",
    "Statement",
    "Store",
    "StoreError",
    "WirewatchError",
    "__version__",
    "extract",
    "run",
]
