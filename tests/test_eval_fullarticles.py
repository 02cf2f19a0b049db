"""Full news articles (issue 17): the written set in tests/data/fullarticles, end to end through
``wirewatch run`` and ``wirewatch export`` (bench/eval_fullarticles.py), and each kind of
background, follow-up and merge the issue lists, on articles of that set.

The data is the project's own, so this runs always (no ../shared).  Floors sit a little under
the figures reached; the held-aside third is reported apart from the dev two thirds."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import eval_fullarticles as ev

from wirewatch.code import code_document
from wirewatch.code.context import dateline_end

# Floors a little under the figures reached (measured on the integrated tree of session 3, with
# the OpenStreetMap villages).  dev: precision 0.938, recall 0.968, duplicates 0 %, cross-language
# pairs merged 1.0, fully right 71.9 %.  Held-aside (below issue 17's bars of 0.85 / 0.85 / 3 % /
# 0.90): precision 0.737, recall 0.812, duplicates 5.3 %, cross-language pairs merged 0.636, fully
# right 47.4 %.  Second batch (session 3, 14 articles): dev2 0.800 / 0.800 / 0 % / 0.800 / 80 %;
# heldout2 0.750 / 1.0 / 0 % / 0.500 / 75 %.  No background item coded in any split.
# Session 4: heldout2 fell to 0.667 / 0.667 / 0 % / 0.500 / 66.7 % with 1cda10f (a unit word
# before a name makes it an area): one of its three incidents lost its match.  A known regression,
# reported in the closing note and left for a fix from the places side, not tuned away here.
# Session 5: the cause was in merging, not places: the French report (now placed in the Ségou
# region, no longer at the town) joined the nearer of two attacks the English article told, not
# the one named alike whose place is only the country.  Fixed in group/merge.py (a report placed
# only in its country merges when an actor, a place name or the toll ties it; a place both name
# outranks a nearer point); heldout2 back to 1.0 / 1.0 / 0 % / 1.0 / 100 %, floors raised.
FLOORS = {
    "dev": {"precision": 0.90, "recall": 0.90, "duplicate_rows": 0.03, "cross_language_merged": 0.95,
            "fully_right_rows": 0.65},
    "heldout": {"precision": 0.70, "recall": 0.85, "duplicate_rows": 0.03, "cross_language_merged": 0.55,
                "fully_right_rows": 0.55},
    "dev2": {"precision": 0.70, "recall": 0.70, "duplicate_rows": 0.0, "cross_language_merged": 0.70,
             "fully_right_rows": 0.70},
    # 03f42cd's spelling variants had put the English "near Dialloube" in Tombouctou although the
    # article names the Ségou region (.667); 4811da4 (a region the text names constrains a village
    # found by spelling) brought it back to 1.0 / 1.0 / 0 % / 1.0 / 100 % (3 incidents, 2 pairs).
    "heldout2": {"precision": 0.95, "recall": 0.95, "duplicate_rows": 0.0, "cross_language_merged": 0.95,
                 "fully_right_rows": 0.95},
    # third batch (session 5, EN/FR pairs), first measure before tuning: dev3 .700 / .714 / 20 % /
    # .571 / 50 %, heldout3 .500 / .667 / 0 % / .667 / 25 %.  After the session-5 document and
    # merge rules: dev3 .857 / .857 / 0 % / .857 / 85.7 %, heldout3 .600 / 1.0 / 0 % / .667 / 40 %;
    # held-aside (first batch) .778 / .875 / 0 % / .636 / 61.1 %.
    "dev3": {"precision": 0.80, "recall": 0.80, "duplicate_rows": 0.05, "cross_language_merged": 0.80,
             "fully_right_rows": 0.80},
    "heldout3": {"precision": 0.55, "recall": 0.95, "duplicate_rows": 0.0, "cross_language_merged": 0.60,
                 "fully_right_rows": 0.35},
    # fourth batch (session 6, EN/FR pairs on the issue's kinds), first measure before any rule
    # changed: dev4 (8 articles) 1.0 / 1.0 / 0 % / 1.0 / 50 %, heldout4 .500 / 1.0 / 0 % / .500 / 50 %
    # with one background item coded (a march carrying portraits of soldiers killed in an earlier
    # ambush).  The held-aside part is not tuned on; its background allowance of one is that
    # measured failure, kept visible, not a bar met.  After the merged-actor and French
    # speculation rules, with a tenth dev article (a march for an earlier attack's victims, whose
    # English report PLACES' finder puts at the attack's town): dev4 .833 / 1.0 / 0 % / .800 / 66.7 %.
    "dev4": {"precision": 0.80, "recall": 0.95, "duplicate_rows": 0.0, "cross_language_merged": 0.75,
             "fully_right_rows": 0.60},
    "heldout4": {"precision": 0.45, "recall": 0.95, "duplicate_rows": 0.0, "cross_language_merged": 0.45,
                 "fully_right_rows": 0.45, "background_coded": 1},
}


def _article(aid: str) -> dict[str, Any]:
    return next(a for split in ev.SPLITS for a in ev.load(split) if a["id"] == aid)


def _events(aid: str) -> list[Any]:
    a = _article(aid)
    return code_document("\n\n".join(ev._paras(a)), a["published"], a["title"], a["lang"]).events


def test_the_set_is_what_the_issue_asks_for() -> None:
    arts = [a for split in ev.SPLITS for a in ev.load(split)]
    assert len(arts) >= 66 and len({a["id"] for a in arts}) == len(arts)
    assert 0.4 <= sum(a["lang"] == "fr" for a in arts) / len(arts) <= 0.6
    incs = ev.incidents(arts)
    multi = [i for i in incs.values() if len(i.reports) > 1]
    assert len(multi) >= 10 and sum(len(set(i.langs.values())) > 1 for i in multi) >= 10
    assert {a["layout"] for a in arts} == set(ev.LAYOUTS)
    assert all(len(ev._paras(a)) >= 3 for a in arts)


def test_the_split_is_by_story_and_deterministic() -> None:
    for dev_split, held_split in (("dev", "heldout"), ("dev2", "heldout2"), ("dev3", "heldout3"), ("dev4", "heldout4")):
        held = {a["story"] for a in ev.load(held_split)}
        dev = {a["story"] for a in ev.load(dev_split)}
        assert not held & dev
        ordered = sorted(held | dev, key=lambda s: hashlib.sha1(s.encode()).hexdigest())
        assert held == {s for i, s in enumerate(ordered) if i % 3 == 2}


@pytest.mark.parametrize("split", ev.SPLITS)
def test_full_articles_end_to_end(split: str) -> None:
    r = ev.evaluate(split)
    floor = FLOORS[split]
    assert r["background_coded"] <= floor.get("background_coded", 0), r["background"]
    assert r["precision"] >= floor["precision"], r["false"]
    assert r["recall"] >= floor["recall"], r["missed"]
    assert r["duplicate_rows"] <= floor["duplicate_rows"]
    assert r["cross_language_merged"] >= floor["cross_language_merged"], r["not_merged"]
    assert r["fully_right_rows"] >= floor["fully_right_rows"]


# --- each kind, on an article of the set --------------------------------------------------------

def test_an_earlier_attack_recalled_with_its_toll_is_not_coded() -> None:
    # "In January, a suicide bombing in Gao killed at least 77 people"
    evs = _events("s01-en-wire")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Remote explosive/landmine/IED", 26)]


def test_the_pluperfect_and_an_earlier_year_are_history() -> None:
    # "A suicide bombing at the same camp in January 2017 had killed at least 77 people"
    evs = _events("s45-en-wire")
    # the stated toll, three soldiers: the bomber is counted only when the report states no toll
    # (the fatalities rule of code/fatalities.py, as the unseen reports' gold codes it)
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in evs] == [("2025-02-27", "Suicide bomb", 3)]
    # "celle de Tougan en février, qui avait fait huit morts"
    assert [e.fatalities for e in _events("s21-fr-portal")] == [12]


def test_weekly_and_yearly_totals_are_figures_not_events() -> None:
    # "This week about 40 people were killed ..., and the previous week 50"
    evs = _events("s05-en-wire")
    assert [(e.event_date, e.fatalities) for e in evs] == [("2024-04-14", 20)]
    # "Cette année, plus de 1 000 civils ont été tués dans le Centre-Nord"
    assert [e.fatalities for e in _events("s18-fr-local")] == [60]


def test_an_article_of_totals_and_history_has_no_event() -> None:
    assert _events("s37-en-portal") == []  # the year in review
    assert _events("s38-fr-rfi") == []  # a minister's visit: condolences, an agreement to come


def test_speculation_is_no_event() -> None:
    # "Les dégâts observés pourraient indiquer l'emploi de véhicules kamikazes"
    a = _article("s02-fr-local")
    doc = code_document("\n\n".join(ev._paras(a)), a["published"], a["title"], a["lang"])
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    # "The Islamic State in the Sahel ... may have been behind Thursday's attack"
    assert len(_events("s45-en-wire")) == 1


def test_condolences_funerals_and_rallies_are_reactions() -> None:
    # "Les obsèques ... en accord avec les familles", "Une marche de soutien est prévue samedi"
    evs = _events("s01-fr-local")
    assert [e.event_type for e in evs] == ["Explosions/Remote violence"]
    # "Un rassemblement de soutien aux forces armées s'est tenu dimanche"
    assert [e.event_type for e in _events("s34-fr-local")] == ["Battles"]


def test_a_legal_formula_is_no_agreement() -> None:
    # "porterait plainte, en accord avec les familles des victimes"
    assert [e.sub_event_type for e in _events("s24-fr-rfi")] == ["Attack"]
    # "placés en garde à vue, en accord avec le parquet antiterroriste": one arrest, not two
    assert [e.sub_event_type for e in _events("s36-fr-portal")] == ["Arrests"]


def test_reported_speech_about_the_past_is_no_event() -> None:
    # "the army said it had \"regained control\" of several villages"
    assert [e.sub_event_type for e in _events("s28-en-wire")] == ["Armed clash"]
    # "The army said in November that it had \"neutralised\" a key JNIM commander"
    assert [e.event_date for e in _events("s39-en-wire")] == ["2024-12-10", "2024-12-11"]


def test_a_later_toll_updates_the_same_event() -> None:
    # "On Sunday the toll rose to nine after three wounded volunteers died in hospital"
    evs = _events("s12-en-portal")
    assert [(e.event_date, e.fatalities) for e in evs] == [("2024-06-15", 9)]
    assert any("nine" in s.text for s in evs[0].evidence["fatalities"])
    # "Dimanche, le bilan est passé à vingt-trois morts"
    assert [(e.event_date, e.fatalities) for e in _events("s47-fr-local")] == [("2024-09-28", 23)]


def test_le_bilan_s_est_alourdi_in_the_lead_keeps_the_attack_day() -> None:
    evs = _events("s01-fr-local")
    assert [(e.event_date, e.fatalities) for e in evs] == [("2024-03-11", 28)]


def test_the_attackers_fled_is_the_same_event() -> None:
    # "The attackers fled on motorbikes after the army sent reinforcements."
    assert len(_events("s12-en-portal")) == 1
    # "The march ended without incident ...": the same march
    assert [e.event_type for e in _events("s06-en-portal")] == ["Protests"]


def test_the_dateline_date_and_city_are_the_reports() -> None:
    assert dateline_end("BAMAKO, March 12 (SWS) - Twenty-six civilians") == len("BAMAKO, March 12 (SWS) - ")
    assert dateline_end("Mopti, le 13 mars 2024 – Le bilan") == len("Mopti, le 13 mars 2024 – ")
    assert dateline_end("Des hommes armés ont tué quinze civils") == 0
    # "NIAMEY, March 21 (SWS) - ... on Wednesday": Wednesday 20 March, not the 21st
    assert [e.event_date for e in _events("s03-en-wire")] == ["2024-03-20"]


def test_the_day_a_source_spoke_is_not_the_event_day() -> None:
    # "Burkina Faso's army said on Sunday it had killed about 30 militants who attacked ... on Saturday"
    assert [e.event_date for e in _events("s15-en-wire")] == ["2024-07-20"]


def test_passengers_stopped_by_armed_men_is_no_arrest() -> None:
    # "Un car de transport a été arrêté par des hommes armés ... Cinq passagers ... ont été enlevés"
    assert [e.sub_event_type for e in _events("s44-fr-local")] == ["Abduction/forced disappearance"]


def test_a_mine_is_remote_violence() -> None:
    evs = _events("s27-fr-text")
    assert [(e.event_type, e.sub_event_type, e.fatalities) for e in evs] == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6)]


def test_two_days_two_events_in_one_article() -> None:
    evs = _events("s39-en-wire")
    assert [e.event_type for e in evs] == ["Battles", "Explosions/Remote violence"]


def test_evidence_stays_on_every_field() -> None:
    for e in _events("s12-en-portal") + _events("s05-fr-text"):
        for f in ("sentence", "event_type", "event_date", "fatalities"):
            assert e.evidence.get(f), f


def test_english_and_french_reports_merge_and_different_attacks_do_not(tmp_path: Path) -> None:
    arts = [_article(a) for a in ("s28-en-wire", "s28-fr-local", "s39-en-wire", "s01-en-wire",
                                  "s01-fr-rfi", "s01-fr-local")]
    names = ev.render(arts, tmp_path)
    rows = ev.run_pages(tmp_path)
    groups = sorted(sorted(ev.row_articles(r, names)) for r in rows)
    # the attackers named in one report (JNIM), only their victims (VDP) in the other: one attack
    assert ["s28-en-wire", "s28-fr-local"] in groups
    # one mine blast placed by three outlets at Douentza, the region and Mopti town (145 km apart):
    # all three sentences name Boni, so it is one incident
    assert ["s01-en-wire", "s01-fr-local", "s01-fr-rfi"] in groups
    # a clash near Djenne on Tuesday and a bomb near Sevare on Wednesday stay two
    assert groups.count(["s39-en-wire"]) == 2


def test_a_specific_figure_beats_a_vague_word() -> None:
    # "Plusieurs militaires ont été tués ... a fait au moins huit morts parmi les soldats"
    evs = _events("s10-fr-rfi")
    assert [e.fatalities for e in evs] == [8]
    assert [s.text for s in evs[0].evidence["fatalities"]] == ["huit"]


def test_a_nationality_is_not_the_events_country() -> None:
    # "Seize soldats nigériens ... près de Tillia, région de Tahoua ... un ressortissant togolais"
    for aid in ("s03-fr-rfi", "s03-en-wire"):
        assert [(e.country, e.actor2) for e in _events(aid)] == [("Niger", "Military Forces of Niger (2023-)")]


def _placed(lat: float, lon: float, sentence: str, **extra: Any) -> dict[str, Any]:
    return {"event_date": "2025-02-03", "event_type": "Battles", "country": "Mali", "admin1": "Mopti",
            "latitude": lat, "longitude": lon, "geo_precision": 1, "actor1": "Unidentified Armed Group (Mali)",
            "evidence": {"sentence": [{"text": sentence}]}, **extra}


def test_reports_placed_apart_but_naming_one_village_are_one_place() -> None:
    from wirewatch.group.merge import compare
    # the geocoder knows neither village: one outlet is placed at the town named for the
    # wounded, the other at the region's capital; both name Kobou, so one happening
    a = _placed(15.0, -2.95, "Gunmen attacked Kobou on Monday; the wounded were taken to Douentza.", event_key="a")
    b = _placed(14.49, -4.18, "Des hommes armés ont attaqué lundi Kobou, dans la région de Mopti.", event_key="b")
    assert compare(a, b).same
    # two villages named apart, 145 km apart, same day and region: two attacks
    c = _placed(14.49, -4.18, "Des hommes armés ont attaqué lundi Sarakala, dans la région de Mopti.",
                event_key="c")
    assert not compare(a, c).same
    # the region, the country, days and actors shared are no place name
    d = _placed(14.49, -4.18, "In Mali's Mopti region on Monday, gunmen attacked a market.", event_key="d")
    e = _placed(15.0, -2.95, "On Monday gunmen attacked a convoy in central Mali's Mopti region.", event_key="e")
    assert not compare(d, e).same


def test_a_count_after_the_day_is_the_toll() -> None:
    # "a neutralisé lundi une vingtaine de terroristes": the day stands between verb and count
    evs = _events("s55-fr-local")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Air/drone strike", 20)]
    assert [s.text for s in evs[0].evidence["fatalities"]] == ["une vingtaine de"]


def test_a_later_articles_raised_toll_and_stopped_by_armed_men() -> None:
    # the follow-up article's "le bilan ... s'est alourdi. Seize civils" is the event's toll
    assert [e.fatalities for e in _events("s50-fr-local")] == [16]
    # passengers "arrêtés par des hommes armés" and taken away: an abduction, not a police arrest
    assert [(e.sub_event_type, e.actor1) for e in _events("s54-fr-rfi")] == [
        ("Abduction/forced disappearance", "Unidentified Armed Group (Burkina Faso)")]


def test_what_the_soldiers_did_next_is_the_battles_aftermath() -> None:
    # "Soldiers seized about ten motorbikes", "Des renforts ont été déployés": not events of their own
    for aid in ("s58-en-wire", "s58-fr-portal"):
        evs = _events(aid)
        assert [(e.event_type, e.fatalities) for e in evs] == [("Battles", 18)], aid
        assert len(evs[0].evidence["sentence"]) >= 3


def test_a_state_since_an_earlier_happening_is_the_setting() -> None:
    # "Gao has suffered repeated power cuts since the fuel blockade imposed by jihadists": the
    # riot is the event; the blockade is the story's setting, not a Strategic development today
    assert [e.event_type for e in _events("s20-en-portal")] == ["Riots"]


def test_le_meme_jour_opens_a_second_attack_and_a_definite_reference_finds_its_own() -> None:
    # "Le même jour, cinq civils ont été tués ... proche de Pissila": a second attack, not 12 + 5
    assert [(e.event_type, e.fatalities) for e in _events("s65-fr-portal")] == [
        ("Battles", 12), ("Violence against civilians", 5)]
    # "The convoy was taking food to Djibo when it came under fire" told after the second attack
    # goes on about the convoy ambush, not about the village
    ambush, village = _events("s65-en-wire")
    assert any("convoy was taking" in s.text for s in ambush.evidence["sentence"])
    assert (village.event_type, village.sub_event_type, village.fatalities) == ("Violence against civilians", "Attack", 5)
    assert len(village.evidence["sentence"]) == 1


def test_bodies_found_the_next_day_are_the_same_killing() -> None:
    # "Their bodies were found on Sunday morning" after Saturday's killing: one event, Saturday
    assert [(str(e.event_date), e.fatalities) for e in _events("s68-en-wire")] == [("2025-10-04", 6)]


def test_a_mass_in_memory_of_the_victims_is_no_event() -> None:
    # "Une messe en mémoire des victimes de ces attaques sera dite dimanche à Kaya"
    assert all(str(e.event_date) != "2025-09-07" for e in _events("s65-fr-portal"))


def test_a_region_far_from_the_village_merges_when_type_and_toll_agree(tmp_path: Path) -> None:
    # Goundam (English) and only "la région de Tombouctou" (French), whose centroid is far from
    # Goundam; one attack of six dead; the Banibangou post and "la région de Tillabéri" alike
    arts = [_article(a) for a in ("s64-en-wire", "s64-fr-rfi", "s60-en-wire", "s60-fr-rfi")]
    names = ev.render(arts, tmp_path)
    groups = sorted(sorted(ev.row_articles(r, names)) for r in ev.run_pages(tmp_path))
    assert groups == [["s60-en-wire", "s60-fr-rfi"], ["s64-en-wire", "s64-fr-rfi"]]


def test_french_speculation_gives_the_attack_no_cue() -> None:
    # "Les débris retrouvés sur place laissent penser à l'usage de véhicules piégés": the ambush
    # stays an armed clash, as the English "suggests the use of vehicles packed with explosives"
    for aid in ("s70-fr-rfi", "s70-en-wire"):
        assert [(e.event_type, e.sub_event_type, e.fatalities) for e in _events(aid)] == [
            ("Battles", "Armed clash", 16)], aid


def test_weekly_totals_and_an_ally_s_condolences_are_no_event() -> None:
    # "This week about 40 ... and the previous week about 50"; "Mali's military government ...
    # sent its condolences": one Nigerien event of 16 dead, none in Mali, none of 90
    evs = _events("s70-en-wire")
    assert [(str(e.event_date), e.country, e.fatalities) for e in evs] == [("2025-11-04", "Niger", 16)]


def test_stopped_by_armed_men_is_an_abduction_and_a_national_is_no_country() -> None:
    # "arrêtés par des hommes armés" is no arrest by the police; "un ressortissant togolais" no
    # event in Togo; "en accord avec les familles" no agreement; the sit-in called is to come
    for aid in ("s71-fr-local", "s71-en-portal"):
        assert [(e.event_type, e.sub_event_type, e.country) for e in _events(aid)] == [
            ("Violence against civilians", "Abduction/forced disappearance", "Mali")], aid


def test_a_specific_toll_beats_several_and_solhan_is_in_burkina_faso() -> None:
    # "Plusieurs militaires ont été tués ... au moins huit morts"
    assert [(e.country, e.fatalities) for e in _events("s72-fr-portal")] == [("Burkina Faso", 8)]


def test_a_march_showing_the_victims_of_an_earlier_attack_is_only_the_march() -> None:
    # "held up photographs of the victims of the assault on Djibo last week, in which about 40
    # people were killed"
    for aid in ("s76-en-portal", "s76-fr-local"):
        assert [e.event_type for e in _events(aid)] == ["Protests"], aid


def test_the_group_one_outlet_names_is_the_incident_s_actor(tmp_path: Path) -> None:
    # "militants attacked an army post in Solhan" (English) and "revendiquée par le GSIM" (French)
    names = ev.render([_article("s72-en-text"), _article("s72-fr-portal")], tmp_path)
    [row] = ev.run_pages(tmp_path)
    assert sorted(ev.row_articles(row, names)) == ["s72-en-text", "s72-fr-portal"]
    assert row["actor1"] == "JNIM: Group for Support of Islam and Muslims"
