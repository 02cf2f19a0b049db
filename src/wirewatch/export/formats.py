"""The export-format registry: one ``ExportFormat`` entry per format.

``wirewatch export --format``, the REST download ``GET /api/export/{format}`` and the format
list ``GET /api/export`` all read ``FORMATS``; adding a format is one ``register(...)`` call
(a writer over incident records, a media type and a file suffix), not edits in four files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wirewatch.errors import ConfigError, WirewatchError
from wirewatch.export import writers

if TYPE_CHECKING:
    from wirewatch.store import Store

Incidents = Iterable[dict[str, Any]]
TextWriter = Callable[[Incidents, IO[str]], int]
FileWriter = Callable[[Incidents, Path], int]


@dataclass(frozen=True)
class ExportFormat:
    """One export format. Exactly one of ``write_text`` (streams to a text stream: stdout, a
    response body) and ``write_file`` (binary, needs a path to write to) is given."""

    name: str
    summary: str  # one line for --help, docs/cli.md and GET /api/export
    media_type: str
    suffix: str  # the file name's ending, with its dot
    write_text: TextWriter | None = None
    write_file: FileWriter | None = None

    def __post_init__(self) -> None:
        if (self.write_text is None) == (self.write_file is None):
            raise ValueError(f"export format {self.name!r}: give exactly one of write_text and write_file")

    @property
    def streams(self) -> bool:
        """True when the format writes text to a stream; False when it needs an output file."""
        return self.write_text is not None

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "summary": self.summary, "media_type": self.media_type,
                "suffix": self.suffix, "streams": self.streams}


FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add (or replace) a format; every reader of ``FORMATS`` offers it from then on."""
    FORMATS[fmt.name] = fmt
    return fmt


def get(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ConfigError(f"unknown export format {name!r}: expected one of {', '.join(FORMATS)}") from None


register(ExportFormat("acled-csv", "ACLED's column names and conventions", "text/csv; charset=utf-8", ".csv",
                      write_text=writers.write_acled_csv))
register(ExportFormat("csv", "a wide CSV with wirewatch's extra fields", "text/csv; charset=utf-8", ".csv",
                      write_text=writers.write_csv))
register(ExportFormat("jsonl", "one object per event with its sources and evidence", "application/x-ndjson",
                      ".jsonl", write_text=writers.write_jsonl))
register(ExportFormat("geojson", "a FeatureCollection of points (QGIS, geopandas)", "application/geo+json",
                      ".geojson", write_text=writers.write_geojson))
register(ExportFormat("parquet", "typed columns (pandas, DuckDB; needs `-o`)", "application/vnd.apache.parquet",
                      ".parquet", write_file=writers.write_parquet))


def write(fmt: ExportFormat, incidents: Incidents, out: IO[str] | Path) -> int:
    """Write ``incidents`` in ``fmt`` to a text stream or a file; return how many."""
    if fmt.write_file is not None:
        if not isinstance(out, Path):
            raise ConfigError(f"{fmt.name} is binary: give an output file (-o FILE)")
        return fmt.write_file(incidents, out)
    assert fmt.write_text is not None  # __post_init__: one of the two is set
    if not isinstance(out, Path):
        return fmt.write_text(incidents, out)
    try:
        with out.open("w", encoding="utf-8", newline="") as stream:
            return fmt.write_text(incidents, stream)
    except OSError as exc:
        raise WirewatchError(f"{out}: cannot write the export: {exc}") from exc


def export(store: Store, fmt: str, out: IO[str] | Path, country: str | None = None,
           since: str | None = None, until: str | None = None, event_type: str | None = None) -> int:
    """Write the store's incidents (optionally filtered) in ``fmt``; return how many.
    ``out`` is a text stream, or a path (required for a format that does not stream)."""
    from wirewatch.group.incidents import iter_incidents

    chosen = get(fmt)
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError as exc:
                raise ConfigError(f"--{name} {value!r}: expected a date as YYYY-MM-DD") from exc
    rows = iter_incidents(store, country=country, since=since, until=until, event_type=event_type)
    return write(chosen, rows, out)
