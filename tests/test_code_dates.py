"""Every date expression the coder resolves, against a publication date (Monday 9 March 2020)."""

from __future__ import annotations

import datetime as dt

import pytest

from wirewatch.code import code_document
from wirewatch.code.dates import find_dates, parse_published

PUB = dt.date(2020, 3, 9)  # a Monday

CASES = [
    ("on Sunday", "2020-03-08"),
    ("late on Tuesday", "2020-03-03"),
    ("on Tuesday night", "2020-03-03"),
    ("Sunday's attack", "2020-03-08"),
    ("on Monday", "2020-03-09"),
    ("last Monday", "2020-03-02"),
    ("yesterday", "2020-03-08"),
    ("overnight", "2020-03-08"),
    ("today", "2020-03-09"),
    ("the day before yesterday", "2020-03-07"),
    ("on March 8", "2020-03-08"),
    ("on 8 March", "2020-03-08"),
    ("March 8, 2019", "2019-03-08"),
    ("on 28 December", "2019-12-28"),  # a day after publication would be next year: last year's
    ("2020-03-06", "2020-03-06"),
    ("le 8 mars", "2020-03-08"),
    ("le 1er mars", "2020-03-01"),
    ("le dimanche 8 mars 2020", "2020-03-08"),
    ("hier", "2020-03-08"),
    ("hier soir", "2020-03-08"),
    ("avant-hier", "2020-03-07"),
    ("samedi", "2020-03-07"),
    ("dimanche dernier", "2020-03-08"),
    ("dans la nuit de samedi à dimanche", "2020-03-07"),
    ("dans la nuit du 7 au 8 mars", "2020-03-07"),
]


@pytest.mark.parametrize(("expr", "expected"), CASES, ids=[c[0] for c in CASES])
def test_date_expression(expr: str, expected: str) -> None:
    hits = [h for h in find_dates(f"The attack happened {expr} in the north.", PUB) if h.date]
    assert hits and hits[0].date is not None
    assert hits[0].date.isoformat() == expected


def test_modal_may_is_not_a_month() -> None:
    assert find_dates("Up to 5 may have died.", PUB) == []


def test_weekday_needs_a_publication_date() -> None:
    assert [h.date for h in find_dates("on Sunday", None)] == [None]


def test_event_date_comes_from_the_text_not_publication() -> None:
    ev = code_document("Gunmen killed five villagers in Mali on Saturday.", "2020-03-09T12:59").events[0]
    assert ev.event_date == "2020-03-07"
    assert ev.evidence["event_date"][0].text == "Saturday"


def test_event_date_falls_back_to_publication() -> None:
    ev = code_document("Gunmen killed five villagers in Mali.", "2020-03-09").events[0]
    assert ev.event_date == "2020-03-09"


def test_event_date_from_the_lead_sentence() -> None:
    text = "Gunmen attacked a village in Mali on Saturday.\n\nLater, soldiers clashed with the attackers."
    events = code_document(text, "2020-03-09").events
    assert all(e.event_date == "2020-03-07" for e in events)


def test_parse_published() -> None:
    assert parse_published("2020-03-09T12:59") == PUB
    assert parse_published("not a date") is None and parse_published(None) is None


@pytest.mark.parametrize(("text", "day"), [
    ("The army said on 5 June 2020 that troops had killed four rebels near Gao, Mali, two days earlier.", "2020-06-03"),
    ("Gunmen killed two herders near Douna, Mali, two days ago.", "2020-06-07"),
    ("Des hommes armés ont tué deux bergers près de Douna, au Mali, il y a trois jours.", "2020-06-06"),
])
def test_days_counted_back_from_the_report_or_publication(text: str, day: str) -> None:
    assert code_document(text, "2020-06-09").events[0].event_date == day
