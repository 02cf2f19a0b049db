"""URL fetches: the IPv6 forms of private IPv4 addresses are refused, and fetch_timeout_s bounds
the whole fetch, not each read (a slow-drip server on loopback)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import check_url, page_from_url
from wirewatch.records import Rejection


@pytest.mark.parametrize("host", ["[::ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]",
                                  "[2002:7f00:1::]", "[2002:c0a8:101::1]", "[64:ff9b:1::a00:1]", "127.0.0.1",
                                  "[::1]", "10.1.2.3", "169.254.169.254"])
def test_private_addresses_and_their_ipv6_forms_are_refused(host: str) -> None:
    with pytest.raises(FetchError) as err:
        check_url(f"http://{host}/x")
    assert err.value.reason == "private_address"


@pytest.mark.parametrize("host", ["[64:ff9b::808:808]", "[2002:808:808::1]", "[2606:4700::1111]", "8.8.8.8"])
def test_public_addresses_and_their_ipv6_forms_pass(host: str) -> None:
    assert check_url(f"http://{host}/x") == host.strip("[]")


@pytest.fixture()
def slow_drip() -> Iterator[str]:
    """A loopback server that answers headers, then one byte every 0.5 s for a minute."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    done = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 120\r\n\r\n")
            for _ in range(120):
                if done.wait(0.5):
                    return
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/drip"
    done.set()
    server.close()


def test_fetch_timeout_is_a_total_deadline_against_a_slow_drip(slow_drip: str) -> None:
    start = time.monotonic()
    got = page_from_url(slow_drip, 1_000_000, timeout_s=2.0, allow_private=True)
    took = time.monotonic() - start
    assert isinstance(got, Rejection) and got.reason == "fetch_failed" and "2 s limit" in got.detail, got
    assert took < 3.0, f"{took:.1f} s with a 2 s limit"


@pytest.fixture()
def page_server() -> Iterator[str]:
    import http.server

    from tests.test_ingest import _Handler  # the ingest tests' loopback page server

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/2021/06/05/story"
    server.shutdown()


def test_extract_refuses_loopback_unless_allow_private(page_server: str) -> None:
    import json

    from typer.testing import CliRunner

    from wirewatch.cli import app

    refused = CliRunner().invoke(app, ["extract", page_server])
    assert refused.exit_code == 1 and "private_address" in refused.output
    allowed = CliRunner().invoke(app, ["extract", "--allow-private", page_server])
    assert allowed.exit_code == 0, allowed.output
    (row,) = [json.loads(line) for line in allowed.stdout.splitlines() if line.startswith("{")]
    assert "Gunmen attacked a village" in row["text"] and row["url"] == page_server


def test_the_pinned_connection_keeps_the_url_host_as_host_header() -> None:
    """The socket dials the checked address; the request still names the URL's host."""
    import http.server

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # (http.server names it)
            seen.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Length", "14")
            self.end_headers()
            self.wfile.write(b"<p>hello</p>\n\n")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        refused = page_from_url(f"http://localhost:{port}/x", 1000, 5.0)
        got = page_from_url(f"http://localhost:{port}/x", 1000, 5.0, allow_private=True)
    finally:
        server.shutdown()
    assert isinstance(refused, Rejection) and refused.reason == "private_address"
    assert not isinstance(got, Rejection) and got.content.startswith(b"<p>hello")
    assert seen == [f"localhost:{port}"]
