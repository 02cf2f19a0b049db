"""Stage 6, store: SQLite by default, PostgreSQL by URL; schema migrated by the program itself."""

from __future__ import annotations

from wirewatch.store.store import Store, database_url, event_key

__all__ = ["Store", "database_url", "event_key"]
