"""The dashboard as an analyst uses it, in headless Chromium: the view (filters, dates, map
extent, metric, comparison) survives a reload of its URL; "download this view" gives the
filtered incidents; no dot is bigger than the cap, however large a figure; totals per admin1
when zoomed out; an events/fatalities timeline; two countries compared; precision 2 and 3 drawn
apart from towns; incidents counted in the header; and /docs runs under the CSP.  Screenshots at
1280x800 and 390x844 go to ``artifacts/``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_dashboard import ARTIFACTS, CHROMIUM, FLAGS
from tests.test_serve_support import KINDS, PLACES, fill_store, made_article, serving
from wirewatch.serve import ServeConfig, create_app
from wirewatch.sink import add_article
from wirewatch.store import Store

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/browser.sh installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")

N = 300
KIDAL = ("Mali", "Kidal", "Kidal", 18.44, 1.41)
HUGE = 250_000  # one absurd fatality figure: its dot must stay capped


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("views") / "views.db")
    store = Store(db)
    fill_store(store, N, seed=11)
    huge = made_article(N, dt.date(2024, 3, 20), PLACES[4], KINDS[0], HUGE)
    add_article(store, huge)
    for i, precision in enumerate((2, 2, 3, 3)):  # district- and country-level places
        # a place of their own, days apart: four incidents (a vaguer report merged into a town's
        # incident takes the town's place)
        art = made_article(N + 1 + i, dt.date(2024, 3, 2 + 8 * i), KIDAL, KINDS[1], 1)
        art.events[0].geo_precision = precision
        add_article(store, art)
    store.close()
    with serving(create_app(ServeConfig(db=db, read_rate=0))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        found = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield found
        found.close()


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    # the test's waits evaluate strings, which the CSP forbids; test_docs_run_under_the_csp keeps it
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any, server: str) -> Iterator[Any]:
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg = context.new_page()
    pg.route("**/*", only_loopback)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield pg
    pg.close()
    assert outside == [] and errors == []


def _ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def _settled(page: Any, before: str | None) -> None:
    page.wait_for_function(f"document.body.dataset.refreshed && document.body.dataset.refreshed !== '{before}'")
    time.sleep(0.4)  # the URL is written 150 ms after the last change


def test_view_survives_a_reload(page: Any, server: str) -> None:
    page.goto(server + "/")
    _ready(page)
    before = page.evaluate("document.body.dataset.refreshed")
    page.select_option("select[name=country]", "Nigeria")
    _settled(page, before)
    page.wait_for_function("document.querySelector('select[name=admin1]').options.length > 1")
    before = page.evaluate("document.body.dataset.refreshed")
    page.select_option("select[name=admin1]", "Borno")
    _settled(page, before)
    before = page.evaluate("document.body.dataset.refreshed")
    page.fill("input[name=actor]", "forces")
    page.fill("input[name=date_from]", "2024-03-05")
    page.fill("input[name=date_to]", "2024-04-20")
    _settled(page, before)
    page.locator("#metric button[data-metric=fatalities]").click()
    page.evaluate("window.wirewatch.map.setView(13.2, 11.8, 6)")
    time.sleep(0.5)
    url = page.evaluate("location.href")  # page.url can lag behind history.replaceState
    query = parse_qs(urlsplit(url).query)
    assert query["country"] == ["Nigeria"] and query["admin1"] == ["Borno"] and query["actor"] == ["forces"]
    assert query["date_from"] == ["2024-03-05"] and query["metric"] == ["fatalities"] and "map" in query
    listed = page.text_content("#list-title")

    page.goto(url)  # a reload of the shared link
    _ready(page)
    page.wait_for_function("document.querySelector('select[name=admin1]').value === 'Borno'")
    assert page.input_value("select[name=country]") == "Nigeria"
    assert page.input_value("input[name=actor]") == "forces"
    assert page.input_value("input[name=date_from]") == "2024-03-05"
    assert page.input_value("input[name=date_to]") == "2024-04-20"
    assert page.get_attribute("#timeline", "data-metric") == "fatalities"
    assert page.get_attribute("#metric button[data-metric=fatalities]", "aria-pressed") == "true"
    lon, lat, k = page.evaluate("window.wirewatch.map.view()")
    assert abs(lon - 13.2) < 0.05 and abs(lat - 11.8) < 0.05 and abs(k - 6) < 0.01
    page.wait_for_function(f"document.querySelector('#list-title').textContent === {listed!r}")
    assert all("Borno" in t for t in page.locator("#events li .where").all_text_contents())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-view-restored-1280x800.png"))


def test_download_gives_the_filtered_rows(page: Any, server: str) -> None:
    import httpx

    page.goto(server + "/?country=Mali&date_from=2024-03-10&date_to=2024-04-10")
    _ready(page)
    page.wait_for_function("document.querySelector('#dl-csv').href.includes('country=Mali')")
    with page.expect_download() as info:
        page.locator("#dl-csv").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert rows and {r["country"] for r in rows} == {"Mali"}
    assert all("2024-03-10" <= r["event_date"] <= "2024-04-10" for r in rows)
    every = httpx.get(server + "/api/incidents", params={"limit": 5000}).json()["data"]
    want = [r for r in every if r["country"] == "Mali" and "2024-03-10" <= r["event_date"] <= "2024-04-10"]
    assert [r["wirewatch_id"] for r in rows] == [r["wirewatch_id"] for r in want]
    with page.expect_download() as info:
        page.locator("#dl-geojson").click()
    import json

    features = json.loads(info.value.path().read_text(encoding="utf-8"))["features"]
    assert len(features) == len(rows)


def test_dots_are_capped_and_precision_is_marked(page: Any, server: str) -> None:
    page.goto(server + "/")
    _ready(page)
    assert page.get_attribute("#map", "data-mode") == "admin1"  # zoomed out: totals
    assert int(page.get_attribute("#map", "data-groups")) >= 5
    page.screenshot(path=str(ARTIFACTS / "dashboard-totals-1280x800.png"))
    page.evaluate("window.wirewatch.map.setView(5, 13, 4)")  # West Africa, points
    assert page.get_attribute("#map", "data-mode") == "points"
    biggest = float(page.get_attribute("#map", "data-max-radius"))
    cap = page.evaluate("9")
    assert 0 < biggest <= cap  # the 250,000-fatality dot included
    town, district, region = map(int, page.get_attribute("#map", "data-styles").split(","))
    assert town > 0 and district == 2 and region == 2  # the four made-up vaguer places, each its own style
    legend = page.text_content("#legend")
    assert "district only" in legend and "region or country only" in legend
    page.screenshot(path=str(ARTIFACTS / "dashboard-precision-1280x800.png"))


def test_timeline_toggles_events_and_fatalities(page: Any, server: str) -> None:
    page.goto(server + "/?country=Nigeria")
    _ready(page)
    events = int(page.get_attribute("#timeline", "data-total"))
    page.locator("#metric button[data-metric=fatalities]").click()
    dead = int(page.get_attribute("#timeline", "data-total"))
    assert page.get_attribute("#timeline", "data-metric") == "fatalities"
    assert dead >= HUGE and dead != events
    assert "fatalities" in page.text_content("#timeline-label")


def test_two_countries_compared_over_time(page: Any, server: str) -> None:
    import httpx

    page.goto(server + "/")
    _ready(page)
    page.fill("#compare input[name=a]", "Sudan")
    page.fill("#compare input[name=b]", "Mali")
    page.wait_for_function("document.querySelector('#compare-chart').dataset.series === '2'")
    totals = [int(t) for t in page.get_attribute("#compare-chart", "data-totals").split(",")]
    rows = httpx.get(server + "/api/incidents", params={"limit": 5000}).json()["data"]
    assert totals == [sum(r["country"] == c for r in rows) for c in ("Sudan", "Mali")]  # incidents
    assert "Sudan" in page.text_content("#compare-label") and "Mali" in page.text_content("#compare-label")
    page.screenshot(path=str(ARTIFACTS / "dashboard-compare-1280x800.png"))


def test_header_counts_incidents_with_reports_underneath(page: Any, server: str) -> None:
    import httpx

    page.goto(server + "/")
    _ready(page)
    facets = httpx.get(server + "/api/facets").json()
    summary = page.text_content("#summary")
    assert summary.startswith(f"{facets['incidents']:,} incidents ({facets['events']:,} reports)")


def test_phone_layout_of_the_new_controls(page: Any, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/?country=Sudan&metric=fatalities")
    _ready(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal overflow: {width}px"
    assert page.locator("#dl-csv").is_visible() or page.locator("#dl-csv").count() == 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-views-390x844.png"), full_page=True)


def test_docs_run_under_the_csp(browser: Any, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})  # the server's CSP in force
    page = ctx.new_page()
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
               else (refused.append(route.request.url), route.abort()))
    _docs(page, server)
    ctx.close()
    assert refused == []


def _docs(page: Any, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)  # Swagger UI rendered the operations
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert any("/api/incidents" in p for p in paths)
    page.screenshot(path=str(ARTIFACTS / "docs-1280x800.png"))
