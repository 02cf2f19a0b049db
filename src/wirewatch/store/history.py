"""Corrected reports, as the store keeps them: a page seen again at the same URL with changed
content updates the stored article and its events in place (same ids, same event keys by
position) and keeps every previous value in ``article_history`` / ``event_history``.  A content
hash already in the history is a page version seen before: storing it again would undo the
correction, so it is not stored again (re-running old input changes nothing).

An event that changes or goes leaves its incident here (its ``incident_members`` row); which
incident it joins next, and what the incidents it left become, is the merging layer's decision
(``wirewatch.group.incidents``), taken from what ``apply_correction`` returns."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.engine import RowMapping

from wirewatch.store import schema
from wirewatch.store.tables import article_history, event_history, incident_members, story_signatures

log = logging.getLogger(__name__)

E, A = schema.events, schema.articles
_KEEP = {"id", "event_key", "article_id", "ordinal"}


@dataclass(frozen=True, slots=True)
class StoryRow:
    """An article's story as the store keeps it: the grouper's decision (its group, the MinHash
    signature as bytes and size, and the copy it matched, if any)."""

    group_id: str
    signature: bytes
    size: int
    similarity: float | None = None
    matched: str | None = None


@dataclass(slots=True)
class Written:
    """What storing one article did: was it new (or a correction), how many events it stored or
    changed, the ids of the events to merge into incidents (new or changed ones), and the ids of
    the incidents its changed or removed events left (to be reconciled without them)."""

    new: bool
    changed: int
    events: list[int] = field(default_factory=list)
    left: set[int] = field(default_factory=set)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def seen_before(conn: Connection, content_hash: str) -> bool:
    """Whether this exact page version is stored, now or as a replaced version."""
    if conn.execute(select(A.c.id).where(A.c.content_hash == content_hash)).first() is not None:
        return True
    return conn.execute(select(article_history.c.id).where(
        article_history.c.content_hash == content_hash)).first() is not None


def _jsonable(row: RowMapping | dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in dict(row).items() if k != "id"}


def leave_incident(conn: Connection, event_id: int, left: set[int]) -> None:
    """Take an event out of its incident (before it is changed or removed); ``left`` gets the
    incident's id."""
    incident_id = conn.execute(select(incident_members.c.incident_id)
                               .where(incident_members.c.event_id == event_id)).scalar_one_or_none()
    if incident_id is not None:
        conn.execute(delete(incident_members).where(incident_members.c.event_id == event_id))
        left.add(int(incident_id))


def apply_correction(conn: Connection, old: RowMapping, new_row: dict[str, Any],
                     event_rows: list[dict[str, Any]], story: StoryRow, run_id: int | None) -> Written:
    """Replace article ``old`` by its corrected version."""
    conn.execute(insert(article_history).values(article_id=old["id"], content_hash=old["content_hash"],
                                                replaced=_now(), run_id=run_id, values=_jsonable(old)))
    new_row = {**new_row, "group_id": old["group_id"]}  # a correction stays in its story group
    conn.execute(update(A).where(A.c.id == old["id"]).values(**new_row))
    conn.execute(update(story_signatures).where(story_signatures.c.article_id == old["id"]).values(
        content_hash=new_row["content_hash"], signature=story.signature, size=story.size))
    previous = [dict(r._mapping) for r in conn.execute(
        select(E).where(E.c.article_id == old["id"]).order_by(E.c.ordinal))]
    written = Written(True, 0)
    for i, new in enumerate(event_rows):
        if i < len(previous):
            if _event_changed(previous[i], new):
                _update_event(conn, previous[i], new, written.left)
                written.events.append(previous[i]["id"])
        else:
            conn.execute(insert(E).values(**new))
            written.events.append(conn.execute(select(E.c.id).where(E.c.event_key == new["event_key"])).scalar_one())
    for gone in previous[len(event_rows):]:
        conn.execute(insert(event_history).values(event_key=gone["event_key"], article_id=old["id"],
                                                  change="removed", replaced=_now(), values=_jsonable(gone)))
        leave_incident(conn, gone["id"], written.left)
        conn.execute(delete(E).where(E.c.id == gone["id"]))
    removed = max(0, len(previous) - len(event_rows))
    log.info("%s: corrected report; %d event(s) changed, %d removed", old["url"], len(written.events), removed)
    written.changed = len(written.events) + removed
    return written


def _event_changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(old.get(k) != v for k, v in new.items() if k not in _KEEP)


def _update_event(conn: Connection, old: dict[str, Any], new: dict[str, Any], left: set[int]) -> None:
    conn.execute(insert(event_history).values(event_key=old["event_key"], article_id=old["article_id"],
                                              change="updated", replaced=_now(), values=_jsonable(old)))
    leave_incident(conn, old["id"], left)
    conn.execute(update(E).where(E.c.id == old["id"]).values(
        **{k: v for k, v in new.items() if k not in _KEEP}))
