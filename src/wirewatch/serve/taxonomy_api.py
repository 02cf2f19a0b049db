"""``GET /api/taxonomy``: ACLED's event types (with sub-types, disorder type, family and the
dashboard's colour) and inter codes, as ``data/acled_taxonomy.yaml`` writes them; the dashboard
reads its type colours and legend from it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from wirewatch.serve.params import reject_unknown_params
from wirewatch.taxonomy import taxonomy

router = APIRouter(prefix="/api", tags=["reference"], dependencies=[Depends(reject_unknown_params)])


@router.get("/taxonomy", summary="ACLED's event types, sub-event types, disorder types and inter codes")
def get_taxonomy() -> dict[str, Any]:
    return taxonomy().as_json()
