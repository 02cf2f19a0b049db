"""Coding one document: sentences -> candidate events -> ACLED fields with evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from wirewatch.records import Event, Figure, Statement


@dataclass(slots=True)
class CodedDocument:
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


def code_document(text: str, published: str | None = None, title: str | None = None,
                  language: str | None = None) -> CodedDocument:
    """Events, figures and statements reported in ``text`` (the first event is the main one)."""
    return CodedDocument()
