"""The literal gate in front of the text cleaner's vocabulary regexes: it must never close on a
line the regex would match (the cleaner's classes stay exactly those of the regex alone)."""

from __future__ import annotations

import pytest

from wirewatch.article.literals import ALWAYS, LiteralGate, required_literals
from wirewatch.article.text_lines import vocabulary


@pytest.mark.parametrize(("fragment", "expected"), [
    ("sign up (?:for|to) (?:our|the) (?:\\w+ )?newsletters?", {"newsletter"}),
    ("join the (?:conversation|discussion)", {"conversation", "discussion"}),
    ("e-?mail", {"mail"}),
    ("(?:ab|cde)+x", {"ab", "cde"}),
    ("(?:abc|xyz)+", {"abc", "xyz"}),
    ("more (?:from|on) .{1,40}", {"more "}),
])
def test_required_literals(fragment: str, expected: set[str]) -> None:
    assert required_literals(fragment) == expected


@pytest.mark.parametrize("fragment", [".{1,40}", "\\d+", "(?:abc)?x?", "(?i:Abc)", "(?:abc|)", "(unclosed"])
def test_no_literal_means_no_gate(fragment: str) -> None:
    assert not required_literals(fragment)
    gate = LiteralGate([["home", fragment], ["privacy"]])
    assert gate.counts("nothing listed here")[0] >= ALWAYS  # that list is always scanned
    assert gate.counts("nothing listed here")[1] == 0  # the other is still gated


def test_gate_counts_occurrences_per_list() -> None:
    gate = LiteralGate([["cookies?", "privacy", "web ?site"], ["cookies?"], []])
    assert gate.counts("the army said on sunday it had taken the town") == (0, 0, 0)
    assert gate.counts("cookies and privacy on this site") == (3, 1, 0)  # cookie, privacy, site
    assert gate.counts("cookie cookie cookie") == (3, 3, 0)


LINES = [
    "Sign up for our daily newsletter to get the news straight to your inbox.",
    "We use cookies to improve your browsing experience on this website.",
    "Third-party advertisements may not be redistributed without prior written permission.",
    "The minister said on Sunday that talks with the armed group would resume in Bamako.",
    "Share this article", "Leave a comment", "© 2020 Example Media. All rights reserved.",
    "Follow us on Twitter for more", "Get 20% off today", "Inscrivez-vous à notre newsletter",
    "Photo: a made-up caption", "Home | World | Africa", "Log in", "Related articles",
]


@pytest.mark.parametrize("line", LINES)
def test_gate_never_hides_a_match(line: str) -> None:
    voc = vocabulary()
    low = line.lower()
    chrome, strong, legal, end = voc.gate.counts(low)
    assert voc.chrome.search(low) is None or chrome > 0
    assert voc.end.fullmatch(low.rstrip(".")) is None or end > 0
    groups = [m.lastgroup for m in voc.notice.finditer(low)]
    assert strong >= groups.count("strong") and legal >= groups.count("legal")
