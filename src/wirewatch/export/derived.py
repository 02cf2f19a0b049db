"""ACLED columns derived from what an incident rests on: ``region`` from the country's ISO code,
``time_precision`` from the words its date rests on, ``source_scale`` from its outlets.

The rules live in data files an analyst can edit: ``data/acled_regions.yaml``,
``data/time_precision.yaml`` and ``data/source_scales.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from wirewatch import data_files


def _data(name: str) -> Any:
    return data_files.yaml(name) or {}


# -- region ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Regions:
    by_code: dict[str, str]
    aliases: dict[str, str]  # folded name -> alpha-3
    no_iso: dict[str, dict[str, Any]]  # folded name -> region, iso, alpha3


@lru_cache(maxsize=1)
def _regions() -> _Regions:
    raw = _data("acled_regions.yaml")
    by_code = {code: region for region, codes in (raw.get("regions") or {}).items() for code in codes}
    aliases = {str(name).casefold(): str(code) for name, code in (raw.get("aliases") or {}).items()}
    no_iso = {str(name).casefold(): dict(info) for name, info in (raw.get("names") or {}).items()}
    return _Regions(by_code, aliases, no_iso)


@dataclass(frozen=True, slots=True)
class CountryCodes:
    numeric: int | None
    alpha3: str
    alpha2: str


@lru_cache(maxsize=512)
def country_codes(country: str) -> CountryCodes:
    """ISO 3166 codes of a country as ACLED names it: the aliases table, then pycountry's exact
    lookup, then its fuzzy search; the few places without ISO codes as ACLED writes them."""
    import pycountry

    folded = country.casefold()
    if folded in _regions().no_iso:
        info = _regions().no_iso[folded]
        return CountryCodes(info.get("iso"), str(info.get("alpha3") or ""), "")
    try:
        alias = _regions().aliases.get(folded)
        found = pycountry.countries.get(alpha_3=alias) if alias else pycountry.countries.lookup(country)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(country)[0]
        except LookupError:
            found = None
    if found is None:
        return CountryCodes(None, "", "")
    return CountryCodes(int(found.numeric), str(found.alpha_3), str(found.alpha_2))


def region_of(country: str | None, alpha3: str | None = None) -> str | None:
    """ACLED's region of a country, from its ISO alpha-3 code (found from the name if not given)."""
    if not country:
        return None
    folded = country.casefold()
    if folded in _regions().no_iso:
        return str(_regions().no_iso[folded].get("region"))
    return _regions().by_code.get(alpha3 or country_codes(country).alpha3)


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """Every ACLED region by its folded name and by ACLED's API number ("1" -> Western Africa)."""
    raw = _data("acled_regions.yaml")
    out = {str(r).casefold(): str(r) for r in raw.get("regions") or {}}
    out.update({str(n): str(r) for n, r in (raw.get("numbers") or {}).items()})
    return out


# -- time precision -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _precision_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = _data("time_precision.yaml")
    return (re.compile("|".join(f"(?:{p})" for p in raw["week"]), re.IGNORECASE),
            re.compile("|".join(f"(?:{p})" for p in raw["month"]), re.IGNORECASE))


def _span_texts(spans: Any) -> list[str]:
    return [str(s.get("text") or "") for s in spans or [] if isinstance(s, dict)]


def _vagueness(text: str) -> int | None:
    week, month = _precision_rules()
    if week.search(text):
        return 2
    if month.search(text):
        return 3
    return None


def report_precision(evidence: dict[str, Any], event_date: str | None, published: str | None) -> int | None:
    """One report's precision: its date words when the coder kept them; else its sentences'
    week or month words; else 3 when the date is only the publication day (nothing in the text
    dated the event), 1 when the article's lead stated another day."""
    if not event_date:
        return None
    if len(event_date) < 10:
        return 3
    stated = _span_texts(evidence.get("event_date"))
    if stated:
        return _vagueness(" ".join(stated)) or 1
    vague = _vagueness(" ".join(_span_texts(evidence.get("sentence"))))
    if vague:
        return vague
    return 3 if published and str(published)[:10] == event_date[:10] else 1


