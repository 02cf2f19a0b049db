"""ACLED-style Sahel notes (made up for this test, in the style of ACLED's notes field): event
date from the note against a later publication date, type, sub-type, actor1 and fatalities."""

from __future__ import annotations

import pytest

from wirewatch.code import code_document

NOTES = [
    (("On 8 March 2020, suspected JNIM militants attacked a FAMa position in Mondoro (Douentza, Mopti). "
     "3 soldiers were killed and 5 wounded."), "2020-03-10",
     ("2020-03-08", "Battles", "Armed clash", "JNIM: Group for Support of Islam and Muslims", 3)),
    ("On 7 March 2020, unidentified armed men killed a civilian in Tenenkou (Mopti).", "2020-03-10",
     ("2020-03-07", "Violence against civilians", "Attack", "Unidentified Armed Group (Mali)", 1)),
    ("On 3 March 2020, a FAMa vehicle struck an IED near Boni (Douentza, Mopti). 4 soldiers were killed.",
     "2020-03-06", ("2020-03-03", "Explosions/Remote violence", "Remote explosive/landmine/IED", None, 4)),
    ("On 2 March 2020, JNIM militants abducted 5 civilians at Dinangourou (Koro, Mopti).", "2020-03-05",
     ("2020-03-02", "Violence against civilians", "Abduction/forced disappearance",
      "JNIM: Group for Support of Islam and Muslims", 0)),
    ("On 1 March 2020, around 200 people protested in Bamako against insecurity in the centre of the country.",
     "2020-03-04", ("2020-03-01", "Protests", "Peaceful protest", "Protesters (Mali)", 0)),
    (("On 29 February 2020, Barkhane forces conducted airstrikes against ISGS militants in Menaka region, "
     "killing around 20 militants."), "2020-03-02",
     ("2020-02-29", "Explosions/Remote violence", "Air/drone strike", "Military Forces of France", 20)),
    ("On 28 February 2020, FAMa soldiers arrested 4 suspected militants in Sevare (Mopti).", "2020-03-01",
     ("2020-02-28", "Strategic developments", "Arrests", "Military Forces of Mali (2013-2020)", 0)),
    (("On 27 February 2020, VDP and militants clashed near Arbinda (Soum, Sahel). 7 VDP members and an unknown "
     "number of militants were killed."), "2020-03-01",
     ("2020-02-27", "Battles", "Armed clash", "VDP: Volunteers for the Defense of the Homeland", 7)),
    (("On 24 February 2020, a landmine exploded under a civilian vehicle near Dori (Seno, Sahel), killing 6 "
     "civilians."), "2020-02-27",
     ("2020-02-24", "Explosions/Remote violence", "Remote explosive/landmine/IED", None, 6)),
    ("On 23 February 2020, JNIM militants stormed the village of Lamdamol, burned shops and looted cattle.",
     "2020-02-25", ("2020-02-23", "Strategic developments", "Looting/property destruction",
                    "JNIM: Group for Support of Islam and Muslims", 0)),
    ("On 21 February 2020, MINUSMA peacekeepers defused an IED on the road between Gao and Ansongo.", "2020-02-23",
     ("2020-02-21", "Strategic developments", "Disrupted weapons use",
      "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali", 0)),
    (("On 20 February 2020, JNIM militants took control of the town of Lere (Niafunke, Timbuktu) after FAMa "
     "forces withdrew."), "2020-02-23", ("2020-02-20", "Strategic developments", "Non-violent transfer of territory",
                                         "JNIM: Group for Support of Islam and Muslims", 0)),
    ("On 15 March 2020, militants abducted and later killed a village councillor in Arbinda (Soum, Sahel).",
     "2020-03-18", ("2020-03-15", "Violence against civilians", "Attack", "Unidentified Armed Group (Burkina Faso)", 1)),
    ("On 20 March 2020, FAMa soldiers executed 12 civilians at the market of Binedama (Koro, Mopti).", "2020-03-24",
     ("2020-03-20", "Violence against civilians", "Attack", "Military Forces of Mali (2013-2020)", 12)),
    ("Between 24 and 26 March 2020, militants besieged the village of Farabougou (Niono, Segou).", "2020-03-28",
     ("2020-03-24", "Violence against civilians", "Attack", "Unidentified Armed Group (Mali)", 0)),
]


@pytest.mark.parametrize(("note", "published", "expected"), NOTES, ids=[n[0][:40] for n in NOTES])
def test_sahel_note(note: str, published: str, expected: tuple[str, str, str, str | None, int]) -> None:
    ev = code_document(note, published).events[0]
    date, etype, sub, actor1, dead = expected
    assert (ev.event_date, ev.event_type, ev.sub_event_type, ev.fatalities) == (date, etype, sub, dead)
    if actor1:
        assert ev.actor1 == actor1
    assert ev.country in ("Mali", "Burkina Faso", "Niger")
