"""Actor order and roles (issue 12): actor1 is the side the report makes the subject of its main
clause; the agent of a passive acts; targets, repelled attacks and leading clauses do not."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.records import Event

PUB = "2019-05-06"
MALI = "Military Forces of Mali (2013-2020)"
JNIM = "JNIM: Group for Support of Islam and Muslims"


def first(text: str, pub: str = PUB) -> Event:
    events = code_document(text, pub).events
    assert events, text
    return events[0]


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # the subject repelled the attack: the "by X" of that attack does not make X actor1
    (("On 3 May 2019, army troops fought off an assault by JNIM militants on their camp at Sévaré, "
     "killing four of them."), MALI, JNIM),
    ("Le 3 mai 2019, les militaires ont repoussé une attaque du JNIM contre leur poste de Nampala.", MALI, JNIM),
    # a passive names its agent with "by": the agent acts
    ("On 3 May 2019, four soldiers were killed by JNIM fighters near Boulkessi.", JNIM, MALI),
    # the attackers are the subject; the defenders fighting back in the next sentence do not reorder them
    (("Unidentified gunmen opened fire on a gendarmerie post at Diafarabé on 4 May 2019. The gendarmes "
     "returned fire and one of them was killed."), "Unidentified Armed Group (Mali)",
     "Police Forces of Mali (2013-2020)"),
    # a leading "After ..." clause is not the main one
    (("After JNIM fighters raided the market of Diafarabé on 2 May 2019, Malian soldiers pursued them and "
     "killed six."), MALI, JNIM),
])
def test_actor1_is_the_subject_of_the_main_clause(text: str, actor1: str, actor2: str) -> None:
    ev = first(text)
    assert (ev.actor1, ev.actor2) == (actor1, actor2)


def test_french_passive_victims_are_actor2_of_an_unnamed_attacker() -> None:
    ev = first("Le 3 mai 2021, quinze VDP ont été tués dans une embuscade près de Djibo.", "2021-05-05")
    assert (ev.sub_event_type, ev.actor1, ev.actor2) == (
        "Armed clash", "Unidentified Armed Group (Burkina Faso)", "VDP: Volunteers for the Defense of the Homeland")
    assert (ev.inter1, ev.inter2, ev.interaction) == (2, 3, 23)


def test_militants_neutralised_by_nobody_named_were_fought_by_the_state() -> None:
    ev = first("Douze terroristes ont été neutralisés le 3 mai 2021 près de Djibo, selon l'état-major.", "2021-05-05")
    assert (ev.actor1, ev.actor2) == ("Military Forces of Burkina Faso (2015-2022)",
                                      "Unidentified Armed Group (Burkina Faso)")


@pytest.mark.parametrize("text", [
    "On 4 May 2019, mortar rounds were fired at the MINUSMA camp in Gao. Nobody was hurt.",
    "Le 4 mai 2019, des obus de mortier ont visé le camp de la MINUSMA à Tessalit, sans faire de victimes.",
])
def test_the_target_of_shelling_is_never_actor1(text: str) -> None:
    ev = first(text)
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert ev.actor1 == "Unidentified Armed Group (Mali)"
    assert ev.actor2 is not None and ev.actor2.startswith("MINUSMA")


def test_forces_that_fire_the_shells_are_actor1() -> None:
    ev = first("On 4 May 2019 the army shelled JNIM positions near Boulkessi, killing ten fighters.")
    assert (ev.actor1, ev.actor2) == (MALI, JNIM)


def test_a_claim_names_the_unnamed_attackers_on_either_side() -> None:
    ev = first("On 4 May 2019 Malian soldiers beat off an attack by gunmen on their post at Nampala. "
               "The Katiba Macina later claimed the raid.")
    assert (ev.actor1, ev.actor2) == (MALI, JNIM)


def test_the_first_demonym_of_a_pair_names_the_leading_force() -> None:
    ev = first("On 4 May 2019, a joint operation by Nigerien and French forces near Ayorou killed seven "
               "ISGS fighters.")
    assert (ev.actor1, ev.actor2) == ("Military Forces of Niger (2011-2021)",
                                      "Islamic State (West Africa) - Greater Sahara Faction")
    assert (ev.inter1, ev.inter2, ev.interaction) == (1, 2, 12)


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 May 2019, helicopters of Operation Barkhane struck a militant convoy near Gossi, killing nine.",
     "Military Forces of France"),
    (("Le 4 mai 2019, des chasseurs de Dan Na Ambassagou ont attaqué un hameau peul près de Bankass, tuant "
     "huit civils."), "Dan Na Ambassagou"),
])
def test_a_role_word_of_a_named_actor_is_that_actor(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


def test_an_actor_before_selon_is_not_the_source() -> None:
    ev = first("Le 4 mai 2019, vingt combattants du JNIM ont été neutralisés par l'armée près de Boni, "
               "selon l'état-major.")
    assert (ev.actor1, ev.actor2) == (MALI, JNIM)


@pytest.mark.parametrize(("text", "actor1"), [
    (("On 4 May 2019, gunmen presumed to belong to JNIM raided a gendarmerie post near Nara; two gendarmes "
     "were killed."), JNIM),
    (("On 4 May 2019, militants suspected of belonging to the Islamic State in the Greater Sahara killed "
     "five herders near Ménaka."), "Islamic State (West Africa) - Greater Sahara Faction"),
    ("Le 4 mai 2019, des hommes armés présumés membres du JNIM ont tué trois bergers près de Youwarou.", JNIM),
    (("Le 4 mai 2019, des assaillants soupçonnés d'appartenir au GSIM ont incendié des greniers et tué deux "
     "paysans près de Bankass."), JNIM),
    (("Le 4 mai 2019, des individus armés se réclamant de l'EIGS ont exécuté un chef de village près "
     "d'Ansongo."), "Islamic State (West Africa) - Greater Sahara Faction"),
])
def test_attribution_as_the_source_states_it(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


def test_self_defence_volunteers_are_the_vdp() -> None:
    ev = first("On 4 March 2021, self-defence volunteers repelled gunmen who attacked a village near Seytenga; "
               "five volunteers were killed.", "2021-03-06")
    assert (ev.actor1, ev.actor2) == ("VDP: Volunteers for the Defense of the Homeland",
                                      "Unidentified Armed Group (Burkina Faso)")


def test_the_state_is_the_first_party_to_an_agreement() -> None:
    ev = first("On 4 May 2019, a local truce was agreed between the authorities and JNIM fighters around "
               "Niono to let farmers harvest.")
    assert ev.sub_event_type == "Agreement"
    assert (ev.actor1, ev.actor2) == ("Government of Mali (2013-2020)", JNIM)


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 May 2019, gunmen killed four gendarmes near Nara in an attack attributed to JNIM.", JNIM),
    ("Le 4 mai 2019, des hommes armés ont tué quatre bergers près de Nara. L'attaque a été attribuée au GSIM.",
     JNIM),
    ("On 4 May 2019, militants loyal to Amadou Koufa killed four herders near Nara.", JNIM),
])
def test_an_attack_attributed_to_a_group_or_its_leader_is_that_group(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 May 2019, Daoussak militiamen killed six herders near Ménaka.", "Daoussak Ethnic Militia (Mali)"),
    ("Le 4 mai 2019, des miliciens mossi ont tué cinq éleveurs près de Kaya.", "Mossi Ethnic Militia (Burkina Faso)"),
    ("Le 4 mai 2019, des éleveurs armés ont tué trois cultivateurs près de Koro.", "Fulani Ethnic Militia (Mali)"),
    ("Le 4 mai 2019, des touaregs armés ont tué deux commerçants près de Ménaka.", "Tuareg Ethnic Militia (Mali)"),
])
def test_communal_fighters_are_the_ethnic_militia_of_the_event_country(text: str, actor1: str) -> None:
    ev = first(text)
    assert (ev.actor1, ev.inter1, ev.interaction) == (actor1, 4, 47)


@pytest.mark.parametrize(("text", "actor1"), [
    # the sentence after the event names who the unnamed attackers were
    ("On 3 May 2019, three civilians were killed near Boni. Residents said the gunmen belonged to Ansarul Islam.",
     "Ansaroul Islam"),
    (("Le 3 mai 2019, trois civils ont été tués près de Boni. Les assaillants, des éléments de la katiba Serma, "
     "ont pris la fuite."), JNIM),
    # the sentence before it does ("sont entrés" is a verb of motion, not a passive)
    ("Des combattants du JNIM sont entrés dans Boni le 3 mai 2019. Trois soldats ont été tués.", JNIM),
    ("L'EIGS a attaqué le poste de Boni le 3 mai 2019. Trois soldats ont été tués dans les combats.",
     "Islamic State (West Africa) - Greater Sahara Faction"),
    # a group merely said to be around is not the author
    (("On 3 May 2019, three civilians were killed near Boni by gunmen. JNIM has been active in the area "
     "since 2017."), "Unidentified Armed Group (Mali)"),
    (("Le 3 mai 2019, des hommes armés ont tué trois civils près de Boni. Le JNIM est actif dans la zone "
     "depuis 2017."), "Unidentified Armed Group (Mali)"),
])
def test_the_attacker_named_beside_the_event_sentence_is_actor1(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


def test_two_militias_that_clash_are_each_one_side() -> None:
    ev = first("Le 3 mai 2019, des miliciens peuls et des chasseurs dogons se sont affrontés près de Bankass ; "
               "quatre combattants ont péri.")
    assert (ev.actor1, ev.actor2) == ("Fulani Ethnic Militia (Mali)", "Dogon Ethnic Militia (Mali)")
    assert (ev.inter1, ev.inter2, ev.interaction) == (4, 4, 44)


@pytest.mark.parametrize(("text", "country"), [
    (("Le 3 mai 2019, des hommes armés venus du Mali ont attaqué un village du département de Banibangou et tué "
     "quatorze villageois."), "Niger"),
    ("On 3 May 2019, gunmen who crossed from Niger killed ten traders near Seytenga.", "Burkina Faso"),
])
def test_the_country_people_came_from_is_not_the_events(text: str, country: str) -> None:
    ev = first(text)
    assert (ev.country, ev.actor1, ev.actor2) == (country, f"Unidentified Armed Group ({country})",
                                                  f"Civilians ({country})")


def test_an_ethnic_group_named_as_victims_is_civilians() -> None:
    ev = first("Le 3 mai 2019, des Koglweogo ont tué plusieurs dizaines de Peuls à Yirgou, accusés de complicité "
               "avec les terroristes.")
    assert (ev.actor1, ev.actor2) == ("Koglweogo Militia", "Civilians (Burkina Faso)")


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # the event's sentence tells only the toll: the sentence before names who acted (ACLED: in a
    # demonstration event the demonstrators are actor1, the force that fired on them actor2)
    ("On 3 May 2019, soldiers fired live ammunition at a peaceful rally in Bamako. Three demonstrators were killed.",
     "Protesters (Mali)", MALI),
    (("Du 3 au 5 mai 2019, les forces françaises ont mené avec les FAMa une opération près de Boulkessi. Deux "
      "jihadistes ont été tués et un soldat français a péri."), "Military Forces of France",
     "Unidentified Armed Group (Mali)"),
    # the event's sentence tells the answer to an attack told before it: the attackers come first
    (("Unknown assailants shot at a police checkpoint near Mopti on 3 May 2019. Police officers fired back and "
      "one officer was killed."), "Unidentified Armed Group (Mali)", "Police Forces of Mali (2013-2020)"),
])
def test_the_sentence_before_names_who_acted_when_the_events_does_not(text: str, actor1: str, actor2: str) -> None:
    ev = first(text)
    assert (ev.actor1, ev.actor2) == (actor1, actor2)


@pytest.mark.parametrize(("text", "actor1"), [
    # a force that tells its own act is its author, not the report's source
    ("The army said it killed 20 militants near Boni on 3 May 2019.", MALI),
    ("L'armée malienne a annoncé avoir neutralisé 20 terroristes près de Boni le 3 mai 2019.", MALI),
    # forces of no country told by a force that speaks are its own
    (("French forces said on 5 May 2019 that commandos backed by helicopters had killed four militants near "
      "Tessalit two days earlier."), "Military Forces of France"),
    # the accused of a passive "were accused of" acted
    ("Le 3 mai 2019, deux militaires ont été accusés d'avoir violé une femme près de Boni.", MALI),
    ("On 3 May 2019, two soldiers were accused of raping a woman near Boni.", MALI),
])
def test_speakers_and_the_accused_are_the_authors(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # "la cible de" puts the forces on the receiving side
    ("À Boni, le 3 mai 2019, les FAMa ont été la cible de tirs d'hommes armés ; les soldats ont riposté.",
     "Unidentified Armed Group (Mali)", MALI),
    # the agent of a passive, named through its fighters ("par des éléments de l'EIGS")
    (("Des soldats nigériens en poste au Mali ont été attaqués le 3 mai 2019 près d'Ansongo par des éléments de "
     "l'EIGS."), "Islamic State (West Africa) - Greater Sahara Faction", "Military Forces of Niger (2011-2021)"),
    # an escort or a helper named with "par" is not the agent
    ("Le 3 mai 2019, des terroristes ont tendu une embuscade à un convoi escorté par l'armée près de Boni.",
     "Unidentified Armed Group (Mali)", MALI),
    # a device no one claims is an unidentified group's; the volunteers it killed are not its author
    ("Le 3 mai 2019, une mine a explosé au passage d'un véhicule près de Djibo, tuant deux volontaires.",
     "Unidentified Armed Group (Burkina Faso)", "VDP: Volunteers for the Defense of the Homeland"),
])
def test_receiving_sides_escorts_and_devices(text: str, actor1: str, actor2: str) -> None:
    ev = first(text)
    assert (ev.actor1, ev.actor2) == (actor1, actor2)


def test_generic_actors_coded_with_no_country_take_the_place_stages() -> None:
    from wirewatch.code.actors import complete_names

    ev = first("Le 3 mai 2019, des orpailleurs ont manifesté à Kéniéba contre la fermeture de leur site.")
    assert (ev.country, ev.actor1) == (None, "Protesters")
    ev.country = "Mali"  # as the place stage finds it from the town
    complete_names(ev)
    assert ev.actor1 == "Protesters (Mali)"
    ev = first("Dans la nuit du 3 mai 2019, des individus armés ont abattu un conseiller municipal à Pissila.")
    ev.country = "Burkina Faso"
    complete_names(ev)
    assert (ev.actor1, ev.actor2) == ("Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)")


@pytest.mark.parametrize("text", [
    "Le 3 mai 2019, au moins douze civils ont été tués par des hommes armés à Solhan. Des VDP ont également péri.",
    "On 3 May 2019, gunmen killed twelve civilians in Solhan. Two VDP were also killed.",
])
def test_a_militia_told_beside_as_victims_is_not_the_unnamed_attackers(text: str) -> None:
    assert first(text).actor1 == "Unidentified Armed Group (Burkina Faso)"
