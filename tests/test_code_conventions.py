"""ACLED's codebook conventions (issue 12), one group of tests each, English and French.  Every
report here was written for these tests; none is taken from a news source or a dataset."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.records import Event

PUB = "2019-06-14"


def first(text: str, published: str | None = PUB) -> Event:
    events = code_document(text, published).events
    assert events, text
    return events[0]


# 1. who was attacked decides: armed targets make a battle, unarmed victims violence against civilians
@pytest.mark.parametrize("text", [
    "On 10 June 2019, gunmen raided a customs post near the border and killed a customs officer.",
    "On 10 June 2019, unknown assailants shot dead the bodyguard of a local mayor in Djibo.",
    "On 10 June 2019, armed men stormed a gold mine; the security guards fought back.",
    "On 10 June 2019, militants attacked a village; the hunters defending the village repelled them.",
    "On 10 June 2019, suspected jihadists attacked UN peacekeepers near Aguelhok.",
    "Le 10 juin 2019, des hommes armés ont attaqué des douaniers à Koury. Les douaniers ont riposté.",
    "Le 10 juin 2019, des assaillants ont attaqué le village ; les chasseurs dozos se sont défendus.",
])
def test_armed_targets_make_an_armed_clash(text: str) -> None:
    ev = first(text)
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash"), text


@pytest.mark.parametrize("text", [
    "On 10 June 2019, gunmen killed three traders on the road to Dori.",
    "Le 10 juin 2019, des hommes armés ont tué trois commerçants sur la route de Dori.",
])
def test_unarmed_victims_are_violence_against_civilians(text: str) -> None:
    ev = first(text)
    assert (ev.event_type, ev.sub_event_type, ev.actor2) == ("Violence against civilians", "Attack",
                                                            "Civilians (Burkina Faso)")


# 2. operations, raids and sweeps against armed groups are battles, never strategic developments
@pytest.mark.parametrize("text", [
    "On 12 June 2019, the Malian army launched an operation against jihadists near Farabougou.",
    "On 12 June 2019, soldiers conducted a sweep in the forest of Fhero and killed four militants.",
    ("On 12 June 2019, French and Malian troops led a combined air-ground operation near Tessit, "
    "neutralising about twenty terrorists."),
    "Le 12 juin 2019, les FAMa ont mené une opération de ratissage contre des terroristes près de Boni.",
    "Le 12 juin 2019, une opération aéro-terrestre a permis de neutraliser dix jihadistes.",
])
def test_operations_against_armed_groups_are_battles(text: str) -> None:
    ev = first(text)
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash"), text


def test_air_strike_only_from_the_air() -> None:
    ev = first("On 12 June 2019, French helicopters struck a militant convoy near Gossi in Mali, killing seven.")
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.actor1 == "Military Forces of France" and ev.inter1 == 8


# 3. the main event wins over its side effects
def test_side_effects_belong_to_the_attack() -> None:
    doc = code_document("On 9 June 2019, militants attacked an army camp in Dioura. Eleven soldiers were "
                        "killed and the attackers seized weapons and burned vehicles.", PUB)
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert (ev.sub_event_type, ev.fatalities) == ("Armed clash", 11)


@pytest.mark.parametrize("text, sub", [
    ("On 9 June 2019, soldiers seized rifles and ammunition in a cache near Diffa.", "Disrupted weapons use"),
    ("On 9 June 2019, gendarmes arrested ten suspected jihadists in Dori.", "Arrests"),
    (("Le 9 juin 2019, des hommes armés ont volé du bétail et incendié un grenier à Koutougou, "
     "sans faire de victimes."), "Looting/property destruction"),
])
def test_side_effect_kinds_alone(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub


# 4. attribution as the source states it, named through the actor dictionary
@pytest.mark.parametrize("text, actor1", [
    ("On 8 June 2019, suspected JNIM militants attacked soldiers in Boni.",
     "JNIM: Group for Support of Islam and Muslims"),
    ("On 8 June 2019, JNIM-affiliated fighters ambushed an army patrol near Douentza.",
     "JNIM: Group for Support of Islam and Muslims"),
    ("On 8 June 2019, presumed Katiba Macina members killed a village chief near Djenne.",
     "JNIM: Group for Support of Islam and Muslims"),
    ("Le 8 juin 2019, des présumés éléments de l'EIGS ont tué un chef de village à Inates.",
     "Islamic State (West Africa) - Greater Sahara Faction"),
    ("On 8 June 2019, Ansarul Islam militants kidnapped a teacher in Djibo.", "Ansaroul Islam"),
    ("On 8 June 2019, Dozo hunters shot dead a herder near Bobo-Dioulasso.",
     "Dozo Communal Militia (Burkina Faso)"),
    ("On 8 June 2019, Dogon militiamen attacked a Fulani hamlet near Bankass, killing four villagers.",
     "Dogon Ethnic Militia (Mali)"),
    ("On 8 June 2019, unknown gunmen killed a trader in Gao.", "Unidentified Armed Group (Mali)"),
])
def test_attribution(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


def test_victims_take_the_country_of_the_event() -> None:
    ev = first("On 8 June 2019, gunmen killed two French aid workers near Koure in Niger.")
    assert ev.actor2 == "Civilians (Niger)"


# 5. fatalities by ACLED's conventions
@pytest.mark.parametrize("text, dead", [
    ("On 7 June 2019, a trader was assassinated by gunmen in Djibo.", 1),
    ("On 7 June 2019, gunmen shot dead the imam of the village.", 1),
    ("On 7 June 2019, a soldier succumbed to his injuries after the ambush near Gossi.", 1),
    ("Le 7 juin 2019, un commerçant a été exécuté par des hommes armés à Gao.", 1),
    ("Le 7 juin 2019, un soldat a succombé à ses blessures après l'attaque de son poste.", 1),
    ("On 7 June 2019, militants attacked a post; 4 soldiers and 9 attackers were killed.", 13),
    ("Le 7 juin 2019, les FAMa ont neutralisé 12 terroristes près de Dioura.", 12),
])
def test_fatalities(text: str, dead: int) -> None:
    assert first(text).fatalities == dead


def test_fifty_million_pandemic_deaths_never_become_fatalities() -> None:
    """Regression: a report mentioning a past pandemic's toll coded 50,000,000 fatalities."""
    doc = code_document("On 3 June 2019, gunmen attacked a health centre in Djibo, killing two nurses, "
                        "as the region recalled the Spanish flu pandemic, which caused 50 million deaths.", PUB)
    assert [e.fatalities for e in doc.events] == [2]
    assert any(f.quantity == 50_000_000 for f in doc.figures)


