"""The HTML article path on small made-up pages: what the news-aware layer adds to trafilatura
(boilerplate lines dropped, a split story restored), and the metadata read from the page's own
declarations (JSON-LD and meta dates, ambiguous numeric dates, title, byline, agency)."""

from __future__ import annotations

import trafilatura
from trafilatura.utils import load_html

from wirewatch.article.html import extract_html
from wirewatch.article.html_body import FULL_COMPARISON_CHARS, precision_text
from wirewatch.article.html_clean import clean_paragraphs, drop_link_lists, line_reason
from wirewatch.records import Page

STORY = [
    ("BAMAKO (Reuters) - Armed men attacked a checkpoint near the town of Kerena in central "
    "Mali on Sunday, killing four soldiers and wounding six others, the army said in a "
    "statement issued on Monday morning."),
    ("The attackers arrived on motorcycles shortly before dawn and fled towards the border after "
    "a firefight that lasted nearly two hours, according to a local official who asked not to "
    "be named because he was not authorised to speak to the press."),
    ("No group has claimed responsibility for the raid, the third on the same road this month. "
    "Residents said markets in the town stayed closed on Monday as patrols were reinforced."),
    ("The regional governor called for calm and promised that reinforcements would be sent to "
    "protect the main road, which links the town to the capital and carries most of its food."),
]
SECOND_HALF = [
    ("Aid workers said hundreds of families had left nearby villages since the start of the year, "
    "many of them settling in makeshift camps on the edge of Kerena with little access to water."),
    ("A spokesman for the United Nations mission said its peacekeepers were ready to support the "
    "army, but that the security of the road remained the responsibility of national forces."),
]


def _page(body: str, head: str = "", url: str | None = None) -> tuple[Page, str]:
    html = (f"<html lang='en'><head><title>Gunmen kill four soldiers in central Mali | "
            f"Sahel Daily</title>{head}</head><body><header><nav><a href='/'>Home</a> "
            f"<a href='/world'>World</a></nav></header>{body}<footer><p>Contact us</p>"
            f"</footer></body></html>")
    return Page(source="made-up.html", content=html.encode(), url=url), html


def _article(paragraphs: list[str], extra: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<article><h1>Gunmen kill four soldiers in central Mali</h1>"
            f"<div class='article-body'>{ps}{extra}</div></article>")


def test_boilerplate_lines_trafilatura_keeps_are_dropped() -> None:
    promo = ("<p>Get the latest headlines delivered to your inbox every morning by subscribing "
             "to our newsletter.</p><p>(Reporting by Jane Roe; Editing by John Doe)</p>"
             "<p>Follow Sahel Daily on Twitter, Facebook and Instagram.</p>")
    page, html = _page(_article(STORY, promo))
    kept_by_trafilatura = trafilatura.extract(html, favor_precision=True) or ""
    assert "delivered to your inbox" in kept_by_trafilatura  # the case this layer exists for
    article = extract_html(page, html)
    assert article.paragraphs == STORY
    assert "clean:" in article.provenance["text"]


def test_comment_section_after_the_story_is_cut() -> None:
    comments = ("<h3>3 comments</h3><p>This is terrible news, my thoughts go to the families "
                "of the soldiers.</p><p>The government must do more to protect the road.</p>")
    result = clean_paragraphs(STORY + ["3 comments", "This is terrible news.", "Do more."])
    assert result.paragraphs == STORY and result.dropped["comments"] == 3
    page, html = _page(_article(STORY, comments))
    assert "terrible news" not in extract_html(page, html).text


def test_comment_label_before_any_story_text_does_not_cut() -> None:
    result = clean_paragraphs(["Comments", *STORY])
    assert result.paragraphs == STORY


def test_line_rules_leave_story_sentences_alone() -> None:
    for para in STORY + SECOND_HALF:
        assert line_reason(para) is None
    assert line_reason("Related: Mali army says 20 militants killed") == "related"
    assert line_reason("Reporting by Jane Roe; Editing by John Doe") == "credit"
    assert line_reason("Updated at 1:23 p.m.") == "dateline_stamp"
    assert line_reason("Published figures show 20 dead.") is None
    # the rules ignore case: the literal gate in front of them must too
    assert line_reason("RELATED: MALI ARMY SAYS 20 MILITANTS KILLED") == "related"
    assert line_reason("REPORTING BY JANE ROE; EDITING BY JOHN DOE") == "credit"
    # a story sentence that ends on a follow call is still story
    assert line_reason("The singer says a holiday special will follow in December. "
                       "Follow him on Instagram to watch.") is None


