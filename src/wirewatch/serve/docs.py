"""``/docs``: the API's Swagger UI, served from this server alone.  The dashboard's CSP allows
scripts and styles from the server's own origin only, so FastAPI's default page (assets from a
CDN, an inline start-up script) cannot run; here the Swagger UI assets come from the
``fastapi-offline`` package (a dependency of the ``serve`` extra) and the start-up script is
``static/docs.js``."""

from __future__ import annotations

import logging
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

log = logging.getLogger(__name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirewatch API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
<script defer src="/docs-assets/swagger-ui-bundle.js"></script>
<script defer src="/static/docs.js"></script>
</head><body><div id="swagger-ui"></div></body></html>
"""
MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirewatch API</title></head><body>
<h1>wirewatch API</h1><p>The interactive documentation needs the <code>fastapi-offline</code>
package (<code>pip install 'wirewatch[serve]'</code>). The API's description is at
<a href="/openapi.json">/openapi.json</a>.</p></body></html>
"""


def assets_dir() -> Path | None:
    spec = find_spec("fastapi_offline")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def mount_docs(api: FastAPI) -> None:
    folder = assets_dir()
    if folder is None:
        log.warning("/docs: fastapi-offline is not installed; serving a plain page")
    else:
        api.mount("/docs-assets", StaticFiles(directory=str(folder)), name="docs-assets")

    @api.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE if folder is not None else MISSING)
