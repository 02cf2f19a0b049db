"""The plain-text-dump cleaner and its metadata, on made-up dumps (English and French) shaped
like real portal pages: promo banners, ads, comment stubs, legal footers, repeated titles."""

from __future__ import annotations

from wirewatch.article.dates import DateEvidence, parse_page_date
from wirewatch.article.meta import find_byline, find_dateline, site_in_lines, split_title
from wirewatch.article.text import extract_text
from wirewatch.records import Page

EN_BODY = [
    ("TILLABERI, Niger (AFP) - Gunmen on motorbikes attacked a cattle market in western Niger on "
    "Thursday, killing at least nine traders, the regional governor said in a statement."),
    ("The attackers surrounded the market at midday and fired on the crowd before setting fire to "
    "several stalls, according to two witnesses reached by telephone."),
    ("No group has claimed the attack, which the governor blamed on \"terrorists\" crossing from "
    "the border area with Mali, where jihadist groups have long been active."),
    ("Security forces were sent to the area on Friday and a curfew was imposed on the nearby "
    "villages, the interior ministry said."),
]
EN_DUMP = "\n".join([
    "Skip to main content",
    "Home",
    "World",
    "Africa",
    "Subscribe now and get 50% off your first year",
    "Gunmen kill nine traders at Niger cattle market | Sahel Daily Courier",
    "Gunmen kill nine traders at Niger cattle market",
    "By Amina Diallo and Peter Okafor",
    "Published 04/09/2021, 06:15 PM",
    "Updated 04/09/2021, 07:02 PM",
    EN_BODY[0],
    EN_BODY[1],
    "Advertisement",
    EN_BODY[2],
    "Sponsored content. Not an offer or recommendation by SahelCourier.com. Remove ads here.",
    EN_BODY[3],
    "Related articles",
    "Floods displace thousands in southern Chad as rains continue to batter the region this week.",
    "Comments",
    "You must be logged in to post a comment.",
    ("We use cookies to improve your browsing experience. By continuing to use this website you "
    "consent to our use of cookies in accordance with our privacy policy and terms of use."),
    "© 2021 Sahel Daily Courier. All rights reserved.",
])

FR_BODY = [
    ("NIAMEY (AFP) - Des hommes armés ont attaqué dimanche un poste de gendarmerie dans l'ouest du "
    "Niger, tuant quatre gendarmes, a annoncé le ministère de l'Intérieur dans un communiqué."),
    ("Les assaillants, arrivés à moto en fin de journée, ont incendié deux véhicules avant de se "
    "replier vers la frontière malienne, selon une source sécuritaire."),
    ("Cette attaque intervient une semaine après celle qui avait visé un marché de la même région, "
    "faisant une dizaine de morts parmi les commerçants."),
]
FR_DUMP = "\n".join([
    "Accueil",
    "Afrique",
    "Abonnez-vous à notre newsletter",
    "Niger : quatre gendarmes tués dans une attaque dans l'ouest",
    "Par Jean Dupont",
    "Publié le 8 mars 2020 à 14h05",
    "Mis à jour le 8 mars 2020 à 16h30",
    *FR_BODY,
    "Partager",
    "Sur le même sujet",
    "Au Mali, la saison des pluies menace les récoltes dans le centre du pays cette année.",
    "Commentaires",
    ("Tous droits réservés. Reproduction interdite sans l'autorisation écrite de l'éditeur du "
    "site internet, conformément aux mentions légales et à notre politique de données personnelles."),
])


def _page(name: str, text: str) -> Page:
    return Page(source=name, content=text.encode("utf-8"), kind="text")


def test_english_dump_body_is_exactly_the_article() -> None:
    art = extract_text(_page("courier_1.txt", EN_DUMP), EN_DUMP)
    assert art.paragraphs == EN_BODY


