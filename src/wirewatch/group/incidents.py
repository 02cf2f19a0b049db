"""Incidents in the store: coded events merged across sources, their merge records, undo, and
reading them back with every source and piece of evidence.

Every coded event belongs to exactly one incident.  A new event joins the closest incident it is
compatible with (``merge.best_incident``: complete-link over all members, never a member of the
same story group), or founds one whose key is the event's own key.  Each join writes a row in
``merges``; ``undo_merge`` detaches that event into an incident of its own, marks the merge
undone, and the pair is never merged again automatically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from wirewatch.errors import StoreError
from wirewatch.group import merge
from wirewatch.group.tables import incident_members, incidents, merges
from wirewatch.store import schema
from wirewatch.store.incidents import iter_incidents, list_merges, members_of, with_sources

if TYPE_CHECKING:
    from wirewatch.store.store import Store

log = logging.getLogger(__name__)

__all__ = ["detach", "iter_incidents", "list_merges", "place_events", "recompute", "undo_merge", "with_sources"]

E, A, I, M = schema.events, schema.articles, incidents, incident_members


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _reports(conn: Connection, *where: Any) -> list[dict[str, Any]]:
    query = (select(E, A.c.group_id, A.c.url, A.c.site, A.c.published)
             .join(A, A.c.id == E.c.article_id).where(*where).order_by(E.c.id))
    return [dict(r._mapping) for r in conn.execute(query)]


def _window(date: str | None) -> tuple[str, str] | None:
    try:
        day = dt.date.fromisoformat(str(date)[:10])
    except ValueError:
        return None
    gap = dt.timedelta(days=merge.rules().max_day_gap)
    return (day - gap).isoformat(), (day + gap).isoformat()


def place_events(conn: Connection, event_ids: Iterable[int]) -> None:
    """Give each (new or changed) event its incident: join the best compatible one or found one."""
    for event_id in event_ids:
        rows = _reports(conn, E.c.id == event_id)
        if rows:
            _place(conn, rows[0])


def _place(conn: Connection, report: dict[str, Any]) -> None:
    window = _window(report.get("event_date"))
    found = None
    if window is not None:
        conds = [E.c.event_date >= window[0], E.c.event_date <= window[1], E.c.id != report["id"]]
        if report.get("country"):  # reports in another country never merge: skip them early
            conds.append((E.c.country == report["country"]) | E.c.country.is_(None))
        near = conn.execute(select(M.c.incident_id).join(E, E.c.id == M.c.event_id).where(*conds)).scalars()
        members = members_of(conn, near)
        keys = dict(conn.execute(select(I.c.id, I.c.incident_key).where(I.c.id.in_(list(members)))).all())
        blocked = frozenset(conn.execute(select(merges.c.incident_key).where(
            merges.c.event_key == report["event_key"], merges.c.undone.is_not(None))).scalars())
        found = merge.best_incident(report, {keys[i]: m for i, m in members.items() if i in keys}, blocked)
    if found is None:
        incident_id = _found_incident(conn, report)
    else:
        key, verdict = found
        incident_id = conn.execute(select(I.c.id).where(I.c.incident_key == key)).scalar_one()
        conn.execute(insert(merges).values(incident_key=key, event_key=report["event_key"],
                                           score=verdict.score, reasons=verdict.reasons, created=_now()))
    conn.execute(insert(M).values(event_id=report["id"], incident_id=incident_id))
    recompute(conn, incident_id)


def _found_incident(conn: Connection, report: dict[str, Any]) -> int:
    key, n = report["event_key"], 0
    while conn.execute(select(I.c.id).where(I.c.incident_key == key)).first() is not None:
        n += 1  # the key is taken by an incident this event once founded and then left
        key = hashlib.sha1(f"{report['event_key']}:{n}".encode()).hexdigest()
    values = {**merge.reconcile([report]), "incident_key": key}
    return int(conn.execute(insert(I).values(**values)).inserted_primary_key[0])  # type: ignore[index]


def recompute(conn: Connection, incident_id: int) -> None:
    """Reconcile the incident's fields from its members; drop it when it has none left."""
    members = members_of(conn, [incident_id])[incident_id]
    if not members:
        conn.execute(delete(I).where(I.c.id == incident_id))
        return
    conn.execute(update(I).where(I.c.id == incident_id).values(**merge.reconcile(members)))


def detach(conn: Connection, event_id: int) -> None:
    """Take an event out of its incident (before it is changed, removed or split off)."""
    incident_id = conn.execute(select(M.c.incident_id).where(M.c.event_id == event_id)).scalar_one_or_none()
    if incident_id is None:
        return
    conn.execute(delete(M).where(M.c.event_id == event_id))
    recompute(conn, incident_id)


def undo_merge(store: Store, merge_id: int) -> str:
    """Undo merge ``merge_id``: its event leaves the incident for one of its own, the merge is
    marked undone (kept for the record) and never redone.  Returns the event's new incident key."""
    with store.transaction() as conn:  # a write: under the store's writer lock
        row = conn.execute(select(merges).where(merges.c.id == merge_id)).first()
        if row is None or row.undone is not None:
            raise StoreError(f"merge {merge_id}: no such merge, or already undone")
        found = _reports(conn, E.c.event_key == row.event_key)
        if not found:
            raise StoreError(f"merge {merge_id}: its event {row.event_key} is no longer stored")
        report = found[0]
        current = conn.execute(select(I.c.incident_key).join(M, M.c.incident_id == I.c.id).where(
            M.c.event_id == report["id"])).scalar_one_or_none()
        if current != row.incident_key:
            raise StoreError(f"merge {merge_id}: event {row.event_key} is no longer in {row.incident_key}")
        conn.execute(update(merges).where(merges.c.id == merge_id).values(undone=_now()))
        detach(conn, report["id"])
        new_id = _found_incident(conn, report)
        conn.execute(insert(M).values(event_id=report["id"], incident_id=new_id))
        log.info("merge %d undone: event %s now in its own incident", merge_id, row.event_key)
        return str(conn.execute(select(I.c.incident_key).where(I.c.id == new_id)).scalar_one())


