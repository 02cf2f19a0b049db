"""The store behaves the same on SQLite and PostgreSQL.

These tests run on SQLite by default and on a fresh PostgreSQL database when WIREWATCH_TEST_PG
names a server (``bash .ci/postgres.sh start`` prints one); CI runs the suite both ways.  They
pin what differs between the two engines unless the store takes care: NUL characters (which
PostgreSQL text refuses), values longer than a VARCHAR's length (which only PostgreSQL enforces),
the place of NULLs in ordering, and the driver a plain ``postgresql://`` URL selects."""

from __future__ import annotations

import os

import pytest

from wirewatch.records import Article, Event, Figure, Place, Rejection, Span, Statement
from wirewatch.sink import add_article
from wirewatch.store import Store, database_url


def _article(content_hash: str, text: str, events: list[Event]) -> Article:
    return Article(
        source=f"made-up/{content_hash[:6]}", content_hash=content_hash, kind="html", text=text,
        url=f"https://example.org/{content_hash[:6]}", title="Côte d’Ivoire: ataque — «prueba» 北京",
        site="news." + "very-long-subdomain-" * 20 + "example.org", agency="A" * 90,
        dateline="KATSINA, Nigeria" + " (made-up dateline)" * 10, provenance={"title": "meta:og:title"},
        figures=[Figure(5000, "5,000", "troops", "about", Span(0, 5, "Gunme"))],
        statements=[Statement("the army", "2023-03-12", "statement", "We repelled them", Span(6, 12, "killed"))],
        places=[Place(24, 29, "Niger", name="Niger", country="Niger", country_code="NE",
                      latitude=17.6, longitude=8.08, geonameid=2440476, feature="country")],
        events=events,
    )


def _event(date: str | None, location: str = "Tillabéri") -> Event:
    return Event(event_date=date, event_type="Violence against civilians", sub_event_type="Attack",
                 actor1="Unidentified Armed Group (Niger)", location=location, fatalities=7,
                 latitude=14.2, longitude=1.45, notes="Gunmen killed seven civilians.\x00",
                 evidence={"fatalities": [Span(13, 18, "seven")]})


def test_a_plain_postgresql_url_selects_the_installed_psycopg_driver() -> None:
    assert database_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


def test_unicode_nul_and_long_values_round_trip(store: Store) -> None:
    text = "Gunmen killed seven civilians in Niger.\x00 A second paragraph."
    art = _article("a" * 64, text, [_event("2023-03-12", location="L" * 300)])
    assert add_article(store, art) == (True, 1)
    (row,) = list(store.iter_articles())
    assert row["title"] == art.title and row["site"] == art.site and row["agency"] == art.agency
    assert "\x00" not in row["text"] and row["text"].startswith("Gunmen killed seven civilians in Niger.")
    assert row["places"][0]["geonameid"] == 2440476 and row["figures"][0]["quantity"] == 5000
    assert row["statements"][0]["quote"] == "We repelled them"
    (ev,) = list(store.iter_events())
    assert ev["location"] == "L" * 300 and ev["notes"] == "Gunmen killed seven civilians."
    assert ev["evidence"] == {"fatalities": [{"start": 13, "end": 18, "text": "seven"}]}


def test_events_without_a_date_come_first_on_both_engines(store: Store) -> None:
    add_article(store, _article("b" * 64, "One.", [_event("2023-03-12"), _event(None), _event("2023-01-02")]))
    dates = [row["event_date"] for row in store.iter_events()]
    assert dates == [None, "2023-01-02", "2023-03-12"]


def test_rejections_runs_and_site_lines_round_trip(store: Store) -> None:
    run_id = store.begin_run(["a.warc.gz", "b/"])
    store.add_rejection(Rejection("a.warc.gz#3", "ingest", "binary", "content is not text\x00"), run_id)
    assert store.save_site_lines({"example.org": {"k1", "k2"}}) == 2
    assert store.save_site_lines({"example.org": {"k2", "k3"}}) == 1  # only what is new
    store.finish_run(run_id, {"pages_read": 3, "rejected": {"binary": 1}})
    assert store.site_lines() == {"example.org": {"k1", "k2", "k3"}}
    assert store.counts() == {"articles": 0, "events": 0, "rejections": 1, "runs": 1}


@pytest.mark.postgres
def test_the_suite_really_reaches_postgresql_when_asked(store: Store) -> None:
    """Guards CI's second pass: with WIREWATCH_TEST_PG set, the fixtures must hand out PostgreSQL."""
    if not os.environ.get("WIREWATCH_TEST_PG"):
        pytest.skip("WIREWATCH_TEST_PG is not set")
    assert store.engine.dialect.name == "postgresql"
