"""Alerts in the store (``alerts``, ``alert_deliveries``): the SQL behind ``wirewatch.alerts``,
which decides what a spike is and where alerts go and never queries the store itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, func, insert, inspect, select

from wirewatch.store import schema
from wirewatch.store.store import Store
from wirewatch.store.tables import alert_deliveries, alerts, incidents

KEY = ("level", "country", "admin1", "day", "metric")  # what makes an alert one alert


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def daily_counts(store: Store) -> Iterator[tuple[str, str | None, str, int, int | None]]:
    """(country, admin1, day, count, fatalities) of the incidents (the events of a store made
    before incidents) per region and day."""
    e = incidents if inspect(store.engine).has_table("incidents") else schema.events
    query = (select(e.c.country, e.c.admin1, e.c.event_date, func.count(), func.sum(e.c.fatalities))
             .where(e.c.country.is_not(None), e.c.event_date.is_not(None))
             .group_by(e.c.country, e.c.admin1, e.c.event_date))
    with store.engine.connect() as conn:
        yield from ((c, a, d, int(n), dead) for c, a, d, n, dead in conn.execute(query))


def _event_ids(conn: Any, spike: dict[str, Any]) -> list[int]:
    e = schema.events
    cond = and_(e.c.country == spike["country"], e.c.event_date == spike["day"])
    if spike["level"] == "admin1":
        cond = and_(cond, e.c.admin1 == spike["admin1"])
    return [int(i) for i in conn.execute(select(e.c.id).where(cond).order_by(e.c.id)).scalars()]


def replace_alerts(store: Store, spikes: list[dict[str, Any]]) -> int:
    """Store ``spikes`` (each with the ``KEY`` fields and its numbers) as the alerts, each with the
    ids of the events counted that day; an alert that survives keeps its id and creation time,
    one that no longer spikes goes.  Returns how many alerts were removed."""
    cols = [alerts.c[k] for k in KEY]
    wanted = {tuple(s[k] for k in KEY): s for s in spikes}
    with store.transaction() as conn:
        stored = {tuple(r[1:]): r[0] for r in conn.execute(select(alerts.c.id, *cols))}
        gone = [i for k, i in stored.items() if k not in wanted]
        if gone:
            conn.execute(alerts.delete().where(alerts.c.id.in_(gone)))
        now = _now()
        for key, spike in wanted.items():
            values = {k: v for k, v in spike.items() if k not in KEY}
            values["event_ids"] = _event_ids(conn, spike)
            if key in stored:
                conn.execute(alerts.update().where(alerts.c.id == stored[key]).values(**values))
            else:
                conn.execute(alerts.insert().values(**{k: spike[k] for k in KEY}, created=now, **values))
    return len(gone)


def pending_alerts(store: Store, channel: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` alerts not yet delivered on ``channel``, oldest first."""
    sent = select(alert_deliveries.c.alert_id).where(alert_deliveries.c.channel == channel)
    with store.engine.connect() as conn:
        rows = conn.execute(select(alerts).where(alerts.c.id.not_in(sent)).order_by(alerts.c.id).limit(limit))
        return [dict(r._mapping) for r in rows]


def mark_delivered(store: Store, alert_ids: list[int], channel: str) -> None:
    now = _now()
    with store.transaction() as conn:
        conn.execute(insert(alert_deliveries), [{"alert_id": i, "channel": channel, "delivered": now}
                                                for i in alert_ids])
