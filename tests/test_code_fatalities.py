"""Fatality counts: numbers and number words (EN/FR), the vague-count table, killed vs wounded,
subsets, attackers and victims added, low/high when reports differ, zero when none reported."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.code.fatalities import counts
from wirewatch.code.lexicon import load_yaml
from wirewatch.settings import Settings

CASES = [
    ("Gunmen killed 14 villagers.", 14),
    ("Gunmen killed fourteen villagers.", 14),
    ("Twenty-one soldiers were killed in the ambush.", 21),
    ("The attack left 1,200 people dead.", 0),  # above the plausibility guard: a figure
    ("The attack left 1,000 people dead.", 1000),
    ("Two soldiers were killed and five wounded.", 2),
    ("Five people were wounded and two killed.", 2),
    ("The blast killed 6 civilians, including 2 women.", 6),
    ("Twelve soldiers and 20 militants were killed in the fighting.", 32),
    ("A soldier was killed when the patrol was ambushed.", 1),
    ("The death toll rose to 45 on Monday.", 45),
    ("The clashes kill 12 in the north.", 12),
    ("Several people were killed.", 10),
    ("Dozens of people were killed.", 12),
    ("Hundreds were killed in the massacre.", 100),
    ("A few civilians died in the attack.", 3),
    ("Vingt et un soldats ont été tués.", 21),
    ("L'attaque a fait six morts et douze blessés.", 6),
    ("Une dizaine de civils ont été tués.", 10),
    ("Des dizaines de villageois ont été massacrés.", 12),
    ("Un soldat a été tué dans l'embuscade.", 1),
    ("Le bilan s'élève à 17 morts.", 17),
    ("At least 5 people were wounded in the attack.", 0),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_count(sentence: str, expected: int) -> None:
    assert sum(c.value for c in counts(sentence)) == expected


def test_vague_table_is_the_documented_one() -> None:
    table = load_yaml("events", "fatalities.yaml")["vague"]
    assert table["several"] == 10 and table["dozens"] == 12 and table["hundreds"] == 100
    assert table["plusieurs"] == 10 and table["des dizaines de"] == 12 and table["une centaine de"] == 100
    for phrase, value in table.items():
        got = counts(f"{phrase.capitalize()} people were killed.")
        # above the plausibility guard a count is a figure, never one event's toll
        assert [c.value for c in got] == ([value] if value <= Settings().max_event_fatalities else []), phrase


def test_event_fatalities_and_low_high() -> None:
    text = ("Gunmen killed at least 12 villagers in an attack in Mali on Sunday.\n\n"
            "A local official said 20 people were killed in the attack.")
    ev = code_document(text, "2020-03-09").events[0]
    assert ev.fatalities == 12
    assert (ev.fatalities_low, ev.fatalities_high) == (12, 20)


def test_zero_when_no_deaths() -> None:
    ev = code_document("Police fired tear gas to disperse protesters in Bamako on Monday.", "2020-03-09").events[0]
    assert ev.fatalities == 0


def test_years_are_not_counts() -> None:
    assert counts("In 2019 killed, they said.") == []


# ACLED: one victim of a lethal verb is one death, whatever the noun; an agent is never a victim
SINGLE_VICTIMS = [
    ("A herbalist was executed by the insurgents outside the market.", 1),
    ("The gunmen shot dead a shopkeeper at his stall.", 1),
    ("Militants beheaded a goatherd's brother on his farm.", 1),
    ("A roadside bomb killed a tailor on his way home.", 1),
    ("A roadside bomb killed seven passengers.", 7),  # the bomb is not a victim
    ("A tax collector was kidnapped and later killed by the rebels.", 1),
    ("A suspected informer killed near the well.", 1),
    ("Un boutiquier a été assassiné devant sa boutique.", 1),
    ("Un tailleur a été enlevé puis tué par des hommes armés.", 1),
    ("Les assaillants ont abattu un berger près du puits.", 1),
    ("Un cultivateur a succombé à ses blessures.", 1),
    ("The bomber blew herself up at the gate, killing two guards and herself.", 3),
]

# deaths as French and English reports word them: "ont péri", "sont tombés", "battu à mort"
DEATH_WORDS = [
    ("Neuf gardes ont péri dans l'explosion.", 9),
    ("Onze soldats sont tombés sous les balles des assaillants.", 11),
    ("Onze soldats sont tombés dans une embuscade.", 0),  # fell into an ambush: not a toll
    ("Trois voleurs présumés ont été battus à mort par la foule.", 3),
    ("Two herders were burned alive by the mob.", 2),
    ("The sweep neutralised nine insurgents.", 9),
    ("L'opération a permis de neutraliser sept terroristes.", 7),
    ("Les combats ont fait une douzaine de morts.", 12),
]


@pytest.mark.parametrize(("sentence", "expected"), SINGLE_VICTIMS + DEATH_WORDS,
                         ids=[c[0] for c in SINGLE_VICTIMS + DEATH_WORDS])
def test_single_victims_and_death_words(sentence: str, expected: int) -> None:
    assert sum(c.value for c in counts(sentence)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (("Rebels attacked an army outpost near Gao on 3 May 2019. The troops repelled them. "
      "Four soldiers and nine rebels died."), 13),
    ("A truck hit a landmine on the road to Kidal on 3 May 2019. Six passengers died.", 6),
    (("Des hommes armés ont attaqué le poste de gendarmerie de Léré le 3 mai 2019. Les gendarmes ont riposté. "
      "Trois gendarmes et deux assaillants sont morts."), 5),
])
def test_toll_in_the_next_sentence_is_the_events(text: str, expected: int) -> None:
    ev = code_document(text, "2019-05-06").events[0]
    assert ev.fatalities == expected
    assert ev.evidence["fatalities"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bandits robbed the travellers; no one was killed.", 0),
    ("A farmer accused of being a spy was executed by the rebels.", 1),  # the spy is the farmer
    ("Six guards and a foreign trainer died in the ambush.", 7),
    ("30 soldiers and 12 fighters of the Islamic State Greater Sahara were killed.", 42),
    ("Un berger soupçonné d'être un informateur a été exécuté.", 1),
])
def test_nobody_the_same_person_and_long_sides(sentence: str, expected: int) -> None:
    assert sum(c.value for c in counts(sentence)) == expected


def test_territory_taken_counts_the_toll_told_next() -> None:
    text = ("Soldiers retook the town of Douna, Mali, from the rebels on 2 March 2019 after a day of fighting. "
            "Nine rebels were killed.")
    assert code_document(text, "2019-03-05").events[0].fatalities == 9
