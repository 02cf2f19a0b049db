"""Alerts mailed through SMTP, tested against a loopback aiosmtpd server: a server that is down
marks nothing sent, a running one receives every new alert once (a line each in the text, every
field in the JSON attachment), and the settings alone turn the channel on."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from tests.test_watch_polite import _spiking_store
from wirewatch.alerts import deliver_alerts, deliver_email
from wirewatch.settings import Settings
from wirewatch.store import Store

aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd (a dev dependency) is not installed")


class Inbox:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on for the whole test: bound but never listening, so a
    connection is refused at once and no other server (the SMTP fixture's included) can take it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    server = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        yield inbox, port
    finally:
        server.stop()


def _settings(port: int) -> Settings:
    return Settings(alert_email_to="desk@example.org, duty@example.org", alert_email_from="wirewatch@example.org",
                    alert_smtp_host="127.0.0.1", alert_smtp_port=port,
                    fetch_timeout_s=30.0)  # the server shares a loaded 2-core machine with the tests


def test_new_alerts_are_mailed_once(smtp: tuple[Inbox, int], store: Store, closed_port: int) -> None:
    inbox, port = smtp
    stored = _spiking_store(store)
    assert stored >= 1
    assert deliver_email(store, _settings(closed_port)) == 0  # no server there: nothing marked sent
    assert deliver_email(store, _settings(port)) == stored
    assert deliver_email(store, _settings(port)) == 0  # once only
    assert len(inbox.mails) == 1
    rcpt, msg = inbox.mails[0]
    assert rcpt == ["desk@example.org", "duty@example.org"]
    assert msg["Subject"] == f"wirewatch: {stored} new alert{'s' if stored != 1 else ''}"
    body = msg.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.count("2024-04-09") == stored and "Sudan" in text  # a line per alert
    attached = [p for p in msg.iter_attachments() if p.get_filename() == "alerts.json"]
    alerts = json.loads(attached[0].get_content())["alerts"]
    assert len(alerts) == stored and {a["country"] for a in alerts} == {"Sudan"}
    assert all(a["event_ids"] for a in alerts)  # the events behind each spike, to check its cause


def test_the_settings_turn_mail_on(smtp: tuple[Inbox, int], store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp
    stored = _spiking_store(store)
    assert deliver_alerts(store, Settings()) == 0 and inbox.mails == []  # no channel set
    monkeypatch.setenv("WIREWATCH_ALERT_EMAIL_TO", "desk@example.org")
    monkeypatch.setenv("WIREWATCH_ALERT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIREWATCH_ALERT_SMTP_PORT", str(port))
    assert deliver_alerts(store, Settings.from_env()) == stored
    assert [r for r, _ in inbox.mails] == [["desk@example.org"]]
