"""Metadata shared by both article paths: the dateline lead, the news agency, the byline, the
site name; the language comes from ``article.language``.

Agencies are listed in ``data/agencies.tsv``; site-name clues in ``data/site_names.yaml``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from wirewatch import data_files


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Alias (lower case) -> the agency name wirewatch records."""
    out: dict[str, str] = {}
    text = data_files.text("agencies.tsv")
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            alias, _, name = row.partition("\t")
            out[alias.strip().lower()] = name.strip()
    return out


# kept for callers that imported the old constant
AGENCIES = agencies()


def agency_name(raw: str) -> str | None:
    """The agency named by ``raw`` ("Reuters", "AP Photo", "AFP/Getty"), or None."""
    names = agencies()
    low = re.sub(r"\s+", " ", raw.strip().lower())
    if low in names:
        return names[low]
    for raw_part in re.split(r"[/,;&]| and | et ", re.sub(r"\s+", " ", raw.strip())):
        part = raw_part.strip().lower()
        if part in names:
            return names[part]
        words = raw_part.split()
        first = words[0] if words else ""
        name = names.get(first.lower())
        # "AP Photo", "AFP Photo" name an agency; "Ana Faguy" does not name ANA: an acronym
        # agency counts at the head of a longer credit only when written as the acronym
        if name and len(first) > 1 and (first.isupper() or not name.isupper()):
            return name
    return None


# "BAMAKO (Reuters) -", "OUAGADOUGOU, March 9 (AFP) -", "ST. JOSEPH, Mich. (AP) —",
# "Paris, 8 mars 2020 (AFP) -", "(Reuters) - ..."
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Þ][\w'’.\- ]{1,40}?)?(?:,\s*[^()\n]{1,40}?)?\s*"
    r"\((?P<agency>[^()\n]{1,40})\)\s*[-–—:]"
)
# "MADRID — Rafael Nadal ...", "KYIV, Ukraine — ..." (a capitalised city, no agency)
_CITY_ONLY = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{1,40}?)(?:,\s*[^—–\n]{1,40}?)?\s*(?:—|–|--| - )\s*\S"
)


def find_dateline(first_paragraph: str) -> tuple[str | None, str | None]:
    """The dateline city and agency of an article's lead paragraph."""
    m = _DATELINE.match(first_paragraph)
    if m:
        agency = agency_name(m.group("agency"))
        city = (m.group("city") or "").strip() or None
        if agency is not None or (city and city.isupper()):
            return city, agency
    m = _CITY_ONLY.match(first_paragraph)
    if m and sum(c.isalpha() for c in m.group("city")) >= 3:
        return m.group("city").strip(), None
    return None, None


_CREDIT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<who>[A-Z][\w.\- ]{1,40}?)(?:[.,]|\s+all\b|$)",
                     re.IGNORECASE)
_SIGNOFF = re.compile(r"(?:^|[\s(])[-–—]?\s*\(?(?P<who>[A-Z][\w\- ]{1,25}?)\)?\s*$")


def agency_in_text(lines: Sequence[str]) -> tuple[str | None, str]:
    """An agency credited outside the dateline: "© 2019 Associated Press", "(AFP)" closing the
    text.  Returns the agency and how it was found."""
    for line in lines:
        # a credit starts "©", "(c)" or "copyright" (no letter of "(c)" or "copyr" has another
        # case-insensitive match than its own upper case): most lines have none of them
        if "©" not in line and "(c)" not in (low := line.lower()) and "copyr" not in low:
            continue
        m = _CREDIT.search(line)
        if m and (name := agency_name(m.group("who"))):
            return name, "credit"
    if lines:
        m = _SIGNOFF.search(lines[-1][-40:])
        if m and (name := agency_name(m.group("who"))):
            return name, "sign-off"
    return None, ""


