"""Event geocoding on made-up stories: the event's own sentence, not the dateline."""

from __future__ import annotations

import pytest

from wirewatch.place import locate_events
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.place.stage import PlaceStage
from wirewatch.records import Article, Event, Span


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return open_gazetteer()


def _event(text: str, sentence: str) -> Event:
    start = text.index(sentence)
    ev = Event(event_date="2024-01-07", event_type="Battles", sub_event_type="Armed clash")
    ev.evidence["sentence"] = [Span(start, start + len(sentence), sentence)]
    return ev


STORY = ("BAMAKO (Wire) - Mali's army said on Monday it had repelled an attack.\n\n"
         "Gunmen attacked a military post near Djibo, in northern Burkina Faso, on Sunday, killing six soldiers.\n\n"
         "The armed group said in a statement that it would keep fighting in Mali.")


def test_dateline_is_flagged_and_not_taken_for_the_event(gaz: Gazetteer) -> None:
    clash = _event(STORY, "Gunmen attacked a military post near Djibo, in northern Burkina Faso, on Sunday, killing six soldiers.")
    statement = _event(STORY, "The armed group said in a statement that it would keep fighting in Mali.")
    places = locate_events(STORY, [clash, statement], dateline="BAMAKO", gaz=gaz)
    dl = [p for p in places if p.role == "dateline"]
    assert len(dl) == 1 and dl[0].text == "BAMAKO" and dl[0].country_code == "ML"
    assert clash.location == "Djibo" and clash.country == "Burkina Faso" and clash.geo_precision == 2
    assert clash.admin1 == "Sahel" and clash.latitude is not None and clash.geonameid
    span = clash.evidence["location"][0]
    assert STORY[span.start:span.end] == "Djibo"
    assert statement.country == "Mali" and statement.geo_precision == 3 and statement.location == "Mali"


def test_event_without_a_place_in_its_sentence_uses_its_paragraph(gaz: Gazetteer) -> None:
    text = ("NIAMEY (Wire) - Officials gave details.\n\n"
            "Fighting broke out in Tillaberi on Friday. Six people died when the market was hit.")
    ev = _event(text, "Six people died when the market was hit.")
    locate_events(text, [ev], dateline="NIAMEY", gaz=gaz)
    assert ev.location == "Tillabéri" and ev.geo_precision == 1


def test_dateline_city_counts_when_the_text_names_it_again(gaz: Gazetteer) -> None:
    text = "BAMAKO (Wire) - A bomb exploded in Bamako on Monday, police said."
    ev = _event(text, "A bomb exploded in Bamako on Monday, police said.")
    locate_events(text, [ev], dateline="BAMAKO", gaz=gaz)
    assert ev.location == "Bamako" and ev.geo_precision == 1
    assert ev.evidence["location"][0].start > 10


def test_place_stage_fills_article_places(gaz: Gazetteer) -> None:
    art = Article(source="t", content_hash="h", kind="text", text=STORY, dateline="BAMAKO")
    art.events = [_event(STORY, "Gunmen attacked a military post near Djibo, in northern Burkina Faso, on Sunday, killing six soldiers.")]
    out = PlaceStage(gaz).process(art)
    assert isinstance(out, Article)
    assert {"Mali", "Djibo", "Burkina Faso"} <= {p.name for p in out.places if p.name}
    assert out.events[0].location == "Djibo"


def test_event_with_only_an_adjective_gets_the_country(gaz: Gazetteer) -> None:
    text = "Six Nigerien soldiers were killed in an ambush on Tuesday, the army said."
    ev = _event(text, text)
    places = locate_events(text, [ev], gaz=gaz)
    assert ev.country == "Niger" and ev.geo_precision == 3 and ev.latitude is not None
    assert [p.role for p in places if p.text == "Nigerien"] == ["demonym"]


def test_french_elision_and_town_in_the_next_line(gaz: Gazetteer) -> None:
    text = ("Centrafrique : six morts dans des affrontements\n"
            "Six personnes tuées dans un affrontement entre groupes armés près d’Ippy.")
    ev = _event(text, "Centrafrique : six morts dans des affrontements")
    locate_events(text, [ev], gaz=gaz)
    assert ev.location == "Ippy" and ev.country == "Central African Republic" and ev.admin1 == "Ouaka"
    assert ev.geo_precision == 2  # "près d'Ippy": near the town
