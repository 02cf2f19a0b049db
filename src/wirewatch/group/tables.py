"""The grouping, merging and history tables.  They are declared in the store layer
(``wirewatch.store.tables``, where the migrations find them); this module names them for the
grouping code."""

from __future__ import annotations

from wirewatch.store.tables import (
    GROUP_TABLES,
    article_history,
    event_history,
    incident_members,
    incidents,
    merges,
    story_signatures,
)

TABLES = GROUP_TABLES

__all__ = ["TABLES", "article_history", "event_history", "incident_members", "incidents", "merges",
           "story_signatures"]
