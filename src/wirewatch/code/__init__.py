"""Stage 4, code: the discrete events an article reports, in ACLED's taxonomy, with evidence."""

from __future__ import annotations

from wirewatch.code.coder import CodedDocument, code_document
from wirewatch.code.stage import CodeStage

__all__ = ["CodeStage", "CodedDocument", "code_document"]
