"""ACLED's fatality conventions (issue 12 point 5), one test each, in English and French, through
the whole coder: a singular victim of a lethal verb is one death, attackers killed count, death
phrases ("tombés", "ont perdu la vie", bodies found), the latest toll, wounded never count, the
vague-count table, a figure beats a vague word, aggregates and history never count, and the
plausibility guard (the "50 million" pandemic case)."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.code.lexicon import load_yaml

PUB = "2021-05-05"


def toll(text: str) -> int | None:
    events = code_document(text, PUB).events
    return events[0].fatalities if events else None


SINGULAR_VICTIM = [
    ("On 3 May 2021, a trader was assassinated in Gao.", 1),
    ("On 3 May 2021, gunmen executed a village chief near Koro.", 1),
    ("On 3 May 2021, a herder was executed by gunmen near Koro.", 1),
    ("On 3 May 2021, a customs officer was shot dead by gunmen in Mopti.", 1),
    ("On 3 May 2021, a teacher wounded by gunmen in Gao succumbed to his injuries in hospital.", 1),
    ("Le 3 mai 2021, un commerçant a été abattu par des hommes armés à Gao.", 1),
    ("Le 3 mai 2021, un berger blessé par des hommes armés près de Koro a succombé à ses blessures.", 1),
    ("Le 3 mai 2021, un conseiller municipal a été tué par balle à Gao.", 1),
    ("Le 3 mai 2021, un imam a été égorgé par des hommes armés près de Koro.", 1),
]
SUICIDE_BOMBER = [
    # the bomber's own death is the toll only when the report gives no other; a toll given is as reported
    ("On 3 May 2021, a suicide bomber blew himself up at a checkpoint in Gao, killing two soldiers.", 2),
    ("On 3 May 2021, a suicide bomber blew himself up at a checkpoint in Gao. No one else was hurt.", 1),
    ("On 3 May 2021, a suicide bomber blew himself up near a camp in Gao, killing himself and two soldiers.", 3),
    ("Le 3 mai 2021, un kamikaze s'est fait exploser à un poste de contrôle à Gao, tuant deux soldats.", 2),
    ("Le 3 mai 2021, un kamikaze s'est fait exploser devant le camp de Gao, sans faire d'autres victimes.", 1),
    ("Le 3 mai 2021, un kamikaze s'est fait exploser devant le camp de Gao. Le kamikaze est mort.", 1),
]
ATTACKERS = [
    ("On 3 May 2021, soldiers clashed with militants near Djibo; five soldiers and twelve militants were killed.", 17),
    ("Le 3 mai 2021, l'armée a neutralisé un terroriste près de Djibo.", 1),
    ("Le 3 mai 2021, l'armée a attaqué une base près de Djibo. Sept terroristes neutralisés.", 7),
]
DEATH_PHRASES = [
    ("Le 3 mai 2021, cinq soldats sont tombés lors d'une embuscade près de Djibo.", 5),
    ("Le 3 mai 2021, six civils sont tombés sous les balles d'hommes armés près de Djibo.", 6),
    ("Le 3 mai 2021, quatre civils ont perdu la vie dans une attaque près de Djibo.", 4),
    ("Le 3 mai 2021, trois villageois ont trouvé la mort dans une attaque près de Djibo.", 3),
    ("On 3 May 2021, gunmen attacked Boni. Four bodies were found the next day.", 4),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni. Les corps sans vie de deux bergers ont été retrouvés.", 2),
]
WOUNDED = [
    ("On 3 May 2021, gunmen attacked Boni and wounded seven civilians.", 0),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni et blessé sept civils.", 0),
]
VAGUE = [
    ("On 3 May 2021, gunmen attacked Boni, killing a dozen villagers.", 12),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni, tuant une douzaine de villageois.", 12),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni, tuant une dizaine de villageois.", 10),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni, tuant une vingtaine de villageois.", 20),
    ("On 3 May 2021, gunmen attacked Boni, killing several villagers.", 10),
    ("On 3 May 2021, gunmen attacked Boni, killing many villagers.", 10),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni, tuant plusieurs villageois.", 10),
    ("On 3 May 2021, gunmen attacked Boni, killing dozens of villagers.", 12),
    ("Le 3 mai 2021, des hommes armés ont attaqué Boni, tuant des dizaines de villageois.", 12),
    ("On 3 May 2021, gunmen attacked Boni, killing hundreds of villagers.", 100),
]
SPECIFIC_BEATS_VAGUE = [
    ("On 3 May 2021, gunmen attacked Boni, killing several villagers; the mayor said 14 people died.", 14),
    ("Le 3 mai 2021, des hommes armés ont tué plusieurs civils à Boni ; le bilan fait état de 14 morts.", 14),
]
AGGREGATES = [
    (("On 3 May 2021, gunmen attacked Boni, killing three. More than 2,000 people have been killed in the region "
      "since 2015."), 3),
    (("Le 3 mai 2021, des hommes armés ont tué trois civils à Boni. Plus de 2 000 personnes ont été tuées dans la "
      "région depuis 2015."), 3),
]


@pytest.mark.parametrize(("text", "expected"), SINGULAR_VICTIM, ids=[c[0][15:60] for c in SINGULAR_VICTIM])
def test_a_singular_victim_of_a_lethal_verb_is_one(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), SUICIDE_BOMBER, ids=[c[0][15:60] for c in SUICIDE_BOMBER])
def test_a_suicide_bomber_counts(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), ATTACKERS, ids=[c[0][15:60] for c in ATTACKERS])
def test_attackers_killed_count(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), DEATH_PHRASES, ids=[c[0][15:60] for c in DEATH_PHRASES])
def test_death_phrases_and_bodies_found(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), WOUNDED, ids=[c[0][15:60] for c in WOUNDED])
def test_wounded_never_count(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), VAGUE, ids=[c[0][15:70] for c in VAGUE])
def test_vague_counts_follow_the_table(text: str, expected: int) -> None:
    assert toll(text) == expected


def test_the_vague_table_holds_acleds_figures() -> None:
    vague = load_yaml("events", "fatalities.yaml")["vague"]
    assert (vague["dozens of"], vague["hundreds of"], vague["tens of"]) == (12, 100, 10)
    assert (vague["several"], vague["plusieurs"], vague["une vingtaine de"]) == (10, 10, 20)


@pytest.mark.parametrize(("text", "expected"), SPECIFIC_BEATS_VAGUE, ids=[c[0][15:60] for c in SPECIFIC_BEATS_VAGUE])
def test_a_specific_figure_beats_a_vague_word(text: str, expected: int) -> None:
    assert toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), AGGREGATES, ids=[c[0][15:60] for c in AGGREGATES])
def test_aggregates_never_count(text: str, expected: int) -> None:
    assert toll(text) == expected


def test_fifty_million_pandemic_deaths_are_a_figure_not_a_toll() -> None:
    """Regression: a past pandemic's "50 million deaths" once became one event's fatalities."""
    text = ("On 3 May 2021, health workers marched in Bamako to demand protective equipment. The 1918 "
            "influenza pandemic caused 50 million deaths worldwide, a speaker recalled.")
    doc = code_document(text, PUB)
    assert all((e.fatalities or 0) < 1000 for e in doc.events)
    assert any(f.quantity == 50_000_000 for f in doc.figures)


def test_an_implausible_toll_is_kept_as_a_figure() -> None:
    doc = code_document("On 3 May 2021, gunmen attacked Boni, killing 5,000 people.", PUB)
    assert doc.events and not doc.events[0].fatalities
    assert any(f.quantity == 5000 for f in doc.figures)


def test_the_guard_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from wirewatch.code import fatalities

    text = "Gunmen killed 1,500 people."
    assert not fatalities.counts(text)
    monkeypatch.setenv("WIREWATCH_MAX_EVENT_FATALITIES", "2000")
    fatalities._rules.cache_clear()
    try:
        assert [c.value for c in fatalities.counts(text)] == [1500]
    finally:
        monkeypatch.delenv("WIREWATCH_MAX_EVENT_FATALITIES")
        fatalities._rules.cache_clear()


NOT_THIS_EVENTS_DEAD = [
    # things counted, not people
    (("Le 3 mai 2021, des hommes armés ont emporté plus de deux cents têtes de bétail près d'Ayorou, sans faire "
     "de victimes."), 0),
    ("On 3 May 2021, gunmen torched 12 vehicles at a market near Gao; no one was hurt.", 0),
    # the death an event is about was an earlier event's
    ("On 3 May 2021, youths in Kayes burned tyres to protest the death of a motorcyclist at a checkpoint.", 0),
    ("Le 3 mai 2021, des jeunes ont manifesté à Gao pour dénoncer la mort d'un commerçant.", 0),
]
LISTS_AND_LONG_SUBJECTS = [
    (("Le 3 mai 2021, un convoi a été attaqué près de Fada. Trois soldats, deux guides et un interprète "
     "ont été tués."), 6),
    ("On 3 May 2021, gunmen ambushed a convoy near Boni; four soldiers, two drivers and a mechanic were killed.", 7),
    ("A herder taken by gunmen from his camp near Nampala on 3 May 2021 was found dead two days later.", 1),
    ("Un chef de village enlevé par des hommes armés près de Macina le 3 mai 2021 a été retrouvé mort.", 1),
    ("On 3 May 2021, a village chief was abducted near Macina and later found with his throat cut.", 1),
    ("Le 3 mai 2021, un commerçant enlevé près de Macina a été retrouvé égorgé le lendemain.", 1),
]


@pytest.mark.parametrize(("text", "expected"), NOT_THIS_EVENTS_DEAD, ids=[c[0][15:60] for c in NOT_THIS_EVENTS_DEAD])
def test_things_and_earlier_deaths_are_no_toll(text: str, expected: int) -> None:
    assert (toll(text) or 0) == expected


@pytest.mark.parametrize(("text", "expected"), LISTS_AND_LONG_SUBJECTS,
                         ids=[c[0][:50] for c in LISTS_AND_LONG_SUBJECTS])
def test_lists_and_singular_subjects_far_from_their_verb(text: str, expected: int) -> None:
    assert toll(text) == expected


TOLL_TOLD_NEXT = [
    (("Le 20 janvier 2021, à Gao, la police a tiré sur des jeunes qui manifestaient contre les coupures. Un jeune "
     "a été tué."), 1),
    ("On 20 January 2021, opposition supporters torched shops in Niamey after the results. Two people were killed.", 2),
    ("On 3 May 2021, gunmen attacked Boni, killing five civilians. The toll later rose to nine.", 9),
]


@pytest.mark.parametrize(("text", "expected"), TOLL_TOLD_NEXT, ids=[c[0][:50] for c in TOLL_TOLD_NEXT])
def test_a_bare_toll_told_next_is_the_events(text: str, expected: int) -> None:
    events = code_document(text, PUB).events
    assert len(events) == 1 and events[0].fatalities == expected


DATE_BETWEEN_VERB_AND_COUNT = [
    # the date is no part of the count: the verb still governs the number after it
    ("Des hommes armés ont abattu le 3 mai 2021 trois commerçants sur la route de Gao.", 3),
    ("Des hommes armés ont tué, le 3 mai 2021, deux bergers près de Koro.", 2),
    ("Gunmen killed on 3 May 2021 four traders on the road to Gao.", 4),
]


@pytest.mark.parametrize(("text", "expected"), DATE_BETWEEN_VERB_AND_COUNT, ids=[c[0][:50] for c in DATE_BETWEEN_VERB_AND_COUNT])
def test_a_date_between_the_verb_and_its_count(text: str, expected: int) -> None:
    assert toll(text) == expected


LETHAL_PHRASINGS = [
    # French active participles of killing govern the count after them
    ("Le 3 mai 2021, des hommes armés ont égorgé trois bergers près de Koro.", 3),
    ("Le 3 mai 2021, des jihadistes ont décapité deux villageois près de Koro.", 2),
    # "stabbed/beat X to death": one victim
    ("On 3 May 2021, unidentified men stabbed a shopkeeper to death in Niamey.", 1),
    # a possessive between "and" and the next count: the sons are victims too
    ("On 3 May 2021, gunmen killed a village chief and his two sons near Koro.", 3),
    ("Le 3 mai 2021, des hommes armés ont tué un chef de village et ses deux fils près de Koro.", 3),
    # a toll that "has since risen" is the latest toll, not an aggregate "since" a date
    ("On 3 May 2021, gunmen killed nine people near Koro. The death toll has since risen to 14.", 14),
]


@pytest.mark.parametrize(("text", "expected"), LETHAL_PHRASINGS, ids=[c[0][15:60] for c in LETHAL_PHRASINGS])
def test_lethal_phrasings(text: str, expected: int) -> None:
    assert toll(text) == expected


RANKS_AND_ESTIMATES = [
    # the next victim told by rank makes the toll that rank
    ("On 3 May 2021, gunmen attacked Koro. Two civilians were killed; a third died of his wounds.", 3),
    ("On 3 May 2021, gunmen killed 3 civilians near Koro. A fourth person died later in hospital.", 4),
    ("Le 3 mai 2021, deux soldats ont été tués dans une embuscade près de Boni; un troisième a succombé à ses blessures.", 3),
    # a rank that is no victim ("a second attack", "a third of the houses") counts nothing
    ("On 3 May 2021, a second attack on Koro killed five people.", 5),
    ("On 3 May 2021, a third of the village's houses were burned by gunmen near Koro, killing two.", 2),
    # two estimates of one toll: the lower (ACLED's most conservative estimate)
    ("On 3 May 2021, gunmen killed 5 people near Koro; other sources reported 8 dead.", 5),
    ("On 3 May 2021, gunmen killed 8 people near Koro; other sources reported 5 dead.", 5),
    ("Le 3 mai 2021, des hommes armés ont tué huit personnes près de Koro; d'autres sources font état de cinq morts.", 5),
    # another source telling another side's dead adds them
    ("On 3 May 2021, soldiers killed 10 militants near Boni. According to other sources, two soldiers were also killed.", 12),
    # phrasings of the count itself
    ("On 3 May 2021, gunmen attacked Koro, claiming the lives of 6 villagers.", 6),
    ("On 3 May 2021, gunmen killed one hundred people near Koro.", 100),
]


@pytest.mark.parametrize(("text", "expected"), RANKS_AND_ESTIMATES, ids=[c[0][15:60] for c in RANKS_AND_ESTIMATES])
def test_ranked_victims_and_conflicting_estimates(text: str, expected: int) -> None:
    assert toll(text) == expected


FRENCH_VERB_A = [
    # French "a" (has) before a lethal participle is no article: the proven victim after it counts
    ("Le 3 mai 2021, une frappe de drone a tué un chef jihadiste près de Boni.", 1),
    ("Le 3 mai 2021, la foule a lynché un voleur présumé à Gao.", 1),
    ("Le 3 mai 2021, des hommes armés ont tué deux civils près de Koro. Un assaillant a également été tué.", 3),
    # an adverb between the verb and its count
    ("Le 3 mai 2021, des soldats ont exécuté sommairement douze civils près de Boni.", 12),
    # "Twenty-one" is one number, not "one soldier"
    ("On 3 May 2021, twenty-one soldiers were killed in an ambush near Boni.", 21),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH_VERB_A, ids=[c[0][15:60] for c in FRENCH_VERB_A])
def test_french_auxiliary_and_adverbs(text: str, expected: int) -> None:
    assert toll(text) == expected


WOUNDED_WHO_DIED = [
    # the wounded who died since are dead of the event the first toll left out: added to it
    ("Le 3 mai 2021, des hommes armés ont tué cinq personnes près de Koro. Deux blessés ont succombé à leurs blessures.", 7),
    ("On 3 May 2021, gunmen killed five people near Koro. Two of the wounded later died in hospital.", 7),
    ("On 3 May 2021, gunmen killed five people near Koro and wounded seven; two injured villagers later died.", 7),
    # the wounded alone never count
    ("On 3 May 2021, gunmen killed five people and wounded seven others near Koro.", 5),
]


@pytest.mark.parametrize(("text", "expected"), WOUNDED_WHO_DIED, ids=[c[0][15:60] for c in WOUNDED_WHO_DIED])
def test_wounded_who_died_since_are_added(text: str, expected: int) -> None:
    assert toll(text) == expected
