"""Exports of the stored events: ACLED-column CSV and JSON Lines (GeoJSON and Parquet follow)."""

from __future__ import annotations

from wirewatch.export.acled import ACLED_COLUMNS, acled_row, write_csv, write_jsonl

__all__ = ["ACLED_COLUMNS", "acled_row", "write_csv", "write_jsonl"]
