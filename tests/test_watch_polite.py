"""Watching politely, against loopback servers: conditional GETs on the second poll (ETag and
Last-Modified sent back, 304 honoured), exponential backoff for a failing feed, one HTTP client
for a watcher, and new alerts delivered once to a webhook."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.test_serve_support import KINDS, PLACES, made_article, spread
from tests.test_watch import article_html
from wirewatch.alerts import deliver_webhook, refresh_alerts
from wirewatch.settings import Settings
from wirewatch.sink import add_article
from wirewatch.store import Store
from wirewatch.watch import WatchConfig, Watcher

ETAG = '"feed-v1"'
STAMP = "Mon, 04 Mar 2024 10:00:00 GMT"


class Loopback:
    """A feed server (conditional GETs, a feed that fails) and a webhook receiver in one."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, path, headers
        self.posted: list[Any] = []
        self.webhook_status = 200
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                srv.requests.append(("GET", self.path, dict(self.headers.items())))
                if self.path == "/robots.txt":
                    self._send(404, b"")
                elif self.path == "/feed.xml":
                    if self.headers.get("If-None-Match") == ETAG:
                        self._send(304, b"", {"ETag": ETAG})
                    else:
                        self._send(200, srv.rss(), {"ETag": ETAG, "Last-Modified": STAMP,
                                                     "Content-Type": "application/rss+xml"})
                elif self.path == "/broken.xml":
                    self._send(503, b"down")
                elif self.path.startswith("/a/"):
                    self._send(200, article_html(int(self.path[3:].split(".")[0])), {"Content-Type": "text/html"})
                else:
                    self._send(404, b"")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                srv.posted.append(json.loads(body))
                self._send(srv.webhook_status, b"{}", {"Content-Type": "application/json"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rss(self) -> bytes:
        items = "".join(f"<item><title>R{i}</title><link>{self.base}/a/{i}.html</link><guid>g{i}</guid></item>"
                        for i in (1, 2))
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for m, p, h in self.requests if p == path and m == "GET"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loop() -> Iterator[Loopback]:
    srv = Loopback()
    yield srv
    srv.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(str(tmp_path / "w.db"))
    yield s
    s.close()


def _watcher(store: Store, **config: Any) -> Watcher:
    return Watcher(store, Settings(fetch_timeout_s=5.0, workers=1),
                   WatchConfig(polite_delay_s=0.0, allow_private=True, **config))


def test_second_poll_is_a_conditional_get(loop: Loopback, store: Store) -> None:
    watcher = _watcher(store)
    watcher.add_feed(loop.base + "/feed.xml")
    first = watcher.poll_once()
    assert first.items_new == 2 and first.items["done"] == 2
    second = watcher.poll_once()
    assert second.feed_errors == 0 and second.items_new == 0
    sent = loop.hits("/feed.xml")
    assert len(sent) == 2
    assert "If-None-Match" not in sent[0] and "If-Modified-Since" not in sent[0]
    assert sent[1]["If-None-Match"] == ETAG and sent[1]["If-Modified-Since"] == STAMP
    watcher.close()


def test_one_client_keeps_its_connection(loop: Loopback, store: Store) -> None:
    watcher = _watcher(store)
    watcher.add_feed(loop.base + "/feed.xml")
    watcher.poll_once()
    client = watcher.http._client  # the same pool served the feed and both articles
    assert len(loop.hits("/a/1.html")) == 1 and len(loop.hits("/a/2.html")) == 1
    assert watcher.http._client is client and not client.is_closed
    watcher.close()
    assert client.is_closed


def test_a_failing_feed_backs_off_exponentially(loop: Loopback, store: Store) -> None:
    # poll times are stored to the second, so a wait is known to within a second: the base is
    # well above that and above the time four rounds take on a loaded machine
    watcher = _watcher(store, backoff_base_s=5.0, backoff_max_s=40.0)
    watcher.add_feed(loop.base + "/broken.xml")
    watcher.add_feed(loop.base + "/feed.xml")
    for _ in range(4):  # four rounds in quick succession
        watcher.poll_once()
    # the healthy feed every round; the broken one twice (a first failure is retried at once),
    # then it waits 5 s
    assert len(loop.hits("/feed.xml")) == 4
    assert len(loop.hits("/broken.xml")) == 2
    assert watcher.backoff_s(2) == pytest.approx(5.0) and watcher.backoff_s(3) == pytest.approx(10.0)
    assert watcher.backoff_s(40) == 40.0
    time.sleep(5.2)
    watcher.poll_once()
    assert len(loop.hits("/broken.xml")) == 3  # its wait passed: polled again, now waits 10 s
    watcher.poll_once()
    assert len(loop.hits("/broken.xml")) == 3
    watcher.close()


def _spiking_store(store: Store) -> int:
    n = 0
    for day in range(40):  # a quiet baseline (two villages in turn: no report merges with the day before's)
        add_article(store, made_article(n, dt.date(2024, 3, 1) + dt.timedelta(days=day), spread(PLACES[0], 14 + day % 2),
                                       KINDS[1], 1))
        n += 1
    for j in range(9):  # then nine attacks in nine villages on the last day
        add_article(store, made_article(n, dt.date(2024, 4, 9), spread(PLACES[0], j), KINDS[1], 2))
        n += 1
    return refresh_alerts(store)


def test_new_alerts_reach_the_webhook_once(loop: Loopback, store: Store) -> None:
    stored = _spiking_store(store)
    assert stored >= 1
    loop.webhook_status = 500  # the receiver is down: nothing is marked delivered
    assert deliver_webhook(store, loop.base + "/hook") == 0
    loop.webhook_status = 200
    assert deliver_webhook(store, loop.base + "/hook") == stored
    assert deliver_webhook(store, loop.base + "/hook") == 0  # once only
    last = loop.posted[-1]["alerts"]
    assert len(last) == stored and {a["country"] for a in last} == {"Sudan"}
    assert all(a["day"] == "2024-04-09" for a in last)
