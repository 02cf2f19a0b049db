"""The site's own time zone: where a page declares a moment in UTC, its publication *day* is
the day it was where the site is, never UTC's.

The site's country comes from cheap evidence, strongest first: the outlets table
(``site_countries``), the host's country-code domain (``.ca``, ``.co.in``; not the ones sold as
generic names, ``.tv``), the region of the page's locale (``en_US``, ``es-MX``) and a language
spoken mostly in one country (``ja``).  The country's zone is the one most of its readers live
in (``country_zones``) or the only/first one the time-zone database lists.  All tables live in
``data/dates.yaml``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pytz

from wirewatch import data_files

_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SiteZone:
    """A site's country (ISO 3166 alpha-2), its time zone and the evidence that named it."""

    country: str
    zone: dt.tzinfo
    how: str  # "site-table", "tld", "locale", "language"


@dataclass(frozen=True, slots=True)
class _Tables:
    zones: dict[str, str]
    generic: frozenset[str]
    languages: dict[str, str]
    sites: dict[str, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw: dict[str, Any] = data_files.yaml("dates.yaml")
    return _Tables(zones={k.upper(): v for k, v in raw["country_zones"].items()},
                   generic=frozenset(raw["generic_cctlds"]),
                   languages={k: v.upper() for k, v in raw["language_countries"].items()},
                   sites={k.lower(): v.upper() for k, v in raw["site_countries"].items()})


@lru_cache(maxsize=512)
def country_zone(country: str) -> dt.tzinfo | None:
    """The time zone of a country (ISO alpha-2), or None for an unknown code."""
    name = _tables().zones.get(country.upper())
    if name is None:
        listed = pytz.country_timezones.get(country.upper())
        name = listed[0] if listed else None
    return pytz.timezone(name) if name else None


def host_country(host: str | None) -> tuple[str | None, str]:
    """The country a host names: the outlets table, else its country-code domain."""
    if not host:
        return None, ""
    low = host.lower().rstrip(".").removeprefix("www.")
    sites = _tables().sites
    labels = low.split(".")
    for i in range(len(labels) - 1):
        if (found := sites.get(".".join(labels[i:]))) is not None:
            return found, "site-table"
    tld = labels[-1]
    if len(tld) != 2 or not tld.isalpha() or tld in _tables().generic or tld == "eu":
        return None, ""
    return ("GB" if tld == "uk" else tld.upper()), "tld"


def locale_country(locale: str | None, language: str | None) -> tuple[str | None, str]:
    """The country of a locale's region ("en_US"), else of a one-country language."""
    if locale and (m := _REGION.match(locale.strip())):
        return m.group(1).upper(), "locale"
    lang = (locale or "").strip()[:2].lower() or (language or "")
    found = _tables().languages.get(lang) or _tables().languages.get(language or "")
    return (found, "language") if found else (None, "")


def site_zone(host: str | None, locale: str | None, language: str | None) -> SiteZone | None:
    """The site's zone from the cheapest evidence that names a country, or None."""
    for country, how in (host_country(host), locale_country(locale, language)):
        if country and (zone := country_zone(country)) is not None:
            return SiteZone(country, zone, how)
    return None


def host_of(url: str | None) -> str | None:
    """The host of a URL ("https://www.cbc.ca/news/..." -> "www.cbc.ca")."""
    if not url:
        return None
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#:@]+@)?([^/?#:]+)", url.strip(), re.IGNORECASE)
    return m.group(2) if m else None
