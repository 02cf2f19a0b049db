"""Corrected reports: a page seen again at the same URL with changed content updates the stored
article and its events in place (same ids, same event keys by position) and keeps every
previous value in ``article_history`` / ``event_history``.  A content hash already in the
history is a page version seen before: storing it again would undo the correction, so the store
ignores it (re-running old input changes nothing)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.engine import RowMapping

from wirewatch.group.incidents import detach, place_events
from wirewatch.group.shingle import Signature
from wirewatch.group.tables import article_history, event_history, story_signatures
from wirewatch.store import schema

log = logging.getLogger(__name__)

E, A = schema.events, schema.articles
_KEEP = {"id", "event_key", "article_id", "ordinal"}


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


def apply_correction(conn: Connection, old: RowMapping, new_row: dict[str, Any],
                     event_rows: list[dict[str, Any]], sig: Signature, run_id: int | None) -> int:
    """Replace article ``old`` by its corrected version; return how many events changed."""
    conn.execute(insert(article_history).values(article_id=old["id"], content_hash=old["content_hash"],
                                                replaced=_now(), run_id=run_id, values=_jsonable(old)))
    new_row = {**new_row, "group_id": old["group_id"]}  # a correction stays in its story group
    conn.execute(update(A).where(A.c.id == old["id"]).values(**new_row))
    conn.execute(update(story_signatures).where(story_signatures.c.article_id == old["id"]).values(
        content_hash=new_row["content_hash"], signature=sig.to_bytes(), size=sig.size))
    previous = [dict(r._mapping) for r in conn.execute(
        select(E).where(E.c.article_id == old["id"]).order_by(E.c.ordinal))]
    changed: list[int] = []
    for i, new in enumerate(event_rows):
        if i < len(previous):
            if _event_changed(previous[i], new):
                _update_event(conn, previous[i], new)
                changed.append(previous[i]["id"])
        else:
            conn.execute(insert(E).values(**new))
            changed.append(conn.execute(select(E.c.id).where(E.c.event_key == new["event_key"])).scalar_one())
    for gone in previous[len(event_rows):]:
        conn.execute(insert(event_history).values(event_key=gone["event_key"], article_id=old["id"],
                                                  change="removed", replaced=_now(), values=_jsonable(gone)))
        detach(conn, gone["id"])
        conn.execute(delete(E).where(E.c.id == gone["id"]))
    place_events(conn, changed)
    log.info("%s: corrected report; %d event(s) changed, %d removed", old["url"], len(changed),
             max(0, len(previous) - len(event_rows)))
    return len(changed) + max(0, len(previous) - len(event_rows))


def _event_changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(old.get(k) != v for k, v in new.items() if k not in _KEEP)


def _update_event(conn: Connection, old: dict[str, Any], new: dict[str, Any]) -> None:
    conn.execute(insert(event_history).values(event_key=old["event_key"], article_id=old["article_id"],
                                              change="updated", replaced=_now(), values=_jsonable(old)))
    detach(conn, old["id"])
    conn.execute(update(E).where(E.c.id == old["id"]).values(
        **{k: v for k, v in new.items() if k not in _KEEP}))
