"""Evaluation gate for the HTML article path on ../shared's dev pages: body F1 (scrapinghub
article-extraction-benchmark metric) and publication-day accuracy (htmldate's mediacloud-2020
pages), scored by ../shared/score's own scorers.  Floors sit a little under the figures reached
(body F1 0.985, P 0.987, R 0.984; publication day 0.927: the site's own day, see article.zones) so a regression fails CI."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import shared
from wirewatch.article.stage import ArticleStage
from wirewatch.records import Article, Page
from wirewatch.settings import Settings

BODY_F1_FLOOR, BODY_P_FLOOR, BODY_R_FLOOR = 0.978, 0.978, 0.977
DATE_FLOOR = 0.915


def _scorer(name: str) -> ModuleType:
    folder = str(shared("score"))
    sys.path.insert(0, folder)
    try:
        return __import__(name)
    finally:
        sys.path.remove(folder)


def _articles(folder: Path) -> Iterator[tuple[str, Article | None]]:
    # a loaded CI machine must not turn a slow page into a timeout rejection
    stage = ArticleStage(Settings(page_timeout_s=300.0))
    for path in sorted(folder.glob("*.html.gz")):
        page = Page(source=str(path), content=gzip.decompress(path.read_bytes()), kind="html")
        rec = stage.process(page)
        yield str(path), rec if isinstance(rec, Article) else None


@pytest.mark.evaluation
def test_html_body_f1_on_dev_pages() -> None:
    body = _scorer("body")
    common = _scorer("common")
    gold = json.loads(shared("bench", "articles", "gold.json").read_text(encoding="utf-8"))
    pred = {common.key_of(src): (art.text if art else "")
            for src, art in _articles(shared("bench", "articles", "html"))}
    f1, precision, recall, _, _ = body.score(gold, pred)
    assert (round(f1, 3), round(precision, 3), round(recall, 3)) and f1 >= BODY_F1_FLOOR
    assert precision >= BODY_P_FLOOR and recall >= BODY_R_FLOOR


@pytest.mark.evaluation
def test_html_publication_day_on_dev_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dates = _scorer("dates")
    out = tmp_path / "dates.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for src, art in _articles(shared("bench", "dates", "html")):
            f.write(json.dumps({"source": src, "published": art.published if art else None}) + "\n")
    monkeypatch.setattr(sys, "argv", ["dates.py", str(shared("bench", "dates", "gold.json")), str(out)])
    sys.path.insert(0, str(shared("score")))
    try:
        dates.main()
    finally:
        sys.path.pop(0)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("accuracy ")
    assert float(last.split()[1]) >= DATE_FLOOR, last
