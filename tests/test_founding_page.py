"""The founding page (a Reuters story re-published on a finance portal, dumped as text with
its promo banner, ad line, comment stub and legal footer) read end to end against its gold:
every article field exactly."""

from __future__ import annotations

import json

from tests.conftest import shared
from wirewatch.records import Article
from wirewatch.runner import extract
from wirewatch.settings import Settings

FIELDS = ("title", "published", "updated", "agency", "dateline", "site", "language")


def _founding() -> tuple[Article, dict[str, object]]:
    page = shared("fixtures", "pages", "000_ca0817b3d5df4901.txt")
    gold = json.loads(shared("fixtures", "gold", "000_ca0817b3d5df4901.json").read_text("utf-8"))
    [art] = list(extract([str(page)], Settings(workers=1)))
    assert isinstance(art, Article)
    return art, gold["article"]


def test_founding_page_article_fields_match_gold() -> None:
    art, gold = _founding()
    assert {f: getattr(art, f) for f in FIELDS} == {f: gold[f] for f in FIELDS}


def test_founding_page_body_is_exactly_the_nine_paragraphs() -> None:
    art, gold = _founding()
    assert art.paragraphs == gold["body_paragraphs"]


def test_founding_page_says_which_date_reading_was_taken() -> None:
    art, _ = _founding()
    # 03/09/2020 is month-first: the statement came "on Sunday", 9 March 2020 was a Monday
    assert art.provenance["published"].split(";")[1].startswith("month-first")
    assert "weekday" in art.provenance["published"]
    assert art.provenance["site"] == "line:domain"  # "... recommendation by Investing.com"
