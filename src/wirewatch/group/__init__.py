"""Stage 3, group: syndicated copies of one wire story share a group (MinHash LSH), and events
reported by several stories are merged into incidents (complete-link, undoable).

The library interface: ``StoryGrouper`` / ``GroupStage`` (grouping), ``iter_incidents`` (merged
events with their sources and evidence), ``list_merges`` and ``undo_merge`` (see and undo a
merge), ``compare`` / ``cluster`` / ``reconcile`` (the merge rules, usable in memory)."""

from __future__ import annotations

from wirewatch.group import backfill
from wirewatch.group.incidents import iter_incidents, list_merges, undo_merge
from wirewatch.group.merge import cluster, compare, reconcile
from wirewatch.group.story import GroupStage, StoryGrouper, group_key, is_leader

backfill.register()  # the store's migrations of pre-version-4 stores need grouping and merging

__all__ = ["GroupStage", "StoryGrouper", "cluster", "compare", "group_key", "is_leader", "iter_incidents",
           "list_merges", "reconcile", "undo_merge"]
