"""Page kinds (article, listing, home, wiki, video) and what follows from them: only articles
and videos are dated, only articles in a language the coder knows are coded; the others are
stored with the reason, counted, and never coded as English by mistake.  Pages written here."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text as sql

from tests._pages import STORY, html_page
from wirewatch.article.html import extract_html
from wirewatch.article.page_kind import kind_from_url
from wirewatch.code.stage import CodeStage, coded_languages, uncoded_reason
from wirewatch.pipeline import StageStats
from wirewatch.records import Article, Page
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.store import Store

OLD_DATE = ("<script type='application/ld+json'>{\"@type\": \"WebSite\", \"datePublished\": "
            "\"2011-05-01T09:00:00Z\"}</script>")


def _html(page_html: str, url: str | None) -> Article:
    return extract_html(Page(source="written.html", content=page_html.encode(), url=url), page_html)


def test_kinds_from_the_url_shape() -> None:
    assert kind_from_url("https://example.org/")[0] == "home"
    assert kind_from_url("https://example.org/fr/")[0] == "home"
    assert kind_from_url("https://example.org/index.html")[0] == "home"
    assert kind_from_url("https://example.org/tag/mali/")[0] == "listing"
    assert kind_from_url("https://example.org/category/world/page/3/")[0] == "listing"
    assert kind_from_url("https://example.org/w/index.php?title=Gao&diff=1234&oldid=1200")[0] == "wiki"
    assert kind_from_url("https://example.org/wiki/Gao")[0] == "wiki"
    assert kind_from_url("https://example.org/2023/03/13/gunmen-kill-seven/")[0] == "article"
    assert kind_from_url(None)[0] == "article"


def test_a_wiki_revision_gets_no_date_from_its_template() -> None:
    page = html_page(extra="").replace("<head>", "<head><meta name='generator' content='MediaWiki 1.41'>")
    art = _html(page, "https://wiki.example.org/w/index.php?title=Tillaberi&diff=99&oldid=98")
    assert art.page_kind == "wiki" and art.published is None
    assert art.provenance["page_kind"] == "meta:generator"


def test_a_home_page_gets_no_date() -> None:
    teasers = tuple(f"Teaser {i}: a short summary of another story on the front page of the site, "
                    "with a link to read more." for i in range(6))
    page = html_page("Example Times - news from the Sahel", teasers).replace("</head>", OLD_DATE + "</head>")
    art = _html(page, "https://www.example-times.org/")
    assert art.page_kind == "home" and art.published is None and art.updated is None


def test_a_declared_article_on_a_listing_like_url_stays_an_article() -> None:
    page = html_page().replace("</head>", "<meta property='og:type' content='article'></head>")
    art = _html(page, "https://example.org/topics/niger/")
    assert art.page_kind == "article" and art.published == "2023-03-13T10:00:00+00:00"


def test_a_video_page_keeps_its_upload_date_but_is_not_coded() -> None:
    page = html_page("Video: the market after the attack", (STORY[0],)).replace(
        "</head>", "<meta property='og:type' content='video.other'></head>")
    art = _html(page, "https://example.org/watch/market-after-attack")
    assert art.page_kind == "video" and art.published == "2023-03-13T10:00:00+00:00"
    assert uncoded_reason(art) == "page_kind:video"


def _article(language: str | None, kind: str = "article") -> Article:
    return Article(source="s", content_hash="h", kind="text", text=" ".join(STORY),
                   published="2023-03-13", language=language, page_kind=kind)


def test_code_stage_codes_only_articles_in_the_coders_languages() -> None:
    assert {"en", "fr"} <= coded_languages()
    stats = StageStats("code")
    out = list(CodeStage().run([_article("en"), _article("sw"), _article("en", "home"), _article(None)], stats))
    assert [a.uncoded for a in out] == [None, "language:sw", "page_kind:home", None]  # type: ignore[union-attr]
    assert out[0].events and not out[1].events and not out[2].events  # type: ignore[union-attr]
    assert stats.counters == {"uncoded:language:sw": 1, "uncoded:page_kind:home": 1}
    assert stats.kept == 2


SWAHILI = (
    ("Watu saba waliuawa Jumapili baada ya watu wenye silaha kushambulia kijiji kimoja magharibi mwa "
    "nchi, meya wa eneo hilo alisema Jumatatu."),
    ("Washambuliaji walifika kwa pikipiki alfajiri na kuondoka kabla ya wanajeshi kufika kijijini, "
    "meya aliwaambia waandishi wa habari kwa simu."),
    "Hakuna kundi lililodai kuhusika na shambulio hilo, ambalo ni la tatu katika eneo hilo mwezi huu.",
)


def test_an_article_the_coder_cannot_read_is_stored_uncoded_and_counted(tmp_path: Path) -> None:
    (tmp_path / "sw.html").write_text(html_page("Watu saba wauawa kijijini", SWAHILI).replace(
        "lang='en'", "lang='sw'"), encoding="utf-8")
    (tmp_path / "en.html").write_text(html_page(), encoding="utf-8")
    store = Store(str(tmp_path / "w.db"))
    summary = run([str(tmp_path / "sw.html"), str(tmp_path / "en.html")], store, Settings(workers=1))
    rows = {Path(r["source"]).name: r for r in store.iter_articles()}
    assert rows["sw.html"]["language"] == "sw" and rows["sw.html"]["uncoded"] == "language:sw"
    assert rows["en.html"]["uncoded"] is None and rows["en.html"]["page_kind"] == "article"
    assert summary.stages["code"]["uncoded:language:sw"] == 1
    assert store.counts()["events"] >= 1  # the English copy is coded
    store.close()


def test_a_store_from_before_page_kinds_is_migrated(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    store = Store(db)
    with store.engine.begin() as conn:  # make it a version-6 store: no page_kind, no uncoded
        conn.execute(sql("ALTER TABLE articles DROP COLUMN page_kind"))
        conn.execute(sql("ALTER TABLE articles DROP COLUMN uncoded"))
        conn.execute(sql("DELETE FROM schema_version WHERE version >= 7"))
        conn.execute(sql("INSERT INTO articles (content_hash, source, kind, text, provenance, figures, "
                         "statements, places) VALUES ('c0', 'old.html', 'text', 'x', '{}', '[]', '[]', '[]')"))
    store.close()
    again = Store(db)
    [row] = list(again.iter_articles())
    assert row["page_kind"] == "article" and row["uncoded"] is None
    again.close()
