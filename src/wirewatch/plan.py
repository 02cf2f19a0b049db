"""The one definition of the stage order, for every path (issue 14).

A ``Plan`` is the ordered list of steps a page goes through, each tagged with the process it runs
in: ``main`` (shared state: site memory, the story index, the store's one writer) or ``worker``
(one page at a time, in watched worker processes).  ``needs``/``adds`` are checked once across
the whole list, segment boundaries included, and the list is compiled into segments: runs of
steps of one kind, main -> worker -> main -> worker -> the sink.

Every path builds its stages from ``PLAN``: the library's ``runner.run`` (pages read in this
process), the sharded ``wirewatch run`` (shards read by the workers, ``wirewatch.shards``) and
pages that arrive one at a time (feeds and ``POST /api/pages``, ``wirewatch.watch.process``).
They differ only in their source and backend, never in the order or placement of the stages.

Site memory is a learn (main) and mark (worker) pair: the main process learns which lines are a
site's chrome and hands each text page what is known of its site (``Page.site_lines``); the
mark, in the worker beside the article stage, puts the page's own chrome lines on it.  Where
pages are read in the main process (a stream of pages, a single page) learning is a stage over
the stream; where workers read the pages themselves (shards) it is the run's first phase over
the whole job, and the workers hand each page the job's memory (``site_memory.KnownLines``)
before the same mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wirewatch.errors import ConfigError
from wirewatch.pipeline import Pipeline, Stage
from wirewatch.settings import Settings

if TYPE_CHECKING:
    from wirewatch.article.site_memory import SiteMemory
    from wirewatch.group.story import StoryGrouper

Where = Literal["main", "worker"]


@dataclass(frozen=True, slots=True)
class Step:
    """One stage of the plan: where it runs, what it needs and adds (its stage must declare the
    same), and whether it runs on group leaders only (a syndicated copy is coded once)."""

    name: str
    where: Where
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    leaders_only: bool = False


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of consecutive steps of one kind: one pipeline in one process."""

    index: int
    where: Where
    steps: tuple[Step, ...]


# The stage order.  Nothing else in wirewatch lists it.
STEPS: tuple[Step, ...] = (
    Step("site_learn", "main", ("page",), ("site_lines",)),
    Step("site_memory", "worker", ("page", "site_lines"), ("boilerplate_marks",)),
    Step("article", "worker", ("page",), ("article",)),
    Step("group", "main", ("article",), ("group",)),
    Step("code", "worker", ("article", "group"), ("events", "figures", "statements"), leaders_only=True),
    Step("place", "worker", ("article", "events"), ("places",), leaders_only=True),
    Step("store", "main", ("article", "group"), ()),
)


class Plan:
    """The checked, compiled ``STEPS``: ``segments`` in order, the last being the sink."""

    def __init__(self, steps: Sequence[Step] = STEPS) -> None:
        self.steps = tuple(steps)
        check(self.steps)
        self.segments = compile_segments(self.steps)

    def available(self, segment: Segment) -> tuple[str, ...]:
        """What is on a record when it enters ``segment``: the page and what earlier steps add."""
        have = ["page"]
        for step in self.steps[:self.steps.index(segment.steps[0])]:
            have += [a for a in step.adds if a not in have]
        return tuple(have)

    def pipeline(self, segment: Segment, stages: Sequence[Stage]) -> Pipeline:
        """The pipeline of ``segment`` over its built ``stages`` (checked against the plan)."""
        built = [build(step, stage) for step, stage in zip(segment.steps, stages)]
        return Pipeline(built, have=self.available(segment))

    def segment(self, where: Where, nth: int) -> Segment:
        """The ``nth`` (0-based) segment of kind ``where``."""
        return [s for s in self.segments if s.where == where][nth]

    @property
    def sink(self) -> Segment:
        return self.segments[-1]


def check(steps: Sequence[Step]) -> None:
    """Every step's needs are added by an earlier one (a page is there from the start), across
    segment boundaries; the last step is a main-process sink."""
    have: set[str] = {"page"}
    for step in steps:
        missing = [n for n in step.needs if n not in have]
        if missing:
            raise ConfigError(f"step {step.name!r} needs {missing}, which no earlier step adds")
        have.update(step.adds)
    if not steps or steps[-1].where != "main":
        raise ConfigError("a plan ends in the main process's sink")


def compile_segments(steps: Sequence[Step]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for step in steps:
        if out and out[-1].where == step.where:
            last = out[-1]
            out[-1] = Segment(last.index, last.where, (*last.steps, step))
        else:
            out.append(Segment(len(out), step.where, (step,)))
    return tuple(out)


PLAN = Plan()


# -- building the main segments (they hold the run's shared state) -----------------------------
def site_memory_segment(settings: Settings, memory: SiteMemory) -> Pipeline:
    """The plan's first main segment: learn the sites' chrome and hand each text page what is
    known of its site, for the worker to mark (``settings.site_memory`` off: nothing)."""
    from wirewatch.article.site_memory import SiteMemoryStage

    return PLAN.pipeline(PLAN.segment("main", 0), [SiteMemoryStage(memory)] if settings.site_memory else [])


def group_segment(grouper: StoryGrouper) -> Pipeline:
    """The plan's second main segment: story grouping with the run's one index."""
    from wirewatch.group.story import GroupStage

    return PLAN.pipeline(PLAN.segment("main", 1), [GroupStage(grouper)])


# -- building the worker segments (picklable: they travel to the worker processes) ------------
def _mark(settings: Settings) -> Stage:
    from wirewatch.article.site_memory import MarkStage

    return MarkStage()


def _article(settings: Settings) -> Stage:
    from wirewatch.article import ArticleStage

    return ArticleStage(settings)


def _code(settings: Settings) -> Stage:
    from wirewatch.code import CodeStage

    return CodeStage()


def _place(settings: Settings) -> Stage:
    from wirewatch.place import PlaceStage

    return PlaceStage()


WORKER_STAGES: dict[str, Callable[[Settings], Stage]] = {
    "site_memory": _mark, "article": _article, "code": _code, "place": _place}


def build(step: Step, stage: Stage) -> Stage:
    """``stage`` as ``step`` places it (leaders only), after checking it is the step's stage:
    its name and what it adds are the step's, what it needs the step needs too, so the plan's
    one check across the list holds for the stages."""
    if stage.name != step.name or tuple(stage.adds) != step.adds or not set(stage.needs) <= set(step.needs):
        raise ConfigError(f"stage {stage.name!r} (needs {stage.needs}, adds {stage.adds}) is not the "
                          f"plan's step {step.name!r} (needs {step.needs}, adds {step.adds})")
    if step.leaders_only:
        from wirewatch.group.story import LeadersOnly

        return LeadersOnly(stage)
    return stage


@dataclass(frozen=True, slots=True)
class WorkerSegment:
    """A picklable factory of the pipeline of the plan's ``nth`` worker segment (0: a page
    marked and extracted to its article; 1: a grouped article coded and placed, group leaders
    only).  ``upto`` stops the segment after that step (``extract``: articles without coding)."""

    settings: Settings
    nth: int = 0
    upto: str | None = None

    def __call__(self) -> Pipeline:
        segment = PLAN.segment("worker", self.nth)
        names = [s.name for s in segment.steps]
        steps = segment.steps[:names.index(self.upto) + 1] if self.upto in names else segment.steps
        return PLAN.pipeline(segment, [WORKER_STAGES[step.name](self.settings) for step in steps])
