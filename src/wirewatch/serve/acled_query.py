"""ACLED's API parameters over the stored incidents, so a query ported from ACLED's API asks the
same thing here (docs/api.md has the mapping):

- ``event_date=2020-03-01|2020-03-31&event_date_where=BETWEEN`` (or ``=``, ``>``, ``<``, ``>=``,
  ``<=`` with one date), ``year=2020``;
- ``country``, ``admin1``, ``event_type``, ``sub_event_type``: exact values, ``|`` between
  alternatives; ``iso`` (ISO 3166 numeric) and ``region`` (ACLED's name or number) are matched
  through each stored country's codes;
- ``inter1``, ``inter2``, ``interaction`` (the two inter codes, lower first, as ACLED writes them);
- ``actor1``, ``actor2``: a substring, any case;
- ``fields=event_date|country|fatalities``: the columns of each row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, true

from wirewatch.export.acled import ACLED_COLUMNS, LINK_COLUMNS
from wirewatch.export.derived import country_codes, region_names, region_of
from wirewatch.group.tables import incidents as I
from wirewatch.serve.filters import any_like

ROW_COLUMNS = ACLED_COLUMNS + LINK_COLUMNS
DATE_WHERE = {"=": "eq", ">": "gt", "<": "lt", ">=": "ge", "<=": "le", "BETWEEN": "between"}


class BadParameter(ValueError):
    """A parameter whose value cannot be read: ``name`` is the parameter."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def alternatives(raw: str | None) -> list[str]:
    """ACLED's ``a|b`` alternatives (empty parts dropped)."""
    return [p.strip() for p in (raw or "").split("|") if p.strip()][:100]


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    iso: list[int] = field(default_factory=list)
    region: list[str] = field(default_factory=list)  # ACLED region names
    years: list[str] = field(default_factory=list)
    date_op: str | None = None  # a DATE_WHERE value
    dates: tuple[str, ...] = ()
    inter1: list[int] = field(default_factory=list)
    inter2: list[int] = field(default_factory=list)
    interaction: list[tuple[int, int]] = field(default_factory=list)
    actor1: str | None = None
    actor2: str | None = None
    actor: str | None = None  # wirewatch's own: a substring of any actor (the dashboard's filter)
    text: str | None = None  # wirewatch's own ``q``: a substring of the notes, place or actors

    def where(self, stored_countries: list[str], fold: bool) -> ColumnElement[bool]:
        """The query as a WHERE clause over ``incidents``; iso and region become the stored
        country names whose codes match (``stored_countries``: the distinct stored names)."""
        conds: list[ColumnElement[bool]] = []
        for col, values in ((I.c.country, self.country), (I.c.admin1, self.admin1),
                            (I.c.event_type, self.event_type), (I.c.sub_event_type, self.sub_event_type),
                            (I.c.inter1, self.inter1), (I.c.inter2, self.inter2)):
            if values:
                conds.append(col.in_(values))
        if self.iso:
            conds.append(I.c.country.in_([c for c in stored_countries if country_codes(c).numeric in self.iso]))
        if self.region:
            conds.append(I.c.country.in_([c for c in stored_countries if region_of(c) in self.region]))
        if self.years:
            conds.append(func.substr(I.c.event_date, 1, 4).in_(self.years))
        if self.date_op:
            conds.append(_date_condition(self.date_op, self.dates))
        if self.interaction:
            conds.append(or_(*[_interaction(a, b) for a, b in self.interaction]))
        for cols, needle in (([I.c.actor1], self.actor1), ([I.c.actor2], self.actor2),
                             ([I.c.actor1, I.c.actor2, I.c.assoc_actor_1, I.c.assoc_actor_2], self.actor),
                             ([I.c.notes, I.c.location, I.c.actor1, I.c.actor2, I.c.admin1], self.text)):
            if needle:
                conds.append(any_like(cols, needle, fold))
        return and_(true(), *conds)


def _date_condition(op: str, dates: tuple[str, ...]) -> ColumnElement[bool]:
    col = I.c.event_date
    if op == "between":
        return and_(col >= dates[0], col <= dates[1])
    day = dates[0]
    return {"eq": col == day, "gt": col > day, "lt": col < day, "ge": col >= day, "le": col <= day}[op]