def time_precision(incident: dict[str, Any]) -> int | None:
    """The best (lowest) precision among the incident's reports: the most exact report dates it.
    A precision the coder recorded on the incident wins."""
    if incident.get("time_precision"):
        return int(incident["time_precision"])
    date = incident.get("event_date")
    if not date:
        return None
    published: dict[str, Any] = {}
    for s in incident.get("sources") or []:  # a report's first copy: its story group, else its URL
        published.setdefault(str(s.get("group_id") or s.get("url") or ""), s.get("published"))
    found = [report_precision(m.get("evidence") or {}, date,
                              published.get(str(m.get("group_id") or m.get("url") or "")))
             for m in incident.get("evidence") or [] if isinstance(m, dict)]
    known = [p for p in found if p is not None]
    return min(known) if known else 3


# -- source scale ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Scales:
    order: list[str]
    domains: dict[str, str]
    agencies: dict[str, str]
    sites: dict[str, str]


@lru_cache(maxsize=1)
def _scales() -> _Scales:
    raw = _data("source_scales.yaml")

    def folded(key: str) -> dict[str, str]:
        return {str(k).casefold(): str(v) for k, v in (raw.get(key) or {}).items()}
    return _Scales(list(raw["order"]), folded("domains"), folded("agencies"), folded("sites"))


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(str(url)).hostname or ""
    except ValueError:
        return ""
    return host.casefold().removeprefix("www.")


def _listed_domain(host: str) -> str | None:
    parts = host.split(".")
    for i in range(len(parts) - 1):  # the host, then each parent domain
        found = _scales().domains.get(".".join(parts[i:]))
        if found:
            return found
    return None


def _by_country_domain(host: str, alpha2: str, region: str | None) -> str | None:
    """An outlet on a country-code domain is national to that country, regional to its region."""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld == "eu":
        return None
    if tld.upper() == alpha2 or (tld == "uk" and alpha2 == "GB"):
        return "National"
    import pycountry

    found = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    if found is not None and region and _regions().by_code.get(found.alpha_3) == region:
        return "Regional"
    return "International"


def source_scale_of(source: dict[str, Any], alpha2: str, region: str | None) -> str:
    """One source's scale: the tables (domain, agency, site name), else its country domain."""
    host = _host(source.get("url"))
    scales = _scales()
    listed = (_listed_domain(host) if host else None) \
        or scales.agencies.get(str(source.get("agency") or "").casefold()) \
        or scales.sites.get(str(source.get("site") or "").casefold())
    return listed or (_by_country_domain(host, alpha2, region) if host else None) or "Other"


def source_scale(sources: Iterable[dict[str, Any]], alpha2: str, region: str | None) -> str | None:
    """The incident's scale: its sources' distinct scales in the table's order, joined by "-"."""
    found = {source_scale_of(s, alpha2, region) for s in sources}
    order = _scales().order
    return "-".join(sorted(found, key=lambda s: order.index(s) if s in order else len(order))) or None


# -- tags -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _TagRules:
    crowd_types: frozenset[str]
    crowd: list[tuple[re.Pattern[str], str]]
    tags: list[tuple[str, re.Pattern[str]]]


@lru_cache(maxsize=1)
def _tag_rules() -> _TagRules:
    raw = _data("acled_tags.yaml")
    crowd = [(re.compile(c["pattern"], re.IGNORECASE), str(c["size"])) for c in raw.get("crowd_size") or []]
    tags = [(str(name), re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
            for name, patterns in (raw.get("tags") or {}).items() if patterns]
    return _TagRules(frozenset(raw.get("crowd_types") or []), crowd, tags)


def tags(incident: dict[str, Any]) -> str:
    """ACLED's tags of an incident, "; "-separated, from its reports' sentences."""
    text = " ".join(t for m in incident.get("evidence") or [] if isinstance(m, dict)
                    for t in _span_texts((m.get("evidence") or {}).get("sentence")))
    rules = _tag_rules()
    out = [name for name, rx in rules.tags if rx.search(text)]
    if incident.get("event_type") in rules.crowd_types:
        out.insert(0, "crowd size=" + _crowd_size(text, rules))
    return "; ".join(out)


def _crowd_size(text: str, rules: _TagRules) -> str:
    for rx, size in rules.crowd:
        found = rx.search(text)
        if found:
            return size.format(**found.groupdict())
    return "no report"
