"""Publication and update dates of an HTML page, from the page's own evidence.

Order of trust, first that reads wins:
1. what the page declares about the article: JSON-LD ``datePublished``, the published-time
   <meta> tags (``article:published_time``, parsely, sailthru, Dublin Core...), ``itemprop``;
2. a <time datetime> element;
3. the date in the URL path (``/2020/03/09/``);
4. htmldate's extensive search over the markup and text (the base this layer builds on).

A declared timestamp is a moment, the publication *day* is the site's (``article.zones``):
1. a timestamp with its own offset (``+05:30``, ``-04:00``) is kept as declared: its day is the
   site's;
2. a UTC timestamp (``Z``, ``+00:00``) is the site's day in the site's zone (from its domain,
   locale or language), unless the date printed under the headline, a day off, says otherwise;
   with no zone known, the URL's day or the printed day settle a day off;
3. a timestamp without an offset is read as the site's wall clock, unless the printed date is
   a day off it (a CMS writing UTC without saying so).
The value stored keeps the full timestamp with its offset.  Textual or ambiguous numeric values
("03/09/2020") go through ``article.dates.parse_page_date`` with the page's evidence (locale,
weekday words), and the reading taken is reported.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from htmldate import find_date
from lxml.html import HtmlElement

from wirewatch.article.dates import DateEvidence, parse_page_date
from wirewatch.article.html_meta import PageMeta
from wirewatch.article.zones import SiteZone, host_of, site_zone

log = logging.getLogger(__name__)

_ISO = re.compile(
    r"^\s*(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T\s]+(?P<H>[0-2]?\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]?\d)(?:[.,]\d+)?)?\s*"
    r"(?P<tz>Z|UTC|GMT|[+-][01]\d:?[0-5]\d)?)?")
# publication dates before the web or after tomorrow are misreadings (copyright years, events)
_EARLIEST = dt.date(1994, 1, 1)
# a UTC timestamp before this hour may still be the previous day where the site is
_SMALL_HOURS = 8


@dataclass(frozen=True, slots=True)
class PageDate:
    """A date as ISO 8601 (day, or day and time with offset) and how it was found."""

    value: str
    day: dt.date
    source: str  # "jsonld:datePublished", "meta:article:published_time", "url", "htmldate"
    reading: str  # "iso", "textual", "month-first:weekday", "url-day"...
    utc: bool = False  # the value was a UTC timestamp (its day may differ from the site's)
    floating: bool = False  # a time without an offset (the site's clock, or UTC unsaid)


def _latest() -> dt.date:
    return dt.date.today() + dt.timedelta(days=1)


def _parse_iso(raw: str) -> tuple[str, dt.date, bool, bool] | None:
    m = _ISO.match(raw)
    if not m:
        return None
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None:
        return day.isoformat(), day, False, False
    tz = m["tz"] or ""
    utc = tz in ("Z", "UTC", "GMT") or tz.replace(":", "") in ("+0000", "-0000")
    offset = "+00:00" if utc else (f"{tz[:3]}:{tz[-2:]}" if tz else "")
    value = f"{day.isoformat()}T{int(m['H']):02d}:{m['M']}:{int(m['S'] or 0):02d}{offset}"
    return value, day, utc, not tz


def parse_value(raw: str, source: str, evidence: DateEvidence) -> PageDate | None:
    """One candidate value read as a date, or None when it is not a plausible date."""
    iso = _parse_iso(raw)
    if iso is not None:
        value, day, utc, floating = iso
        reading = "iso"
    else:
        text, reading = parse_page_date(raw, evidence=evidence)
        if text is None:
            return None
        day, utc, floating, value = dt.date.fromisoformat(text[:10]), False, False, text
    if not _EARLIEST <= day <= _latest():
        return None
    return PageDate(value=value, day=day, source=source, reading=reading, utc=utc, floating=floating)


def _first(candidates: list[tuple[str, str]], evidence: DateEvidence) -> PageDate | None:
    for source, raw in candidates:
        found = parse_value(raw, source, evidence)
        if found is not None:
            return found
    return None


def _declared(candidates: list[tuple[str, str]], evidence: DateEvidence,
              url_day: dt.date | None) -> PageDate | None:
    """The declared publication.  A page that declares two moments (a first-published tag and
    a re-published JSON-LD) was first published at the earlier one, unless the URL's day
    vouches for one of them.  A creation date (a draft's) counts only when nothing else does."""
    found = [d for s, raw in candidates if (d := parse_value(raw, s, evidence)) is not None]
    published = [d for d in found if "dateCreated" not in d.source] or found
    if not published:
        return None
    local_days = {d.day for d in published if not d.utc}
    offset_days = {d.day for d in published if not d.utc and not d.floating and len(d.value) > 10}
    # a UTC moment, or one without an offset, a day off a moment the page declares with its own
    # offset is the same publication, stated less precisely
    published = [d for d in published
                 if not (d.utc and any(abs((d.day - x).days) == 1 for x in local_days))
                 and not (d.floating and any(abs((d.day - x).days) == 1 for x in offset_days))]
    if url_day is not None and (same := [d for d in published if d.day == url_day]):
        return same[0]
    if len({d.day for d in published}) > 1:
        return min(published, key=lambda d: (d.day, d.value))
    return published[0]


def _printed_day(found: PageDate, printed: PageDate) -> PageDate:
    return PageDate(value=printed.day.isoformat(), day=printed.day,
                    source=f"{found.source}+{printed.source}", reading=f"local-day:{printed.reading}")


def _in_zone(found: PageDate, zone: SiteZone) -> PageDate:
    """A UTC timestamp as the site's wall clock, with the site's offset."""
    moment = dt.datetime.fromisoformat(found.value).astimezone(zone.zone)
    return PageDate(value=moment.isoformat(), day=moment.date(), source=found.source,
                    reading=f"{found.reading}:site-zone={zone.country}:{zone.how}")


def _site_day(found: PageDate, zone: SiteZone | None, printed: PageDate | None,
              url_day: dt.date | None) -> PageDate:
    """The declared publication on the site's own day (see the module's docstring)."""
    near = printed if printed is not None and abs((printed.day - found.day).days) <= 1 else None
    if found.floating:
        return _printed_day(found, near) if near is not None and near.day != found.day else found
    if not found.utc:
        return found
    local = _in_zone(found, zone) if zone is not None else None
    if near is not None:
        if local is not None and local.day == near.day:
            return local
        # the site printed its own day: a day off UTC is the site's day, UTC's day is UTC's
        return _printed_day(found, near) if near.day != found.day else found
    if local is not None:
        return local
    return _with_url_day(found, url_day)


def _with_url_day(found: PageDate, url_day: dt.date | None) -> PageDate:
    """The site's own day for a UTC timestamp of the small hours that crossed midnight
    (02:18Z on the 18th is the evening of the 17th in the Americas, where the URL says 17)."""
    hour = int(found.value[11:13]) if len(found.value) >= 13 else 12
    if url_day is None or not found.utc or (found.day - url_day).days != 1 or hour >= _SMALL_HOURS:
        return found
    return PageDate(value=url_day.isoformat(), day=url_day, source=f"{found.source}+url",
                    reading="url-day")


def publication_date(tree: HtmlElement, html: str, meta: PageMeta, url: str | None,
                     evidence: DateEvidence) -> PageDate | None:
    """The page's publication date, from the strongest evidence it offers."""
    url_day = dt.date.fromisoformat(meta.url_date) if meta.url_date else None
    declared = [c for c in meta.published if not c[0].startswith("time:")]
    found = _declared(declared, evidence, url_day) or _first(
        [c for c in meta.published if c[0].startswith("time:")], evidence)
    printed = parse_value(meta.headline_text, "text:after-headline", evidence) \
        if meta.headline_text else None
    if found is not None:
        zone = site_zone(host_of(meta.url), meta.locale, evidence.language)
        return _site_day(found, zone, printed, url_day)
    if url_day is not None and _EARLIEST <= url_day <= _latest():
        return PageDate(value=url_day.isoformat(), day=url_day, source="url", reading="url-path")
    if printed is not None:
        return printed
    try:
        guess = find_date(tree, url=url, extensive_search=True, original_date=True)
    except (ValueError, TypeError) as exc:  # htmldate raises on odd markup; no date is an answer
        log.debug("htmldate failed: %s", exc)
        guess = None
    if guess:
        day = dt.date.fromisoformat(guess)
        if _EARLIEST <= day <= _latest() and not _year_only(day, html):
            return PageDate(value=guess, day=day, source="htmldate", reading="extensive")
    return None


def _year_only(day: dt.date, html: str) -> bool:
    """Whether htmldate's 1 January is a year it padded (a copyright line, "2016" in a path)
    rather than a date the page writes: no rendering of that 1 January occurs in the page.
    A wrong day is worse than none: it would date every event of the story."""
    if (day.month, day.day) != (1, 1):
        return False
    y = day.year
    spelled = (f"{y}-01-01", f"{y}/01/01", f"01/01/{y}", f"01.01.{y}", f"1.1.{y}", f"{y}0101",
               "january 1", "jan 1", "jan. 1", "1 january", "1 jan", "1er janvier", "1 de enero")
    low = html.lower()
    return not any(s in low for s in spelled)


def update_date(meta: PageMeta, published: PageDate | None,
                evidence: DateEvidence) -> PageDate | None:
    """The page's last update, when it declares one later than its publication."""
    found = _first(meta.updated, evidence)
    if found is None or (published is not None and found.value <= published.value):
        return None
    return found
