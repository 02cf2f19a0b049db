"""What an input says about a page beside its content: a URL that must be valid before anything
uses it, and publication dates (a JSON Lines row's ``published``, a date in the URL path, a
feed item's pubDate) carried to the article stage as fall-backs (``Page.date_hints``)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

from wirewatch.errors import InputError

_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|\.|$)")
_EARLIEST = dt.date(1990, 1, 1)


def checked_url(value: object, source: str) -> str | None:
    """``value`` if it is a usable http(s) URL (None when absent), else an ``InputError``
    (``bad_url``): a malformed URL is refused here, where it is read, not later in a stage."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(source, "bad_url", "the url is not a string")
    try:
        parts = urlsplit(value)
        host, _port = parts.hostname, parts.port  # both raise ValueError on a malformed netloc
    except ValueError as exc:
        raise InputError(source, "bad_url", f"{value[:200]!r}: {exc}") from exc
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() or ord(c) < 32 for c in value):
        raise InputError(source, "bad_url", f"{value[:200]!r} is not an http(s) URL")
    return value


def url_day(url: str | None) -> str | None:
    """The day a URL path carries (``/2021/06/05/``), ISO, or None."""
    if not url:
        return None
    try:
        m = _URL_DAY.search(urlsplit(url).path)
    except ValueError:
        return None
    return _plausible(m.group(1), m.group(2), m.group(3)) if m else None


def iso_day(value: object) -> str | None:
    """An ISO 8601 or RFC 822 (feeds) date-time as its ISO day, or None if it is neither."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    try:
        day = dt.datetime.fromisoformat(text).date()  # 3.11 reads "Z"
    except ValueError:
        try:
            day = email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            return None
    return _plausible(str(day.year), str(day.month), str(day.day))


def date_hints(*pairs: tuple[str, str | None]) -> tuple[tuple[str, str], ...]:
    """The (origin, day) pairs that have a day, in the order given (the order of trust)."""
    return tuple((origin, day) for origin, day in pairs if day)


def _plausible(year: str, month: str, day: str) -> str | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date.isoformat() if _EARLIEST <= date <= dt.date.today() + dt.timedelta(days=2) else None