def test_story_split_by_an_ad_break_is_restored() -> None:
    block = "<div class='body article__body'>{}</div>"
    ps = "".join(f"<p>{p}</p>" for p in STORY)
    rest = "".join(f"<p>{p}</p>" for p in SECOND_HALF)
    body = (f"<article><h1>Gunmen kill four soldiers in central Mali</h1>"
            f"<div class='grid'>{block.format(ps)}<aside class='rail'><div class='ad'>"
            f"<span>Advertisement</span></div><ul class='most-popular'><li><a href='/a'>"
            f"Popular story one</a></li><li><a href='/b'>Popular story two</a></li></ul></aside>"
            f"</div><div class='ad ad--mid'><span>Advertisement</span></div>"
            f"<div class='grid'>{block.format(rest)}</div></article>")
    page, html = _page(body)
    article = extract_html(page, html)
    assert article.paragraphs == STORY + SECOND_HALF
    if "restored=" in article.provenance["text"]:  # trafilatura kept one block: we restored
        assert SECOND_HALF[0] not in (trafilatura.extract(html, favor_precision=True) or "")


def test_look_alike_block_before_the_story_is_not_restored() -> None:
    block = "<div class='wsw'>{}</div>"
    teaser = "<p>" + "A claim quoted in a fact-check box, repeated here for the reader. " * 3 + "</p>"
    body = (f"<div class='claim'>{block.format(teaser)}</div><article><h1>Title</h1>"
            f"{block.format(''.join(f'<p>{p}</p>' for p in STORY))}</article>")
    page, html = _page(body)
    assert "fact-check box" not in extract_html(page, html).text


def test_date_title_site_byline_from_json_ld() -> None:
    head = ("<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
            "\"@graph\": [{\"@type\": \"WebSite\", \"name\": \"Sahel Daily\"}, "
            "{\"@type\": \"NewsArticle\", \"headline\": \"Gunmen kill four soldiers in central "
            "Mali\", \"datePublished\": \"2020-03-09T10:15:00+00:00\", \"dateModified\": "
            "\"2020-03-09T14:02:00+00:00\", \"author\": {\"@type\": \"Person\", \"name\": "
            "\"Jane Roe\"}, \"publisher\": {\"@type\": \"Organization\", \"name\": "
            "\"Sahel Daily\"}}]}</script><meta property='article:published_time' "
            "content='2020-03-09T10:15:00Z'>")
    page, html = _page(_article(STORY + ["Copyright 2018 is not the publication year."]), head)
    article = extract_html(page, html)
    assert article.published == "2020-03-09T10:15:00+00:00"
    assert article.updated == "2020-03-09T14:02:00+00:00"
    assert article.provenance["published"].startswith("jsonld:datePublished")
    assert article.title == "Gunmen kill four soldiers in central Mali"
    assert article.site == "Sahel Daily" and article.byline == "Jane Roe"
    assert (article.dateline, article.agency) == ("BAMAKO", "Reuters")
    assert article.language == "en"


def test_ambiguous_printed_date_is_read_with_the_weekday_evidence() -> None:
    # "03/09/2020" under the headline: 3 September or 9 March?  The story says the attack came
    # "on Sunday": 8 March 2020 was a Sunday, the day before 9 March (a Monday); 3 September
    # 2020 was a Thursday.  The page declares no date anywhere else.
    body = ("<article><h1>Gunmen kill four soldiers in central Mali</h1>"
            "<p class='date'>03/09/2020</p><div class='article-body'>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</div></article>")
    page, html = _page(body)
    article = extract_html(page, html)
    assert article.published == "2020-03-09"
    assert article.provenance["published"].startswith("text:after-headline;month-first")
    assert "weekday" in article.provenance["published"]


def test_utc_small_hours_take_the_url_day() -> None:
    # 02:18 UTC on the 18th is the evening of the 17th where the site's URL was minted
    head = "<meta property='article:published_time' content='2020-02-18T02:18:11Z'>"
    page, html = _page(_article(STORY), head, url="https://example.org/2020/02/17/mali-attack/")
    article = extract_html(page, html)
    assert article.published == "2020-02-17"
    assert "url-day" in article.provenance["published"]


def test_two_declared_dates_take_the_earlier() -> None:
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2020-04-25T07:25:06Z\"}</script>"
            "<meta property='article:published_time' content='2020-04-24T21:25:06+00:00'>")
    page, html = _page(_article(STORY), head)
    assert extract_html(page, html).published == "2020-04-24T21:25:06+00:00"


def test_page_without_article_gives_empty_text() -> None:
    page, html = _page("<div><a href='/a'>Home</a></div>")
    assert extract_html(page, html).text == ""


def test_related_link_list_inside_the_story_is_dropped() -> None:
    links = ["Niger army says 20 militants killed near Tillaberi", "Photos: a week on the road to Gao"]
    facts = ["Four soldiers killed near the town", "Six soldiers wounded in the attack"]
    html = ("<html><body><ul>" + "".join(f"<li><a href='/{i}'>{t}</a></li>" for i, t in enumerate(links))
            + "</ul><ul>" + "".join(f"<li>{t}</li>" for t in facts) + "</ul></body></html>")
    # the paragraphs as trafilatura writes a kept list: "- item"
    paragraphs = STORY[:2] + [f"- {t}" for t in facts] + STORY[2:] + [f"- {t}" for t in links]
    result = drop_link_lists(paragraphs, load_html(html))
    assert result.paragraphs == STORY[:2] + [f"- {t}" for t in facts] + STORY[2:]
    assert result.dropped["link_list"] == 2