def test_english_dump_metadata() -> None:
    art = extract_text(_page("courier_1.txt", EN_DUMP), EN_DUMP)
    assert art.title == "Gunmen kill nine traders at Niger cattle market"
    assert (art.dateline, art.agency) == ("TILLABERI", "AFP")
    assert art.byline == "Amina Diallo and Peter Okafor"
    assert art.site == "SahelCourier.com"
    assert art.language == "en"
    # 04/09/2021: the story says "on Thursday"; 9 April 2021 was a Friday (Thursday the day
    # before), 4 September 2021 a Saturday; the 12-hour clock is American usage
    assert (art.published, art.updated) == ("2021-04-09T18:15", "2021-04-09T19:02")
    assert art.provenance["published"].startswith("line:published;month-first")


def test_french_dump_body_and_metadata() -> None:
    art = extract_text(_page("journal_1.txt", FR_DUMP), FR_DUMP)
    assert art.paragraphs == FR_BODY
    assert art.title == "Niger : quatre gendarmes tués dans une attaque dans l'ouest"
    assert (art.dateline, art.agency) == ("NIAMEY", "AFP")
    assert (art.published, art.updated) == ("2020-03-08T14:05", "2020-03-08T16:30")
    assert art.byline == "Jean Dupont"
    assert art.language == "fr"


def test_site_memory_marks_are_dropped_even_when_they_read_like_text() -> None:
    from wirewatch.article.site_memory import line_key

    banner = ("The Sahel Daily Courier has reported on the region for thirty years and is "
              "funded by its readers, not by any government.")
    dump = EN_DUMP.replace("Advertisement", banner)
    page = _page("courier_1.txt", dump)
    assert banner in extract_text(page, dump).text  # the classifier alone keeps it
    page.boilerplate = frozenset({line_key(banner)})
    art = extract_text(page, dump)
    assert banner not in art.text and art.paragraphs == EN_BODY
    assert art.provenance["text"] == "line-classifier+site-memory"


def test_comment_thread_after_the_article_is_not_body() -> None:
    thread = [
        "Comments",
        "jdoe99",
        "3 hours ago",
        ("I have been saying for years that the government has abandoned these border villages and "
        "nobody listens, it is always the same story with the same promises from officials."),
        "kofi_a",
        "2 hours ago",
        ("Thoughts with the families. The traders were only trying to feed their children and now "
        "they are gone, this has to stop and the army has to protect the markets properly."),
    ]
    dump = "\n".join(["Home", "Gunmen kill nine traders at Niger cattle market", *EN_BODY, *thread])
    assert extract_text(_page("x.txt", dump), dump).paragraphs == EN_BODY


def test_dump_without_article_gives_no_text() -> None:
    dump = "Home\nWorld\nSport\nContact us\nPrivacy policy\n© 2021 Example"
    assert extract_text(_page("menu.txt", dump), dump).text == ""


def test_ambiguous_date_follows_page_evidence() -> None:
    # the same string read both ways, each time for a stated reason
    assert parse_page_date("03/09/2020", evidence=DateEvidence(language="fr"))[0] == "2020-09-03"
    us = parse_page_date("03/09/2020", evidence=DateEvidence(locale="en-US"))
    assert us[0] == "2020-03-09" and us[1].startswith("month-first")
    # another date on the page whose order is unambiguous decides (25 cannot be a month)
    iso, reading = parse_page_date("03/09/2020", evidence=DateEvidence(other_dates=("25/08/2020",)))
    assert (iso, reading) == ("2020-09-03", "day-first:page-order")
    # weekday words: "on Sunday" fits 9 March 2020 (a Monday), not 3 September (a Thursday)
    wd = parse_page_date("03/09/2020 12:59", evidence=DateEvidence(text="said on Sunday."))
    assert wd == ("2020-03-09T12:59", "month-first:weekday")


def test_date_formats() -> None:
    assert parse_page_date("Publié le 8 mars 2020 à 14h05")[0] == "2020-03-08T14:05"
    assert parse_page_date("November 19, 2019 at 9:45 am")[0] == "2019-11-19T09:45"
    assert parse_page_date("Posted: 12 Feb. 2023 - 22:15 GMT")[0] == "2023-02-12T22:15"
    assert parse_page_date("2023-02-12T08:30:00Z")[0] == "2023-02-12T08:30"
    assert parse_page_date("13/02/2023")[1] == "unambiguous"
    assert parse_page_date("no date here") == (None, "none")


