"""Query parameters a route does not declare are refused (422 naming them), never ignored: a
query ported from another API (``?event_date=...``) must not silently return everything."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

_KNOWN: dict[int, frozenset[str]] = {}


def _declared(route: Any) -> frozenset[str]:
    """The query parameter names a route (and its dependencies) declares, cached per route."""
    key = id(route)
    if key not in _KNOWN:
        _KNOWN[key] = frozenset(_query_names(route.dependant))
    return _KNOWN[key]


def _query_names(dependant: Any) -> set[str]:
    names = {str(p.alias) for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_params(request: Request) -> None:
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    known = _declared(route)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in known]
    if unknown:
        raise RequestValidationError([
            {"type": "extra_forbidden", "loc": ("query", name), "input": request.query_params.get(name),
             "msg": f"unknown query parameter {name!r}; this endpoint takes: {', '.join(sorted(known)) or 'none'}"}
            for name in unknown])
