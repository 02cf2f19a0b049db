"""The REST API over a made-up store: filters, paging, GeoJSON, event detail with evidence,
articles with highlights, aggregates, auth, limits and the read-only read path."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import _pg_database
from tests.test_serve_support import KINDS, PLACES, fill_store, made_article
from wirewatch.serve import ServeConfig, create_app
from wirewatch.sink import add_article
from wirewatch.store import Store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The made-up store, on SQLite or (WIREWATCH_TEST_PG) on a fresh PostgreSQL database."""
    pg = os.environ.get("WIREWATCH_TEST_PG")
    databases = _pg_database(pg) if pg else iter([str(tmp_path_factory.mktemp("api") / "api.db")])
    url = next(databases)
    store = Store(url)
    fill_store(store, 240)
    store.close()
    yield url
    for _ in databases:  # drops the PostgreSQL database
        pass


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeConfig(db=db))) as c:
        yield c


def test_event_list_filters_and_pages(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 1000}).json()
    assert every["total"] == 240 and len(every["items"]) == 240
    dates = [e["event_date"] for e in every["items"]]
    assert dates == sorted(dates, reverse=True)
    sudan = client.get("/api/events", params={"country": "Sudan", "limit": 1000}).json()
    assert sudan["total"] == sum(e["country"] == "Sudan" for e in every["items"]) > 0
    assert {e["country"] for e in sudan["items"]} == {"Sudan"}
    two = client.get("/api/events", params=[("country", "Sudan"), ("country", "Mali")]).json()
    assert two["total"] == sum(e["country"] in ("Sudan", "Mali") for e in every["items"])
    page2 = client.get("/api/events", params={"limit": 50, "offset": 50}).json()
    assert [e["id"] for e in page2["items"]] == [e["id"] for e in every["items"][50:100]]
    assert client.get("/api/events", params={"offset": 240}).json()["items"] == []


@pytest.mark.parametrize(("params", "check"), [
    ({"type": "Protests"}, lambda e: e["event_type"] == "Protests"),
    ({"sub_type": "Armed clash"}, lambda e: e["sub_event_type"] == "Armed clash"),
    ({"actor": "air FORCE"}, lambda e: e["actor1"] == "Air force"),
    ({"admin1": "Borno"}, lambda e: e["admin1"] == "Borno"),
    ({"date_from": "2024-04-01", "date_to": "2024-04-10"}, lambda e: "2024-04-01" <= e["event_date"] <= "2024-04-10"),
    ({"date_to": "2024-03"}, lambda e: e["event_date"] < "2024-04-01"),
    ({"bbox": "-10,10,5,20"}, lambda e: e["country"] == "Mali"),
    ({"q": "market"}, lambda e: "market" in e["notes"]),
    ({"min_fatalities": 3}, lambda e: e["fatalities"] >= 3),
])
def test_each_filter_keeps_exactly_the_matching_events(client: TestClient, params: dict[str, str],
                                                       check: object) -> None:
    every = client.get("/api/events", params={"limit": 1000}).json()["items"]
    got = client.get("/api/events", params={**params, "limit": 1000}).json()
    expected = [e["id"] for e in every if check(e)]  # type: ignore[operator]
    assert expected and sorted(e["id"] for e in got["items"]) == sorted(expected)


