"""Incidents as the store keeps them, read back: an incident's member reports, every merge
decision, and incidents with every source and piece of evidence (the export's and the API's
rows).  Deciding merges is ``wirewatch.group.incidents``; this is only reading."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, and_, select

from wirewatch.store import schema
from wirewatch.store.store import Store
from wirewatch.store.tables import incident_members, incidents, merges

E, A, I, M = schema.events, schema.articles, incidents, incident_members


def members_of(conn: Connection, incident_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Each incident's member reports (event row with its article's group, URL, site, time)."""
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
            members = members_of(conn, [r["id"] for r in batch])
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
    members = members_of(conn, [r["id"] for r in rows])
    sources = _sources(conn, {m["group_id"] for ms in members.values() for m in ms if m["group_id"]})
    return [_with_sources(row, members[row["id"]], sources) for row in rows]
