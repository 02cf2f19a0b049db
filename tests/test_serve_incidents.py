"""The API as an ACLED user ports to it: incidents in the export's row shape, ACLED's parameter
names, 422 for a parameter it does not know, CSV and GeoJSON downloads of a query, keyset pages,
conditional GETs, CORS by setting; and the request details of issue 19 (NUL bytes, 401 before
429, the page-size limit, /docs with local assets)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.test_serve_support import PLACES, fill_store, made_article
from wirewatch.export import export
from wirewatch.serve import ServeConfig, create_app
from wirewatch.settings import Settings
from wirewatch.sink import add_article
from wirewatch.store import Store

TOKEN = "incident-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import datetime as dt

    path = str(tmp_path_factory.mktemp("inc") / "inc.db")
    store = Store(path)
    fill_store(store, 150)
    # the example: Mali (iso 466), March 2020
    mali = [p for p in PLACES if p[0] == "Mali"]
    for i in range(6):
        art = made_article(5000 + i, dt.date(2020, 3, 3 + 5 * i), mali[i % 2], ("Battles", "Armed clash",
                           "Military forces", "clashed with rebels near"), i)
        art.events[0].inter1, art.events[0].inter2 = (2, 1) if i % 2 else (1, None)  # interactions 12 and 10
        add_article(store, art)
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeConfig(db=db))) as c:
        yield c


def _export(db: str, fmt: str = "acled-csv") -> str:
    out = io.StringIO()
    store = Store(db)
    export(store, fmt, out)
    store.close()
    return out.getvalue()


def test_acled_query_returns_only_those_incidents(client: TestClient) -> None:
    got = client.get("/api/incidents?event_date=2020-03-01|2020-03-31&event_date_where=BETWEEN&iso=466").json()
    assert got["count"] == 6  # 2020-03-03 ... 2020-03-28
    assert {r["country"] for r in got["data"]} == {"Mali"} and {r["iso"] for r in got["data"]} == {466}
    assert all("2020-03-01" <= r["event_date"] <= "2020-03-31" for r in got["data"])
    assert client.get("/api/incidents", params={"iso": "466", "year": "2020"}).json()["count"] == 6
    assert client.get("/api/incidents", params={"event_date": "2020-03-01|2020-03-31", "iso": "466"}).json()["count"] == 6
    assert client.get("/api/incidents", params={"region": "Atlantis"}).json()["count"] == 0
    after = client.get("/api/incidents", params={"event_date": "2020-03-20", "event_date_where": ">="}).json()
    assert all(r["event_date"] >= "2020-03-20" for r in after["data"]) and after["count"] > 2


def test_acled_region_inter_interaction_and_fields(client: TestClient) -> None:
    everything = client.get("/api/incidents", params={"limit": 5000}).json()["data"]
    west = client.get("/api/incidents", params={"region": "1", "limit": 5000}).json()["data"]
    assert west and {r["region"] for r in west} == {"Western Africa"}
    assert len(west) == sum(r["region"] == "Western Africa" for r in everything)
    by_name = client.get("/api/incidents", params={"region": "Western Africa|East Asia", "limit": 5000}).json()
    assert by_name["count"] == len(west)
    for code, n in (("12", 3), ("10", 3), ("12|10", 6), ("11", 0)):
        same = client.get("/api/incidents", params={"interaction": code, "limit": 5000}).json()["data"]
        assert len(same) == n and {str(r["interaction"]) for r in same} <= set(code.split("|")), code
    assert client.get("/api/incidents", params={"inter1": "2"}).json()["count"] == 3
    slim = client.get("/api/incidents", params={"fields": "event_date|country|fatalities", "limit": 3}).json()
    assert [list(r) for r in slim["data"]] == [["event_date", "country", "fatalities"]] * 3


@pytest.mark.parametrize(("params", "name"), [
    ({"event_dat": "2020-03-01"}, "event_dat"), ({"page": "2"}, "page"), ({"fields": "nope"}, "fields"),
    ({"event_date": "2020-03"}, "event_date"), ({"event_date_where": "LIKE"}, "event_date_where"),
    ({"iso": "abc"}, "iso"), ({"year": "20"}, "year"), ({"after": "bm9wZQ"}, "after"),
])
def test_unknown_or_bad_parameters_get_422_naming_them(client: TestClient, params: dict[str, str], name: str) -> None:
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 422, r.text
    assert [d["loc"] for d in r.json()["detail"]] == [["query", name]]


def test_unknown_parameters_are_refused_on_every_read_endpoint(client: TestClient) -> None:
    for path in ("/api/events", "/api/points", "/api/timeseries", "/api/facets", "/api/articles"):
        r = client.get(path, params={"event_date": "2020-03-01"})
        assert r.status_code == 422 and "event_date" in r.text, path
    assert client.get("/api/events", params={"country": "Mali"}).status_code == 200


def test_csv_download_has_the_exports_rows(client: TestClient, db: str) -> None:
    import pandas as pd

    r = client.get("/api/incidents.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    served = pd.read_csv(io.StringIO(r.text))
    exported = pd.read_csv(io.StringIO(_export(db)))
    assert len(served) == len(exported) > 100
    pd.testing.assert_frame_equal(served, exported)
    mali = pd.read_csv(io.StringIO(client.get("/api/incidents.csv", params={"iso": "466"}).text))
    assert len(mali) == (exported["iso"] == 466).sum()


def test_geojson_download_is_geo_json(client: TestClient) -> None:
    r = client.get("/api/incidents.geojson", params={"iso": "466"})
    assert r.headers["content-type"] == "application/geo+json"
    body = r.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    assert all(f["properties"]["country"] == "Mali" for f in body["features"])
    lon, lat = body["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == (body["features"][0]["properties"]["latitude"], body["features"][0]["properties"]["longitude"])


def test_keyset_pages_walk_every_row_once(client: TestClient) -> None:
    everything = client.get("/api/incidents", params={"limit": 5000}).json()["data"]
    seen: list[str] = []
    url: str | None = "/api/incidents?limit=40"
    while url:
        page = client.get(url).json()
        seen += [r["wirewatch_id"] for r in page["data"]]
        url = page["next"]
    assert seen == [r["wirewatch_id"] for r in everything]
    offset = client.get("/api/incidents", params={"limit": 40, "offset": 40}).json()["data"]
    assert [r["wirewatch_id"] for r in offset] == seen[40:80]


def test_conditional_get_gives_304(client: TestClient) -> None:
    first = client.get("/api/incidents", params={"iso": "466"})
    etag, stamp = first.headers["etag"], first.headers["last-modified"]
    again = client.get("/api/incidents", params={"iso": "466"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/api/incidents", params={"iso": "466"}, headers={"If-Modified-Since": stamp}).status_code == 304
    other = client.get("/api/incidents", params={"iso": "854"}, headers={"If-None-Match": etag})
    assert other.status_code == 200  # another query, another tag
    events = client.get("/api/events")
    assert client.get("/api/events", headers={"If-None-Match": events.headers["etag"]}).status_code == 304


def test_a_write_changes_the_etag(tmp_path: Path) -> None:
    import datetime as dt

    db = str(tmp_path / "w.db")
    store = Store(db)
    fill_store(store, 10)
    with TestClient(create_app(ServeConfig(db=db))) as c:
        etag = c.get("/api/events").headers["etag"]
        add_article(store, made_article(77, dt.date(2024, 3, 9), PLACES[0], ("Battles", "Armed clash", "Rebels",
                                                                           "clashed with troops near"), 1))
        assert c.get("/api/events", headers={"If-None-Match": etag}).status_code == 200
    store.close()


def test_cors_only_when_set_and_reads_need_no_token(db: str) -> None:
    with TestClient(create_app(ServeConfig(db=db))) as plain:
        assert "access-control-allow-origin" not in plain.get("/api/incidents", headers={"Origin": "https://a.example"}).headers
    settings = Settings(cors_origins="https://maps.example.org")
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN, settings=settings))) as c:
        r = c.get("/api/incidents", headers={"Origin": "https://maps.example.org"})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://maps.example.org"
        assert "access-control-allow-origin" not in c.get("/api/events", headers={"Origin": "https://evil.example"}).headers
        assert c.get("/api/events").status_code == 200  # no token on the read path


def test_nul_byte_in_q_is_a_422_not_a_503(client: TestClient) -> None:
    for params in ({"q": "Mopti\x00"}, {"q": "\x00\x00\x00"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 422, (params, r.status_code)
        assert r.json()["detail"][0]["loc"] == ["query", "q"]
    assert client.get("/api/events", params={"actor": "a\x00b"}).status_code == 200  # LIKE takes it


def test_unauthenticated_writes_get_401_before_429(db: str) -> None:
    config = ServeConfig(db=db, token=TOKEN, write_rate=0.001, write_burst=2)
    with TestClient(create_app(config)) as c:
        codes = [c.post("/api/feeds", json={"url": "https://feeds.example/rss"}).status_code for _ in range(6)]
        assert codes == [401] * 6
        auth = {"Authorization": f"Bearer {TOKEN}"}
        # the operator's writes were not used up by the unauthenticated ones
        first = c.post("/api/merges/999999/undo", headers=auth).status_code
        assert first == 404
        c.post("/api/merges/999999/undo", headers=auth)
        assert c.post("/api/merges/999999/undo", headers=auth).status_code == 429


def test_a_page_over_the_size_limit_is_refused(db: str) -> None:
    settings = Settings(max_page_bytes=10_000_000)
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN, settings=settings))) as c:
        big = "<html><body><p>" + "x" * 11_000_000 + "</p></body></html>"
        r = c.post("/api/pages", json={"html": big}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413 and "10,000,000" in r.json()["detail"]


def test_docs_page_uses_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN
    assert "<script>" not in page.text  # no inline script for the CSP to block
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css", "/static/docs.js"):
        assert client.get(asset).status_code == 200, asset
