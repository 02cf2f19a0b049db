"""The watcher's tables (feeds, their items, their HTTP validators).  They are declared in the
store layer (``wirewatch.store.tables``, where the migrations find them); this module names
them for the watcher."""

from __future__ import annotations

from wirewatch.store.tables import feed_http, feed_items, feeds

__all__ = ["feed_http", "feed_items", "feeds"]
