"""A French test set written for wirewatch (made-up sentences in the style of the Sahel press),
covering every ACLED event type and most sub-event types, with dates, actors and tolls."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document

PUB = "2023-03-14"  # a Tuesday

# (sentence, expected sub-event type or None for "no event")
FRENCH: list[tuple[str, str | None]] = [
    # Battles
    ("Des affrontements ont opposé dimanche l'armée malienne à des jihadistes près de Boni, faisant six morts.", "Armed clash"),
    ("Les FAMa ont repoussé une attaque terroriste contre leur camp de Sévaré dans la nuit de samedi à dimanche.", "Armed clash"),
    ("Un accrochage entre des soldats burkinabè et des hommes armés a eu lieu lundi à Djibo.", "Armed clash"),
    ("Des combats entre les rebelles de la CPC et les FACA ont éclaté hier à Bambari.", "Armed clash"),
    ("Une patrouille de la gendarmerie est tombée dans une embuscade tendue par des terroristes lundi près de Dori.", "Armed clash"),
    # taken back after the other side left, no fight told: ACLED's Non-violent transfer of territory (as the
    # dev gold codes "l'armée a repris Titao, abandonnée par les jihadistes avant l'arrivée de la colonne")
    ("L'armée a repris le contrôle de la ville de Ménaka après le départ des jihadistes, a annoncé le gouvernement.", "Non-violent transfer of territory"),
    ("Les forces armées centrafricaines ont repris la localité de Bossangoa aux rebelles lundi.", "Government regains territory"),
    ("Des jihadistes de l'EIGS se sont emparés de la localité de Tidermène samedi.", "Non-state actor overtakes territory"),
    ("Les rebelles ont pris le contrôle de la ville de Bria le 10 mars.", "Non-state actor overtakes territory"),
    # Explosions/Remote violence
    ("Un véhicule militaire a sauté sur un engin explosif improvisé lundi entre Boni et Hombori, tuant quatre soldats.", "Remote explosive/landmine/IED"),
    ("Une mine artisanale a explosé au passage d'un car de transport près de Bandiagara, faisant dix morts.", "Remote explosive/landmine/IED"),
    ("Un kamikaze s'est fait exploser devant le camp militaire de Tessit samedi.", "Suicide bomb"),
    ("Un attentat-suicide à la voiture piégée a visé lundi la base de la MINUSMA à Gao.", "Suicide bomb"),
    ("Des frappes aériennes de l'armée nigérienne ont visé des positions jihadistes dimanche dans la région de Tillabéri.", "Air/drone strike"),
    ("Un drone armé a frappé un rassemblement de combattants près de Tombouctou hier.", "Air/drone strike"),
    ("Des obus de mortier sont tombés sur le camp de la MINUSMA à Kidal dans la nuit de lundi à mardi.", "Shelling/artillery/missile attack"),
    ("Des tirs de roquettes ont visé l'aéroport de Tombouctou dimanche soir.", "Shelling/artillery/missile attack"),
    ("Une grenade a été lancée contre un bar de Bangui samedi soir, blessant trois personnes.", "Grenade"),
    ("Des rebelles ont lancé une attaque à l'arme chimique contre le village, selon des témoins.", "Chemical weapon"),
    # Violence against civilians
    ("Des hommes armés non identifiés ont tué douze civils dans le village de Yirgou dimanche.", "Attack"),
    ("Des individus armés ont abattu le chef du village de Kassa mardi matin.", "Attack"),
    ("Des jihadistes ont massacré une vingtaine de villageois le 8 mars près de Bankass.", "Attack"),
    ("Cinq femmes ont été enlevées lundi par des hommes armés près d'Arbinda.", "Abduction/forced disappearance"),
    ("Un humanitaire a été kidnappé samedi à Gao par des inconnus.", "Abduction/forced disappearance"),
    ("Des miliciens ont violé plusieurs femmes dans un village de la Ouaka la semaine dernière, selon l'ONU.", "Sexual violence"),
    # Protests
    ("Des centaines de manifestants ont marché pacifiquement samedi à Bamako pour réclamer la libération de leur chef.", "Peaceful protest"),
    ("Les enseignants ont observé un sit-in lundi devant le ministère de l'Éducation à Niamey.", "Peaceful protest"),
    ("La police a dispersé à coups de gaz lacrymogènes une manifestation de l'opposition vendredi à Conakry.", "Protest with intervention"),
    ("Plusieurs manifestants ont été interpellés lors d'une marche interdite dimanche à Ouagadougou.", "Protest with intervention"),
    ("Les forces de l'ordre ont tiré à balles réelles sur des manifestants pacifiques, tuant deux jeunes, samedi à Kaya.", "Excessive force against protesters"),
    # Riots
    ("Des jeunes en colère ont incendié le commissariat de la ville et brûlé des pneus lors d'une manifestation lundi.", "Violent demonstration"),
    ("Des émeutiers ont saccagé des boutiques à Bangui hier soir en lançant des pierres sur les policiers.", "Violent demonstration"),
    ("Un voleur présumé a été lynché par une foule en colère dimanche au marché de Koutiala.", "Mob violence"),
    ("Un homme accusé de sorcellerie a été battu à mort par des villageois en colère samedi.", "Mob violence"),
    # Strategic developments
    ("Le gouvernement et les groupes armés ont signé un accord de cessez-le-feu lundi à Alger.", "Agreement"),
    ("Deux otages ont été libérés samedi après des négociations avec le JNIM.", "Agreement"),
    ("La police a arrêté trois membres présumés d'une cellule jihadiste dimanche à Bobo-Dioulasso.", "Arrests"),
    ("Un opposant a été interpellé par la gendarmerie et placé en garde à vue lundi à Bamako.", "Arrests"),
    ("Les militaires ont désamorcé un engin explosif improvisé sur l'axe Gao-Ansongo mardi.", "Disrupted weapons use"),
    ("Une importante cache d'armes a été découverte par l'armée dans la forêt de Kéléni vendredi.", "Disrupted weapons use"),
    ("Des groupes armés ont pillé et incendié des maisons dans le village de Kouni la nuit dernière.", "Looting/property destruction"),
    ("Les jihadistes ont détruit des pylônes de télécommunication près de Djibo dimanche.", "Looting/property destruction"),
    ("La MINUSMA a rétrocédé son camp de Ber à l'armée malienne dimanche.", "Non-violent transfer of territory"),
    ("L'armée malienne a installé une nouvelle base militaire à Boni lundi.", "Headquarters or base established"),
    ("Une centaine de combattants du groupe se sont ralliés à la coalition rebelle samedi.", "Change to group/activity"),
    # not events: threat, background, disaster, crime, diplomacy, claim
    ("Le groupe jihadiste menace de s'en prendre aux écoles de la région.", None),
    ("Depuis 2012, les violences ont fait des milliers de morts au Mali.", None),
    ("Des pluies diluviennes ont provoqué des inondations qui ont fait dix morts à Niamey.", None),
    ("Le ministre des Affaires étrangères a rencontré son homologue lors d'une visite officielle à Dakar.", None),
    ("L'État islamique a revendiqué l'attaque dans un communiqué.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), FRENCH, ids=[f"fr{i:02d}" for i in range(len(FRENCH))])
def test_french_sentence(sentence: str, expected: str | None) -> None:
    events = code_document(sentence, PUB, language="fr").events
    got = events[0].sub_event_type if events else None
    assert got == expected


def test_french_set_is_large_and_covers_every_type() -> None:
    from wirewatch.code.classify import EVENT_TYPE

    assert len([s for s, e in FRENCH if e]) >= 40
    assert {EVENT_TYPE[e] for _, e in FRENCH if e} == set(EVENT_TYPE.values())


def test_french_fields() -> None:
    text = "Des hommes armés non identifiés ont tué douze civils dans le village de Yirgou au Burkina Faso dimanche."
    ev = code_document(text, PUB).events[0]
    assert ev.event_date == "2023-03-12"
    assert ev.fatalities == 12
    assert ev.actor1 == "Unidentified Armed Group (Burkina Faso)"
    assert ev.actor2 == "Civilians (Burkina Faso)"
    assert ev.country == "Burkina Faso" and ev.geo_precision == 3
    assert any(s.text.startswith("Yirgou") for s in ev.evidence["location"])


def test_french_night_is_dated_by_its_first_day() -> None:
    text = "Des jihadistes ont attaqué le camp militaire de Boulkessi dans la nuit de samedi à dimanche au Mali."
    ev = code_document(text, PUB).events[0]
    assert ev.event_date == "2023-03-11"
    assert ev.actor2 is None or "Military Forces of Mali" in ev.actor2 or ev.actor1.startswith("Unidentified")