def test_aggregate_tolls_are_not_an_events_fatalities() -> None:
    doc = code_document("On 3 June 2019, militants attacked a police post in Dori. Since January, more "
                        "than 300 people have been killed in attacks in the region.", PUB)
    assert doc.events[0].fatalities == 0


# 6. dates as reports write them
@pytest.mark.parametrize("text, date, precision", [
    ("On 11-12 June 2019, armed men attacked the village of Boulkessi.", "2019-06-11", 2),
    ("Between 2 and 9 June 2019, soldiers clashed with militants in the Gourma.", "2019-06-02", 2),
    ("Around 4 and 9 June 2019 (between), gunmen attacked herders near Tillaberi.", "2019-06-04", 2),
    ("Entre le 3 et le 5 juin 2019, des affrontements ont opposé des militaires à des jihadistes.",
     "2019-06-03", 2),
    ("On 1 Jnue 2019, militants attacked an army post near Menaka.", "2019-06-01", 1),
    ("Le 2 juinn 2019, des hommes armés ont attaqué des gendarmes.", "2019-06-02", 1),
    ("Local sources reported on June 8 that gunmen killed two farmers near Koro.", "2019-06-08", 1),
    ("On Monday, gunmen attacked a police station in Dori.", "2019-06-10", 1),
])
def test_dates(text: str, date: str, precision: int) -> None:
    ev = first(text)
    assert (ev.event_date, ev.time_precision) == (date, precision)


def test_no_date_is_the_publication_day_at_the_lowest_precision() -> None:
    ev = first("Gunmen attacked a police station in Dori, killing two policemen.")
    assert (ev.event_date, ev.time_precision) == (PUB, 3)
    assert "time precision 3" in ev.notes


# 7. interaction codes, civilian targeting, one event per place and day
def test_interaction_and_civilian_targeting() -> None:
    ev = first("On 5 June 2019, JNIM militants attacked soldiers in Boni.")
    assert (ev.inter1, ev.inter2, ev.interaction, ev.civilian_targeting) == (2, 1, 12, None)
    ev = first("On 5 June 2019, gunmen killed four villagers in Solhan.")
    assert (ev.inter1, ev.inter2, ev.interaction, ev.civilian_targeting) == (2, 7, 27, "Civilian targeting")
    ev = first("Le 5 juin 2019, les militaires ont arrêté deux jihadistes présumés à Dori.")
    assert ev.interaction == 12


