"""Event dates from the text, resolved against the publication date (English and French).

"on Sunday", "late on Tuesday", "Sunday's attack", "yesterday", "le 8 mars", "March 8, 2020",
"dans la nuit de samedi à dimanche" (the night is dated by its first day, the evening it began,
as in "the night of 8 March").  A weekday names the latest such day on or before publication;
a day and month without a year take the publication's year unless that would put the event
more than a week after publication.

A span of days ("11-12 March", "between 9 and 23 February", "entre le 3 et le 5 mars", "around 4
and 9 January") is dated by its first day: ACLED splits an event reported day by day into one
event a day, and an event known only within a span is coded once, at the earliest day the
report supports (the day it began), with a time precision below 1 (``time_precision``).  A
misspelt month ("Ocotber", "Febuary") after a day number is read as the nearest month name.

A month with no day ("In March 2020", "courant mars", "mid-March") is dated by its middle, the 15th
(never after publication), with time precision 3, as ACLED codes an event known only by its month;
it dates a sentence only when no day does.  A part of the publication's week ("en début de
semaine", "earlier this week") is that week's Monday (or Wednesday for its middle), precision 2.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from wirewatch.code.lexicon import load_yaml


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    date: dt.date | None  # None when the expression is a date but cannot be resolved
    kind: str  # "absolute" | "weekday" | "relative" | "month" | "report" (the date a report came out)
    span_of_days: bool = False  # a range ("between 9 and 23 February"): dated by its first day

    @property
    def precision(self) -> int:
        """ACLED's time precision of this date: 1 a day, 2 a span of days or a week, 3 a month."""
        return 3 if self.kind == "month" else 2 if self.span_of_days else 1


@dataclass(frozen=True, slots=True)
class _Tables:
    weekdays: dict[str, int]
    months: dict[str, int]
    relative: dict[str, int]
    absolute: re.Pattern[str]
    weekday: re.Pattern[str]
    rel: re.Pattern[str]
    iso: re.Pattern[str]
    misspelt: re.Pattern[str]
    weekend: re.Pattern[str]
    not_months: frozenset[str]
    month_only: re.Pattern[str]
    week_parts: dict[str, int]
    week_part: re.Pattern[str]


def _alt(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_yaml("events", "dates.yaml")
    wd = {str(k): int(v) for k, v in data["weekdays"].items()}
    mo = {str(k): int(v) for k, v in data["months"].items()}
    rel = {str(k): int(v) for k, v in data["relative"].items()}
    W, M = _alt(wd), _alt(mo)
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er)?"
    absolute = re.compile(
        rf"(?<!\w)(?:(?:{W}),?\s+)?(?P<night>(?:the\s+)?nuit\s+du\s+|(?:the\s+)?night\s+of\s+(?:the\s+)?)?"
        rf"(?:{day}(?P<range>\s*(?:au|-|–|and|et|to)\s*(?:le\s+)?[0-3]?\d(?:st|nd|rd|th|er)?)?\s+(?:of\s+)?(?P<m>{M})\.?"
        rf"|(?P<m2>{M})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d))"
        r"(?:,?\s+(?P<y>(?:19|20)\d\d))?(?!\w)", re.IGNORECASE)
    weekday = re.compile(
        rf"(?<!\w)(?:(?P<last>last|dernier|past)\s+)?(?P<wd>{W})(?:'s|’s)?"
        rf"(?:\s+(?P<last2>dernier|passé))?(?:\s+(?:à|au)\s+(?:{W}))?(?!\w)", re.IGNORECASE)
    rel_rx = re.compile(rf"(?<!\w)(?:{_alt(rel)})(?!\w)", re.IGNORECASE)
    iso = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
    misspelt = re.compile(r"(?<![\w-])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er)?\s+(?P<w>[^\W\d_]{3,10})\.?"
                          r"(?:,?\s+(?P<y>(?:19|20)\d\d))?(?!\w)")
    weekend = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in data.get('weekend') or ())})(?!\w)", re.IGNORECASE)
    not_months = frozenset(str(w).lower() for w in data.get("not_misspelt_months") or ())
    # a month named without a day before or after it, behind a word that makes it the time of the event
    month_only = re.compile(rf"(?<!\w)(?:{'|'.join(data['month_only_before'])})\s*(?P<m>{M})\b\.?"
                            r"(?!\s*[0-3]?\d(?:st|nd|rd|th)?\b(?!\d))(?:,?\s+(?P<y>(?:19|20)\d\d))?(?!\w)", re.IGNORECASE)
    parts = {str(k).lower(): int(v) for k, v in (data.get("week_parts") or {}).items()}
    part_rx = re.compile(rf"(?<!\w)(?:{_alt(parts) or '(?!)'})(?!\w)", re.IGNORECASE)
    return _Tables(wd, mo, rel, absolute, weekday, rel_rx, iso, misspelt, weekend, not_months, month_only, parts, part_rx)


