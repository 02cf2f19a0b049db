"""Downloads in every registered export format (``export.formats.FORMATS``): ``GET /api/export``
lists them, ``GET /api/export/{name}`` writes the incidents an ACLED query matches in one, with
the format's own writer, media type and file suffix. A format registered in the registry is
offered here with no edit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from wirewatch.export import formats
from wirewatch.serve import incidents
from wirewatch.serve.params import reject_unknown_params

router = APIRouter(prefix="/api", tags=["incidents"], dependencies=[Depends(reject_unknown_params)])
FormatName = Annotated[str, PathParam(max_length=100, description="a name `GET /api/export` lists")]


@router.get("/export", summary="The export formats `GET /api/export/{name}` writes")
def list_formats(request: Request) -> list[dict[str, Any]]:
    return [{**fmt.describe(), "url": str(request.url_for("export_incidents", name=fmt.name))}
            for fmt in formats.FORMATS.values()]


@router.get("/export/{name}", response_class=FileResponse,
            responses={200: {"description": "the file, in the format's media type"},
                       404: {"description": "no such export format"}},
            summary="Every matching incident in one export format (what `wirewatch export --format` writes)")
def export_incidents(request: Request, name: FormatName, params: incidents.Params, db: incidents.Db,
                     limit: incidents.DOWNLOAD_LIMIT = None) -> FileResponse:
    fmt = formats.FORMATS.get(name)
    if fmt is None:
        raise HTTPException(404, f"unknown export format {name!r}: expected one of {', '.join(formats.FORMATS)}")
    fields = request.query_params.get("fields")
    if fields is not None:  # a format fixes its own columns: never ignore a parameter silently
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "fields"), "input": fields,
                                       "msg": "an export format has its own columns; /api/incidents takes fields"}])
    query, _columns = params
    rows = incidents.matching_rows(db, query, limit)
    handle, name = tempfile.mkstemp(prefix="wirewatch-export-", suffix=fmt.suffix)
    os.close(handle)
    path = Path(name)
    try:
        formats.write(fmt, rows, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, media_type=fmt.media_type, filename=f"incidents{fmt.suffix}",
                        background=BackgroundTask(path.unlink, missing_ok=True))