def test_bad_parameters_are_422(client: TestClient) -> None:
    for params in ({"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"date_from": "May 2024"}, {"limit": 0}):
        assert client.get("/api/events", params=params).status_code == 422
    assert client.get("/api/events", params={"bbox": "0,50,10,40"}).json()["total"] == 0  # south > north


def test_geojson_and_points(client: TestClient) -> None:
    served = client.get("/api/events.geojson", params={"country": "Mali", "limit": 5})
    assert served.headers["content-type"] == "application/geo+json"
    geo = served.json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 5
    feat = geo["features"][0]
    assert feat["geometry"]["type"] == "Point"
    lon, lat = feat["geometry"]["coordinates"]
    assert (lat, lon) == (feat["properties"]["latitude"], feat["properties"]["longitude"])
    pts = client.get("/api/points", params={"country": "Mali", "level": "reports"}).json()
    assert pts["total"] == geo["total"] and not pts["truncated"]
    assert pts["fields"][:3] == ["id", "latitude", "longitude"]


def test_points_are_incidents_by_default(client: TestClient) -> None:
    """One dot per incident, the export's rows: merged reports share it; a click opens the first."""
    pts = client.get("/api/points", params={"country": "Mali"}).json()
    incidents = client.get("/api/incidents", params={"country": "Mali", "limit": 1000}).json()["data"]
    reports = client.get("/api/points", params={"country": "Mali", "level": "reports"}).json()
    assert pts["fields"][:3] == ["id", "event_id", "n_reports"]
    assert pts["total"] == len(incidents) < reports["total"]
    row = dict(zip(pts["fields"], max(pts["rows"], key=lambda r: r[2]), strict=True))
    assert row["n_reports"] > 1
    report = client.get(f"/api/events/{row['event_id']}").json()
    assert report["incident_id"] == row["id"] and report["country"] == "Mali"


def test_event_detail_has_evidence_sentences_and_sources(client: TestClient) -> None:
    item = client.get("/api/events", params={"min_fatalities": 1, "limit": 1}).json()["items"][0]
    event = client.get(f"/api/events/{item['id']}").json()
    fields = {s["field"] for s in event["evidence"]}
    assert {"actor1", "location", "fatalities"} <= fields
    assert all(s["located"] for s in event["evidence"])
    sentence = event["sentences"][0]
    assert sentence["text"].endswith("officials said.") and "fatalities" in sentence["fields"]
    coded = [s for s in event["sources"] if s["role"] == "coded"]
    assert [s["url"] for s in coded] == [item["url"]]
    article = client.get(f"/api/articles/{event['article_id']}").json()
    spans = [article["text"][h["start"]:h["end"]] for h in article["highlights"]]
    assert event["actor1"] in spans and event["location"] in spans
    assert client.get("/api/events/999999").status_code == 404


def test_aggregates(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 1000}).json()["items"]
    actors = client.get("/api/actors").json()
    assert sum(a["events"] for a in actors) == len(every)
    places = client.get("/api/places", params={"country": "Sudan"}).json()
    assert {p["location"] for p in places} == {"Kadugli", "Omdurman"}
    series = client.get("/api/timeseries", params={"group_by": "country", "interval": "month",
                                                   "level": "reports"}).json()
    assert sum(s["events"] for s in series["series"]) == len(every)
    overall = client.get("/api/timeseries", params={"level": "reports"}).json()["series"]
    assert [s["key"] for s in overall] == ["all"] and overall[0]["events"] == len(every)
    incidents = client.get("/api/incidents", params={"limit": 1000}).json()["data"]
    by_default = client.get("/api/timeseries", params={"group_by": "country", "interval": "month"}).json()
    assert sum(s["events"] for s in by_default["series"]) == len(incidents) < len(every)
    facets = client.get("/api/facets", params={"country": "Nigeria"}).json()
    assert facets["events"] == len(every)
    assert {a["name"] for a in facets["admin1"]} == {"Borno", "Zamfara"}


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    assert client.get("/api/status").json()["read_only"] is True
    r = client.post("/api/pages", json={"text": "anything"}, headers=AUTH)
    assert r.status_code == 403
    assert client.post("/api/feeds", json={"url": "https://example.org/feed"}).status_code == 403


def test_read_path_cannot_write(client: TestClient) -> None:
    engine = client.app.api.state.reader.engine  # type: ignore[attr-defined]
    with pytest.raises(DBAPIError, match="(?i)read-?only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM events"))


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[TestClient]:
    path = str(tmp_path / "w.db")
    Store(path).close()
    with TestClient(create_app(ServeConfig(db=path, token=TOKEN, write_burst=5, write_rate=0.01,
                                           max_body_bytes=200_000))) as c:
        yield c


