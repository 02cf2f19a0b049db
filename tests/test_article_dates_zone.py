"""The publication day is the site's own local day: a declared offset is kept, a UTC moment is
read in the site's zone (domain, locale, language), a moment without an offset yields to the
date the page prints.  Every page here is written for the test."""

from __future__ import annotations

from wirewatch.article.html import extract_html
from wirewatch.article.zones import host_country, locale_country, site_zone
from wirewatch.records import Page

STORY_EN = [
    ("Police said two men were arrested on Monday evening after a protest outside the provincial "
     "legislature turned violent, leaving three officers with minor injuries."),
    ("Organisers said about four hundred people had gathered to oppose a new land law, and that "
     "most of them left peacefully before the clashes began near the main entrance."),
    ("The premier called for calm and said the law would be reviewed by a committee of members "
     "from every party before it comes into force early next year."),
]
STORY_ES = [
    ("La policía detuvo el viernes por la noche a dos hombres después de que una protesta frente "
     "al ayuntamiento terminara con enfrentamientos y varios heridos leves."),
    ("Los organizadores dijeron que unas cuatrocientas personas se habían reunido para rechazar "
     "la nueva ley de vivienda y que la mayoría se marchó antes de los incidentes."),
    ("El alcalde pidió calma y anunció que la norma será revisada por una comisión con "
     "representantes de todos los grupos antes de su entrada en vigor."),
]


def _page(head: str, story: list[str], url: str | None, lang: str = "en", printed: str = "") -> tuple[Page, str]:
    ps = "".join(f"<p>{p}</p>" for p in story)
    stamp = f"<p class='date'>{printed}</p>" if printed else ""
    html = (f"<html lang='{lang}'><head><title>Protest turns violent | The Daily</title>{head}</head>"
            f"<body><article><h1>Protest outside the legislature turns violent</h1>{stamp}"
            f"<div class='body'>{ps}</div></article></body></html>")
    return Page(source="written.html", content=html.encode(), url=url), html


def _published(head: str, story: list[str] = STORY_EN, url: str | None = None, **kw: str) -> str | None:
    page, html = _page(head, story, url, **kw)
    return extract_html(page, html).published


def _ld(value: str) -> str:
    return ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            f"\"datePublished\": \"{value}\"}}</script>")


def test_canadian_page_declared_offset_puts_it_on_the_24th() -> None:
    # the JSON-LD states the moment without an offset (UTC unsaid); the meta tag states the
    # same moment with the page's own offset: the 24th, 8:23 pm in Toronto
    head = _ld("2020-08-25T00:23:33") + \
        "<meta property='article:published_time' content='2020-08-24T20:23:33-04:00'>"
    assert _published(head, url="https://www.example-news.ca/politics/protest") == "2020-08-24T20:23:33-04:00"


def test_canadian_page_utc_moment_is_read_in_the_sites_zone() -> None:
    head = _ld("2020-08-25T00:23:33Z")
    assert _published(head, url="https://www.example-news.ca/politics/protest") == "2020-08-24T20:23:33-04:00"


def test_indian_page_without_offset_takes_the_printed_day() -> None:
    head = "<meta property='article:published_time' content='2020-10-02T18:16'>"
    assert _published(head, url="https://www.example-times.co.in/city/protest",
                      printed="Updated: Oct 3, 2020") == "2020-10-03"


def test_indian_page_utc_evening_is_the_next_day_in_india() -> None:
    head = _ld("2020-10-02T18:46:00Z")
    assert _published(head, url="https://www.example-times.in/city/protest") == "2020-10-03T00:16:00+05:30"


def test_spanish_page_read_day_first_on_its_own_day() -> None:
    # 23:30 UTC on 2 October is 01:30 on the 3rd in Madrid; the page prints 03/10/2020 (day-first)
    head = _ld("2020-10-02T23:30:00Z")
    out = _published(head, STORY_ES, url="https://www.example-diario.com/sociedad/protesta",
                     lang="es-ES", printed="03/10/2020 01:30")
    assert out == "2020-10-03T01:30:00+02:00"


def test_spanish_printed_date_alone_is_day_first() -> None:
    assert _published("", STORY_ES, lang="es", printed="03/10/2020") == "2020-10-03"


def test_printed_day_beats_a_guessed_zone() -> None:
    # a WordPress en_US locale on a site that prints its own day: the printed day wins
    head = _ld("2020-05-02T03:10:00Z") + "<meta property='og:locale' content='en_US'>"
    assert _published(head, printed="May 2, 2020")[:10] == "2020-05-02"  # type: ignore[index]


def test_declared_offset_is_kept_as_declared() -> None:
    head = _ld("2020-06-29T00:16:15+03:00")
    assert _published(head, url="https://example.ru/moscow/1") == "2020-06-29T00:16:15+03:00"


def test_utc_moment_without_any_country_stays_utc() -> None:
    head = _ld("2020-06-29T12:00:00Z")
    assert _published(head, url="https://example.org/story") == "2020-06-29T12:00:00+00:00"


def test_a_post_is_dated_by_the_id_in_its_url() -> None:
    page, html = _page("", STORY_EN, "https://twitter.com/someone/status/1281836879789404160")
    assert extract_html(page, html).published == "2020-07-11T06:25:02+00:00"


def test_country_from_cheap_evidence() -> None:
    assert host_country("news.example.co.uk") == ("GB", "tld")
    assert host_country("example.tv") == (None, "")
    assert host_country("www.example.com") == (None, "")
    assert locale_country("es_MX", None) == ("MX", "locale")
    assert locale_country(None, "ja") == ("JP", "language")
    assert locale_country("en", "en") == (None, "")
    zone = site_zone("example.com.au", None, None)
    assert zone is not None and zone.country == "AU" and str(zone.zone) == "Australia/Sydney"
