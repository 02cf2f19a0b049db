"""POST/DELETE endpoints.  They exist only when the operator set a token (``WIREWATCH_TOKEN``);
without one the server is read-only and they answer 403."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import page_from_url
from wirewatch.records import Page, Rejection
from wirewatch.serve import merges
from wirewatch.serve import models as m

bearer = HTTPBearer(auto_error=False, description="the operator's WIREWATCH_TOKEN")
Id = Annotated[int, Path(ge=1, le=2**53)]
DENIED: dict[int | str, dict[str, Any]] = {401: {"model": m.Problem}, 403: {"model": m.Problem}}


def require_token(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(403, "this server is read-only (start it with WIREWATCH_TOKEN set)")
    given = creds.credentials if creds is not None else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/api", tags=["write"], dependencies=[Depends(require_token)], responses=DENIED)


def _page(body: m.PageIn, request: Request) -> Page | Rejection:
    given = [k for k in ("html", "text") if getattr(body, k) is not None]
    if len(given) > 1 or (not given and not body.url):
        raise HTTPException(400, "give a url to fetch, or the page as html or text (one of them)")
    settings = request.app.state.settings
    if not given:
        assert body.url is not None
        return page_from_url(body.url, settings.max_page_bytes, settings.fetch_timeout_s,
                             request.app.state.allow_private)
    content = (body.html if body.html is not None else body.text or "").encode("utf-8")
    if len(content) > settings.max_page_bytes:  # the page's own bytes, not its JSON-escaped form
        raise HTTPException(413, f"the page is {len(content):,} bytes, over the {settings.max_page_bytes:,} "
                                 "byte limit (max_page_bytes)")
    if not content.strip():
        raise HTTPException(400, "the page is empty")
    source = body.url or f"api:{hashlib.sha256(content).hexdigest()[:16]}"
    if body.url and not body.url.lower().startswith(("http://", "https://")):
        raise HTTPException(400, "url must be http(s)")
    try:
        host = urlsplit(body.url).hostname if body.url else None  # the site, as every reader gives it
    except ValueError as exc:  # "http://[zz]/x"
        raise HTTPException(400, f"url is malformed: {exc}") from exc
    if body.html is not None:
        return Page(source=source, content=content, url=body.url, kind="html", site_hint=host)
    return Page(source=source, content=content, url=body.url, kind="text", text=body.text, site_hint=host)


@router.post("/pages", response_model=m.PageResult, responses={400: {"model": m.Problem}, 413: {"model": m.Problem}},
             summary="Process a page (or fetch a URL) into the store")
async def submit_page(body: m.PageIn, request: Request) -> dict[str, Any]:
    page = await run_in_threadpool(_page, body, request)  # a URL is fetched: off the event loop
    result = await run_in_threadpool(request.app.state.processor.process, page)
    if result.new:
        await run_in_threadpool(request.app.state.refresh_alerts)
    rejection = None
    if result.rejection is not None:
        r = result.rejection
        rejection = {"stage": r.stage, "reason": r.reason, "detail": r.detail}
    return {"stored": result.stored, "new": result.new, "article_id": result.article_id,
            "events": result.events, "rejection": rejection}


@router.post("/feeds", response_model=m.Feed, status_code=201, responses={400: {"model": m.Problem}},
             summary="Watch a feed (polled by `wirewatch watch`)")
def add_feed(body: m.FeedIn, request: Request) -> dict[str, Any]:
    try:
        feed_id = request.app.state.watcher.add_feed(body.url, body.every_s)
    except FetchError as exc:
        raise HTTPException(400, f"{exc.reason}: {exc.detail}") from exc
    return next(f for f in request.app.state.reader.feeds() if f["id"] == feed_id)


@router.delete("/feeds/{feed_id}", status_code=204, responses={404: {"model": m.Problem}},
               summary="Stop watching a feed (what it brought in stays)")
def remove_feed(feed_id: Id, request: Request) -> None:
    if not request.app.state.watcher.remove_feed(feed_id):
        raise HTTPException(404, f"no active feed {feed_id}")


@router.post("/merges/{merge_id}/undo", response_model=m.MergeUndone, responses={404: {"model": m.Problem}},
             summary="Undo a merge: the event leaves the incident for one of its own, never merged back")
def undo_merge(merge_id: Id, request: Request) -> dict[str, Any]:
    try:
        key = merges.undo(request.app.state.write_store, merge_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"merge_id": merge_id, "incident_key": key}
