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
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from wirewatch.errors import StoreError
from wirewatch.group import merge
from wirewatch.group.tables import incident_members, incidents, merges
from wirewatch.store import schema

if TYPE_CHECKING:
    from wirewatch.store.store import Store

log = logging.getLogger(__name__)

E, A, I, M = schema.events, schema.articles, incidents, incident_members


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _reports(conn: Connection, *where: Any) -> list[dict[str, Any]]:
    query = (select(E, A.c.group_id, A.c.url, A.c.site, A.c.published)
             .join(A, A.c.id == E.c.article_id).where(*where).order_by(E.c.id))
    return [dict(r._mapping) for r in conn.execute(query)]


def _members(conn: Connection, incident_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    ids = sorted(set(incident_ids))
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    query = (select(E, A.c.group_id, A.c.url, A.c.site, A.c.published, M.c.incident_id)
             .join(A, A.c.id == E.c.article_id).join(M, M.c.event_id == E.c.id)
             .where(M.c.incident_id.in_(ids)).order_by(E.c.id))
    for row in conn.execute(query):
        rec = dict(row._mapping)
        out[rec.pop("incident_id")].append(rec)
    return out


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
        members = _members(conn, near)
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
    members = _members(conn, [incident_id])[incident_id]
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
    with store.engine.begin() as conn:
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


def list_merges(store: Store, incident_key: str | None = None) -> list[dict[str, Any]]:
    """Every merge decision (optionally of one incident), oldest first, undone ones included."""
    query = select(merges).order_by(merges.c.id)
    if incident_key is not None:
        query = query.where(merges.c.incident_key == incident_key)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def iter_incidents(store: Store, country: str | None = None, since: str | None = None,
                   until: str | None = None, event_type: str | None = None) -> Iterator[dict[str, Any]]:
    """Merged events with their sources (every URL, site and time of every copy of every story
    reporting it) and evidence (each report's field spans), oldest first."""
    conds = [c for c in (I.c.country == country if country else None,
                         I.c.event_date >= since if since else None,
                         I.c.event_date <= until if until else None,
                         I.c.event_type == event_type if event_type else None) if c is not None]
    query = select(I).where(and_(True, *conds)).order_by(I.c.event_date.asc().nulls_first(), I.c.id)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        for start in range(0, len(rows), 500):
            batch = rows[start:start + 500]
            members = _members(conn, [r["id"] for r in batch])
            sources = _sources(conn, {m["group_id"] for ms in members.values() for m in ms if m["group_id"]})
            for row in batch:
                yield _with_sources(row, members[row["id"]], sources)


def _sources(conn: Connection, group_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if not group_ids:
        return out
    query = (select(A.c.group_id, A.c.url, A.c.source, A.c.site, A.c.agency, A.c.title, A.c.published)
             .where(A.c.group_id.in_(sorted(group_ids))).order_by(A.c.id))
    for r in conn.execute(query):
        out.setdefault(r.group_id, []).append({k: v for k, v in r._mapping.items()})
    return out


def _with_sources(row: dict[str, Any], members: list[dict[str, Any]],
                  sources: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    srcs: list[dict[str, Any]] = []
    for m in members:
        srcs.extend(sources.get(m["group_id"], []) or [{"group_id": None, "url": m["url"], "site": m["site"],
                                                        "source": None, "agency": None, "title": None,
                                                        "published": m["published"]}])
    row["sources"] = srcs
    row["evidence"] = [{"event_key": m["event_key"], "group_id": m["group_id"], "url": m["url"],
                        "evidence": m["evidence"], "notes": m["notes"]} for m in members]
    row["event_keys"] = [m["event_key"] for m in members]
    return row


def with_sources(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incident rows (of the ``incidents`` table) with their sources and evidence, as
    ``iter_incidents`` yields them: for readers that page through incidents themselves (the API)."""
    members = _members(conn, [r["id"] for r in rows])
    sources = _sources(conn, {m["group_id"] for ms in members.values() for m in ms if m["group_id"]})
    return [_with_sources(row, members[row["id"]], sources) for row in rows]
