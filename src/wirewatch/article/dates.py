"""Page dates: read a date (and time) written on a page, and settle ambiguous numeric dates
("03/09/2020": 3 September or 9 March?) with the page's own evidence.

Evidence, strongest first: other numeric dates on the same page whose order is unambiguous
("03/19/2020" can only be month-first), textual dates on the page that match one reading, the
weekdays the story mentions ("said on Sunday": news reports a day or two back, so the reading
that puts Sunday just before the page date wins), the site's locale (en-US writes month-first)
and its clock (a 12-hour clock with AM/PM is American usage; "14h05" is French).  The reading
taken is returned with the date so the record can say which one was used.

Both article paths use ``parse_page_date``; the month and weekday names and the labels of
Published/Updated lines live in ``data/dates.yaml``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirewatch import data_files

# how plausible it is that a weekday mentioned in a story lies N days before the page date:
# news says "on Sunday" of today, yesterday or a few days back, rarely of a week ago
_WEEKDAY_PLAUSIBILITY = (1.0, 1.0, 0.7, 0.5, 0.3, 0.2, 0.1)
_LOCALE_WEIGHT = 0.4
_CLOCK_WEIGHT = 0.4
_ORDER_WEIGHT = 2.0  # an unambiguous numeric date elsewhere on the page
_TEXTUAL_WEIGHT = 1.5  # a written-out date elsewhere on the page equal to one reading
_DAY_FIRST_LANGUAGES = frozenset({"fr", "es", "de", "pt", "it", "nl", "ru", "ar", "tr", "pl"})


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """What the page says about how to read its dates.  Every field is optional."""

    text: str = ""  # the article text: weekday words ("on Sunday") are read from it
    language: str | None = None  # ISO 639-1 of the page
    locale: str | None = None  # "en-US", "en_GB", "fr-FR" (HTML lang, og:locale) when known
    clock12: bool | None = None  # the site writes times with AM/PM; None: read from the dates
    other_dates: tuple[str, ...] = ()  # other date strings of the page (Published, Updated...)


@dataclass(frozen=True, slots=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]
    month_re: str
    weekday_re: re.Pattern[str]
    published: re.Pattern[str]
    updated: re.Pattern[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    raw: dict[str, Any] = data_files.yaml("dates.yaml")
    months = {name: int(n) for n, names in raw["months"].items() for name in names}
    weekdays = {name: int(n) for n, names in raw["weekdays"].items() for name in names}
    alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    wd = "|".join(sorted((re.escape(w) for w in weekdays), key=len, reverse=True))
    label = r"^\W*(?:{})\b\s*[:\-–—]?\s*"
    return _Vocab(
        months=months, weekdays=weekdays, month_re=alt,
        weekday_re=re.compile(rf"\b({wd})\b", re.IGNORECASE),
        published=re.compile(label.format("|".join(raw["published_labels"])), re.IGNORECASE),
        updated=re.compile(label.format("|".join(raw["updated_labels"])), re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    m = vocab().month_re
    raw: dict[str, Any] = data_files.yaml("dates.yaml")
    before, after = "|".join(raw["day_suffixes"]), "|".join(raw["day_suffixes_after_month"])
    at = "|".join(raw["time_prepositions"])
    return {
        "iso": re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        "cjk": re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
        "num": re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)?\d\d)\b"),
        "dmy": re.compile(rf"\b(?P<d>\d{{1,2}})(?:{before})?\.?\s+(?:de\s+)?(?P<mon>{m})\.?,?\s+"
                          rf"(?:de\s+)?(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE),
        "mdy": re.compile(rf"\b(?P<mon>{m})\.?\s+(?P<d>\d{{1,2}})(?:{after})?,?\s+(?P<y>(?:19|20)\d\d)\b",
                          re.IGNORECASE),
        "time": re.compile(rf"^(?:T|[\s,]*(?:{at}|-|–|\|)?\s*)"
                           r"(?P<h>\d{1,2})\s?(?::|h|H)\s?"
                           r"(?P<mi>\d{2})?(?::\d{2})?\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?)?(?![\d])"),
    }


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ANY_DIGIT = re.compile(r"\d")
_SHORT_NUMERIC = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str  # "iso", "textual", "unambiguous", "ambiguous"
    first: dt.date | None  # the reading with the first number as the month (or the only one)
    second: dt.date | None  # the day-first reading of an ambiguous numeric date
    time: str | None
    clock12: bool


def _date(y: int, m: int, d: int) -> dt.date | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return dt.date(y, m, d) if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def _time_after(text: str, end: int) -> tuple[str | None, bool]:
    tm = _patterns()["time"].match(text[end:end + 24])
    if not tm or (tm.group("mi") is None and not tm.group("ap")):
        return None, False
    h, mi = int(tm.group("h")), int(tm.group("mi") or 0)
    ap = (tm.group("ap") or "").lower().replace(".", "").replace(" ", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None, False
    return f"{h:02d}:{mi:02d}", bool(ap)


def _find(text: str) -> _Found | None:
    """The first date written in ``text``, with its possible readings and time."""
    pats, months = _patterns(), vocab().months
    year = _YEAR.search(text)
    if year is None and not _SHORT_NUMERIC.search(text):
        return None  # every form but "03/09/20" spells a four-digit year
    # a written-out date ends at its year: search the month names only just before it
    window = max(0, year.start() - 40) if year else len(text)
    best: tuple[int, _Found] | None = None
    for kind in ("iso", "cjk", "dmy", "mdy", "num"):
        if kind in ("dmy", "mdy") and year is None:
            continue
        mt = pats[kind].search(text, window if kind in ("dmy", "mdy") else 0)
        if not mt or (best is not None and mt.start() >= best[0]):
            continue
        found = _reading(kind, mt, months)
        if found is None:
            continue
        time, c12 = _time_after(text, mt.end())
        best = (mt.start(), _Found(found[0], found[1], found[2], time, c12))
    return best[1] if best else None


def _reading(kind: str, mt: re.Match[str], months: dict[str, int]
             ) -> tuple[str, dt.date | None, dt.date | None] | None:
    g = mt.groupdict()
    if kind in ("iso", "cjk"):
        d = _date(int(g["y"]), int(g["m"]), int(g["d"]))
        return ("iso", d, None) if d else None
    if kind in ("dmy", "mdy"):
        d = _date(int(g["y"]), months[g["mon"].lower().rstrip(".")], int(g["d"]))
        return ("textual", d, None) if d else None
    a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
    mf, df = _date(y, a, b), _date(y, b, a)
    if mf and df and a != b:
        return "ambiguous", mf, df
    if mf or df:
        return "unambiguous", mf or df, None
    return None


def _order_votes(found: _Found, ev: DateEvidence) -> tuple[float, float, list[str]]:
    """Scores of the month-first and day-first readings, and the evidence names used."""
    assert found.first is not None and found.second is not None
    mf = df = 0.0
    why: list[str] = []
    for other in ev.other_dates:
        o = _find(other)
        if o is None:
            continue
        if o.kind == "unambiguous" and (om := _patterns()["num"].search(other)):
            if int(om.group("a")) > 12:
                df += _ORDER_WEIGHT
            else:
                mf += _ORDER_WEIGHT
            why.append("page-order")
        elif o.kind == "textual" and o.first in (found.first, found.second):
            mf += _TEXTUAL_WEIGHT if o.first == found.first else 0.0
            df += _TEXTUAL_WEIGHT if o.first == found.second else 0.0
            why.append("textual-date")
    mentioned = _weekdays_mentioned(ev.text)  # one scan of the story for both readings
    w_mf, w_df = _weekday_score(found.first, mentioned), _weekday_score(found.second, mentioned)
    if w_mf != w_df:
        mf, df = mf + w_mf, df + w_df
        why.append("weekday")
    locale = (ev.locale or "").lower().replace("_", "-")
    if locale.startswith("en-us") or (not locale and ev.language in (None, "en") and _clock12(found, ev)):
        mf += _LOCALE_WEIGHT + (_CLOCK_WEIGHT if _clock12(found, ev) else 0.0)
        why.append("en-US" if locale else "12-hour-clock")
    elif locale and not locale.startswith("en-us") or ev.language in _DAY_FIRST_LANGUAGES:
        df += _LOCALE_WEIGHT
        why.append("locale")
    return mf, df, why


def _clock12(found: _Found, ev: DateEvidence) -> bool:
    return ev.clock12 if ev.clock12 is not None else found.clock12


def _weekdays_mentioned(text: str) -> set[int]:
    names = vocab().weekdays
    return {names[m.group(1).lower()] for m in vocab().weekday_re.finditer(text)} if text else set()


def _weekday_score(day: dt.date, mentioned: set[int]) -> float:
    return sum(_WEEKDAY_PLAUSIBILITY[(day.weekday() - w) % 7] for w in mentioned)


def parse_page_date(text: str, *, evidence: DateEvidence | None = None) -> tuple[str | None, str]:
    """The first date in ``text`` as ISO 8601 (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``) and the
    reading taken: ``iso``, ``textual``, ``unambiguous``, ``month-first[:why]`` or
    ``day-first[:why]`` for an ambiguous numeric date; ``(None, "none")`` when there is none."""
    found = _find(text)
    if found is None or found.first is None:
        return None, "none"
    day, reading = found.first, found.kind
    if found.kind == "ambiguous" and found.second is not None:
        ev = evidence or DateEvidence()
        mf, df, why = _order_votes(found, ev)
        if df > mf or (df == mf and ev.language in _DAY_FIRST_LANGUAGES):
            day, reading = found.second, "day-first"
        else:
            reading = "month-first"
        reading += ":" + "+".join(dict.fromkeys(why)) if why else ":default"
    iso = day.isoformat()
    return (f"{iso}T{found.time}" if found.time else iso), reading


def has_date(text: str) -> bool:
    """Whether ``text`` contains a date ``parse_page_date`` can read."""
    # every date form spells a decimal digit (``\d``), and text without one has none
    return _ANY_DIGIT.search(text) is not None and _find(text) is not None


def weekday_mentions(text: str) -> Iterable[int]:
    """The weekdays (Monday = 0) a text mentions, in order of appearance."""
    names = vocab().weekdays
    return [names[m.group(1).lower()] for m in vocab().weekday_re.finditer(text)]
