"""Alert delivery beyond the API: every stored alert not yet sent is POSTed as JSON to the
operator's webhook (``WIREWATCH_ALERT_WEBHOOK``), once.  A delivery that fails (no answer, a
non-2xx status) is logged and tried again after the next refresh; nothing is marked sent until
the receiver accepted it.  The webhook is the operator's own address, so it may be private."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import httpx
from sqlalchemy import Engine, insert, select

from wirewatch.alerts.tables import alert_deliveries, alerts

log = logging.getLogger(__name__)

CHANNEL = "webhook"
BATCH = 100


def pending_alerts(engine: Engine, channel: str = CHANNEL) -> list[dict[str, Any]]:
    sent = select(alert_deliveries.c.alert_id).where(alert_deliveries.c.channel == channel)
    with engine.connect() as conn:
        rows = conn.execute(select(alerts).where(alerts.c.id.not_in(sent)).order_by(alerts.c.id).limit(BATCH))
        return [dict(r._mapping) for r in rows]


def deliver_webhook(engine: Engine, url: str, timeout_s: float = 10.0) -> int:
    """POST the alerts not yet delivered as ``{"alerts": [...]}``; return how many were accepted."""
    todo = pending_alerts(engine)
    if not todo or not url:
        return 0
    if not url.lower().startswith(("http://", "https://")):
        log.error("alert webhook %r is not an http(s) URL: nothing sent", url)
        return 0
    body = json.dumps({"alerts": todo}, default=str)
    try:
        resp = httpx.post(url, content=body, timeout=timeout_s, follow_redirects=False,
                          headers={"Content-Type": "application/json", "User-Agent": "wirewatch-alerts"})
    except httpx.HTTPError as exc:
        log.warning("alert webhook %s: %s: %s (retried after the next refresh)", url, type(exc).__name__, exc)
        return 0
    if not 200 <= resp.status_code < 300:
        log.warning("alert webhook %s answered HTTP %d (retried after the next refresh)", url, resp.status_code)
        return 0
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with engine.begin() as conn:
        conn.execute(insert(alert_deliveries), [{"alert_id": a["id"], "channel": CHANNEL, "delivered": now}
                                                for a in todo])
    log.info("alert webhook %s: %d alert(s) delivered", url, len(todo))
    return len(todo)
