"""One wiring for every path (issue 14): the same 200 pages, syndicated copies and pages that are
refused included, through ``wirewatch run``, the library's ``run()``, the watch path (a feed on a
loopback site) and ``POST /api/pages`` leave identical stored articles, events, incidents and ids."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests._corpus import html, page
from wirewatch.runner import run
from wirewatch.serve import ServeConfig, create_app
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store.schema import events, rejections
from wirewatch.watch.watcher import WatchConfig, Watcher

HOSTS = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]  # three "sites": loopback addresses of their own
TOKEN = "four-paths"


class Sites:
    """Loopback news sites serving given pages, and one feed listing them all in order."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.order: list[str] = []
        self.servers = [ThreadingHTTPServer((host, 0), self._handler()) for host in HOSTS]
        self.bases = [f"http://{host}:{s.server_address[1]}" for host, s in zip(HOSTS, self.servers)]
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        sites = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                url = f"http://{self.headers['Host']}{self.path}"
                body, kind = sites.answer(url, self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def answer(self, url: str, path: str) -> tuple[bytes, str]:
        if path == "/feed.xml":
            items = "".join(f"<item><title>{i}</title><link>{u}</link><guid>{u}</guid></item>"
                            for i, u in enumerate(self.order))
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>all</title>'
                    f"<link>{self.bases[0]}/</link>{items}</channel></rss>").encode(), "application/rss+xml"
        return self.pages.get(url, b""), "text/html; charset=utf-8"

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def sites() -> Iterator[Sites]:
    s = Sites()
    yield s
    s.close()


def _corpus(sites: Sites, n: int = 200) -> None:
    """``n`` pages: made-up reports, every 7th a syndicated copy of an earlier report on another
    site (its own page around the same story), every 40th a page without text."""
    rng = random.Random(14)
    stories: list[tuple[str, str]] = []
    for i in range(n):
        base = sites.bases[i % len(sites.bases)]
        url = f"{base}/news/{i}.html"
        if i % 40 == 39:
            body = f"<html><head><title>Page {i}</title></head><body><script>var n = {i};</script></body></html>"
        elif i % 7 == 6 and stories:
            title, text = stories[rng.randrange(len(stories))]
            body = html(f"{title} | Wire copy {i}", text)
        else:
            _, title, text = page(i, rng)
            stories.append((title, text))
            body = html(title, text)
        sites.pages[url] = body.encode("utf-8")
        sites.order.append(url)


def _jsonl(sites: Sites, path: Path) -> str:
    path.write_text("".join(json.dumps({"url": u, "html": sites.pages[u].decode()}) + "\n"
                            for u in sites.order), encoding="utf-8")
    return str(path)


def stored(store: Store) -> dict[str, Any]:
    """Everything a path leaves in the store that another path must match, ids included (run
    numbers and times aside: each path has its own runs)."""
    arts = [{k: v for k, v in a.items() if k not in ("first_run",)} for a in store.iter_articles()]
    with store.engine.connect() as conn:
        evs = [dict(r._mapping) for r in conn.execute(select(events).order_by(events.c.id))]
        rej = sorted(conn.execute(select(rejections.c.source, rejections.c.stage, rejections.c.reason,
                                         rejections.c.detail)).all())
    return {"articles": arts, "events": evs, "rejections": rej}


def _by_cli(jsonl: str, db: str) -> None:
    done = subprocess.run([sys.executable, "-m", "wirewatch.cli", "run", "--db", db, jsonl],
                          check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr  # 1: pages refused


def _by_watch(sites: Sites, db: str) -> None:
    store = Store(db)
    watcher = Watcher(store, Settings(workers=1), WatchConfig(polite_delay_s=0.0, allow_private=True))
    try:
        watcher.add_feed(f"{sites.bases[0]}/feed.xml")
        report = watcher.poll_once()
        assert report.feed_errors == 0
    finally:
        watcher.close()
        store.close()


def _by_api(sites: Sites, db: str) -> None:
    Store(db).close()
    config = ServeConfig(db=db, token=TOKEN, allow_private=True, write_rate=1000.0, write_burst=1000,
                         settings=Settings(workers=1))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(config)) as client:
        for url in sites.order:
            answer = client.post("/api/pages", json={"url": url, "html": sites.pages[url].decode()}, headers=auth)
            assert answer.status_code == 200, answer.text


def test_four_paths_store_the_same(sites: Sites, tmp_path: Path) -> None:
    _corpus(sites)
    jsonl = _jsonl(sites, tmp_path / "pages.jsonl")
    _by_cli(jsonl, str(tmp_path / "cli.db"))
    library = Store(str(tmp_path / "library.db"))
    run([jsonl], library, Settings(workers=1))
    _by_watch(sites, str(tmp_path / "watch.db"))
    _by_api(sites, str(tmp_path / "api.db"))
    got = {name: stored(Store(str(tmp_path / f"{name}.db"))) for name in ("cli", "watch", "api")}
    want = stored(library)
    assert len(want["articles"]) >= 180 and len(want["events"]) >= 150
    assert len({a["group_id"] for a in want["articles"]}) < len(want["articles"])  # copies grouped
    assert want["rejections"]
    for name, what in got.items():
        for part in ("articles", "events", "rejections"):
            assert _differences(what[part], want[part]) == [], f"{name}: {part} differ from the library's run()"


def _differences(got: list[Any], want: list[Any]) -> list[str]:
    """Readable differences of two row lists (the first few)."""
    if len(got) != len(want):
        return [f"{len(got)} rows, not {len(want)}"]
    out = []
    for g, w in zip(got, want):
        if g != w:
            out.append(str({k: (g[k], w[k]) for k in w if g[k] != w[k]} if isinstance(w, dict) else (g, w)))
    return out[:3]