def test_one_event_per_place_and_day() -> None:
    doc = code_document("On 5 June 2019, militants attacked soldiers in Boni. The soldiers repelled the attack "
                        "and killed six militants in Boni.", PUB)
    assert len(doc.events) == 1
    doc = code_document("On 5 June 2019, militants attacked soldiers in Boni. On 7 June 2019, gunmen killed "
                        "two herders in Koro.", PUB)
    assert [e.event_date for e in doc.events] == ["2019-06-05", "2019-06-07"]


@pytest.mark.parametrize("text, actor1, actor2", [
    (("Le 9 juin 2019, une patrouille de la gendarmerie est tombée dans une embuscade près de Tillabéri, "
     "cinq gendarmes tués."), "Unidentified Armed Group (Niger)", "Police Forces of Niger (2011-2021)"),
    ("On 9 June 2019, a soldier succumbed to his injuries after an attack on his unit near Douentza in Mali.",
     "Unidentified Armed Group (Mali)", "Military Forces of Mali (2013-2020)"),
    ("Le 9 juin 2019, les forces armées nigériennes ont attaqué des positions de l'EIGS près d'Ayorou.",
     "Military Forces of Niger (2011-2021)", "Islamic State (West Africa) - Greater Sahara Faction"),
    ("On 9 June 2019, gunmen attacked a gendarmerie post in Boulsa (Namentenga), killing four gendarmes and a civilian.",
     "Unidentified Armed Group (Burkina Faso)", "Police Forces of Burkina Faso (2015-2022)"),
])
def test_forces_attacked_by_nobody_named_fought_an_unidentified_group(text: str, actor1: str, actor2: str) -> None:
    ev = first(text)
    assert (ev.event_type, ev.actor1, ev.actor2) == ("Battles", actor1, actor2)


def test_a_demonym_is_no_place_for_the_event_country() -> None:
    ev = first("On 14 June 2019, hundreds of people marched in Bamako to protest against the presence of French forces.")
    assert (ev.country, ev.actor1) == ("Mali", "Protesters (Mali)")


def test_bodies_found_are_counted() -> None:
    assert first("On 10 June 2019, the bodies of 12 villagers were found near Djibo.").fatalities == 12


@pytest.mark.parametrize("text, date", [
    ("Local sources reported on 8 June that on Sunday gunmen attacked a police post in Dori.", "2019-06-02"),
    ("Le maire a indiqué le 8 juin que des hommes armés avaient attaqué le village hier.", "2019-06-07"),
    ("On Sunday, gunmen attacked a police post in Dori.", "2019-06-09"),
])
def test_a_weekday_after_a_report_date_is_the_one_before_that_report(text: str, date: str) -> None:
    assert first(text).event_date == date


@pytest.mark.parametrize("text, sub, actor1, dead", [
    ("On 1 June 2019, militants set fire to the town hall of Youwarou.", "Looting/property destruction",
     "Unidentified Armed Group (Mali)", 0),
    ("On 1 June 2019, Koglweogo members beat to death a suspected thief near Fada N'Gourma.", "Attack",
     "Koglweogo Militia", 1),
    ("On 1 June 2019, a MINUSMA convoy struck an IED near Aguelhok (Kidal). One peacekeeper was killed.",
     "Remote explosive/landmine/IED", "Unidentified Armed Group (Mali)", 1),
    (("On 1 June 2019, Chadian soldiers repelled an attack by Boko Haram near Kaiga, killing 8 militants. "
     "Two soldiers were killed."), "Armed clash",
     "Military Forces of Chad (1990-2021)", 10),  # the subject of the main clause, not the "attack by" it repelled
    ("On 1 June 2019, the Burkinabe army announced that it had established a new base in Djibo.",
     "Headquarters or base established", "Military Forces of Burkina Faso (2015-2022)", 0),
])
def test_more_conventions(text: str, sub: str, actor1: str, dead: int) -> None:
    ev = first(text)
    assert (ev.sub_event_type, ev.actor1, ev.fatalities) == (sub, actor1, dead)


def test_the_other_side_follows_the_clash() -> None:
    ev = first("On 1 June 2019, MSA and GATIA fighters clashed with ISGS militants near Menaka.")
    assert ev.actor2 == "Islamic State (West Africa) - Greater Sahara Faction"