def test_writes_need_the_token(writer: TestClient) -> None:
    assert writer.post("/api/pages", json={"text": "x"}).status_code == 401
    bad = writer.post("/api/pages", json={"text": "x"}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_submitted_page_is_processed_and_stored(writer: TestClient) -> None:
    body = "<p>" + "Gunmen attacked a village near the river on Monday, residents said. " * 8 + "</p>"
    html = f"<html><head><title>Village attack</title></head><body><article>{body}</article></body></html>"
    r = writer.post("/api/pages", json={"html": html, "url": "https://news.example.org/a"}, headers=AUTH).json()
    assert r["stored"] and r["new"] and r["rejection"] is None
    again = writer.post("/api/pages", json={"html": html, "url": "https://news.example.org/a"}, headers=AUTH)
    assert again.json()["new"] is False and again.json()["article_id"] == r["article_id"]
    article = writer.get(f"/api/articles/{r['article_id']}").json()
    assert "Gunmen attacked a village" in article["text"]


def test_private_urls_are_refused_without_traffic(writer: TestClient) -> None:
    # IP literals are judged before any connection is made
    for url in ("http://127.0.0.1:9/x", "http://10.0.0.8/x", "http://169.254.169.254/latest", "file:///etc/passwd"):
        r = writer.post("/api/pages", json={"url": url}, headers=AUTH).json()
        assert r["stored"] is False and r["rejection"]["reason"] in ("private_address", "bad_scheme"), url
    assert writer.post("/api/feeds", json={"url": "http://192.168.1.1/rss"}, headers=AUTH).status_code == 400


def test_feed_add_list_remove(writer: TestClient) -> None:
    feed = writer.post("/api/feeds", json={"url": "https://news.example.org/rss"}, headers=AUTH)
    assert feed.status_code == 201
    assert [f["url"] for f in writer.get("/api/feeds").json()] == ["https://news.example.org/rss"]
    assert writer.delete(f"/api/feeds/{feed.json()['id']}", headers=AUTH).status_code == 204
    assert writer.get("/api/feeds").json()[0]["active"] is False
    assert writer.delete(f"/api/feeds/{feed.json()['id']}", headers=AUTH).status_code == 404


def test_unknown_merge_is_404(writer: TestClient) -> None:
    assert writer.post("/api/merges/12345/undo", headers=AUTH).status_code == 404


def test_size_and_rate_limits(writer: TestClient) -> None:
    big = writer.post("/api/pages", json={"text": "x" * 300_000}, headers=AUTH)
    assert big.status_code == 413
    assert writer.post("/api/pages", json={"text": "  "}, headers=AUTH).status_code == 400
    codes = [writer.post("/api/pages", json={"text": "Short note."}, headers=AUTH).status_code for _ in range(8)]
    assert 429 in codes and codes.index(429) <= 4


def test_scraped_javascript_links_never_leave_the_server(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    store = Store(path)
    article = made_article(1, dt.date(2024, 5, 1), PLACES[0], KINDS[0], 2)
    article.url = "javascript:alert(1)"
    add_article(store, article)
    store.close()
    with TestClient(create_app(ServeConfig(db=path))) as c:
        assert c.get("/api/events").json()["items"][0]["url"] is None
        assert c.get("/api/events/1").json()["sources"][0]["url"] is None
        assert c.get("/api/articles/1").json()["url"] is None
        page = c.get("/")
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_merged_reports_their_history_and_undo(tmp_path: Path) -> None:
    path = str(tmp_path / "m.db")
    store = Store(path)
    first = made_article(1, dt.date(2024, 5, 2), PLACES[0], KINDS[1], 4)
    second = made_article(2, dt.date(2024, 5, 2), PLACES[0], KINDS[1], 4, extra="Another outlet had it too.")
    second.url, second.site = "https://other.example.net/x", "other.example.net"
    add_article(store, first)
    add_article(store, second)
    store.close()
    with TestClient(create_app(ServeConfig(db=path, token=TOKEN))) as c:
        event = c.get("/api/events/1").json()
        assert [(s["article_id"], s["role"]) for s in event["sources"]] == [(1, "coded"), (2, "merged report")]
        merge = event["merge_history"][0]
        assert merge["undone"] is None
        assert c.post(f"/api/merges/{merge['id']}/undo", headers=AUTH).status_code == 200
        after = c.get("/api/events/1").json()
        assert [s["article_id"] for s in after["sources"]] == [1]
        assert c.get("/api/events/2").json()["merge_history"][0]["undone"] is not None
        assert c.post(f"/api/merges/{merge['id']}/undo", headers=AUTH).status_code == 404


def test_text_search_index_follows_every_change(tmp_path: Path) -> None:
    path = str(tmp_path / "fts.db")
    store = Store(path)
    fill_store(store, 20)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE events SET notes = 'A Convoy was ambushed' WHERE id = 3"))
    store.close()
    with TestClient(create_app(ServeConfig(db=path))) as c:
        if store.engine.dialect.name == "sqlite":
            assert c.app.api.state.reader.has_table("events_fts")  # type: ignore[attr-defined]
        assert [e["id"] for e in c.get("/api/events", params={"q": "convoy"}).json()["items"]] == [3]
        assert c.get("/api/events", params={"q": "no such words"}).json()["total"] == 0
        every = c.get("/api/events", params={"limit": 1000}).json()["items"]
        markets = [e["id"] for e in every if "market" in e["notes"].lower()]
        assert sorted(e["id"] for e in c.get("/api/events", params={"q": "MARKET", "limit": 1000})
                      .json()["items"]) == sorted(markets)
        assert c.get("/api/events", params={"q": "ed"}).json()["total"] > 0  # under 3 letters: LIKE
