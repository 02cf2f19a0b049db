"""The bridge to incident merging (``wirewatch.group.incidents``): undoing a merge through the
grouping module's ``undo_merge`` (an event's merge history is read by ``store.reads.Reader``)."""

from __future__ import annotations

import logging
from typing import Any

from wirewatch.errors import StoreError

log = logging.getLogger(__name__)


def undo(store: Any, merge_id: int) -> str:
    """The event's new incident key; LookupError when merging is absent or the merge is unknown."""
    try:
        from wirewatch.group.incidents import undo_merge
    except ImportError as exc:
        raise LookupError("merging is not part of this build") from exc
    try:
        return str(undo_merge(store, merge_id))
    except StoreError as exc:
        raise LookupError(str(exc)) from exc
