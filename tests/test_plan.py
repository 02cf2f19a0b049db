"""The plan (issue 14): one definition of the stage order, checked once across segment
boundaries, compiled into main/worker segments that every path builds its stages from."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wirewatch.errors import ConfigError
from wirewatch.group.story import group_key
from wirewatch.pipeline import Pipeline
from wirewatch.plan import PLAN, STEPS, Plan, Step, WorkerSegment, build
from wirewatch.records import Article
from wirewatch.settings import Settings

STAGE_CLASSES = ("SiteMemoryStage", "MarkStage", "ArticleStage", "GroupStage", "CodeStage", "PlaceStage")
STEP = {s.name: s for s in STEPS}


def test_the_plan_compiles_into_main_worker_main_worker_sink() -> None:
    assert [(s.where, [x.name for x in s.steps]) for s in PLAN.segments] == [
        ("main", ["site_learn"]), ("worker", ["site_memory", "article"]), ("main", ["group"]),
        ("worker", ["code", "place"]), ("main", ["store"])]
    assert PLAN.sink.steps[-1].name == "store"


def test_needs_are_checked_across_segment_boundaries() -> None:
    order = ["site_learn", "site_memory", "group", "article", "code", "place", "store"]
    grouping_first = [STEP[n] for n in order]  # grouping before any article
    with pytest.raises(ConfigError, match="'group' needs"):
        Plan(grouping_first)
    with pytest.raises(ConfigError, match="sink"):
        Plan(STEPS[:-1] + (Step("late", "worker", ("page",), ()),))


def test_a_segment_starts_from_what_earlier_segments_added() -> None:
    coding = PLAN.segment("worker", 1)
    assert {"article", "group"} <= set(PLAN.available(coding))
    pipeline = WorkerSegment(Settings(), 1)()
    assert [s.name for s in pipeline.stages] == ["code", "place"]
    with pytest.raises(ConfigError, match="needs"):  # a coder alone, fed pages, is refused
        Pipeline(pipeline.stages)


def test_a_stage_must_be_its_step() -> None:
    factory = pickle.loads(pickle.dumps(WorkerSegment(Settings(), 0)))  # it travels to workers
    article = next(s for s in factory().stages if s.name == "article")
    with pytest.raises(ConfigError, match="is not the plan's step"):
        build(STEP["group"], article)


def test_syndicated_copies_are_not_coded() -> None:
    coding = WorkerSegment(Settings(), 1)()
    text = ("Gunmen killed seven villagers in an attack near Gao on Monday, officials said, "
            "in the third raid on the district this month.")
    leader = Article(source="a", content_hash="a", kind="text", text=text, language="en", published="2024-03-04")
    leader.group_id = group_key(leader)  # it founds its group
    copy = Article(source="b", content_hash="b", kind="text", text=text, language="en", published="2024-03-04",
                   group_id=leader.group_id)
    out = list(coding.run([leader, copy]))
    assert isinstance(out[0], Article) and out[0].events
    assert isinstance(out[1], Article) and not out[1].events


def test_one_definition_of_the_stage_order() -> None:
    """Only the plan builds the pipeline stages: no other module of the package wires them."""
    built = re.compile(r"\b(" + "|".join(STAGE_CLASSES) + r")\(")
    wiring = sorted(str(p.relative_to(ROOT)) for p in Path(ROOT, "src", "wirewatch").rglob("*.py")
                    if built.search(p.read_text(encoding="utf-8").replace("class ", "class_")))
    assert wiring == ["src/wirewatch/plan.py"]


def test_site_memory_is_learned_in_the_main_process_and_marked_in_the_worker() -> None:
    """The learning segment hands each text page its site's known chrome and marks nothing; the
    worker segment marks the page's own chrome lines, then extracts (issue 14: one pair, learn
    in main and mark in the worker, on every path)."""
    from wirewatch.article.site_memory import SiteMemory, line_key
    from wirewatch.plan import site_memory_segment
    from wirewatch.records import Page

    chrome = "Subscribe to the Sahel Courier today"
    stories = ["Gunmen attacked a market near Gao on Monday, killing four traders, officials said.",
               "Floods cut the road between Mopti and Djenne on Tuesday, stranding dozens of trucks."]
    pages = [Page(source=f"p{n}.txt", content=f"{chrome}\n{story}\n".encode(), url=f"https://courier.example/{n}",
                  kind="text") for n, story in enumerate(stories)]
    learned = list(site_memory_segment(Settings(), SiteMemory()).run(pages))
    assert all(isinstance(p, Page) and p.site_lines == {line_key(chrome)} and not p.boilerplate for p in learned)
    mark = WorkerSegment(Settings(), 0, upto="site_memory")()
    marked = list(mark.run(learned))
    assert all(isinstance(p, Page) and p.boilerplate == {line_key(chrome)} for p in marked)
    assert mark.stats["site_memory"].counters["marked_lines"] == 2