_CUES: dict[str, Any] = data_files.yaml("text_lines.yaml")  # byline words ("line cues" there)
_BYLINE = re.compile(
    rf"^(?:{'|'.join(_CUES['byline_openers'])})\s+"
    rf"(?P<who>[A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]+|{'|'.join(_CUES['byline_name_words'])}))"
    r"{0,8})", re.IGNORECASE)
_BYLINE_TAIL = re.compile(rf"[\s,&]+(?:{'|'.join(_CUES['byline_trailing_words'])})?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _agency_suffix() -> re.Pattern[str]:
    """", Reuters" and the like after a byline's name: built once, not per byline."""
    return re.compile(r",\s*(?:" + "|".join(map(re.escape, agencies())) + r")\b", re.IGNORECASE)


def find_byline(lines: Sequence[str]) -> str | None:
    """The author named by a byline line ("By Jane Doe", "Par Jean Dupont, à Paris")."""
    for line in lines:
        if len(line) > 120:
            continue
        m = _BYLINE.match(line.strip())
        if not m:
            continue
        who = m.group("who")
        who = _agency_suffix().split(who)[0]
        who = _BYLINE_TAIL.sub("", who.split("|")[0]).strip(" ,")
        if who and who[0].isupper() and len(who.split()) >= 2 and not agency_name(who):
            return who
    return None


@lru_cache(maxsize=1)
def _site_rules() -> dict[str, Any]:
    raw: dict[str, Any] = data_files.yaml("site_names.yaml")
    tlds = "|".join(sorted((re.escape(t) for t in raw["tlds"]), key=len, reverse=True))
    return {
        "domain": re.compile(rf"(?<![\w@./-])(?P<name>(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:{tlds}))(?![\w@-]|\.\w|/\w)"),
        "separators": re.compile(raw["title_separators"]),
        "ignore": {x.lower() for x in raw["ignore_domains"]},
        # what every domain holds: a name character, a dot, a TLD's first letter; the full
        # pattern (a long TLD alternation tried at every position) runs only where it is
        "hint": re.compile(r"[A-Za-z0-9-]\.[{}]".format("".join(sorted({re.escape(t[0]) for t in raw["tlds"]})))
                           if all(raw["tlds"]) else r"\."),
    }


def site_in_lines(lines: Sequence[str], host: str | None = None) -> tuple[str | None, str]:
    """The site's name as the page writes it: the domain-like name its chrome mentions most
    ("Not an offer or recommendation by Investing.com"), preferring the page's own host."""
    rules = _site_rules()
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for line in lines:
        if "." not in line or not rules["hint"].search(line):  # most lines: no domain in them
            continue
        for m in rules["domain"].finditer(line):
            name = m.group("name")
            low = name.lower().removeprefix("www.")
            if low in rules["ignore"]:
                continue
            counts[low] += 1
            spelled.setdefault(low, name.removeprefix("www.").removeprefix("WWW."))
    if not counts:
        return None, ""
    if host:
        own = host.lower().removeprefix("www.")
        for low in counts:
            if own == low or own.endswith("." + low):
                return spelled[low], "line:host-name"
    low, _ = counts.most_common(1)[0]
    return spelled[low], "line:domain"


_SEPARATOR_CHARS = re.compile(r"[|–—·•]| - |::")


def split_title(line: str) -> tuple[str, str | None]:
    """A title line without its site-name affix ("BBC News - Title" -> ("Title", "BBC News")):
    the longest part is the title, a short other part the site."""
    if not _SEPARATOR_CHARS.search(line):  # most lines: no split needed
        return line.strip(), None
    parts = [p.strip() for p in _site_rules()["separators"].split(line) if p.strip()]
    if len(parts) < 2:
        return line.strip(), None
    title = max(parts, key=len)
    others = [p for p in parts if p is not title]
    site = others[0] if len(others) == 1 and len(others[0].split()) <= 4 else None
    if site is None:
        return line.strip(), None
    return title, site
