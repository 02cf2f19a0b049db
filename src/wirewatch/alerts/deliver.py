"""Alert delivery beyond the API: every stored alert not yet sent goes out once per channel -
POSTed as JSON to the operator's webhook (``WIREWATCH_ALERT_WEBHOOK``), and mailed through the
operator's SMTP server to ``WIREWATCH_ALERT_EMAIL_TO`` (standard-library ``smtplib``).  A
delivery that fails (no answer, a non-2xx status, an SMTP refusal) is logged and tried again
after the next refresh; nothing is marked sent until the receiver accepted it.  Both addresses
are the operator's own, so they may be private."""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

import httpx

from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store import alerts as stored_alerts

log = logging.getLogger(__name__)

CHANNEL = "webhook"
EMAIL = "email"
BATCH = 100


def pending_alerts(store: Store, channel: str = CHANNEL) -> list[dict[str, Any]]:
    return stored_alerts.pending_alerts(store, channel, BATCH)


def deliver_webhook(store: Store, url: str, timeout_s: float = 10.0) -> int:
    """POST the alerts not yet delivered as ``{"alerts": [...]}``; return how many were accepted."""
    todo = pending_alerts(store)
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
    _mark_delivered(store, todo, CHANNEL)
    log.info("alert webhook %s: %d alert(s) delivered", url, len(todo))
    return len(todo)


def _mark_delivered(store: Store, todo: list[dict[str, Any]], channel: str) -> None:
    stored_alerts.mark_delivered(store, [int(a["id"]) for a in todo], channel)


def _alert_line(a: dict[str, Any]) -> str:
    where = f"{a['admin1']}, {a['country']}" if a.get("admin1") else str(a["country"])
    return (f"{a['day']}  {where}: {a['observed']} {a['metric']} (usual {a['baseline_median']:g}, "
            f"score {a['score']:.1f}; events {', '.join(str(i) for i in a.get('event_ids') or [])})")


def alert_message(todo: list[dict[str, Any]], sender: str, recipients: list[str]) -> EmailMessage:
    """One mail for a batch: a line per alert in the text, every field in a JSON attachment."""
    msg = EmailMessage()
    msg["Subject"] = f"wirewatch: {len(todo)} new alert{'s' if len(todo) != 1 else ''}"
    msg["From"], msg["To"] = sender, ", ".join(recipients)
    msg.set_content("Spikes in a region's daily events or fatalities against its own recent baseline:\n\n"
                    + "\n".join(_alert_line(a) for a in todo) + "\n")
    msg.add_attachment(json.dumps({"alerts": todo}, default=str, indent=1).encode("utf-8"),
                       maintype="application", subtype="json", filename="alerts.json")
    return msg


def deliver_email(store: Store, settings: Settings) -> int:
    """Mail the alerts not yet mailed to ``alert_email_to``; return how many the server accepted."""
    recipients = [r.strip() for r in settings.alert_email_to.split(",") if r.strip()]
    todo = pending_alerts(store, EMAIL)
    if not todo or not recipients:
        return 0
    msg = alert_message(todo, settings.alert_email_from, recipients)
    host, port = settings.alert_smtp_host, settings.alert_smtp_port
    try:
        with smtplib.SMTP(host, port, timeout=settings.fetch_timeout_s) as smtp:
            if settings.alert_smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.alert_smtp_user:
                smtp.login(settings.alert_smtp_user, settings.alert_smtp_password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("alert mail via %s:%d: %s: %s (retried after the next refresh)", host, port,
                    type(exc).__name__, exc)
        return 0
    _mark_delivered(store, todo, EMAIL)
    log.info("alert mail to %s: %d alert(s) delivered", ", ".join(recipients), len(todo))
    return len(todo)


def deliver_alerts(store: Store, settings: Settings) -> int:
    """Every channel the settings turn on (webhook, mail); also retries what failed before."""
    sent = 0
    if settings.alert_webhook:
        sent += deliver_webhook(store, settings.alert_webhook, settings.fetch_timeout_s)
    if settings.alert_email_to:
        sent += deliver_email(store, settings)
    return sent
