"""The API's event filters: ``EventFilter`` (a WHERE clause over the store's events or
incidents, in ``wirewatch.store.filters``) and the parsing of a ``bbox`` parameter."""

from __future__ import annotations

from wirewatch.store.filters import EventFilter, any_like

__all__ = ["BBOX_PATTERN", "EventFilter", "any_like", "parse_bbox"]

BBOX_PATTERN = r"^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$"


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees, clamped to the globe (ValueError if not 4 numbers).
    A box whose south is above its north matches nothing; west > east crosses the antimeridian."""
    if not raw:
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise ValueError("bbox is west,south,east,north")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise ValueError("bbox values must be numbers") from exc
    return _clamp(west, 180.0), _clamp(south, 90.0), _clamp(east, 180.0), _clamp(north, 90.0)


def _clamp(value: float, limit: float) -> float:
    return min(limit, max(-limit, value))
