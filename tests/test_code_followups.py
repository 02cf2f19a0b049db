"""General errors a user saw at once on the example pages, each pinned on new made-up text:
protesters dispersing by themselves, follow-up statements that refer back to an attack, and
who is actor1 when a bomb strikes soldiers."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document

PUB = "2024-03-06"  # a Wednesday

SELF_DISPERSED = [
    ("Several hundred teachers marched peacefully through the centre of Kayes on Monday to demand "
     "unpaid wages. The marchers chanted slogans and carried placards before dispersing at dusk. "
     "There were no reports of violence."),
    ("Plusieurs centaines d'étudiants ont défilé dans le calme lundi à Ségou pour réclamer leurs "
     "bourses, avant de se disperser en fin de journée."),
    ("Dozens of traders rallied outside the town hall in Sikasso on Monday over a new market tax; "
     "the crowd dispersed quietly by noon."),
]


@pytest.mark.parametrize("text", SELF_DISPERSED)
def test_protesters_dispersing_by_themselves_is_a_peaceful_protest(text: str) -> None:
    events = code_document(text, PUB).events
    assert [e.sub_event_type for e in events] == ["Peaceful protest"]
    assert not events[0].actor2


def test_no_reports_of_violence_is_not_a_violence_cue() -> None:
    calm = ("Students marched peacefully in Bamako on Monday and put up barricades of tyres along "
            "the route; there were no reports of violence.")
    rough = "Youths put up barricades in Bamako on Monday during a protest, and violence broke out."
    assert [e.sub_event_type for e in code_document(calm, PUB).events] == ["Peaceful protest"]
    assert [e.sub_event_type for e in code_document(rough, PUB).events] == ["Violent demonstration"]


FORCE_DISPERSED = [
    ("Police dispersed the protesters with tear gas in Kayes on Monday after hundreds marched "
     "against fuel prices."),
    "Des manifestants qui réclamaient de l'eau ont été dispersés par la police lundi à Ségou.",
]


@pytest.mark.parametrize("text", FORCE_DISPERSED)
def test_forces_dispersing_protesters_is_an_intervention(text: str) -> None:
    events = code_document(text, PUB).events
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]


FOLLOW_UPS = [
    ("Gunmen on motorcycles killed nine villagers in an attack on a market near Djibo on Monday, "
     "residents said. The army said in a statement on Tuesday that it had launched an operation to "
     "track down the attackers."),
    ("Unknown assailants shot dead a village chief and his son near Tillabéri on Monday. On Tuesday "
     "the governor said security forces were hunting down the assailants."),
    ("Des hommes armés ont tué six civils lundi près de Ménaka. L'armée a indiqué mardi avoir lancé "
     "une opération pour retrouver les assaillants."),
]


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_pursuit_of_earlier_attackers_is_no_second_event(text: str) -> None:
    events = code_document(text, PUB).events
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Attack", "2024-03-04")]


IED_ON_FORCES = [
    (("A roadside bomb struck a Malian army convoy near the town of Gao on Tuesday, killing four "
      "soldiers, the army said in a statement."), "Mali"),
    (("A landmine hit a Burkinabe army patrol near Djibo on Monday, killing two soldiers, the "
      "defence ministry said."), "Burkina Faso"),
]


@pytest.mark.parametrize(("text", "country"), IED_ON_FORCES)
def test_unclaimed_bomb_is_an_unidentified_groups_and_forces_are_its_target(text: str, country: str) -> None:
    (event,) = code_document(text, PUB).events
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.actor1 == f"Unidentified Armed Group ({country})"
    assert event.actor2 and event.actor2.startswith(f"Military Forces of {country}")
    assert (event.inter1, event.inter2) == (2, 1)  # rebel/unidentified group against state forces


def test_claimed_bomb_keeps_its_perpetrator() -> None:
    text = "JNIM militants planted a bomb that killed three Malian soldiers near Gao on Monday."
    (event,) = code_document(text, PUB).events
    assert event.actor1 and event.actor1.startswith("JNIM")
    assert event.actor2 and event.actor2.startswith("Military Forces of Mali")
