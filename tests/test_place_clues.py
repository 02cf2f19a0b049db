"""Clues around a place name, on made-up sentences: a unit word before the name ("région du Nord",
"cercle of Nara"), a cue carried along a list ("between Hombori and Boni"), the two ends of a route
("the Boni–Hombori axis"), and a place cue before a name only one town bears."""

from __future__ import annotations

import pytest

from wirewatch.place import geoparse, locate_events
from wirewatch.place.find import find_mentions
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.records import Event, Place, Span


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return open_gazetteer()


def _by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


@pytest.mark.parametrize("text", ["Des hommes armés ont visé la commune de Thiou, dans la région du Nord.",
                                  "Armed men raided the commune of Thiou, in the region of Nord, at dawn."])
def test_a_unit_word_before_a_name_makes_it_a_region(gaz: Gazetteer, text: str) -> None:
    p = _by_text(geoparse(text, gaz=gaz))
    assert p["Nord"].feature == "admin1" and p["Nord"].country_code == "BF"
    assert p["Thiou"].country_code == "BF" and p["Thiou"].admin1 == "Nord"


def test_a_district_word_before_a_town_does_not_make_it_a_foreign_region(gaz: Gazetteer) -> None:
    text = "Armed men stormed a police station in the Cercle of Nara, Koulikoro Region."
    nara = _by_text(geoparse(text, gaz=gaz))["Nara"]
    assert nara.country_code == "ML" and nara.admin1 == "Koulikoro"
    ev = Event(event_date="2024-03-02", event_type="Battles", sub_event_type="Armed clash")
    ev.evidence["sentence"] = [Span(0, len(text), text)]
    locate_events(text, [ev], gaz=gaz)
    assert ev.location == "Nara" and ev.geo_precision == 2  # the cercle, not the town itself


def test_a_unit_word_needs_a_connector_before_the_name(gaz: Gazetteer) -> None:
    mentions = find_mentions("Forecasters at Colorado State University expect more storms.", gaz)
    assert "University" not in {m.text for m in mentions}


@pytest.mark.parametrize("text", ["The ambush took place between Douentza and Hombori on Thursday.",
                                  "Une embuscade a eu lieu entre Douentza et Hombori jeudi."])
def test_a_place_cue_carries_over_a_list(gaz: Gazetteer, text: str) -> None:
    mentions = {m.text: m for m in find_mentions(text, gaz)}
    assert mentions["Douentza"].cue and mentions["Hombori"].cue
    assert _by_text(geoparse(text, gaz=gaz))["Hombori"].country_code == "ML"


def test_both_ends_of_a_route_are_places(gaz: Gazetteer) -> None:
    mentions = find_mentions("A bus struck a mine on the Douentza–Hombori axis.", gaz)
    assert [m.text for m in mentions if m.cue] == ["Douentza", "Hombori"]
    french = find_mentions("Un bus a sauté sur une mine sur l'axe Douentza-Hombori.", gaz)
    assert [m.text for m in french if m.cue] == ["Douentza", "Hombori"]


@pytest.mark.parametrize("text", ["Fighting broke out west of Tessalit, according to local sources.",
                                  "Des combats ont eu lieu à l'ouest de Tessalit, selon des sources locales."])
def test_a_place_cue_and_a_name_only_one_town_bears_resolve_it(gaz: Gazetteer, text: str) -> None:
    tessalit = _by_text(geoparse(text, gaz=gaz))["Tessalit"]
    assert tessalit.country_code == "ML" and tessalit.admin1 == "Kidal"


@pytest.mark.parametrize(("text", "admin1"), [
    ("Gunmen attacked Hombori (Gourma-Rharous, Tombouctou) on Monday.", "Tombouctou"),
    ("Des hommes armés ont attaqué Hombori, dans la région de Gao, lundi.", "Gao"),
])
def test_a_region_the_text_names_for_a_village_overrides_its_derived_region(gaz: Gazetteer, text: str,
                                                                             admin1: str) -> None:
    # Hombori's derived region is Mopti; a region named for it in the text wins (it is wrong near borders)
    hombori = _by_text(geoparse(text, gaz=gaz))["Hombori"]
    assert hombori.country_code == "ML" and hombori.admin1 == admin1


def test_a_village_keeps_its_derived_region_without_a_hint(gaz: Gazetteer) -> None:
    hombori = _by_text(geoparse("An improvised device exploded on the road at Hombori in central Mali.", gaz=gaz))
    assert hombori["Hombori"].admin1 == "Mopti" and hombori["Hombori"].admin2 == "Douentza"
