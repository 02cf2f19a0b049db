"""wirewatch: raw news pages in, a stored, searchable dataset of political-violence and crisis
events out (ACLED's taxonomy, with the evidence behind every field).

The public API is what ``__all__`` names; every other module is an implementation detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from wirewatch.settings import Settings

if TYPE_CHECKING:
    from wirewatch.runner import extract, run
    from wirewatch.sink import RunSummary
    from wirewatch.store import Store

# The runner pulls in trafilatura, lingua and SQLAlchemy: loaded on first use, so that
# `import wirewatch` (and every CLI command that needs none of them) starts fast.
_LAZY = {"RunSummary": "wirewatch.sink", "extract": "wirewatch.runner", "run": "wirewatch.runner",
         "Store": "wirewatch.store"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wirewatch' has no attribute {name!r}")

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
