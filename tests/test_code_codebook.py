"""ACLED codebook conventions on short reports written for these tests (EN and FR): the sub-type
each kind of wording gets, the toll, and a report with no date dated from publication."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.code.evaluate import same_actor

SUBTYPES = [
    # the victim of an execution is a civilian even when the crowd calls him a thief
    ("A herder accused of theft was executed by jihadists near Tessit on 2 March 2019.", "Attack"),
    ("Le 2 mars 2019, un boutiquier a été poignardé à mort par des inconnus à Gao.", "Attack"),
    # killed by vigilantes or a mob: mob violence, not an armed group's attack
    ("On 2 March 2019 three men were murdered by vigilantes in Douna, Mali, during a witchcraft scare.",
     "Mob violence"),
    ("On 2 March 2019 armed men beat and robbed the passengers of a minibus near Douna.", "Attack"),
    ("Le 2 mars 2019, des jihadistes ont fouetté en public deux jeunes accusés de fumer à Tessit.", "Attack"),
    ("On 2 March 2019 a gendarmerie patrol traded fire with bandits near Douna.", "Armed clash"),
    ("Le 2 mars 2019, des soldats ont échangé des tirs avec des hommes armés près de Douna.", "Armed clash"),
    ("On 2 March 2019 militants carried off a schoolteacher and his wife near Tessit.", "Abduction/forced disappearance"),
    ("On 2 March 2019 gunmen held eleven traders near Douna until a ransom was paid.",
     "Abduction/forced disappearance"),
    ("A mine exploded under a lorry on the Douna road on 2 March 2019. Two passengers were hurt.",
     "Remote explosive/landmine/IED"),
    ("Le 2 mars 2019, un camion a sauté sur une mine près de Douna.", "Remote explosive/landmine/IED"),
    ("Le 2 mars 2019, un engin artisanal a explosé au passage d'une patrouille près de Douna.",
     "Remote explosive/landmine/IED"),
    ("On 2 March 2019 an air force jet dropped bombs on a camp outside Douna.", "Air/drone strike"),
    ("On 2 March 2019 unknown men poured a toxic substance into the well of Douna; forty people fell ill.",
     "Chemical weapon"),
    ("Le 2 mars 2019, des inconnus ont versé un produit toxique dans le puits de Douna.", "Chemical weapon"),
    ("On 2 March 2019 militants rustled about 200 head of cattle near Douna. Nobody was hurt.",
     "Looting/property destruction"),
    ("Le 2 mars 2019, des hommes armés ont emporté une centaine de têtes de bétail près de Douna, sans faire de victimes.",
     "Looting/property destruction"),
    ("On 2 March 2019 the governor declared a curfew over the Douna district.", "Other"),
    ("Le 2 mars 2019, les autorités ont instauré un couvre-feu dans le cercle de Douna.", "Other"),
]


@pytest.mark.parametrize(("text", "sub"), SUBTYPES, ids=[t for t, _ in SUBTYPES])
def test_wording_gives_the_codebook_subtype(text: str, sub: str) -> None:
    events = code_document(text, "2019-03-05").events
    assert events, text
    assert events[0].sub_event_type == sub


ACLED_NAMES = {"ISGS": "Islamic State (Greater Sahara)", "JNIM": "JNIM: Group for Support of Islam and Muslims"}
ATTRIBUTION = [
    ("Gunmen believed to belong to the Islamic State killed nine herders near Tessit on 2 March 2019.", "ISGS"),
    ("Armed men shot dead a trader near Douna on 2 March 2019. Villagers blamed the Katiba Macina.", "JNIM"),
    ("Gunmen killed six farmers near Douna on 2 March 2019; JNIM was suspected by the police.", "JNIM"),
    ("Le 2 mars 2019, des hommes armés ont tué un berger près de Douna. Les habitants accusent le JNIM.", "JNIM"),
    ("Le 2 mars 2019, des assaillants se réclamant de l'État islamique ont tué cinq éleveurs près de Tessit.", "ISGS"),
    ("Le 2 mars 2019, quatre orpailleurs ont été tués par des jihadistes présumés du JNIM près de Douna.", "JNIM"),
]


@pytest.mark.parametrize(("text", "acronym"), ATTRIBUTION, ids=[t for t, _ in ATTRIBUTION])
def test_unnamed_gunmen_tied_to_a_group_are_that_group(text: str, acronym: str) -> None:
    ev = code_document(text, "2019-03-05").events[0]
    # compared as the shared scorer does: ISGS is "Islamic State (Greater Sahara)" under any of its names
    assert same_actor(ACLED_NAMES[acronym], ev.actor1 or ""), ev.actor1
    assert ev.event_type == "Violence against civilians"  # the named group is the attackers' side, not a second


def test_truly_unnamed_gunmen_stay_unidentified() -> None:
    ev = code_document("Unknown gunmen killed two herders near Douna, Mali, on 2 March 2019.", "2019-03-05").events[0]
    assert ev.actor1 == "Unidentified Armed Group (Mali)"


@pytest.mark.parametrize("text", [
    "A French airstrike hit a militant camp near Tessit, Mali, on 2 March 2019, killing eight fighters.",
    "French commandos and Malian soldiers killed five militants near Tessit, Mali, on 2 March 2019.",
    "Le 2 mars 2019, une frappe aérienne française a tué six jihadistes près de Tessit, au Mali.",
])
def test_french_forces_named_by_their_weapon_or_first_of_a_pair(text: str) -> None:
    ev = code_document(text, "2019-03-05").events[0]
    assert ev.actor1 == "Military Forces of France"


@pytest.mark.parametrize(("text", "acronym"), [
    ("A gendarme was killed by a roadside bomb near Douna, Mali, on 2 March 2019; JNIM claimed the blast.", "JNIM"),
    (("Le 2 mars 2019, un gendarme a été tué par un engin explosif près de Douna, au Mali ; le JNIM a revendiqué "
      "l'explosion."), "JNIM"),
])
def test_deed_then_claim_in_one_sentence_is_the_event_of_the_claimant(text: str, acronym: str) -> None:
    ev = code_document(text, "2019-03-05").events[0]
    assert ev.sub_event_type == "Remote explosive/landmine/IED"
    assert same_actor(ACLED_NAMES[acronym], ev.actor1 or ""), ev.actor1


def test_a_claim_told_first_is_no_new_event() -> None:
    text = "JNIM claimed responsibility on 2 March 2019 for the attack that killed two gendarmes near Douna, Mali."
    assert code_document(text, "2019-03-05").events == []


# a report that tells an attack only through its claim, the deed dated after its cue, reports that attack
# (ACLED codes the claimant); a denial, or a claim whose date is the statement's, stays no event
@pytest.mark.parametrize(("text", "acronym", "day"), [
    (("The Islamic State in the Greater Sahara claimed responsibility for the attack on soldiers at Chinagodrar "
      "on 9 January 2020."), "ISGS", "2020-01-09"),
    ("Le JNIM a revendiqué l'attaque du 10 décembre 2019 contre le camp militaire de Douna.", "JNIM",
     "2019-12-10"),
])
def test_a_claimed_deed_dated_in_the_claim_is_the_event_of_the_claimant(text: str, acronym: str,
                                                                        day: str) -> None:
    evs = code_document(text, "2020-01-12").events
    assert evs and evs[0].sub_event_type == "Armed clash", text
    assert same_actor(ACLED_NAMES[acronym], evs[0].actor1 or "") and evs[0].event_date == day, evs[0]


@pytest.mark.parametrize("text", [
    "JNIM denied responsibility for the killing of twelve civilians near Douna on 9 January 2020.",
    "JNIM claimed responsibility for the attack on the army in Douna, according to a statement on 9 January 2020.",
])
def test_a_denial_or_a_dated_statement_is_no_event(text: str) -> None:
    assert code_document(text, "2020-01-12").events == [], text


@pytest.mark.parametrize("text", [
    "On 2 March 2019 the governor lifted the curfew imposed on Douna in 2015.",
    "Les autorités de Douna ont levé le 2 mars 2019 le couvre-feu instauré en 2015.",
])
def test_a_curfew_lifted_is_no_event(text: str) -> None:
    assert code_document(text, "2019-03-05").events == []


# rule 1: the people attacked decide Battles or Violence against civilians; vigilance committees, VDP,
# mine guards and park rangers are armed, so killing them is an armed clash (codebook)
@pytest.mark.parametrize("text", [
    "Le 2 mars 2019, des hommes armés ont tué trois membres d'un comité de vigilance à Kouna.",
    "On 2 March 2019, gunmen killed two members of a vigilance committee near Kouna.",
    "Le 2 mars 2019, des terroristes ont tué un Volontaire pour la défense de la patrie à Pissila.",
    "On 2 March 2019, armed men killed two security guards at a gold mine near Kalsaka.",
    "Le 2 mars 2019, des hommes armés ont tué deux gardiens d'une mine d'or près de Kalsaka.",
    "On 2 March 2019, gunmen killed a park ranger in the Arly reserve.",
    "Le 2 mars 2019, un garde national a été abattu par des individus armés à Ayorou.",
    "Le 2 mars 2019, des hommes armés ont tué un agent de sécurité d'une société minière près de Houndé.",
    # a village attacked where armed defenders die is a battle, even when civilians die too
    "Le 2 mars 2019, des hommes armés ont attaqué le village de Koutougou, tuant deux VDP et trois civils.",
    "On 2 March 2019, militants attacked the village of Koutougou, killing two VDP and three civilians.",
])
def test_killing_armed_guards_or_volunteers_is_an_armed_clash(text: str) -> None:
    evs = code_document(text, "2019-03-05").events
    assert evs and evs[0].sub_event_type == "Armed clash", text


# people killed and reported by their bodies: the killing is the event (Attack), with its toll
@pytest.mark.parametrize(("text", "dead"), [
    ("On 2 March 2019, residents found the bodies of four men who had been abducted near Djibo.", 4),
    ("Le 2 mars 2019, des habitants ont découvert les corps de cinq hommes près de Djibo.", 5),
])
def test_bodies_found_are_the_killing(text: str, dead: int) -> None:
    evs = code_document(text, "2019-03-05").events
    assert evs and evs[0].sub_event_type == "Attack" and evs[0].fatalities == dead, text


# territory left by one side and held by the other with no fight told: a non-violent transfer
def test_a_town_left_and_held_by_the_other_side_is_a_non_violent_transfer() -> None:
    text = "Le 2 mars 2019, les forces armées ont quitté la localité de Ménaka, désormais contrôlée par l'EIGS."
    evs = code_document(text, "2019-03-05").events
    assert evs and evs[0].sub_event_type == "Non-violent transfer of territory"


# rule 3: a sweep the forces launch after an attack on civilians is their response, not a fight of that attack
@pytest.mark.parametrize("text", [
    ("Le 2 mars 2019, des hommes armés ont tué cinq civils dans le village de Tin-Akoff. L'armée a lancé une "
     "opération de ratissage dans la zone."),
    ("Le 2 mars 2019, des hommes armés ont tué deux bergers près de Gossi. Les FAMa ont ensuite ratissé la zone "
     "et neutralisé quatre terroristes."),
])
def test_a_sweep_after_an_attack_on_civilians_leaves_the_attack(text: str) -> None:
    evs = code_document(text, "2019-03-05").events
    assert evs and evs[0].sub_event_type == "Attack", text


# a former soldier at home or on his farm is a civilian: his killing is an attack on a civilian
@pytest.mark.parametrize("text", [
    "Le 2 mars 2019, des jihadistes ont tué un ancien militaire dans son champ près de Kaya.",
    "On 2 March 2019, gunmen killed a former soldier on his farm near Kaya.",
])
def test_a_former_soldier_is_a_civilian(text: str) -> None:
    evs = code_document(text, "2019-03-05").events
    assert evs and evs[0].sub_event_type == "Attack", text
