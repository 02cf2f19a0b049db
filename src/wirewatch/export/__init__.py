"""Exports of the stored incidents (merged events): ACLED CSV, wide CSV, JSON Lines, GeoJSON,
Parquet.  Every exported event links back to its sources (URLs) and evidence."""

from __future__ import annotations

from wirewatch.export.acled import ACLED_COLUMNS, acled_row, record
from wirewatch.export.formats import FORMATS, ExportFormat, export, register
from wirewatch.export.writers import (
    write_acled_csv,
    write_csv,
    write_geojson,
    write_jsonl,
    write_parquet,
)

__all__ = ["ACLED_COLUMNS", "FORMATS", "ExportFormat", "acled_row", "export", "record", "register",
           "write_acled_csv", "write_csv", "write_geojson", "write_jsonl", "write_parquet"]