def test_dateline_forms() -> None:
    assert find_dateline("BAMAKO (Reuters) - Militants said") == ("BAMAKO", "Reuters")
    assert find_dateline("OUAGADOUGOU, March 9 (AFP) - Soldiers") == ("OUAGADOUGOU", "AFP")
    assert find_dateline("Paris, 8 mars 2020 (AFP) - Le gouvernement") == ("Paris", "AFP")
    assert find_dateline("ST. JOSEPH, Mich. (AP) — Health officials") == ("ST. JOSEPH", "AP")
    assert find_dateline("KIDAL — Fighting resumed") == ("KIDAL", None)
    assert find_dateline("The army said on Monday (local time) - nothing") == (None, None)


def test_byline_site_and_title_affix() -> None:
    assert find_byline(["Home", "By JANE DOE, Reuters"]) == "JANE DOE"
    assert find_byline(["By the way, this is not a byline"]) is None
    assert site_in_lines(["Follow facebook.com/x", "Not an offer by Example.co.uk."]) == (
        "Example.co.uk", "line:domain")
    assert split_title("Daily Courier - Floods hit the capital again") == (
        "Floods hit the capital again", "Daily Courier")


def test_degenerate_dumps_give_no_text_and_no_error() -> None:
    for dump in ("", " \n\t\n", "Hello", "\x00\x01 \ufffd" * 50, "word " * 5000):
        art = extract_text(_page("odd.txt", dump), dump)
        assert art.text == "" and art.title is None


def test_word_count_shortcut_agrees_with_splitting() -> None:
    # the cleaner counts a single-spaced line's words from its spaces; any other whitespace
    # (tabs, no-break spaces, doubled spaces, edges) or a lone dash must give the split count
    from wirewatch.article.text_lines import _features

    lone = {"-", "–", "—", "|", "•", "·", "/", "&", ">", "»"}
    for line in ("Troops entered the town on Monday", "Troops\tentered the\u00a0town", "Troops  entered",
                 " Troops entered ", "Troops - entered | town", "One", "Deux\u2003mots\u3000ici", "a\x1fb c"):
        expected = len([t for t in line.lower().split() if t not in lone])
        assert _features.__wrapped__(line)[0] == expected, line


def test_a_list_of_long_headlines_is_no_paragraph() -> None:
    # a video playlist above the story: headlines of ten words and more, none ending like a
    # sentence, one after the other
    playlist = [
        "Farmers in northern Burkina Faso count the cost of a second failed harvest",
        "Why the price of millet keeps rising in markets across the Sahel region",
        "Inside the camp where thousands of displaced families wait for the rains",
        "How solar pumps are changing the way villages in Niger grow their food",
        "What the new transport corridor means for traders on the road to Dakar",
    ]
    dump = "\n".join(["Menu", "Videos", *playlist, "Gunmen kill nine traders at Niger cattle market",
                      *EN_BODY, "Comments"])
    art = extract_text(Page(source="playlist.txt", content=dump.encode()), dump)
    assert EN_BODY[0] in art.text and EN_BODY[3] in art.text
    assert not any(headline in art.text for headline in playlist)


def test_a_megabyte_long_line_is_not_read_as_a_title():
    """A poison page of one unbroken run (``&&&...``) has one 'word': its line is too long to be
    a title, and splitting and normalising it as one cost hundreds of milliseconds (issue 18)."""
    from wirewatch.article.text import _NO_TITLE, TITLE_MAX_CHARS, _title_parts, read_lines

    long_line = "&" * (TITLE_MAX_CHARS + 1)
    lines = read_lines(f"{long_line}\nGunmen kill nine traders at Niger cattle market")
    parts = _title_parts(lines)
    assert parts[0] == _NO_TITLE
    assert parts[1][0] == "Gunmen kill nine traders at Niger cattle market"