@pytest.mark.parametrize("text", [
    ("On 1 June 2019, unidentified gunmen attacked an army camp in Indelimane, killing 20 soldiers. ISGS "
    "claimed the attack."),
    ("Le 1er juin 2019, des hommes armés ont attaqué le camp militaire d'Indelimane, tuant 20 soldats. "
    "L'attaque a été revendiquée par l'EIGS."),
])
def test_the_group_that_claimed_the_attack_is_its_actor(text: str) -> None:
    ev = first(text)
    assert (ev.event_date, ev.actor1, ev.fatalities) == ("2019-06-01", "Islamic State (West Africa) - Greater Sahara Faction", 20)


@pytest.mark.parametrize("text", [
    "On 5 June 2019, JNIM militants came to the village of Dinangourou and preached to the population.",
    "On 5 June 2019, suspected jihadists imposed zakat on herders near Nampala.",
    "Le 5 juin 2019, des jihadistes ont rassemblé les habitants de Mondoro pour un prêche.",
])
def test_an_armed_groups_non_violent_acts_are_other(text: str) -> None:
    ev = first(text)
    assert (ev.event_type, ev.sub_event_type) == ("Strategic developments", "Other")


@pytest.mark.parametrize("text, published, actor1", [
    ("On 8 June 2015, Ansar Dine militants attacked an army post in Nara.", "2015-06-10", "Ansar Dine"),
    ("On 8 June 2019, Ansar Dine militants attacked an army post in Nara.", "2019-06-10",
     "JNIM: Group for Support of Islam and Muslims"),
    ("On 8 June 2012, MUJAO fighters clashed with the MNLA in Gao.", "2012-06-10",
     "MUJAO: Movement for Oneness and Jihad in West Africa"),
])
def test_groups_merged_into_jnim_keep_their_name_before_the_merger(text: str, published: str, actor1: str) -> None:
    assert first(text, published).actor1 == actor1


@pytest.mark.parametrize("text", [
    ("On 5 June 2019, militants ambushed an army convoy near Boni with an IED before opening fire on the "
    "soldiers, killing four."),
    "On 5 June 2019, an army convoy hit an IED near Boni and was then attacked by gunmen. Four soldiers died.",
    ("Le 5 juin 2019, un véhicule de l'armée a sauté sur un engin explosif près de Boni, suivi d'une attaque "
    "des terroristes."),
])
def test_a_device_followed_by_an_assault_is_a_battle(text: str) -> None:
    ev = first(text)
    assert (ev.sub_event_type, ev.actor1, ev.actor2) == ("Armed clash", "Unidentified Armed Group (Mali)",
                                                        "Military Forces of Mali (2013-2020)")


def test_a_device_alone_stays_an_explosion() -> None:
    assert first("On 5 June 2019, an army vehicle hit a landmine near Boni; two soldiers died.").sub_event_type == \
        "Remote explosive/landmine/IED"


@pytest.mark.parametrize("text, actor1", [
    ("On 8 June 2019, suspected JNIM or ISGS militants attacked soldiers in Boni (Mopti).",
     "Unidentified Armed Group (Mali)"),
    ("On 8 June 2019, suspected NSAG killed two civilians in Djibo.", "Unidentified Armed Group (Burkina Faso)"),
    ("On 8 June 2019, JNIM and ISGS militants clashed near Ndaki (Gourma-Rharous).",
     "JNIM: Group for Support of Islam and Muslims"),
])
def test_only_the_truly_unnamed_are_unidentified(text: str, actor1: str) -> None:
    assert first(text).actor1 == actor1


@pytest.mark.parametrize("text, dead", [
    ("On 8 June 2019, gunmen killed a man and his son in Djibo.", 2),
    ("On 8 June 2019, militants killed the village chief and two of his sons near Djibo.", 3),
    ("On 8 June 2019, gunmen killed four gendarmes and a civilian in Boulsa.", 5),
    ("On 8 June 2019, gunmen killed two soldiers and wounded three others.", 2),
    ("Le 8 juin 2019, l'attaque a fait deux morts et cinq blessés.", 2),
])
def test_victims_joined_by_and_add_up(text: str, dead: int) -> None:
    assert first(text).fatalities == dead


