"""Fatality counts as ACLED codes them (issue 12 point 5), cases the session-5 set showed, EN and FR,
through the whole coder: a range of figures is its lower bound, a toll that rose supersedes the one
told before it in the same sentence, a thing noun before a person noun is a person ("cattle herders"),
bodies found whatever stands between count and verb, a toll told by side ("parmi"), the death word
belongs to the nearest count, a running total ("the number of ... since") is no toll, and the men a
side "lost" are that side's dead (a vague count of the other side still adds)."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.code.fatalities import counts

PUB = "2021-05-05"


def toll(text: str) -> int | None:
    events = code_document(text, PUB).events
    return events[0].fatalities if events else None


RANGES = [
    ("On 2 May 2021, gunmen killed between 6 and 9 farmers near Koro.", 6),
    ("On 2 May 2021, 4 to 7 people were killed when militants raided a fair near Gao.", 4),
    ("Le 2 mai 2021, entre 12 et 20 villageois ont été tués par des hommes armés près de Koro.", 12),
    ("Le 2 mai 2021, de cinq à sept civils ont été tués dans l'attaque d'un hameau près de Gao.", 5),
]
TOLL_ROSE_IN_ONE_SENTENCE = [
    ("On 2 May 2021, a landmine near Boni killed 3 soldiers; by evening the toll had risen to 6.", 6),
    ("Le 2 mai 2021, l'embuscade près de Boni a fait 4 morts; le bilan s'est ensuite alourdi à 7 morts.", 7),
    ("The death toll from the 2 May 2021 raid on a village near Koro has risen to 11, officials said.", 11),
    ("Le 2 mai 2021, des hommes armés ont attaqué un village près de Koro; le bilan est passé de 3 à 8 morts.", 8),
]
PEOPLE_NAMED_BY_A_THING = [
    ("On 2 May 2021, bandits killed three cattle herders near Tahoua.", 3),
    ("On 2 May 2021, gunmen shot dead two truck drivers on the road to Gao.", 2),
    ("On 2 May 2021, gunmen stole 40 cattle near Tahoua and killed two herders.", 2),
]
BODIES = [
    ("On 2 May 2021, four traders abducted a week earlier were found dead near Djibo.", 4),
    ("Le 2 mai 2021, deux bergers enlevés la semaine précédente ont été retrouvés morts près de Djibo.", 2),
    ("Le 2 mai 2021, des habitants ont découvert les cadavres de cinq éleveurs près de Ménaka.", 5),
    ("Le 2 mai 2021, le corps sans vie d'un commerçant enlevé la veille a été retrouvé près de Ménaka.", 1),
    ("On 2 May 2021, a village chief was taken by gunmen and later found dead near Macina.", 1),
]
BY_SIDE = [
    ("Le 2 mai 2021, l'attaque d'un poste près de Koro a fait trois morts parmi les soldats et deux parmi les VDP.", 5),
    ("On 2 May 2021, the attack on a post near Koro left three dead among the soldiers and two among the VDP.", 5),
]
NEAREST_COUNT = [
    ("Le 2 mai 2021, plusieurs civils ont été tués près de Koro; le maire a fait état de six morts.", 6),
    ("On 2 May 2021, several civilians were killed near Koro; the mayor later spoke of six dead.", 6),
]
RUNNING_TOTALS = [
    (("On 2 May 2021, gunmen killed three farmers near Koro, bringing to 57 the number of civilians killed there "
     "since January."), 3),
    (("Le 2 mai 2021, des hommes armés ont tué trois paysans près de Koro, ce qui porte à 57 le nombre de civils "
     "tués dans la commune."), 3),
]
LOSSES_OF_A_SIDE = [
    (("On 2 May 2021, troops and militants clashed near Boni. The army lost 7 men, and dozens of militants were "
     "killed too."), 19),
    (("Le 2 mai 2021, des hommes armés ont attaqué des VDP à Koro. Les VDP ont repoussé l'assaut, tuant plusieurs "
     "assaillants, mais ont perdu trois hommes."), 13),
]
CASES = LOSSES_OF_A_SIDE + RANGES + TOLL_ROSE_IN_ONE_SENTENCE + PEOPLE_NAMED_BY_A_THING + BODIES + BY_SIDE + NEAREST_COUNT + RUNNING_TOTALS


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][12:70] for c in CASES])
def test_event_toll(text: str, expected: int) -> None:
    assert toll(text) == expected


def test_a_range_is_one_count_not_two() -> None:
    text = "Gunmen killed between 10 and 15 people."
    assert [c.value for c in counts(text)] == [10]


def test_things_alone_are_still_no_count() -> None:
    assert [c.value for c in counts("Gunmen killed a herder and took 200 head of cattle and 12 goats.")] == [1]


def test_missing_and_wounded_beside_a_range_do_not_count() -> None:
    assert toll("On 2 May 2021, an ambush near Solle left two soldiers dead and 10 to 12 missing.") == 2
