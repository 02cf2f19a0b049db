"""Dates as reports write them (issue 12 point 6), one test each, in English and French, through the
whole coder: ranges and nights take their first day, misspelt months in date position, "reported on
X that ...", past weekdays, relative days and weekends, no date (publication, time precision 3,
said in the notes), and no event date after publication."""

from __future__ import annotations

import datetime as dt

import pytest

from wirewatch.code import code_document
from wirewatch.code.dates import find_dates

PUB = "2021-03-25"  # a Thursday
TAIL_EN = "gunmen attacked Boni, killing four civilians."
TAIL_FR = "des hommes armés ont attaqué Boni, tuant quatre civils."


def dated(text: str, published: str = PUB) -> tuple[str | None, int | None]:
    ev = code_document(text, published).events[0]
    return ev.event_date, ev.time_precision


RANGES = [
    (f"On 11-12 March, {TAIL_EN}", "2021-03-11"),
    (f"Between 9 and 23 February, {TAIL_EN}", "2021-02-09"),
    (f"Around 4 and 9 March, {TAIL_EN}", "2021-03-04"),
    (f"Du 3 au 5 mars, {TAIL_FR}", "2021-03-03"),
    (f"Entre le 3 et le 5 mars, {TAIL_FR}", "2021-03-03"),
]


@pytest.mark.parametrize(("text", "day"), RANGES, ids=[c[0][:24] for c in RANGES])
def test_a_range_takes_its_first_day(text: str, day: str) -> None:
    assert dated(text) == (day, 2)  # a span of days: time precision 2


@pytest.mark.parametrize("text", [f"Dans la nuit du 3 au 4 mars, {TAIL_FR}",
                                  "Des hommes armés ont attaqué Boni dans la nuit du 3 au 4 mars, tuant quatre civils.",
                                  "Gunmen attacked Boni in the night of 3 to 4 March, killing four civilians."])
def test_a_night_is_the_day_it_began(text: str) -> None:
    assert dated(text) == ("2021-03-03", 1)


MISSPELT = [
    (f"On 11 Mrach, {TAIL_EN}", "2021-03-11"),
    (f"On 11 Febuary 2021, {TAIL_EN}", "2021-02-11"),
    (f"On 8 Setpember 2020, {TAIL_EN}", "2020-09-08"),
    (f"Le 11 févirer, {TAIL_FR}", "2021-02-11"),
    (f"Le 11 mrs 2021, {TAIL_FR}", "2021-03-11"),
    (f"Le 11 septmbre 2020, {TAIL_FR}", "2020-09-11"),
    (f"Le 2 févrié 2021, {TAIL_FR}", "2021-02-02"),
]


@pytest.mark.parametrize(("text", "day"), MISSPELT, ids=[c[0][:22] for c in MISSPELT])
def test_a_misspelt_month_in_date_position(text: str, day: str) -> None:
    published = (dt.date.fromisoformat(day) + dt.timedelta(days=3)).isoformat()
    assert dated(text, published) == (day, 1)


@pytest.mark.parametrize("text", ["Le 3 maris de la victime ont témoigné.", "Les 12 marches ont eu lieu à Bamako.",
                                  "Il y a 3 marchés à Gao.", "Le 1 jeune a été libéré."])
def test_words_near_a_month_name_are_not_dates(text: str) -> None:
    assert not [h for h in find_dates(text, dt.date(2021, 3, 25)) if h.date]


@pytest.mark.parametrize("text", [
    "Local sources reported on March 20 that gunmen had attacked Boni, killing four civilians.",
    "Des sources locales ont rapporté le 20 mars que des hommes armés avaient attaqué Boni, tuant quatre civils.",
])
def test_reported_on_a_day_that_dates_the_event_that_day(text: str) -> None:
    assert dated(text) == ("2021-03-20", 1)


RELATIVE = [
    ("Gunmen attacked Boni on Monday, killing four civilians.", "2021-03-22", 1),
    ("Des hommes armés ont attaqué Boni lundi, tuant quatre civils.", "2021-03-22", 1),
    ("Gunmen attacked Boni last Tuesday, killing four civilians.", "2021-03-23", 1),
    ("Des hommes armés ont attaqué Boni mardi dernier, tuant quatre civils.", "2021-03-23", 1),
    ("Gunmen attacked Boni yesterday, killing four civilians.", "2021-03-24", 1),
    ("Des hommes armés ont attaqué Boni hier, tuant quatre civils.", "2021-03-24", 1),
    ("Gunmen attacked Boni last night, killing four civilians.", "2021-03-24", 1),
    ("Gunmen attacked Boni overnight, killing four civilians.", "2021-03-24", 1),
    ("Gunmen attacked Boni over the weekend, killing four civilians.", "2021-03-20", 2),
    ("Des hommes armés ont attaqué Boni ce week-end, tuant quatre civils.", "2021-03-20", 2),
]


