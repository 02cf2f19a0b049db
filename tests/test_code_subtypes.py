"""Each ACLED sub-event type on a made-up English sentence, and the kinds of text that must not
become events (background, threats, claims, disasters, crime, diplomacy)."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document
from wirewatch.code.classify import EVENT_TYPE

PUB = "2022-06-08"  # a Wednesday

ENGLISH: list[tuple[str, str]] = [
    ("Soldiers clashed with jihadist fighters near the village of Tin-Akof on Monday.", "Armed clash"),
    ("Government forces recaptured the town of Ouri from rebels on Tuesday, the army said.", "Government regains territory"),
    ("Militants seized control of the town of Sebba after the army withdrew under fire on Sunday, killing two soldiers.", "Non-state actor overtakes territory"),
    ("A helicopter dropped canisters of chlorine gas on the rebel-held district on Monday, residents said.", "Chemical weapon"),
    ("An air strike by military jets hit a militant hideout near Diffa on Tuesday.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint outside Gao on Monday, killing three soldiers.", "Suicide bomb"),
    ("Mortar shells landed inside the UN camp in Kidal on Sunday night.", "Shelling/artillery/missile attack"),
    ("A roadside bomb struck an army convoy near Boni on Tuesday, killing four soldiers.", "Remote explosive/landmine/IED"),
    ("An attacker threw a grenade into a crowded bar in the capital on Saturday, wounding five people.", "Grenade"),
    ("Militiamen raped several women in a village near Bambari last week, a UN report said.", "Sexual violence"),
    ("Gunmen on motorbikes killed 14 villagers in an attack on a market on Monday.", "Attack"),
    ("Gunmen abducted a local mayor and his driver on the road to Djibo on Tuesday.", "Abduction/forced disappearance"),
    ("Hundreds of teachers marched peacefully through the capital on Monday to demand unpaid wages.", "Peaceful protest"),
    ("Police fired tear gas to disperse opposition supporters who staged a protest on Tuesday.", "Protest with intervention"),
    ("Security forces opened fire on protesters on Monday, killing three demonstrators.", "Excessive force against protesters"),
    ("Rioters hurled stones at police and set a police station on fire during a protest on Sunday.", "Violent demonstration"),
    ("An angry mob lynched a suspected thief in the market on Monday.", "Mob violence"),
    ("The government and the rebel coalition signed a ceasefire agreement on Tuesday.", "Agreement"),
    ("Police arrested four suspected members of an armed group in a raid on Monday.", "Arrests"),
    ("The rebel movement announced on Monday that it had merged with two smaller factions to form a new coalition.", "Change to group/activity"),
    ("Army engineers defused an improvised explosive device planted on the main road on Tuesday.", "Disrupted weapons use"),
    ("The army set up a new military base in the town of Boni on Monday.", "Headquarters or base established"),
    ("Armed men looted shops and burned houses in the village on Sunday.", "Looting/property destruction"),
    ("UN peacekeepers handed over their camp in Ber to the national army on Monday.", "Non-violent transfer of territory"),
]

NOT_EVENTS = [
    "Attacks by armed groups killed hundreds of civilians last year.",
    "The country has been in turmoil since 2012 when separatists seized the north.",
    "The militants threatened to attack schools that teach in French.",
    "The Islamic State group claimed responsibility for the attack in a statement.",
    "Floods caused by torrential rains killed 20 people in the capital.",
    "A gas explosion at a chemical plant killed six workers on Monday.",
    "Police seized 40 kilograms of cocaine from drug traffickers at the port.",
    "The foreign minister met his counterpart for talks on trade and investment.",
]


@pytest.mark.parametrize(("sentence", "expected"), ENGLISH, ids=[s for _, s in ENGLISH])
def test_sub_event_type(sentence: str, expected: str) -> None:
    events = code_document(sentence, PUB, language="en").events
    assert events, "no event found"
    assert events[0].sub_event_type == expected
    assert events[0].event_type == EVENT_TYPE[expected]


def test_every_sub_type_is_covered() -> None:
    assert {e for _, e in ENGLISH} | {"Other"} == set(EVENT_TYPE)


@pytest.mark.parametrize("sentence", NOT_EVENTS)
def test_not_an_event(sentence: str) -> None:
    assert code_document(sentence, PUB).events == []


def test_statement_by_armed_group_is_other() -> None:
    text = ("\"We will not negotiate,\" the Ansaroul Islam group said in a statement posted on social media on "
            "Monday.")
    doc = code_document(text, PUB)
    assert [(e.sub_event_type, e.actor1, e.event_date) for e in doc.events] == [
        ("Other", "Ansaroul Islam", "2022-06-06")]
    assert doc.statements[0].channel == "social media"
    assert doc.statements[0].quote == "We will not negotiate,"


def test_evidence_spans_point_into_the_text() -> None:
    text = "Intro line.\n\nGunmen killed 14 villagers in an attack near the town of Koro in Mali on Monday."
    ev = code_document(text, PUB).events[0]
    for field, spans in ev.evidence.items():
        for span in spans:
            assert text[span.start:span.end] == span.text, field
    assert ev.evidence["sentence"][0].text.startswith("Gunmen killed")
    assert ev.evidence["fatalities"][0].text == "14"
    assert ev.evidence["actor1"][0].text == "Gunmen"
    assert ev.notes.startswith("On 2022-06-06, Unidentified Armed Group (Mali)")
    assert 0 < ev.confidence <= 1


def test_every_lexicon_pattern_compiles() -> None:
    from wirewatch.code.lexicon import signals

    signals().check()
