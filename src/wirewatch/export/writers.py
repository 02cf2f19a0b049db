"""The export formats' writers, all over the same incident records (``acled.record``); the
registry that names them (``formats.FORMATS``) is in ``formats.py``:

- ``acled-csv``: ACLED's columns in ACLED's order, then ``wirewatch_id`` and ``source_urls``;
- ``csv``: the same plus wirewatch's columns (fatality range, number of reports, evidence JSON);
- ``jsonl``: one object per incident with everything, sources and evidence as nested lists;
- ``geojson``: an RFC 7946 FeatureCollection of points (longitude, latitude; WGS 84) with flat
  properties, which QGIS and geopandas open as they are (incidents without coordinates are left
  out: a Feature without a place cannot be drawn; the count is logged);
- ``parquet``: GeoParquet 1.0: typed columns (``event_date`` a date, numbers numeric,
  ``source_urls`` a list of strings) that pandas and DuckDB read without options, plus a WKB
  point ``geometry`` column and the ``geo`` metadata that ``geopandas.read_parquet`` reads
  (longitude, latitude on WGS 84, OGC:CRS84; null where the incident has no place).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from wirewatch.errors import ConfigError
from wirewatch.export.acled import ACLED_COLUMNS, EXTRA_COLUMNS, LINK_COLUMNS, acled_row, record

log = logging.getLogger(__name__)

WIDE_COLUMNS = ACLED_COLUMNS + LINK_COLUMNS + EXTRA_COLUMNS


def write_acled_csv(incidents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + LINK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, inc in enumerate(incidents, 1):
        writer.writerow(acled_row(inc))
    return n


def write_csv(incidents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=WIDE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, inc in enumerate(incidents, 1):
        writer.writerow(_flat(record(inc)))
    return n


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    out = {k: ("" if v is None else v) for k, v in rec.items()}
    out["source_urls"] = " ".join(rec["source_urls"])
    return out


def write_jsonl(incidents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for n, inc in enumerate(incidents, 1):
        obj = {**record(inc), "evidence": inc.get("evidence") or [], "sources": inc.get("sources") or [],
               "reported": inc.get("reported") or {}, "event_keys": inc.get("event_keys") or []}
        out.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    return n


FEATURES_OPEN = '{"type": "FeatureCollection", "features": ['
FEATURES_CLOSE = "\n]}\n"


def point_feature(rec: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any] | None:
    """An incident record as a GeoJSON point Feature, or None when it has no coordinates."""
    if rec["latitude"] is None or rec["longitude"] is None:
        return None
    return {"type": "Feature", "id": rec["wirewatch_id"],
            "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
            "properties": properties}


def feature_text(feature: dict[str, Any], n: int) -> str:
    """The ``n``-th feature of a streamed FeatureCollection (0 first)."""
    return ("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False, default=str)


def write_geojson(incidents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Streams the FeatureCollection (a store may hold more incidents than memory)."""
    out.write(FEATURES_OPEN)
    n = skipped = 0
    for inc in incidents:
        rec = record(inc)
        props = {k: v for k, v in _flat(rec).items() if k not in ("latitude", "longitude")}
        props = {k: (None if v == "" else v) for k, v in props.items()}
        feature = point_feature(rec, {**props, "latitude": rec["latitude"], "longitude": rec["longitude"]})
        if feature is None:
            skipped += 1
            continue
        out.write(feature_text(feature, n))
        n += 1
    out.write(FEATURES_CLOSE)
    if skipped:
        log.warning("geojson: %d incident(s) without coordinates left out", skipped)
    return n


def _arrow_schema() -> Any:
    import pyarrow as pa

    ints = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
            "fatalities", "n_reports", "fatalities_best", "fatalities_low", "fatalities_high"}
    fields = []
    for col in WIDE_COLUMNS:
        if col == "event_date":
            kind = pa.date32()
        elif col in ("latitude", "longitude", "confidence"):
            kind = pa.float64()
        elif col == "timestamp":
            kind = pa.int64()
        elif col in ints:
            kind = pa.int32() if col != "fatalities" else pa.int64()
        elif col == "source_urls":
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        fields.append(pa.field(col, kind))
    fields.append(pa.field("geometry", pa.binary()))
    return pa.schema(fields, metadata={b"geo": json.dumps(GEO_METADATA).encode()})


# GeoParquet 1.0's file metadata; no "crs" key means OGC:CRS84 (longitude, latitude on WGS 84)
GEO_METADATA = {"version": "1.0.0", "primary_column": "geometry",
                "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}


def _wkb_point(lon: float | None, lat: float | None) -> bytes | None:
    """A point as little-endian WKB (byte order 1, geometry type 1, x, y)."""
    if lon is None or lat is None:
        return None
    return struct.pack("<BIdd", 1, 1, float(lon), float(lat))


def write_parquet(incidents: Iterable[dict[str, Any]], path: Path, batch: int = 10_000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("parquet export needs pyarrow: pip install 'wirewatch[export]'") from exc
    schema = _arrow_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for rows in _batches((record(i) for i in incidents), batch):
            for r in rows:
                r["event_date"] = dt.date.fromisoformat(r["event_date"]) if r["event_date"] else None
                r["geometry"] = _wkb_point(r["longitude"], r["latitude"])
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