def test_embedded_post_quoted_in_the_story_is_kept() -> None:
    tweet = ("<div class='social-media-embed'><blockquote class='twitter-tweet'><p>We condemn the "
             "attack on our soldiers near Kerena and send our condolences to their families."
             "</p>— Ministry of Defence (@defence_ml) March 9, 2020</blockquote></div>")
    ps = [f"<p>{p}</p>" for p in STORY]
    page, html = _page(_article([], "".join(ps[:2]) + tweet + "".join(ps[2:])))
    paragraphs = extract_html(page, html).paragraphs
    quote = next(i for i, p in enumerate(paragraphs) if p.startswith("We condemn the attack"))
    assert paragraphs[quote - 1] == STORY[1]  # in its place in the story
    assert paragraphs[quote + 1].startswith("— Ministry of Defence")


def test_hover_card_text_is_not_read_into_the_sentence() -> None:
    card = ("<span class='rollover-people'><a href='/people/jane'>Jane Roe</a>"
            "<span class='rollover-people-block'><a href='/x'>Latest: Jane Roe wins vote | "
            "Jane Roe on budget</a></span></span>")
    first = STORY[0].replace("the army said", f"army spokeswoman {card} said")
    page, html = _page(_article([first, *STORY[1:]]))
    text = extract_html(page, html).text
    assert "spokeswoman Jane Roe said" in text and "wins vote" not in text


def test_agency_from_byline_but_not_from_a_first_name() -> None:
    for byline, agency in (("Ana Faguy", None), ("Britta Schultejans, dpa", "dpa"),
                           ("HILLEL ITALIE, AP National Writer", "AP")):
        head = f"<meta name='author' content='{byline}'>"
        page, html = _page(_article(STORY[1:]), head)
        article = extract_html(page, html)
        assert (article.byline, article.agency) == (byline, agency)


def test_next_story_appended_by_infinite_scroll_is_dropped() -> None:
    other = [
        ("Farmers in the north said the rains came three weeks late this year, and that the "
         "harvest of millet and sorghum would be the smallest in a decade."),
        ("The agriculture ministry said it would distribute seed to the worst-hit districts "
         "before the next planting season, with help from two international donors."),
    ]
    main = ("<article class='story'><h1>Gunmen kill four soldiers in central Mali</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY[:2]) + "</article>")
    nxt = ("<article class='story'><h2>Late rains cut the harvest</h2>"
           + "".join(f"<p>{p}</p>" for p in other) + "</article>")
    page, html = _page(f"<main>{main}{nxt}</main>")
    article = extract_html(page, html)
    assert article.paragraphs == STORY[:2]


def test_title_without_the_site_name_from_the_title_element() -> None:
    page, html = _page(_article(STORY))
    article = extract_html(page, html)
    assert article.title == "Gunmen kill four soldiers in central Mali"
    assert article.site == "Sahel Daily"
    assert article.provenance["title"] == "html:title:split"


def test_a_copyright_year_is_not_a_publication_date() -> None:
    # htmldate pads the footer's "© 2016" to 2016-01-01; no date beats a wrong one
    page, html = _page(_article(STORY))
    html = html.replace("<footer><p>Contact us</p>", "<footer><p>Contact us</p><p>© 2016 Sahel Daily</p>")
    assert extract_html(page, html).published is None


def _bare(html: str, *, fast: bool) -> str:
    doc = trafilatura.bare_extraction(load_html(html), fast=fast, favor_precision=True,
                                      include_comments=False)
    return (doc.text if doc is not None else "") or ""


def test_precision_cascade_run_once_is_trafilaturas() -> None:
    """``html_body.precision_text`` follows trafilatura's own precision cascade (it uses its
    internals, so a trafilatura upgrade that changes them fails here): the full comparison on
    a short extraction, trafilatura's own extractor alone on a long one."""
    short = _page(_article(STORY[:2]))[1]
    long = _page(_article(STORY + SECOND_HALF * 2))[1]
    forum = _page(_article(STORY), head="<script type='application/ld+json'>{\"@type\": "
                  "\"DiscussionForumPosting\"}</script>")[1]
    menu = _page("<div><a href='/a'>World</a> <a href='/b'>Africa</a> <a href='/c'>Sport</a></div>")[1]
    assert len(_bare(long, fast=True)) >= FULL_COMPARISON_CHARS > len(_bare(short, fast=True))
    for html in (short, forum, menu):
        assert precision_text(load_html(html), None) == _bare(html, fast=False)
    assert precision_text(load_html(long), None) == _bare(long, fast=True)
