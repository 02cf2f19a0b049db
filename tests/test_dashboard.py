"""The dashboard in headless Chromium (Debian's ``chromium`` driven by Playwright): it loads
with no network, shows the stored incidents on the map (one dot per incident, the reports listed
underneath), filters them, opens an event from the list
and from the map with its evidence, keeps scraped text inert, and fits 1280x800 and 390x844.
Screenshots go to ``artifacts/``."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.test_serve_support import KINDS, PLACES, fill_store, made_article, serving, spread
from wirewatch.alerts import refresh_alerts
from wirewatch.serve import ServeConfig, create_app
from wirewatch.sink import add_article
from wirewatch.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
N_EVENTS = 400
SPIKE = 9
TOTAL = N_EVENTS + 1 + SPIKE
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/browser.sh installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")


def _xss_article() -> Any:
    art = made_article(N_EVENTS, dt.date(2024, 3, 15), PLACES[2], KINDS[0], 3, extra=XSS)
    art.title = XSS
    art.url = "javascript:window.__pwned=3"
    art.events[0].actor2 = '<b onmouseover="window.__pwned=4">militia</b>'
    art.events[0].notes = XSS
    return art


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("dash") / "dash.db")
    store = Store(db)
    fill_store(store, N_EVENTS)
    add_article(store, _xss_article())
    for i in range(SPIKE):  # a burst of attacks in one region on the last day: an alert to show
        add_article(store, made_article(1000 + i, dt.date(2024, 4, 30), spread(PLACES[0], 1 + i), KINDS[1], 2))
    refresh_alerts(store)
    store.close()
    with serving(create_app(ServeConfig(db=db))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=FLAGS, viewport={"width": 1280, "height": 800},
            # the test's own scripts need eval; it also shows that the page is inert without the CSP
            bypass_csp=True)
        yield context
        context.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # the dashboard must need nothing from the network
            outside.append(route.request.url)
            route.abort()

    pg = browser.new_page()
    pg.route("**/*", only_loopback)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    pg.close()
    assert outside == [] and errors == []


def _open(page: Any, server: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def _points(page: Any) -> int:
    return int(page.get_attribute("#map", "data-points"))


def _incidents(server: str, **params: str) -> int:
    """How many incidents the export's rows (``/api/incidents``) hold for these parameters."""
    import httpx

    return len(httpx.get(server + "/api/incidents", params={"limit": 5000, **params}).json()["data"])


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal overflow: {width}px"


def test_map_filters_and_evidence(page: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    _open(page, server, 1280, 800)
    every = _incidents(server)
    assert _points(page) == every < TOTAL  # merged reports share one dot
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "dashboard-1280x800.png"))
    page.select_option("select[name=country]", "Nigeria")
    page.wait_for_function("document.querySelector('#list-title').textContent.includes('(')")
    page.wait_for_function(f"Number(document.querySelector('#map').dataset.points) < {every}")
    shown = _points(page)
    listed = page.text_content("#list-title")
    assert 0 < shown == _incidents(server, country="Nigeria") and listed.endswith(f"of {shown} incidents")
    assert all("Nigeria" in t for t in page.locator("#events li .where").all_text_contents())
    page.locator("#events li.event").first.click()
    page.wait_for_selector("#detail:not([hidden]) .evidence mark")
    marks = page.locator("#detail .evidence mark").all_text_contents()
    assert any(m in ("Maiduguri", "Gusau") for m in marks)
    page.locator("#detail .sources button").first.click()
    page.wait_for_selector("#article .text mark")
    page.screenshot(path=str(ARTIFACTS / "dashboard-event-1280x800.png"))


def test_map_click_opens_event(page: Any, server: str) -> None:
    _open(page, server, 1280, 800)
    first = page.evaluate("window.wirewatch.map.rows[0][window.wirewatch.map.fi.id]")  # an incident
    assert page.get_attribute("#map", "data-mode") == "admin1"  # zoomed out: totals per region
    page.evaluate(f"window.wirewatch.map.focus({first}, 6)")  # zoomed in: the events themselves
    assert page.get_attribute("#map", "data-mode") == "points"
    x, y = page.evaluate(f"window.wirewatch.map.screenOf({first})")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector("#detail:not([hidden]) h2")
    assert page.locator("#detail .evidence li").count() >= 1
    # the report opened belongs to the dot clicked (or to another drawn on the same spot)
    picked = page.evaluate("window.wirewatch.map.screenOf(window.wirewatch.map.selected)")
    assert abs(picked[0] - x) < 1 and abs(picked[1] - y) < 1


def test_alert_filters_to_its_region_and_day(page: Any, server: str) -> None:
    _open(page, server, 1280, 800)
    alert = page.locator("#alerts li.alert", has_text="South Kordofan")
    assert alert.count() >= 1
    alert.first.click()
    spike = _incidents(server, admin1="South Kordofan", event_date="2024-04-30")
    page.wait_for_function(f"document.querySelector('#map').dataset.points === '{spike}'")
    assert page.input_value("select[name=admin1]") == "South Kordofan"
    assert page.input_value("input[name=date_from]") == "2024-04-30"
    page.screenshot(path=str(ARTIFACTS / "dashboard-alert-1280x800.png"))


def test_phone_layout(page: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    _open(page, server, 390, 844)
    assert _points(page) == _incidents(server)
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "dashboard-390x844.png"))
    page.locator("#events li.event").first.click()
    page.wait_for_selector("#detail:not([hidden]) .evidence mark")
    _fits(page)
    page.locator("#detail").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "dashboard-event-390x844.png"))


def test_scraped_markup_stays_inert(page: Any, server: str) -> None:
    _open(page, server, 1280, 800)
    page.evaluate(f"window.wirewatch.openEvent({N_EVENTS + 1})")
    page.wait_for_selector("#detail:not([hidden]) .sources button")
    page.locator("#detail .sources button").first.click()
    page.wait_for_selector("#article .text")
    page.locator("#detail dd", has_text="militia").hover()
    time.sleep(0.3)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#detail img, #detail script, #detail b").count() == 0
    assert "[object" not in page.text_content("#detail")
    assert XSS in page.text_content("#article .text")
    assert page.locator("#detail a[href^='javascript']").count() == 0
    assert "onerror" in page.text_content("#detail dl")
    page.screenshot(path=str(ARTIFACTS / "dashboard-xss.png"))