def find_dates(text: str, published: dt.date | None) -> list[DateHit]:
    """Every date expression in ``text`` with its resolved day, in text order, except that the
    date of a report ("reported on October 8 that ...") comes after the event's own dates: it
    dates the event only when nothing else does, and a weekday after it ("that on Sunday ...")
    is the one before that report, not before publication."""
    t = _tables()
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for m in t.iso.finditer(text):
        day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        _keep(hits, taken, DateHit(m.start(), m.end(), day, "absolute"))
    for m in _NUMERIC.finditer(text):  # "le 03/05/2020": day first, as French and ACLED write it
        number = int(m.group(3))
        _keep(hits, taken, DateHit(m.start(), m.end(), _day_of(int(m.group(1)), number, m.group(4), published)
                                   if 1 <= number <= 12 else None, "absolute"))
    for m in t.absolute.finditer(text):
        if (m.group("m") or m.group("m2") or "") == "may":  # the modal verb, not the month
            continue
        # "la nuit du 3 au 4" is one night, dated by the evening it began; "du 3 au 5 mars" is a span
        _keep(hits, taken, DateHit(m.start(), m.end(), _absolute(m, t, published), "absolute",
                                   bool(m.group("range")) and not m.group("night")))
    for m in t.misspelt.finditer(text):
        month = _near_month(m.group("w"))
        if month:
            day = _day_of(int(m.group("d")), month, m.group("y"), published)
            _keep(hits, taken, DateHit(m.start(), m.end(), day, "absolute"))
    for m in t.rel.finditer(text):
        days = t.relative[m.group().lower()]
        day = published - dt.timedelta(days=days) if published else None
        _keep(hits, taken, DateHit(m.start(), m.end(), day, "relative"))
    for m in t.weekend.finditer(text):  # the Saturday of the weekend before publication
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7) if published else None
        _keep(hits, taken, DateHit(m.start(), m.end(), saturday, "weekday", span_of_days=True))
    for m in t.week_part.finditer(text):  # "en début de semaine": a day of the publication's week
        day = published - dt.timedelta(days=published.weekday()) if published else None
        day = min(day + dt.timedelta(days=t.week_parts[m.group().lower()]), published) if day and published else None
        _keep(hits, taken, DateHit(m.start(), m.end(), day, "weekday", span_of_days=True))
    for m in t.weekday.finditer(text):
        _keep(hits, taken, DateHit(m.start(), m.end(), _weekday(m, t, published), "weekday"))
    hits.sort(key=lambda h: h.start)
    return _reported(text, hits + _months(text, taken, t, published), t)


def _months(text: str, taken: list[tuple[int, int]], t: _Tables, published: dt.date | None) -> list[DateHit]:
    """Months with no day ("In March 2020"), after every other date of the text: a day told
    beside them dates the event more closely."""
    out = []
    for m in t.month_only.finditer(text):
        if m.group("m") == "may" or any(m.start() < e and s < m.end() for s, e in taken):
            continue
        month = t.months[m.group("m").lower().rstrip(".")]
        day = _day_of(15, month, m.group("y"), published)
        if day is None and published and m.group("y") and (int(m.group("y")), month) == (published.year, published.month):
            day = published  # the month of publication, before its 15th: not after publication
        if day is None and published and not m.group("y"):
            day = published if month == published.month else None
        out.append(DateHit(m.start(), m.end(), day, "month"))
    return out


@lru_cache(maxsize=1)
def _reported_before() -> re.Pattern[str]:
    verbs = load_yaml("events", "conventions.yaml")["report_verbs"]
    return re.compile(rf"(?:{verbs})\s+(?:on\s+|le\s+|this\s+)?$", re.IGNORECASE)


