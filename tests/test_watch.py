"""``wirewatch watch`` against feeds served from a loopback HTTP server: new items processed
once, feed errors and timeouts retried without loss, robots.txt obeyed, a killed run resumed
without loss or repeats, and private addresses refused by default without any traffic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import page_from_url
from wirewatch.records import Rejection
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.watch import WatchConfig, Watcher, item_states
from wirewatch.watch.tables import feed_items, feeds

TOWNS = ["Arbor", "Bexley", "Caldera", "Dunmore", "Elmhurst", "Fairholm", "Glenrock", "Harwick"]


def article_html(i: int) -> bytes:
    town = TOWNS[i % len(TOWNS)]
    paras = "".join(
        f"<p>Paragraph {k} of report {i}: residents of {town} said the night of the {k}th was loud, "
        f"and the council of {town} met again on the matter of the bridge, number {i * 7 + k}.</p>"
        for k in range(6))
    return (f"<html><head><title>Report {i} from {town}</title></head><body><article><h1>Report {i}"
            f"</h1>{paras}</article></body></html>").encode()


class Site:
    """A loopback news site: /feed/<name>.xml feeds, /a/<i>.html articles, robots.txt, and
    switches to make a feed fail, an article slow or the whole site slow."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.feeds: dict[str, list[int]] = {}
        self.broken: set[str] = set()
        self.slow: dict[str, float] = {}  # path -> seconds to wait before answering
        self.every_article_delay = 0.0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.hits[self.path] += 1
                time.sleep(site.slow.get(self.path, 0.0))
                status, body, kind = site.answer(self.path)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[int, bytes, str]:
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /private/\n", "text/plain"
        if path.startswith("/feed/"):
            name = path.removeprefix("/feed/").removesuffix(".xml")
            if name in self.broken or name not in self.feeds:
                return 500, b"oops", "text/plain"
            return 200, self.rss(name), "application/rss+xml"
        if path.startswith(("/a/", "/private/")):
            time.sleep(self.every_article_delay)
            return 200, article_html(int(path.rsplit("/", 1)[1].split(".")[0])), "text/html"
        return 404, b"not here", "text/plain"

    def rss(self, name: str) -> bytes:
        items = "".join(
            f"<item><title>Report {i}</title><link>{self.base}{'/private' if i < 0 else '/a'}/{abs(i)}.html</link>"
            f"<guid>{name}-{i}</guid></item>" for i in self.feeds[name])
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def _watcher(store: Store, timeout: float = 5.0) -> Watcher:
    return Watcher(store, Settings(fetch_timeout_s=timeout, workers=1),
                   WatchConfig(polite_delay_s=0.0, allow_private=True))


def _article_count(store: Store) -> int:
    return store.counts()["articles"]


def test_new_items_are_processed_once(site: Site, store: Store) -> None:
    site.feeds["world"] = [1, 2, 3]
    watcher = _watcher(store)
    watcher.add_feed(f"{site.base}/feed/world.xml")
    first = watcher.poll_once()
    assert first.items_new == 3 and first.items["done"] == 3 and _article_count(store) == 3
    site.feeds["world"] = [1, 2, 3, 4]  # the feed moves on: only the new item is fetched
    second = watcher.poll_once()
    assert second.items_new == 1 and second.items["done"] == 1 and _article_count(store) == 4
    watcher.poll_once()
    assert all(site.hits[f"/a/{i}.html"] == 1 for i in (1, 2, 3, 4))
    assert item_states(store) == {"done": 4}


def test_feed_errors_and_timeouts_lose_nothing(site: Site, store: Store) -> None:
    site.feeds.update({"good": [10, 11], "bad": [20]})
    site.broken.add("bad")
    site.slow["/a/11.html"] = 1.5  # longer than the 0.5 s fetch timeout
    watcher = _watcher(store, timeout=0.5)
    watcher.add_feed(f"{site.base}/feed/good.xml")
    bad_id = watcher.add_feed(f"{site.base}/feed/bad.xml")
    r1 = watcher.poll_once()
    assert r1.feed_errors == 1 and r1.items["done"] == 1 and r1.items["retry"] == 1
    with store.engine.connect() as conn:
        feed = conn.execute(select(feeds).where(feeds.c.id == bad_id)).one()
    assert feed.errors == 1 and "HTTP 500" in feed.last_error
    site.broken.clear()
    site.slow.clear()
    r2 = watcher.poll_once()
    assert r2.feed_errors == 0 and r2.items["done"] == 2
    assert _article_count(store) == 3 and item_states(store) == {"done": 3}


