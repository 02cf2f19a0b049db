"""The literal gate in front of the text cleaner's vocabulary regexes: it must never close on a
line the regex would match (the cleaner's classes stay exactly those of the regex alone)."""

from __future__ import annotations

import pytest

from wirewatch.article.literals import LiteralGate, required_literals
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
    gate = LiteralGate(["home", fragment])
    assert gate.opens("nothing listed here") and gate.count("plain", 3) == 3


def test_gate_counts_occurrences_up_to_limit() -> None:
    gate = LiteralGate(["cookies?", "privacy", "web ?site"])
    assert not gate.opens("the army said on sunday it had taken the town")
    assert gate.count("cookies and privacy on this site", 5) == 3  # cookie, privacy, site
    assert gate.count("cookie cookie cookie cookie", 2) == 2
    assert LiteralGate([]).count("anything at all", 3) == 0


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
    assert voc.chrome.search(low) is None or voc.chrome_gate.opens(low)
    groups = [m.lastgroup for m in voc.notice.finditer(low)]
    assert voc.strong_gate.opens(low) or "strong" not in groups
    assert voc.legal_gate.count(low, 10) >= groups.count("legal")