def _interaction(a: int, b: int) -> ColumnElement[bool]:
    """ACLED's interaction code ab (a <= b; b = 0 when there is no second actor)."""
    second = func.coalesce(I.c.inter2, 0)
    if b == 0:
        return and_(I.c.inter1 == a, second == 0)
    return or_(and_(I.c.inter1 == a, second == b), and_(I.c.inter1 == b, second == a))


def _ints(name: str, raw: str | None, digits: int) -> list[int]:
    values = alternatives(raw)
    if any(not v.isdigit() or len(v) > digits for v in values):
        raise BadParameter(name, f"{name}: expected numbers of up to {digits} digits separated by |")
    return [int(v) for v in values]


def _dates(raw: str | None, where: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The date condition.  Two dates are a range (ACLED's BETWEEN); one date takes the operator
    (``=`` by default; BETWEEN with one date is that day).  ``event_date_where`` alone is ignored,
    as ACLED's API does.  The patterns in ``serve.incidents`` have checked the forms."""
    days = tuple(alternatives(raw))[:2]
    if not days:
        return None, ()
    if len(days) == 2:
        return "between", (min(days), max(days))
    op = DATE_WHERE.get((where or "=").strip().upper(), "eq")
    return ("eq" if op == "between" else op), days


def _regions(raw: str | None) -> list[str]:
    """ACLED region names of ``a|b`` names or numbers; one that is neither matches nothing."""
    names = region_names()
    return [names.get(v.casefold(), f"(no region {v})") for v in alternatives(raw)]


def _interactions(raw: str | None) -> list[tuple[int, int]]:
    codes = _ints("interaction", raw, 2)
    return [(c // 10, c % 10) if c >= 10 else (c, 0) for c in codes]


def parse_query(params: dict[str, str | None]) -> IncidentQuery:
    """The incident query of ACLED-named parameters (``BadParameter`` names a bad one)."""
    years = alternatives(params.get("year"))
    if any(not (y.isdigit() and len(y) == 4) for y in years):
        raise BadParameter("year", "year: expected four-digit years separated by |")
    op, days = _dates(params.get("event_date"), params.get("event_date_where"))
    return IncidentQuery(
        country=alternatives(params.get("country")), admin1=alternatives(params.get("admin1")),
        event_type=alternatives(params.get("event_type")), sub_event_type=alternatives(params.get("sub_event_type")),
        iso=_ints("iso", params.get("iso"), 3), region=_regions(params.get("region")), years=years,
        date_op=op, dates=days, inter1=_ints("inter1", params.get("inter1"), 1),
        inter2=_ints("inter2", params.get("inter2"), 1), interaction=_interactions(params.get("interaction")),
        actor1=params.get("actor1") or None, actor2=params.get("actor2") or None,
        actor=params.get("actor") or None, text=params.get("q") or None)


_COLUMN = "(?:" + "|".join(ROW_COLUMNS) + ")"
FIELDS_PATTERN = rf"^(?:{_COLUMN}(?:[|,]{_COLUMN})*)?$"


def parse_fields(raw: str | None) -> list[str]:
    """``fields=a|b`` (or commas): the row columns asked for, in ACLED's order; all when empty
    (``FIELDS_PATTERN`` has checked the names)."""
    wanted = [f.strip() for f in (raw or "").replace(",", "|").split("|") if f.strip()]
    unknown = [f for f in wanted if f not in ROW_COLUMNS]
    if unknown:
        raise BadParameter("fields", f"fields: unknown column(s) {', '.join(unknown[:5])}")
    return [c for c in ROW_COLUMNS if c in wanted] if wanted else list(ROW_COLUMNS)


# -- keyset cursor ----------------------------------------------------------------------------
CURSOR_PATTERN = r"^[0-9-]{0,10}~[0-9]{1,15}$"


def encode_cursor(event_date: str | None, incident_id: int) -> str:
    """The position after one row, in the listing's order (undated first, then by date and id):
    ``2020-03-05~123``."""
    return f"{event_date or ''}~{incident_id}"


def decode_cursor(token: str) -> tuple[str, int]:
    day, _, ident = token.rpartition("~")
    if not ident.isdigit():
        raise BadParameter("after", "after: not a cursor given by this API's `next` link")
    return day, int(ident)


def after_condition(token: str | None) -> ColumnElement[bool]:
    if not token:
        return true()
    day, ident = decode_cursor(token)
    key = func.coalesce(I.c.event_date, "")
    return or_(key > day, and_(key == day, I.c.id > ident))


def order_by() -> tuple[Any, Any]:
    return func.coalesce(I.c.event_date, ""), I.c.id
