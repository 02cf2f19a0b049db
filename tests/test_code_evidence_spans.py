"""Every evidence span of every coded event is the document's own text at its offsets (issue 12:
"keep the evidence spans for every field"), over all short-report sets and the full articles. A span
whose text came from another sentence than its offsets (a cue in a support sentence, a claimant
named in a later sentence) shows in the UI as the wrong words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from wirewatch.code import code_document

DATA = Path(__file__).parent / "data"
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _report_docs(path: Path) -> list[tuple[str, str, str | None]]:
    """(id, text, published) of a one-report-a-line file: the text is the last field."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = [p.strip() for p in line.split("|")]
            pub = next((p for p in parts[1:-1] if _DAY.fullmatch(p)), None)
            out.append((parts[0], parts[-1], pub))
    return out


def _article_docs(path: Path) -> list[tuple[str, str, str | None]]:
    return [(a["id"], a["body"], str(a.get("published"))[:10]) for a in yaml.safe_load(path.read_text(encoding="utf-8"))]


SETS = sorted((DATA / "reports").glob("*.txt")) + sorted((DATA / "reports_unseen").glob("*.txt"))
ARTICLES = sorted((DATA / "fullarticles").glob("*.yaml"))


def mis_sliced(docs: list[tuple[str, str, str | None]]) -> list[str]:
    bad = []
    for rid, text, pub in docs:
        for ev in code_document(text, pub).events:
            bad += [f"{rid} {field}: {sp.text!r} at {sp.start}:{sp.end} is {text[sp.start:sp.end]!r}"
                    for field, spans in ev.evidence.items() for sp in spans if text[sp.start:sp.end] != sp.text]
    return bad


@pytest.mark.parametrize("path", SETS + ARTICLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_evidence_span_is_the_document_slice(path: Path) -> None:
    docs = _article_docs(path) if path.suffix == ".yaml" else _report_docs(path)
    assert docs
    assert mis_sliced(docs) == []


CASES = [
    # the sub-type's cue is in the sentence before the one the event rests on
    ("e1", "On 10 April 2019, armed herders and farmers fought near Macina. Eighteen were killed on both sides.",
     "2019-04-12"),
    ("e2", "On 22 August 2022, police fired tear gas at a peaceful opposition march in Niamey. Three marchers were killed.",
     "2022-08-24"),
    # the author is named two sentences on
    ("f1", "Le 1er janvier 2019, des hommes armés ont attaqué le village de Koulogon. Trente-sept villageois ont été "
     "tués ; Dan Na Ambassagou a été mis en cause par les autorités.", "2019-01-03"),
]


def test_spans_from_support_sentences_and_later_claimants() -> None:
    assert mis_sliced(CASES) == []
    assert all(code_document(text, pub).events for _, text, pub in CASES)