def test_a_persistently_failing_item_ends_as_failed(site: Site, store: Store) -> None:
    site.feeds["f"] = [30]
    site.slow["/a/30.html"] = 1.0
    watcher = Watcher(store, Settings(fetch_timeout_s=0.3, workers=1),
                      WatchConfig(polite_delay_s=0.0, allow_private=True, max_attempts=2))
    watcher.add_feed(f"{site.base}/feed/f.xml")
    assert watcher.poll_once().items["retry"] == 1
    assert watcher.poll_once().items["failed"] == 1
    assert watcher.poll_once().items == Counter()
    assert item_states(store) == {"failed": 1}


def test_robots_txt_is_obeyed(site: Site, store: Store) -> None:
    site.feeds["mixed"] = [40, -41]  # -41 links under /private/, which robots.txt disallows
    watcher = _watcher(store)
    watcher.add_feed(f"{site.base}/feed/mixed.xml")
    report = watcher.poll_once()
    assert report.items == Counter({"done": 1, "rejected": 1})
    assert site.hits["/private/41.html"] == 0 and site.hits["/robots.txt"] == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(feed_items.c.reason).where(feed_items.c.state == "rejected")).scalar() \
            == "robots_disallowed"


def test_removed_feed_is_not_polled_and_readding_repeats_nothing(site: Site, store: Store) -> None:
    site.feeds["w"] = [50]
    watcher = _watcher(store)
    feed_id = watcher.add_feed(f"{site.base}/feed/w.xml")
    watcher.poll_once()
    assert watcher.remove_feed(feed_id)
    assert watcher.poll_once().feeds_polled == 0
    assert watcher.add_feed(f"{site.base}/feed/w.xml") == feed_id
    assert watcher.poll_once().items_new == 0 and site.hits["/a/50.html"] == 1


def test_a_feeds_own_interval_is_kept(site: Site, store: Store) -> None:
    site.feeds.update({"hourly": [70], "always": [71]})
    watcher = _watcher(store)
    watcher.add_feed(f"{site.base}/feed/hourly.xml", every_s=3600)
    watcher.add_feed(f"{site.base}/feed/always.xml")
    assert watcher.poll_once().feeds_polled == 2
    assert watcher.poll_once().feeds_polled == 1
    assert site.hits["/feed/hourly.xml"] == 1 and site.hits["/feed/always.xml"] == 2


def test_killed_run_resumes_without_loss_or_repeats(site: Site, tmp_path: Path) -> None:
    n = 12
    site.feeds["big"] = list(range(100, 100 + n))
    site.every_article_delay = 0.25
    db = str(tmp_path / "resume.db")
    cmd = [sys.executable, "-m", "wirewatch.cli", "watch", f"{site.base}/feed/big.xml", "--db", db, "--once",
           "--allow-private", "--polite", "0"]
    env = {**os.environ, "WIREWATCH_WORKERS": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(site.hits[f"/a/{i}.html"] for i in site.feeds["big"]) < 4:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # no clean-up of any kind: as a power cut would
    proc.wait(10)
    killed_after = sum(site.hits[f"/a/{i}.html"] for i in site.feeds["big"])
    assert 0 < killed_after < n
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    store = Store(db)
    try:
        assert _article_count(store) == n and item_states(store) == {"done": n}
        with store.engine.connect() as conn:
            hashes = conn.execute(select(feed_items.c.article_hash)).scalars().all()
        assert len(set(hashes)) == n
    finally:
        store.close()
    fetched = [site.hits[f"/a/{i}.html"] for i in site.feeds["big"]]
    # at most the one item in flight at the kill is fetched twice; none is stored twice
    assert all(1 <= f <= 2 for f in fetched) and sum(fetched) <= n + 1


def test_private_addresses_are_refused_by_default(site: Site, store: Store) -> None:
    site.feeds["x"] = [60]
    watcher = Watcher(store, Settings(), WatchConfig(polite_delay_s=0.0))
    with pytest.raises(FetchError) as info:
        watcher.add_feed(f"{site.base}/feed/x.xml")
    assert info.value.reason == "private_address"
    for url in (f"{site.base}/a/60.html", "http://localhost:9/a", "http://[::1]:9/a", "http://10.1.2.3/a",
                "http://169.254.169.254/latest/meta-data", "ftp://example.org/a"):
        page = page_from_url(url, 1_000_000, 2.0)
        assert isinstance(page, Rejection) and page.reason in ("private_address", "bad_scheme"), url
    assert sum(site.hits.values()) == 0
