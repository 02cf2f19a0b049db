"""Evidence spans located in the article text, and the sentences they sit in.

A coder's span carries its offsets and its text; offsets are trusted only when the text at them
matches (the coder may have coded a slightly different text, e.g. with the title prepended), and
otherwise the span's text is looked up in the article."""

from __future__ import annotations

import re
from typing import Any

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")


def locate(text: str, span: dict[str, Any]) -> tuple[int, int, bool]:
    """(start, end, found) of an evidence span within ``text``."""
    start, end, want = span.get("start"), span.get("end"), str(span.get("text") or "")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) \
            and (not want or text[start:end] == want):
        return start, end, True
    if want:
        at = text.find(want)
        if at >= 0:
            return at, at + len(want), True
    return 0, 0, False


def spans(evidence: Any, text: str) -> list[dict[str, Any]]:
    """The evidence JSON (``{field: [span, ...]}``) as a flat list located in ``text``."""
    out: list[dict[str, Any]] = []
    if not isinstance(evidence, dict):
        return out
    for name, items in evidence.items():
        for span in items if isinstance(items, list) else []:
            if not isinstance(span, dict):
                continue
            start, end, found = locate(text, span)
            out.append({"field": str(name), "start": start, "end": end, "located": found,
                        "text": text[start:end] if found else str(span.get("text") or "")})
    return sorted(out, key=lambda s: (not s["located"], s["start"], s["field"]))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The enclosing sentence of ``text[start:end]`` (spans across sentences are widened)."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    after = _SENTENCE_END.search(text, end)
    right = after.start() if after else len(text)
    return left, max(right, end)


def sentences(text: str, located: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sentences holding the evidence, in text order, each with the fields it supports."""
    found: dict[tuple[int, int], set[str]] = {}
    for span in located:
        if span["located"]:
            found.setdefault(sentence_bounds(text, span["start"], span["end"]), set()).add(span["field"])
    return [{"start": a, "end": b, "text": text[a:b], "fields": sorted(f)}
            for (a, b), f in sorted(found.items())]


def located_event(event: dict[str, Any]) -> dict[str, Any]:
    """A stored event (``Reader.event``) with its evidence located in its article's text and the
    sentences it rests on."""
    text = event.pop("article_text") or ""
    located = spans(event.pop("evidence"), text)
    event.update(evidence=located, sentences=sentences(text, located))
    return event


def located_article(article: dict[str, Any]) -> dict[str, Any]:
    """A stored article (``Reader.article``) with its events' evidence as highlights in its text."""
    highlights = [{"start": s["start"], "end": s["end"], "field": s["field"], "event_id": eid}
                  for eid, evidence in article.pop("event_evidence")
                  for s in spans(evidence, article["text"]) if s["located"]]
    highlights.sort(key=lambda h: (h["start"], -h["end"]))
    return {**article, "highlights": highlights}
