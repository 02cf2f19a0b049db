"""Sentence-level event detection and sub-types (issue 12, session 4): what is no event, and the
codebook kinds the classifier decides.  Every report here was written for these tests, in our own
words; none is taken from a news source or a dataset."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.records import Event

PUB = "2020-03-15"


def events(text: str, published: str | None = PUB) -> list[Event]:
    return code_document(text, published).events


def first(text: str, published: str | None = PUB) -> Event:
    evs = events(text, published)
    assert evs, text
    return evs[0]


# non-events: statements about stocks and history, threats, figures of another century
@pytest.mark.parametrize("text", [
    "On 14 March 2020, an aid agency said 2.1 million people were now displaced across the central Sahel.",
    "Le 14 mars 2020, le HCR a indiqué que deux millions de personnes étaient déplacées au Sahel central.",
    ("The insurgency has killed more than 20,000 people in the region since 2012, the UN said in a statement "
    "on 14 March 2020."),
    ("On 14 March 2020, a governor in Gao said the killings of 2012 must never happen again, recalling the "
    "prisoners executed near Tessalit that year."),
    "Le 14 mars 2020, des combattants de l'EIGS ont menacé dans une vidéo d'attaquer les écoles de Tillabéri.",
    "On 14 March 2020, fighters of Ansaroul Islam threatened in a leaflet to burn any school that reopens.",
    ("Le choléra a tué des millions de personnes au XIXe siècle, rappelle un médecin interrogé le 14 mars 2020 "
    "à Niamey."),
    "La peste noire a fait des millions de morts en Europe, rappelle un article publié le 14 mars 2020.",
])
def test_non_events_get_no_event(text: str) -> None:
    assert events(text) == [], text


# a protest that mourns or recalls a massacre is still peaceful: the deaths are not force against it
@pytest.mark.parametrize("text", [
    ("Le 14 mars 2020, des centaines d'habitants de Djibo ont marché dans le calme pour exiger la sécurité "
    "après le massacre de Silgadji."),
    ("Le 14 mars 2020, des femmes ont manifesté à Kaya pour réclamer justice pour les victimes de la tuerie "
    "de Yirgou."),
    ("On 14 March 2020, hundreds of residents of Mopti marched to demand justice for the victims of the "
    "massacre at Ogossagou."),
])
def test_a_protest_recalling_deaths_stays_peaceful(text: str) -> None:
    assert first(text).sub_event_type == "Peaceful protest", text


def test_force_that_kills_protesters_is_still_excessive() -> None:
    ev = first("Le 14 mars 2020, la police a tiré à balles réelles sur des manifestants à Niamey ; deux ont "
               "été tués.")
    assert ev.sub_event_type == "Excessive force against protesters"
