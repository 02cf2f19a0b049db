"""Story grouping: syndicated copies (other chrome, light edits, another headline) share a group,
unrelated stories do not; grouping is incremental and survives a restart (the LSH index is
rebuilt from the signatures in the store); copies are not coded and add no events."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared
from wirewatch.group.shingle import signature
from wirewatch.group.story import StoryGrouper, group_key, is_leader
from wirewatch.records import Article, Event
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.sink import add_article, stored_grouper
from wirewatch.store import Store

# Made-up wire stories (no real event is described).
STORIES = [
    [("Gunmen on motorcycles attacked the market town of Kelbora in the north of the fictional "
     "province of Varenne early on Tuesday, killing at least eleven traders, local officials said."),
     ("The attackers arrived shortly after dawn, set fire to stalls and fired on people trying to flee "
     "towards the river crossing, according to two witnesses reached by telephone."),
     ("A regional army spokesman said reinforcements had been sent from the garrison at Tolmas and "
     "that an operation to track the attackers was under way in the surrounding forest."),
     ("No group claimed responsibility. The area has seen a rise in raids on markets since the rainy "
     "season ended, aid workers said, and thousands of residents have moved to camps near the capital.")],
    [("Thousands of teachers marched through the centre of the fictional city of Amberley on Monday to "
     "demand the payment of three months of salary arrears, the national teachers union said."),
     ("Police fired tear gas near the ministry of education when some marchers tried to enter the "
     "building, and at least twenty people were detained, a union official told reporters."),
     ("The government said the arrears would be paid before the end of the month and accused the "
     "union of disrupting the school year for political reasons."),
     ("The union has called a general strike for next week if the payments are not made, and parents "
     "groups said they would join the march.")],
    [("A roadside bomb struck a convoy of the fictional national guard between Oskar and Pellin on "
     "Saturday, killing four soldiers and wounding six, the defence ministry said in a statement."),
     ("The convoy was escorting fuel trucks to the border post at Pellin when the device exploded "
     "under the lead vehicle, the statement said."),
     ("It was the third such attack on the road this month. Transport unions have asked for the road "
     "to be closed at night until the security situation improves."),
     "The ministry said engineers had cleared two further devices found along the same stretch."],
]
CHROMES = [
    (("<header><nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
     "</header>"), "<footer><p>Copyright Example Daily. All rights reserved. Terms of use.</p></footer>"),
    ("<div class='top'><ul><li>Markets</li><li>Politics</li><li>Opinion</li></ul></div>",
     ("<aside><h3>Most read</h3><ul><li>Ten tips for saving energy this winter</li></ul></aside>"
     "<footer>Sign up to our newsletter for the morning briefing.</footer>")),
]


def page(title: str, paragraphs: list[str], chrome: int) -> str:
    head, foot = CHROMES[chrome]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{head}<article><h1>{title}</h1>{body}</article>{foot}</body></html>")


def copy_of(paragraphs: list[str]) -> list[str]:
    """A lightly edited syndicated copy: last paragraph dropped, a word respelled, a credit line."""
    edited = [p.replace("said", "stated", 1) for p in paragraphs[:-1]]
    return edited + ["(Reporting by staff; editing by the desk)"]


def article(text: str, n: int, url: str | None = None) -> Article:
    return Article(source=f"mem://{n}", content_hash=f"hash{n}", kind="text", text=text, url=url)


def test_copies_group_and_unrelated_stories_do_not() -> None:
    grouper = StoryGrouper()
    arts = []
    for s, paras in enumerate(STORIES):
        arts.append((s, article("\n\n".join(paras), len(arts))))
        arts.append((s, article("\n\n".join(copy_of(paras)), len(arts))))
        arts.append((s, article("\n\n".join(paras[:2]), len(arts))))  # a teaser: the opening only
    groups = [(s, grouper.assign(a).group_id) for s, a in arts]
    for (s1, g1), (s2, g2) in itertools.combinations(groups, 2):
        assert (s1 == s2) == (g1 == g2)
    assert groups[0][1] == group_key(arts[0][1])  # the first copy founds the group


def test_signatures_are_stable_across_processes() -> None:
    text = "\n\n".join(STORIES[0])
    out = subprocess.run([sys.executable, "-c", ("import sys; from wirewatch.group.shingle import signature;"
                          "sys.stdout.write(signature(sys.stdin.read()).to_bytes().hex())")],
                         input=text, capture_output=True, text=True, check=True).stdout
    assert out == signature(text).to_bytes().hex()


def test_grouping_is_incremental_and_survives_a_restart(tmp_path: Path, db_url: str) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    for s, paras in enumerate(STORIES):
        (first / f"story{s}.html").write_text(page(f"Story {s}", paras, 0))
        (later / f"copy{s}.html").write_text(page(f"UPDATE 1-Story {s}", copy_of(paras), 1))
    store = Store(db_url)
    run([str(first)], store, Settings(workers=1, page_timeout_s=120))
    store.close()
    store = Store(db_url)  # a restart: the grouper is rebuilt from the stored signatures
    summary = run([str(later)], store, Settings(workers=1, page_timeout_s=120))
    arts = {Path(a["source"]).name: a for a in store.iter_articles()}
    assert len(arts) == 6
    for s in range(3):
        assert arts[f"copy{s}.html"]["group_id"] == arts[f"story{s}.html"]["group_id"]
    assert len({a["group_id"] for a in arts.values()}) == 3
    assert summary.stages["group"]["copies"] == 3
    assert summary.stages["code"]["copies_not_coded"] == 3
    store.close()


def test_a_copy_adds_sources_not_events(store: Store) -> None:
    ev = Event("2024-05-04", "Violence against civilians", "Attack", country="Mali", latitude=14.0,
               longitude=-4.0, geo_precision=1, fatalities=11)
    lead = article("\n\n".join(STORIES[0]), 1, "https://a.example/1")
    lead.events = [ev]
    copy = article("\n\n".join(copy_of(STORIES[0])), 2, "https://b.example/2")
    copy.events = [ev]  # coded anyway by a writer path that codes before grouping
    assert add_article(store, lead) == (True, 1)
    assert add_article(store, copy) == (True, 0)
    assert not is_leader(copy) and copy.group_id == lead.group_id
    from wirewatch.group.incidents import iter_incidents

    [incident] = list(iter_incidents(store))
    assert [s["url"] for s in incident["sources"]] == ["https://a.example/1", "https://b.example/2"]


@pytest.mark.evaluation
def test_grouping_bar_on_rewrapped_dev_pages(tmp_path: Path) -> None:
    shared("bench", "articles", "html")
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_group_corpus.py"), "--out", str(corpus),
                    "--seed", "13"], check=True, capture_output=True)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_group import load, score, wirewatch_groups
    finally:
        sys.path.pop(0)
    arts, gold = load(corpus)
    precision, recall = score(wirewatch_groups(arts), gold)
    assert precision >= 0.99 and recall >= 0.97, json.dumps({"p": precision, "r": recall})  # reached 0.998 / 0.979


def test_a_store_from_before_grouping_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-3 store (articles and events, no signatures or incidents) gets signatures, story
    groups and incidents; two events of one article stay two incidents."""
    from sqlalchemy import func, insert, select

    from wirewatch.group.tables import incidents, story_signatures
    from wirewatch.store import migrations, schema

    db = str(tmp_path / "old.db")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    old = Store(db)
    with old.engine.begin() as conn:
        aid = conn.execute(insert(schema.articles).values(
            content_hash="c0", source="old.html", kind="text", text="\n\n".join(STORIES[0]), provenance={},
            figures=[], statements=[], places=[])).inserted_primary_key[0]
        for i in range(2):
            conn.execute(insert(schema.events).values(
                event_key=f"k{i}", article_id=aid, ordinal=i, event_date="2024-01-01", event_type="Battles",
                sub_event_type="Armed clash", country="Mali", admin1="Mopti", fatalities=1, notes="",
                confidence=0.5, evidence={}))
    old.close()
    monkeypatch.undo()
    store = Store(db)
    assert store.version >= 5
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(story_signatures)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(incidents)).scalar_one() == 2
    [art] = list(store.iter_articles())
    assert art["group_id"] and art["group_id"].startswith("g")
    copy = article("\n\n".join(copy_of(STORIES[0])), 9)
    assert stored_grouper(store).assign(copy).group_id == art["group_id"]  # later copies join the old story
    store.close()
