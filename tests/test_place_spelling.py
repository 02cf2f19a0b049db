"""Alternative spellings of Sahel place names (issue 13), on made-up sentences: matched only inside
a country the text names (or the country of the region named right after the name), and only after
a place cue or before such a hint."""

from __future__ import annotations

import pytest

from wirewatch.place import geoparse
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.place.names import fold
from wirewatch.place.spelling import skeleton
from wirewatch.records import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return open_gazetteer()


def by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


@pytest.mark.parametrize(("written", "known"), [("Wahiguya", "Ouahigouya"), ("Jibo", "Djibo"),
                                                ("Boulkessy", "Boulkessi"), ("Aguelhoc", "Aguelhok"),
                                                ("Tillabery", "Tillabéri"), ("Birnin Konni", "Birni N'Konni")])
def test_french_and_english_transliterations_share_a_skeleton(written: str, known: str) -> None:
    assert skeleton(fold(written)) == skeleton(fold(known))


@pytest.mark.parametrize(("text", "mention", "name", "admin1"), [
    ("Des hommes armés ont attaqué un campement à Tidermene, au Mali.", "Tidermene", "Tidarméné", "Ménaka"),
    ("A peacekeeping camp at Aguelhoc in Mali came under rocket fire.", "Aguelhoc", "Aguelhok", "Kidal"),
    ("Gunmen killed eleven villagers in Dialassagou, Mali, on Sunday.", "Dialassagou", "Diallassagou", "Mopti"),
    # no country named: the district and region after the name say which country to look in
    ("Des combattants ont occupé Bambara Maoudé (Gourma-Rharous, Tombouctou).", "Bambara Maoudé",
     "Bambara-Maoundé", "Tombouctou"),
])
def test_a_spelling_the_gazetteer_lacks_is_a_place_of_the_named_country(
        gaz: Gazetteer, text: str, mention: str, name: str, admin1: str) -> None:
    assert fold(mention) not in gaz.lookup([fold(mention)])  # not a name the gazetteer holds
    p = by_text(geoparse(text, gaz=gaz))[mention]
    assert (p.name, p.admin1) == (name, admin1)


@pytest.mark.parametrize("text", [
    "Gunmen killed eleven villagers in Dialassagou on Sunday.",  # no country named
    "Gunmen killed eleven villagers in Dialassagou, Burkina Faso, on Sunday.",  # Mali's names are not compared
    "Dialassagou villagers fled after the killings, Mali said.",  # no place cue and no hint
])
def test_no_spelling_match_without_a_supported_country_and_a_cue(gaz: Gazetteer, text: str) -> None:
    assert "Dialassagou" not in {p.text for p in geoparse(text, gaz=gaz) if p.name}


@pytest.mark.parametrize(("text", "admin1"), [
    # Mali holds a Dyaloubé in Tombouctou and a Dialoube in Koulikoro: the region the story names chooses
    ("Gunmen attacked a village near Dialloube in Mali's Tombouctou region on Sunday.", "Tombouctou"),
    ("Gunmen attacked a village near Dialloube, in the Nara cercle of Mali, on Sunday.", "Koulikoro"),
])
def test_a_region_the_text_names_chooses_among_spelling_matches(gaz: Gazetteer, text: str, admin1: str) -> None:
    assert by_text(geoparse(text, gaz=gaz))["Dialloube"].admin1 == admin1


@pytest.mark.parametrize("text", [
    "Gunmen attacked a village near Dialloube in Mali's Ségou region on Sunday, killing nine.",
    # "Ségou" is also a Senegalese hamlet: the hint's country is Mali's region's, not Senegal
    "Des hommes armés ont attaqué le village de Dialloube, dans la région de Ségou, au Mali.",
])
def test_a_spelling_match_outside_the_named_region_is_refused(gaz: Gazetteer, text: str) -> None:
    places = by_text(geoparse(text, gaz=gaz))
    assert "Dialloube" not in places or places["Dialloube"].name is None
    assert places["Ségou"].admin1 == "Ségou"