@pytest.mark.parametrize("text, n", [
    ("On 5 June 2019, militants attacked soldiers in Boni. The same day, gunmen killed two herders in Koro.", 2),
    ("On 5 June 2019, militants attacked an army post in Boni. In Douentza, gunmen killed two traders.", 2),
    ("On 5 June 2019, militants attacked an army post in Gourma region. Three soldiers were killed in Boni.", 1),
    (("On 5 June 2019, militants attacked an army post in Boni (Douentza, Mopti). Three soldiers were killed "
     "in the attack in Mopti."), 1),
])
def test_one_event_per_place(text: str, n: int) -> None:
    assert len(code_document(text, PUB).events) == n


@pytest.mark.parametrize("published, actor1", [
    ("2018-06-10", "ISGS: Islamic State (Greater Sahara)"),
    ("2020-06-10", "Islamic State (West Africa) - Greater Sahara Faction"),
    ("2023-06-10", "Islamic State (Sahel)"),
])
def test_isgs_carries_acleds_name_of_the_period(published: str, actor1: str) -> None:
    assert first("On Monday, ISGS militants killed three herders near Menaka (Mali).", published).actor1 == actor1


@pytest.mark.parametrize("text, sub, actor1", [
    ("On 5 June 2019, demonstrators threw stones at police and burned tyres in Niamey.", "Violent demonstration",
     "Rioters (Niger)"),
    ("On 5 June 2019, a man was shot by soldiers at a checkpoint in Sevare (Mopti).", "Attack",
     "Military Forces of Mali (2013-2020)"),
    ("On 5 June 2019, a drone struck a motorcycle near Menaka (Mali), killing two suspected ISGS members.",
     "Air/drone strike", "Military Forces of Mali (2013-2020)"),
])
def test_actor_roles_by_sub_event_type(text: str, sub: str, actor1: str) -> None:
    ev = first(text)
    assert (ev.sub_event_type, ev.actor1) == (sub, actor1)


@pytest.mark.parametrize("text, tolls", [
    (("On 5 June 2019, militants attacked an army post in Boni. In response, the army conducted an operation "
     "in the area, killing five militants."), [0, 5]),
    ("On 5 June 2019, militants attacked an army post in Boni. The next day, soldiers arrested three suspects.",
     [0, 0]),
    (("Le 5 juin 2019, des terroristes ont attaqué le poste de Boni. En représailles, les FAMa ont mené une "
     "opération, tuant cinq terroristes."), [0, 5]),
    (("On 5 June 2019, militants attacked an army post in Boni. The soldiers repelled the attack, killing five "
     "militants."), [5]),
])
def test_a_reprisal_or_a_later_day_is_another_event(text: str, tolls: list[int]) -> None:
    assert [e.fatalities for e in code_document(text, PUB).events] == tolls


@pytest.mark.parametrize("text, sub, dead", [
    ("On 8 June 2019, militants executed three men accused of collaborating with the army near Boni.", "Attack", 3),
    ("On 8 June 2019, militants attacked soldiers in Boni, resulting in the death of two soldiers.",
     "Armed clash", 2),
    ("Le 8 juin 2019, des hommes armés ont tué par balles un berger près de Boni.", "Attack", 1),
])
def test_the_first_victims_named_decide(text: str, sub: str, dead: int) -> None:
    ev = first(text)
    assert (ev.sub_event_type, ev.fatalities) == (sub, dead)


@pytest.mark.parametrize("published, actor1", [
    ("2015-10-10", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("2019-10-10", "ISWAP: Islamic State (West Africa)"),
])
def test_iswap_before_the_2016_split_is_boko_haram(published: str, actor1: str) -> None:
    assert first("On Monday, ISWAP fighters attacked an army base in Monguno (Borno).", published).actor1 == actor1


@pytest.mark.parametrize("text, sub", [
    ("On 8 June 2019, militants seized weapons after attacking an army camp in Dioura, killing 23 soldiers.",
     "Armed clash"),
    ("On 8 June 2019, soldiers killed two militants and seized their weapons near Dioura.", "Armed clash"),
    ("On 8 June 2019, militants looted shops and killed two traders in Dioura.", "Attack"),
    ("Le 8 juin 2019, des terroristes ont pillé des boutiques et tué deux commerçants à Dioura.", "Attack"),
    ("On 8 June 2019, gendarmes arrested three men after a shootout in Dioura.", "Armed clash"),
    ("On 8 June 2019, soldiers defused an IED planted to attack a convoy near Dioura.", "Disrupted weapons use"),
    ("On 8 June 2019, soldiers arrested five suspected militants in Dioura.", "Arrests"),
])
def test_the_main_event_wins_within_a_sentence(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub
