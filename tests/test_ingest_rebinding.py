"""DNS rebinding (issue 19): a name that answers a public address first and 127.0.0.1 second must
never get loopback fetched, on every fetching path (``run``/``extract``, ``POST /api/pages``, a feed
added through ``POST /api/feeds`` and polled by the watcher).

The test runs this file as a script inside a user + network + mount namespace it makes
(``unshare -rnm``): only loopback exists there, ``/etc/resolv.conf`` is bind-mounted to point at a
stub DNS server on 127.0.0.1:53, and a page server listens on 127.0.0.1:80. The script prints one
JSON line with what each path gave and how many requests reached the page server."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

PUBLIC = "93.184.215.14"  # a global address: the first answer, which the URL check sees
STORY = ("<html><head><title>Village attack</title></head><body><article><p>"
         + "Gunmen attacked a village near the river on Monday, residents said. " * 8
         + "</p></article></body></html>").encode()


class StubDns:
    """Answers A queries: names under ``rebind.test`` get PUBLIC on their first query and
    127.0.0.1 after it; ``loop.test`` always 127.0.0.1. Every other query gets no answer (NOERROR)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 53))
        self.asked: dict[str, int] = {}
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            query, peer = self.sock.recvfrom(512)
            self.sock.sendto(self._answer(query), peer)

    def _answer(self, query: bytes) -> bytes:
        ident, _flags, _qd = struct.unpack(">HHH", query[:6])
        labels, at = [], 12
        while query[at]:
            labels.append(query[at + 1:at + 1 + query[at]].decode().lower())
            at += 1 + query[at]
        qtype = struct.unpack(">H", query[at + 1:at + 3])[0]
        question = query[12:at + 5]
        name = ".".join(labels)
        address = self._address(name) if qtype == 1 else None
        header = struct.pack(">HHHHHH", ident, 0x8180, 1, 1 if address else 0, 0, 0)
        if address is None:
            return header + question
        record = struct.pack(">HHHIH", 0xC00C, 1, 1, 0, 4) + socket.inet_aton(address)
        return header + question + record

    def _address(self, name: str) -> str | None:
        self.asked[name] = self.asked.get(name, 0) + 1
        if name.endswith("rebind.test"):
            return PUBLIC if self.asked[name] == 1 else "127.0.0.1"
        return "127.0.0.1" if name == "loop.test" else None


def _page_server() -> list[str]:
    """Serves STORY on 127.0.0.1:80; returns the list of Host headers of the requests it got."""
    hosts: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # (http.server names it)
            hosts.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(STORY)))
            self.end_headers()
            self.wfile.write(STORY)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 80), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return hosts


def _outcome(got: Any) -> str:
    return f"{got.reason}: {got.detail}" if hasattr(got, "reason") else "page"


def probe(db: str) -> dict[str, Any]:
    """Every fetching path against rebinding names, then the control (loopback allowed)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from wirewatch.ingest.urls import page_from_url
    from wirewatch.serve.app import ServeConfig, create_app
    from wirewatch.store import Store
    from wirewatch.watch.tables import feeds
    from wirewatch.watch.watcher import Watcher

    dns, hosts = StubDns(), _page_server()
    out: dict[str, Any] = {"run": _outcome(page_from_url("http://run.rebind.test/story", 1_000_000, 5.0))}
    Store(db).close()
    auth = {"Authorization": "Bearer t0ken"}
    with TestClient(create_app(ServeConfig(db=db, token="t0ken"))) as api:
        answer = api.post("/api/pages", json={"url": "http://api.rebind.test/story"}, headers=auth).json()
        out["api_pages"] = answer["rejection"]["reason"] if answer["rejection"] else "stored"
        out["api_feeds_status"] = api.post("/api/feeds", json={"url": "http://feed.rebind.test/rss"},
                                           headers=auth).status_code
    store = Store(db)
    watcher = Watcher(store)
    out["feed_poll_errors"] = watcher.poll_once().feed_errors
    with store.engine.connect() as conn:
        out["feed_last_error"] = list(conn.execute(select(feeds.c.last_error)).scalars())
    watcher.close()
    store.close()
    out["hits_before_control"] = len(hosts)
    out["control"] = _outcome(page_from_url("http://loop.test/story", 1_000_000, 5.0, allow_private=True))
    out["hosts"], out["asked"] = hosts, dns.asked
    return out


def _namespace_command(tmp: Path) -> list[str] | None:
    """The command running this file's probe in fresh namespaces, or None where that cannot be done."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return None
    resolv = tmp / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\noptions timeout:2 attempts:1\n")
    hosts = tmp / "hosts"
    hosts.write_text("127.0.0.1 localhost\n")  # no name of the probe is answered from a file
    script = (f"ip link set lo up && mount --bind {resolv} /etc/resolv.conf && mount --bind {hosts} /etc/hosts"
              f" && exec {sys.executable} {Path(__file__).resolve()} {tmp / 'w.db'}")
    return ["unshare", "-rnm", "sh", "-c", script]


def test_a_rebinding_name_never_gets_loopback_fetched() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        command = _namespace_command(Path(tmp))
        if command is None:
            pytest.skip("unshare or ip is not installed: no network namespace for the rebinding test")
        check = subprocess.run(["unshare", "-rnm", "true"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            reason = f"unshare -rnm is not allowed here: {check.stderr.strip()}"
            print(reason)
            pytest.skip(reason)
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # the first answer (public) is what the URL check saw; the second (loopback) is what a
    # second resolution would have dialled: each rebinding name was asked at least twice
    assert all(out["asked"].get(f"{n}.rebind.test", 0) >= 2 for n in ("run", "api", "feed")), out
    assert out["run"].startswith("private_address") and "at connect time" in out["run"], out
    assert out["api_pages"] == "private_address", out
    assert out["api_feeds_status"] == 201, out  # its check saw the public answer; its poll is refused
    assert out["feed_poll_errors"] == 1 and "private_address" in out["feed_last_error"][0], out
    assert out["hits_before_control"] == 0, out  # loopback was never reached
    # control: the namespace, the stub and the page server work, so the zero above means something
    assert out["control"] == "page" and out["hosts"] == ["loop.test"], out


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1])))