_THAT_AFTER = re.compile(r"^,?\s*(?:that|que|qu['’])", re.IGNORECASE)


def _reported(text: str, hits: list[DateHit], t: _Tables) -> list[DateHit]:
    report = next((h for h in hits if h.date and _reported_before().search(text[max(0, h.start - 30):h.start])
                   and _THAT_AFTER.match(text[h.end:h.end + 8])), None)
    if report is None:
        return hits
    out: list[DateHit] = []
    for h in hits:
        if h is report:
            continue
        if h.start > report.end and h.kind == "weekday":
            m = t.weekday.match(text, h.start)
            h = DateHit(h.start, h.end, _weekday(m, t, report.date), h.kind) if m else h
        elif h.start > report.end and h.kind == "relative" and report.date:
            days = t.relative.get(text[h.start:h.end].lower(), 0)
            h = DateHit(h.start, h.end, report.date - dt.timedelta(days=days), h.kind)
        out.append(h)
    return out + [DateHit(report.start, report.end, report.date, "report")]


_NUMERIC = re.compile(r"(?<![\d/.])([0-3]?\d)([/.])([01]?\d)\2((?:19|20)\d\d)(?![\d/.])")


def _keep(hits: list[DateHit], taken: list[tuple[int, int]], hit: DateHit) -> None:
    if any(hit.start < e and s < hit.end for s, e in taken):
        return
    taken.append((hit.start, hit.end))
    hits.append(hit)


@lru_cache(maxsize=4096)
def _near_month(word: str) -> int | None:
    """The month a misspelt month name stands for ("Ocotber", "Febuary", "mrs", "févirer"), or None.

    Only ever asked of the word right after a day number.  Within one edit (a letter added, dropped,
    changed, or two swapped) of a full month name, two edits for words of seven letters or more,
    with the first letter right; the nearest name wins and a tie between two months reads nothing."""
    t = _tables()
    if word.lower() in t.months or word.lower() in t.not_months:
        return None  # spelt right (the main pattern has it), or a word of its own
    low = _plain(word)  # accents aside: "févrié" is one letter from "fevrier"
    allowed = 2 if len(low) >= 7 else 1
    near: dict[int, int] = {}
    for spelt, month in t.months.items():
        name = _plain(spelt)
        if low.startswith(name) and low[len(name):] in _ENDINGS:
            return None  # "3 marchés", "12 marches", "8 mais": a word made on a month name is not one
        if len(name) >= 4 and name[0] == low[0] and abs(len(name) - len(low)) <= allowed:
            distance = _edits(low, name)
            if distance <= allowed:
                near[month] = min(distance, near.get(month, distance))
    if not near:
        return None
    best = min(near.values())
    months = [m for m, d in near.items() if d == best]
    return months[0] if len(months) == 1 else None


_ENDINGS = {"s", "es", "e", "ees", "ee"}


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _edits(a: str, b: str) -> int:
    """Edits between two words, a swap of two neighbouring letters counting one ("Ocotber")."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]


def _absolute(m: re.Match[str], t: _Tables, published: dt.date | None) -> dt.date | None:
    month = t.months[(m.group("m") or m.group("m2")).lower().rstrip(".")]
    day = int(m.group("d") or m.group("d2"))
    return _day_of(day, month, m.group("y"), published)


def _day_of(day: int, month: int, year: str | None, published: dt.date | None) -> dt.date | None:
    if year:
        stated = _safe_date(int(year), month, day)
        # a day after publication is a plan or a deadline, never the event's day
        return None if stated and published and stated > published else stated
    if published is None:
        return None
    # no year: the latest such day on or before publication (a report cannot tell of a later day)
    guess = _safe_date(published.year, month, day)
    if guess and guess > published:
        guess = _safe_date(published.year - 1, month, day)
    return guess


def _weekday(m: re.Match[str], t: _Tables, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    wd = t.weekdays[m.group("wd").lower()]
    delta = (published.weekday() - wd) % 7
    if delta == 0 and (m.group("last") or m.group("last2")):
        delta = 7
    return published - dt.timedelta(days=delta)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_published(value: str | None) -> dt.date | None:
    """The publication day of an ISO date or datetime string (None when absent or unreadable)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
