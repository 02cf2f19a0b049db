"""``wirewatch serve --watch``: a feed added through the API is polled by the server itself."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.test_watch import Site
from wirewatch.serve import ServeConfig, create_app
from wirewatch.settings import Settings
from wirewatch.store import Store

AUTH = {"Authorization": "Bearer watch-token"}


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def test_feed_added_through_the_api_is_watched(site: Site, tmp_path: Path) -> None:
    site.feeds["api"] = [80, 81]
    db = str(tmp_path / "watch.db")
    Store(db).close()
    config = ServeConfig(db=db, token="watch-token", allow_private=True, watch_every_s=0.2, polite_delay_s=0.0,
                         settings=Settings(fetch_timeout_s=5.0, workers=1))
    with TestClient(create_app(config)) as client:
        added = client.post("/api/feeds", json={"url": f"{site.base}/feed/api.xml"}, headers=AUTH)
        assert added.status_code == 201
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and client.get("/api/feeds").json()[0]["items_done"] < 2:
            time.sleep(0.1)
        feed = client.get("/api/feeds").json()[0]
        assert feed["items_done"] == 2 and feed["last_ok"] is not None
        assert client.get("/api/articles").json()["total"] == 2
    assert site.hits["/a/80.html"] == 1 and site.hits["/a/81.html"] == 1
