"""Stages count what they keep and drop by reason; executors give the same output in order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests._pages import STORY, html_page, text_dump
from wirewatch.errors import ConfigError, InputError
from wirewatch.executors import LocalExecutor
from wirewatch.pipeline import Pipeline, Stage
from wirewatch.records import Article, Page, Record, Rejection
from wirewatch.runner import WorkerPipeline, extract
from wirewatch.settings import Settings


class _Upper(Stage):
    name = "upper"
    adds = ("upper",)

    def process(self, record: Any) -> Record:
        page: Page = record
        if not page.content:
            raise InputError(page.source, "empty", "nothing here")
        return Page(page.source, page.content.upper())


class _NeedsSomething(Stage):
    name = "picky"
    needs = ("something",)


def test_stage_counts_kept_and_dropped_by_reason() -> None:
    pipe = Pipeline([_Upper()])
    out = list(pipe.run([Page("a", b"x"), Page("b", b""), Rejection("c", "ingest", "not_found")]))
    assert [type(r).__name__ for r in out] == ["Page", "Rejection", "Rejection"]
    assert out[1].reason == "empty" and out[1].stage == "upper"  # type: ignore[union-attr]
    assert pipe.stats["upper"].kept == 1 and pipe.stats["upper"].dropped == {"empty": 1}


def test_pipeline_refuses_a_stage_whose_needs_are_not_met() -> None:
    with pytest.raises(ConfigError, match="picky"):
        Pipeline([_NeedsSomething()])


def _corpus(tmp_path: Path, n: int = 12) -> list[str]:
    for i in range(n):
        (tmp_path / f"p{i:02}.html").write_text(html_page(title=f"Story number {i}"))
        story = tuple(f"{para} Report number {i} from the district of {chr(65 + i)}ville." for para in STORY)
        (tmp_path / f"d{i:02}.txt").write_text(text_dump(title=f"Dump number {i}", paragraphs=story))
    return [str(tmp_path)]


def test_pool_and_in_process_executors_agree(tmp_path: Path) -> None:
    inputs = _corpus(tmp_path)
    one = [a.extract_record() for a in extract(inputs, Settings(workers=1)) if isinstance(a, Article)]
    pool = LocalExecutor(workers=2, chunk_size=5)
    two = [a.extract_record() for a in extract(inputs, Settings(), executor=pool) if isinstance(a, Article)]
    assert one == two and len(one) == 24
    assert pool.stats["article"].kept == 24


def test_worker_pipeline_factory_is_picklable() -> None:
    import pickle

    factory = pickle.loads(pickle.dumps(WorkerPipeline(Settings())))
    assert [s.name for s in factory().stages] == ["article", "code", "place"]
