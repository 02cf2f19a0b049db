"""The read side of the API: plain SQLAlchemy Core queries over a store opened read-only,
returning dicts that match ``serve.models``.  Every query pages or caps its result, so no
request reads the world.  Evidence spans come back as stored; locating them in the text is the
API's (``serve.evidence``)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    case,
    desc,
    func,
    inspect,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import SQLAlchemyError

from wirewatch.errors import StoreError
from wirewatch.store import schema
from wirewatch.store.filters import EventFilter
from wirewatch.store.incidents import with_sources
from wirewatch.store.migrations import current_version
from wirewatch.store.store import Store
from wirewatch.store.tables import alerts, feed_items, feeds, incident_members, incidents, merges

log = logging.getLogger(__name__)

E, A = schema.events, schema.articles
SUMMARY_COLS = [E.c.id, E.c.event_key, E.c.event_date, E.c.event_type, E.c.sub_event_type, E.c.actor1,
                E.c.actor2, E.c.country, E.c.admin1, E.c.admin2, E.c.location, E.c.latitude, E.c.longitude,
                E.c.geo_precision, E.c.fatalities, E.c.confidence, E.c.notes, E.c.article_id,
                A.c.title, A.c.url, A.c.site]
POINT_FIELDS = ["id", "latitude", "longitude", "event_date", "event_type", "fatalities", "country", "admin1",
                "geo_precision"]
# an incident's dot: its own id, the report a click opens, and how many reports it merges
INCIDENT_POINT_FIELDS = ["id", "event_id", "n_reports", *POINT_FIELDS[1:]]
COUNT_CAP = 1_000
# NULLs placed explicitly, as SQLite does by default (PostgreSQL puts them the other way round)
SORTS = {"date_desc": (desc(E.c.event_date).nulls_last(), desc(E.c.id)),
         "date_asc": (E.c.event_date.asc().nulls_first(), E.c.id),
         "fatalities_desc": (desc(E.c.fatalities), desc(E.c.id))}


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links leave the server: a scraped ``javascript:`` URL is dropped."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _summary(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    out["url"] = _safe_url(out.get("url"))
    return out


def _point_page(fields: list[str], rows: list[Any], limit: int) -> dict[str, Any]:
    return {"total": min(len(rows), limit), "truncated": len(rows) > limit, "fields": fields,
            "rows": [list(r) for r in rows[:limit]]}


def _sqlite_path(engine: Engine) -> str | None:
    if engine.dialect.name != "sqlite":
        return None
    db = str(engine.url.database or "").removeprefix("file:")
    return db if db and db != ":memory:" else None


class Reader:
    """Read-only queries over one store (opened ``read_only``)."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.dialect: str = self.engine.dialect.name
        self.sqlite_path = _sqlite_path(self.engine)  # None: not a file (PostgreSQL, memory)
        self._tables: set[str] = set()

    def has_table(self, name: str) -> bool:
        # cached once seen: a writer may migrate the store while the server runs
        if name not in self._tables and inspect(self.engine).has_table(name):
            self._tables.add(name)
        return name in self._tables

    def rows(self, query: Any) -> list[Any]:
        """Every row of a query (a store failure becomes ``StoreError``: 503)."""
        return self._all(query)

    def _all(self, query: Any) -> list[Any]:
        try:
            with self.engine.connect() as conn:
                return list(conn.execute(query))
        except SQLAlchemyError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """One read connection for several queries (a store failure becomes ``StoreError``)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def schema_version(self) -> int:
        return current_version(self.engine)

    # -- events -----------------------------------------------------------------------------
    def where(self, flt: EventFilter, fts: bool = True) -> ColumnElement[bool]:
        return flt.where(self.dialect, fts=fts and self.has_table("events_fts"))

    def count_query(self, flt: EventFilter) -> Any:
        """Counting stops at COUNT_CAP: an exact count of a common word over a big store is a full
        scan, and "1,000+" tells a reader of a list as much (``/api/points`` counts exactly)."""
        capped = select(literal(1)).select_from(E).where(self.where(flt)).limit(COUNT_CAP + 1).subquery()
        return select(func.count()).select_from(capped)

    def page_query(self, flt: EventFilter, limit: int, offset: int, sort: str, total: int) -> Any:
        """The page's rows.  Walking the date index pays off only when matches are common (the walk
        stops after offset+limit of them); for rare matches SQLite would walk the whole index with a
        table lookup per row, ten times slower than a plain scan, so the sort key is made an
        expression (COALESCE) that the index cannot serve, and SQLite scans and sorts instead."""
        order = SORTS[sort]
        rare = total <= COUNT_CAP and total < 4 * (offset + limit)  # a capped count is not rare
        if sort != "fatalities_desc" and self.dialect == "sqlite" and rare:
            key = func.coalesce(E.c.event_date, "")
            order = (desc(key), desc(E.c.id)) if sort == "date_desc" else (key, E.c.id)
        # likewise the text index: it pays for rare words; a common one is found sooner by LIKE
        # on the rows the date walk visits anyway
        return (select(*SUMMARY_COLS).select_from(E.join(A, A.c.id == E.c.article_id))
                .where(self.where(flt, fts=rare)).order_by(*order).limit(limit).offset(offset))

    def events(self, flt: EventFilter, limit: int, offset: int, sort: str = "date_desc") -> dict[str, Any]:
        total = int(self._all(self.count_query(flt))[0][0])
        past_the_end = total <= COUNT_CAP and total <= offset  # a capped count says nothing of the end
        rows = [] if past_the_end else self._all(self.page_query(flt, limit, offset, sort, total))
        return {"total": min(total, COUNT_CAP), "total_exact": total <= COUNT_CAP, "limit": limit,
                "offset": offset, "items": [_summary(r) for r in rows]}

    def points(self, flt: EventFilter, limit: int, level: str = "incidents") -> dict[str, Any]:
        """Every matching incident (one dot per happening, however many outlets reported it) or,
        with ``level="reports"``, every matching report, as compact rows, the newest first."""
        if level == "incidents" and self.has_table("incidents"):
            return self._incident_points(flt, limit)
        cols = [getattr(E.c, f) for f in POINT_FIELDS]
        # the newest events when there are more than the limit (undated ones last, on any engine)
        rows = self._all(select(*cols).where(self.where(flt))
                         .order_by(E.c.event_date.desc().nulls_last(), desc(E.c.id)).limit(limit + 1))
        return _point_page(POINT_FIELDS, rows, limit)

    def _incident_points(self, flt: EventFilter, limit: int) -> dict[str, Any]:
        """Incidents whose own (reconciled) values match the filter, the same rows the incidents
        download gives; ``event_id`` is the incident's first report, the one a click opens."""
        im, inc = incident_members, incidents
        first = (select(im.c.incident_id, func.min(im.c.event_id).label("event_id"))
                 .group_by(im.c.incident_id).subquery())
        cols = [first.c.event_id if f == "event_id" else getattr(inc.c, f) for f in INCIDENT_POINT_FIELDS]
        rows = self._all(select(*cols).select_from(inc.join(first, first.c.incident_id == inc.c.id))
                         .where(flt.where(self.dialect, rows=inc))
                         .order_by(inc.c.event_date.desc().nulls_last(), desc(inc.c.id)).limit(limit + 1))
        return _point_page(INCIDENT_POINT_FIELDS, rows, limit)

    def event(self, event_id: int) -> dict[str, Any] | None:
        """The event with its article's title, URL, site and ``article_text``, its evidence as
        stored, its sources and its incident."""
        rows = self._all(select(E, A.c.title, A.c.url, A.c.site, A.c.text.label("article_text"),
                                A.c.group_id).join(A, A.c.id == E.c.article_id).where(E.c.id == event_id))
        if not rows:
            return None
        out = dict(rows[0]._mapping)
        out["article_text"] = out["article_text"] or ""
        out.update(url=_safe_url(out["url"]),
                   sources=self._sources(event_id, out["article_id"], out.pop("group_id")),
                   incident_id=self._incident_of(event_id))
        return out

    def _incident_of(self, event_id: int) -> int | None:
        if not self.has_table("incident_members"):
            return None
        im = incident_members
        rows = self._all(select(im.c.incident_id).where(im.c.event_id == event_id))
        return int(rows[0][0]) if rows else None

    def _sources(self, event_id: int, article_id: int, group_id: str | None) -> list[dict[str, Any]]:
        """Every article behind the event: the one it was coded from, copies of the same story
        (``group_id``) and the reports merged with it into one incident (``wirewatch.group``)."""
        merged = self._merged_articles(event_id)
        cond = (A.c.id == article_id) | A.c.id.in_(merged or [-1])
        if group_id:
            cond = cond | (A.c.group_id == group_id)
        rows = self._all(select(A.c.id, A.c.title, A.c.url, A.c.site, A.c.published, A.c.agency, A.c.group_id)
                         .where(cond).order_by(A.c.published.asc().nulls_first(), A.c.id).limit(200))

        def role(r: Any) -> str:
            if r.id == article_id:
                return "coded"
            return "same story" if group_id and r.group_id == group_id else "merged report"
        return [{"article_id": r.id, "title": r.title, "url": _safe_url(r.url), "site": r.site,
                 "published": r.published, "agency": r.agency, "role": role(r)} for r in rows]

    def _merged_articles(self, event_id: int) -> list[int]:
        if not self.has_table("incident_members"):
            return []
        im = incident_members
        mine = select(im.c.incident_id).where(im.c.event_id == event_id).scalar_subquery()
        rows = self._all(select(E.c.article_id).join(im, im.c.event_id == E.c.id)
                         .where(im.c.incident_id == mine, E.c.id != event_id).limit(500))
        return [int(r[0]) for r in rows]

    # -- articles ---------------------------------------------------------------------------
    def articles(self, limit: int, offset: int, site: str | None, text: str | None) -> dict[str, Any]:
        n_events = select(func.count()).where(E.c.article_id == A.c.id).scalar_subquery()
        cond: ColumnElement[bool] = A.c.id.is_not(None)
        if site:
            cond = cond & (A.c.site == site)
        if text:
            cond = cond & A.c.title.ilike(f"%{text.replace('%', '').replace('_', '')}%")
        total = self._all(select(func.count()).select_from(A).where(cond))[0][0]
        rows = self._all(select(A.c.id, A.c.title, A.c.url, A.c.site, A.c.published, A.c.agency,
                                A.c.language, n_events.label("events"))
                         .where(cond).order_by(desc(A.c.id)).limit(limit).offset(offset))
        return {"total": int(total), "limit": limit, "offset": offset, "items": [_summary(r) for r in rows]}

    def article(self, article_id: int) -> dict[str, Any] | None:
        """The article, and its events' (id, evidence as stored) in order as ``event_evidence``."""
        rows = self._all(select(A).where(A.c.id == article_id))
        if not rows:
            return None
        art = dict(rows[0]._mapping)
        evidence = [(int(eid), found) for eid, found in self._all(
            select(E.c.id, E.c.evidence).where(E.c.article_id == article_id).order_by(E.c.ordinal))]
        keep = ("id", "title", "site", "published", "agency", "language", "source", "dateline", "byline", "text")
        return {**{k: art[k] for k in keep}, "url": _safe_url(art["url"]), "events": len(evidence),
                "event_evidence": evidence, "event_ids": [eid for eid, _ in evidence]}

    # -- aggregates -------------------------------------------------------------------------
    def actors(self, flt: EventFilter, text: str | None, limit: int) -> list[dict[str, Any]]:
        where = self.where(flt)
        parts = [select(col.label("name"), E.c.fatalities).where(where, col.is_not(None), col != "")
                 for col in (E.c.actor1, E.c.actor2)]
        both = union_all(*parts).subquery()
        query = select(both.c.name, func.count().label("events"),
                       func.coalesce(func.sum(both.c.fatalities), 0).label("fatalities"))
        if text:
            query = query.where(both.c.name.ilike(f"%{text.replace('%', '').replace('_', '')}%"))
        rows = self._all(query.group_by(both.c.name).order_by(desc("events"), both.c.name).limit(limit))
        return [dict(r._mapping) for r in rows]

    def places(self, flt: EventFilter, limit: int) -> list[dict[str, Any]]:
        query = (select(E.c.country, E.c.admin1, E.c.location, func.avg(E.c.latitude).label("latitude"),
                        func.avg(E.c.longitude).label("longitude"), func.count().label("events"),
                        func.coalesce(func.sum(E.c.fatalities), 0).label("fatalities"))
                 .where(self.where(flt)).group_by(E.c.country, E.c.admin1, E.c.location)
                 .order_by(desc("events"), E.c.country, E.c.admin1, E.c.location).limit(limit))
        return [dict(r._mapping) for r in self._all(query)]

    def timeseries(self, flt: EventFilter, group_by: str, interval: str, top: int,
                   level: str = "incidents") -> dict[str, Any]:
        """Counts and fatalities per period of the incidents (or, ``level="reports"``, the
        reports) matching the filter, per group."""
        t, where = E, self.where(flt)
        if level == "incidents" and self.has_table("incidents"):
            t = incidents
            where = flt.where(self.dialect, rows=t)
        key_col = {"country": t.c.country, "admin1": t.c.admin1, "event_type": t.c.event_type,
                   "all": literal("all")}[group_by]
        width = {"day": 10, "month": 7, "year": 4}[interval]
        period = func.substr(t.c.event_date, 1, width)
        rows = self._all(select(key_col.label("key"), period.label("period"), func.count(),
                                func.coalesce(func.sum(t.c.fatalities), 0))
                         .where(where, t.c.event_date.is_not(None), func.length(t.c.event_date) >= width)
                         .group_by(key_col, period).order_by(period))
        series: dict[str, dict[str, Any]] = defaultdict(lambda: {"events": 0, "fatalities": 0, "points": []})
        for key, day, n, dead in rows:
            s = series[str(key) if key is not None else "(unknown)"]
            s["events"] += int(n)
            s["fatalities"] += int(dead)
            s["points"].append({"date": day, "events": int(n), "fatalities": int(dead)})
        ranked = sorted(series.items(), key=lambda kv: (-kv[1]["events"], kv[0]))[:top]
        return {"group_by": group_by, "interval": interval,
                "series": [{"key": k, **v} for k, v in ranked]}

    def facets(self, country: str | None) -> dict[str, Any]:
        def count_by(col: Any, where: Any = None) -> list[dict[str, Any]]:
            q = select(col, func.count(), func.coalesce(func.sum(E.c.fatalities), 0)).where(col.is_not(None))
            q = q.where(where) if where is not None else q
            return [{"name": n, "events": int(c), "fatalities": int(f)}
                    for n, c, f in self._all(q.group_by(col).order_by(desc(func.count()), col).limit(500))]
        types: dict[str, dict[str, Any]] = {}
        for t, sub, n in self._all(select(E.c.event_type, E.c.sub_event_type, func.count())
                                   .group_by(E.c.event_type, E.c.sub_event_type)):
            entry = types.setdefault(t, {"name": t, "events": 0, "sub_types": []})
            entry["events"] += int(n)
            entry["sub_types"].append(sub)
        first, last = self._all(select(func.min(E.c.event_date), func.max(E.c.event_date)))[0]
        n_incidents = 0
        if self.has_table("incidents"):
            n_incidents = int(self._all(select(func.count()).select_from(incidents))[0][0])
        return {"events": sum(t["events"] for t in types.values()), "incidents": n_incidents,
                "articles": int(self._all(select(func.count()).select_from(A))[0][0]),
                "first_date": first, "last_date": last, "countries": count_by(E.c.country),
                "admin1": count_by(E.c.admin1, E.c.country == country) if country else [],
                "event_types": sorted(types.values(), key=lambda t: (-t["events"], t["name"]))}

    # -- alerts and feeds -------------------------------------------------------------------
    def alerts(self, country: str | None, metric: str | None, since: str | None,
               limit: int) -> list[dict[str, Any]]:
        if not self.has_table("alerts"):
            return []
        query = select(alerts)
        for col, value in ((alerts.c.country, country), (alerts.c.metric, metric)):
            if value:
                query = query.where(col == value)
        if since:
            query = query.where(alerts.c.day >= since)
        rows = [dict(r._mapping) for r in self._all(query.order_by(desc(alerts.c.day), desc(alerts.c.score))
                                                    .limit(limit))]
        wanted = {i for r in rows for i in (r["event_ids"] or [])[:50]}
        brief = {r.id: dict(r._mapping) for r in self._all(
            select(E.c.id, E.c.event_date, E.c.event_type, E.c.location, E.c.fatalities)
            .where(E.c.id.in_(wanted)))} if wanted else {}
        for r in rows:
            r["events"] = [brief[i] for i in (r.pop("event_ids") or [])[:50] if i in brief]
        return rows

    def feeds(self) -> list[dict[str, Any]]:
        if not self.has_table("feeds"):
            return []
        done = func.sum(case((feed_items.c.state == "done", 1), else_=0))
        pending = func.sum(case((feed_items.c.state == "pending", 1), else_=0))
        query = (select(feeds, func.coalesce(done, 0).label("items_done"),
                        func.coalesce(pending, 0).label("items_pending"))
                 .select_from(feeds.outerjoin(feed_items, feed_items.c.feed_id == feeds.c.id))
                 .group_by(feeds.c.id).order_by(feeds.c.id))
        rows = [dict(r._mapping) for r in self._all(query)]
        for r in rows:
            r["active"] = bool(r["active"])
        return rows

    def counts(self) -> dict[str, int]:
        out = {}
        for name in ("articles", "events", "alerts", "feeds"):
            if self.has_table(name):
                table = schema.metadata.tables[name]
                out[name] = int(self._all(select(func.count()).select_from(table))[0][0])
        return out

    # -- incidents and merges ---------------------------------------------------------------
    def incidents_with_sources(self, query: Any) -> list[dict[str, Any]]:
        """The incident rows of ``query`` with their sources and evidence (``iter_incidents``'s rows)."""
        with self.connect() as conn:
            return with_sources(conn, [dict(r._mapping) for r in conn.execute(query)])

    def merge_history(self, event_id: int) -> list[dict[str, Any]]:
        """Every merge decision about this event's incident (undone ones included), oldest first."""
        if not (self.has_table("merges") and self.has_table("incident_members")):
            return []
        e, im = schema.events, incident_members
        with self.connect() as conn:
            found = conn.execute(
                select(e.c.event_key, incidents.c.incident_key)
                .select_from(e.outerjoin(im, im.c.event_id == e.c.id)
                             .outerjoin(incidents, incidents.c.id == im.c.incident_id))
                .where(e.c.id == event_id)).first()
            if found is None:
                return []
            cond = merges.c.event_key == found.event_key
            if found.incident_key:
                cond = or_(cond, merges.c.incident_key == found.incident_key)
            rows = conn.execute(select(merges).where(cond).order_by(merges.c.id).limit(500))
            return [dict(r._mapping) for r in rows]

    # -- the store's state (conditional GETs) -----------------------------------------------
    def fingerprint(self, tables: tuple[str, ...]) -> str:
        """Row counts and highest ids of ``tables`` (and undone merges): changes with any commit
        that adds, removes or undoes rows there.  Raises ``SQLAlchemyError`` when unreadable."""
        names = set(inspect(self.engine).get_table_names())
        parts = []
        with self.engine.connect() as conn:
            for name in tables:
                if name not in names:
                    continue
                table = schema.metadata.tables[name]
                cols = [func.count()] + ([func.max(table.c.id)] if "id" in table.c else [])
                if name == "merges":
                    cols.append(func.count(table.c.undone))
                parts.append(f"{name}:" + ",".join(str(v) for v in conn.execute(select(*cols)).one()))
        return "|".join(parts)
