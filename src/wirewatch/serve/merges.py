"""The bridge to incident merging (``wirewatch.group.incidents``): an event's merge history read
from the ``merges`` table, and undoing a merge through the grouping module's ``undo_merge``."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, or_, select

from wirewatch.errors import StoreError
from wirewatch.store import schema

log = logging.getLogger(__name__)


def history(engine: Engine, has_table: Any, event_id: int) -> list[dict[str, Any]]:
    """Every merge decision about this event's incident (undone ones included), oldest first."""
    if not (has_table("merges") and has_table("incident_members")):
        return []
    from wirewatch.group.tables import incident_members, incidents, merges

    with engine.connect() as conn:
        found = conn.execute(
            select(schema.events.c.event_key, incidents.c.incident_key)
            .select_from(schema.events.outerjoin(incident_members, incident_members.c.event_id == schema.events.c.id)
                         .outerjoin(incidents, incidents.c.id == incident_members.c.incident_id))
            .where(schema.events.c.id == event_id)).first()
        if found is None:
            return []
        cond = merges.c.event_key == found.event_key
        if found.incident_key:
            cond = or_(cond, merges.c.incident_key == found.incident_key)
        rows = conn.execute(select(merges).where(cond).order_by(merges.c.id).limit(500))
        return [dict(r._mapping) for r in rows]


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