@pytest.mark.parametrize(("text", "day", "precision"), RELATIVE, ids=[c[0][:48] for c in RELATIVE])
def test_weekdays_and_relative_days_before_publication(text: str, day: str, precision: int) -> None:
    assert dated(text) == (day, precision)


@pytest.mark.parametrize("text", ["Gunmen attacked Boni, killing four civilians.",
                                  "Des hommes armés ont attaqué Boni, tuant quatre civils."])
def test_no_date_is_publication_with_precision_3_and_says_so(text: str) -> None:
    ev = code_document(text, PUB).events[0]
    assert (ev.event_date, ev.time_precision) == (PUB, 3)
    assert "no date reported" in ev.notes and "time precision 3" in ev.notes


def test_a_day_after_publication_is_never_the_event_date() -> None:
    # a stated year: the day is a plan, not the event; the report falls back to publication
    assert dated(f"On 28 March 2021, {TAIL_EN}") == (PUB, 3)
    # no year: the latest such day on or before publication, i.e. last year's
    hits = [h for h in find_dates("le 28 mars", dt.date(2021, 3, 25)) if h.date]
    assert hits[0].date == dt.date(2020, 3, 28)


MONTH_ONLY = [
    (f"In February 2021, {TAIL_EN}", "2021-02-15"),
    (f"In mid-February, {TAIL_EN}", "2021-02-15"),
    (f"En février 2021, {TAIL_FR}", "2021-02-15"),
    (f"Courant février, {TAIL_FR}", "2021-02-15"),
    (f"Au cours du mois de février 2021, {TAIL_FR}", "2021-02-15"),
    (f"In March 2021, {TAIL_EN}", "2021-03-15"),  # the month of publication, after its 15th
]


@pytest.mark.parametrize(("text", "day"), MONTH_ONLY, ids=[c[0][:30] for c in MONTH_ONLY])
def test_a_month_with_no_day_is_its_middle_with_precision_3(text: str, day: str) -> None:
    assert dated(text) == (day, 3)


def test_a_month_of_publication_is_never_after_publication() -> None:
    assert dated(f"In March 2021, {TAIL_EN}", "2021-03-10") == ("2021-03-10", 3)


def test_a_day_beside_a_month_dates_the_event() -> None:
    assert dated("In February 2021, gunmen attacked Boni; on 12 February they killed four civilians there.") == (
        "2021-02-12", 1)


@pytest.mark.parametrize(("text", "day"), [
    ("Gunmen attacked Boni earlier this week, killing four civilians.", "2021-03-22"),
    ("En début de semaine, des hommes armés ont attaqué Boni, tuant quatre civils.", "2021-03-22"),
    ("En milieu de semaine, des hommes armés ont attaqué Boni, tuant quatre civils.", "2021-03-24"),
])
def test_a_part_of_the_week_is_its_day_with_precision_2(text: str, day: str) -> None:
    assert dated(text) == (day, 2)


def test_avant_hier_and_last_weekend() -> None:
    assert dated(f"Avant-hier, {TAIL_FR}") == ("2021-03-23", 1)
    assert dated(f"Le week-end dernier, {TAIL_FR}") == ("2021-03-20", 2)


@pytest.mark.parametrize("text", [f"Le 03/03/2021, {TAIL_FR}", f"On 3.3.2021, {TAIL_EN}"])
def test_a_numeric_date_is_day_first(text: str) -> None:
    assert dated(text) == ("2021-03-03", 1)


def test_a_numeric_date_with_no_such_month_is_no_date() -> None:
    assert [h.date for h in find_dates("le 03/13/2021", dt.date(2021, 3, 25))] == [None]


@pytest.mark.parametrize("text", ["In March 2021, gunmen attacked Boni, killing four civilians.",
                                  "En mars 2021, des hommes armés ont attaqué Boni, tuant quatre civils."])
def test_a_month_only_is_its_middle_with_precision_3_and_not_called_undated(text: str) -> None:
    ev = code_document(text, "2021-04-20").events[0]
    assert (ev.event_date, ev.time_precision) == ("2021-03-15", 3)
    assert "no date reported" not in ev.notes and "month reported" in ev.notes
