"""The FastAPI application: the read API over a read-only connection, the write API when the
operator set a token, and the dashboard's static files, all from one process on a laptop."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from wirewatch import __version__
from wirewatch.errors import StoreError, WirewatchError
from wirewatch.serve import exports, incidents, read_api, taxonomy_api, write_api
from wirewatch.serve.conditional import Conditional, StoreState
from wirewatch.serve.docs import mount_docs
from wirewatch.serve.limits import Limits, TokenBucket
from wirewatch.serve.models import Problem
from wirewatch.settings import Settings
from wirewatch.store import Store
from wirewatch.store.reads import Reader

log = logging.getLogger(__name__)

STATIC = resources.files("wirewatch") / "serve" / "static"


@dataclass(frozen=True, slots=True)
class ServeConfig:
    db: str = "wirewatch.db"
    token: str | None = None  # None: read-only server
    allow_private: bool = False  # let POST /api/pages and feeds fetch private/loopback addresses
    max_body_bytes: int = 12_000_000  # a submitted page may be up to max_page_bytes, JSON-escaped
    read_rate: float = 50.0  # requests per second and client, bursts of read_burst
    read_burst: int = 400
    write_rate: float = 1.0
    write_burst: int = 30
    watch_every_s: float | None = None  # poll the store's feeds in the background (needs a token)
    polite_delay_s: float = 2.0
    settings: Settings = field(default_factory=Settings)


def _store_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("%s", exc)
    return JSONResponse({"detail": "the store cannot be read right now"}, status_code=503)


async def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's own answer, except that a 405 lists every method of the path in ``Allow``: the
    read and write routers both serve some paths (/api/feeds), and each route only knows its own."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code != 405:
        return await http_exception_handler(request, exc)
    allowed: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
            allowed |= set(route.methods or ())
    return JSONResponse({"detail": exc.detail}, status_code=405, headers={"Allow": ", ".join(sorted(allowed))})


def create_app(config: ServeConfig) -> Any:
    """The ASGI app (FastAPI wrapped in the limits middleware); ``.api`` is the FastAPI object."""
    api = FastAPI(title="wirewatch", version=__version__,
                  description="Political-violence and crisis events coded from news pages (ACLED taxonomy).",
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None, lifespan=_lifespan)
    write_store = None
    if config.token:
        write_store = Store(config.db)  # creates and migrates the store before it is read
        _writer(api, write_store, config)
    read_store = Store(config.db, read_only=True)
    api.state.read_store, api.state.write_store = read_store, write_store
    api.state.reader = Reader(read_store)
    api.state.token = config.token or None
    api.state.settings, api.state.allow_private = config.settings, config.allow_private
    api.state.schema_version = write_store.version if write_store else _version(api.state.reader)
    api.add_middleware(Conditional, state=StoreState(api.state.reader))
    api.add_middleware(GZipMiddleware, minimum_size=4096)  # map points and outlines shrink 4-5x
    origins = [o.strip() for o in config.settings.cors_origins.split(",") if o.strip()]
    if origins:  # opt-in: the read API for pages served from these origins, never the writes
        api.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "HEAD"],
                           allow_headers=["If-None-Match", "If-Modified-Since"],
                           expose_headers=["ETag", "Last-Modified"])
    api.add_exception_handler(StoreError, _store_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    limited: dict[int | str, dict[str, Any]] = {413: {"model": Problem, "description": "request body too large"},
                                                429: {"model": Problem, "description": "rate limited"},
                                                503: {"model": Problem, "description": "store unavailable"}}
    api.include_router(read_api.router, responses=limited)
    api.include_router(incidents.router, responses=limited)
    api.include_router(exports.router, responses=limited)
    api.include_router(taxonomy_api.router, responses=limited)
    api.include_router(write_api.router, responses=limited)
    api.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    mount_docs(api)  # Swagger UI from local assets (the CSP forbids CDNs and inline scripts)

    @api.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    reads = TokenBucket(config.read_rate, config.read_burst) if config.read_rate > 0 else None
    writes = TokenBucket(config.write_rate, config.write_burst) if config.write_rate > 0 else None
    app = Limits(api, config.max_body_bytes, reads, writes, config.token or None)
    app.api = api  # type: ignore[attr-defined]
    return app


def _writer(api: FastAPI, store: Store, config: ServeConfig) -> None:
    # imported only when writes are on: the pipeline pulls in the article and coding stages
    from wirewatch.alerts import deliver_alerts, refresh_alerts
    from wirewatch.watch import PageProcessor, WatchConfig, Watcher

    processor = PageProcessor(store, config.settings, isolate=True)
    api.state.processor = processor
    api.state.background = [(lambda: None, processor.close)]
    watcher = Watcher(store, config.settings, WatchConfig(polite_delay_s=config.polite_delay_s,
                                                          allow_private=config.allow_private), processor=processor)
    api.state.watcher = watcher
    api.state.background.append((lambda: None, watcher.close))
    def refresh() -> None:
        refresh_alerts(store)
        deliver_alerts(store, config.settings)  # the webhook and mail the settings turn on
    api.state.refresh_alerts = refresh
    if config.watch_every_s:
        _background_watch(api, watcher, config.watch_every_s, api.state.refresh_alerts)


def _background_watch(api: FastAPI, watcher: Any, every_s: float, refresh: Any) -> None:
    """Feeds added through the API are polled by the server itself, in one daemon thread that
    shares the page processor (and so the store's single-writer lock) with POST /api/pages."""
    stop = threading.Event()

    def loop() -> None:
        def after(report: Any) -> None:
            if report.articles_new:
                refresh()
        while not stop.is_set():
            try:
                watcher.run(every_s, stop=stop, after_round=after)
            except WirewatchError as exc:  # a bad round is logged; the loop polls again later
                log.error("feed watching: %s", exc)
                stop.wait(every_s)

    thread = threading.Thread(target=loop, name="wirewatch-watch", daemon=True)
    def halt() -> None:  # the round in flight ends before the watcher's client is closed
        stop.set()
        if thread.is_alive():
            thread.join(timeout=30)

    api.state.background.append((thread.start, halt))


@asynccontextmanager
async def _lifespan(api: FastAPI) -> AsyncIterator[None]:
    """Starts and stops the server's background work (the feed watcher, when asked for)."""
    tasks = getattr(api.state, "background", [])
    for start, _ in tasks:
        start()
    yield
    for _, stop in reversed(tasks):
        stop()


def _version(reader: Reader) -> int:
    try:
        return reader.schema_version()
    except SQLAlchemyError as exc:  # an unreadable version is shown, not fatal
        log.warning("schema version unreadable: %s", exc)
        return 0
