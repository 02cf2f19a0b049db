"""Metadata shared by both article paths: the dateline lead, the news agency, the language."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "upi": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "anadolu": "Anadolu",
    "efe": "EFE",
    "ansa": "ANSA",
}

# "BAMAKO (Reuters) -", "OUAGADOUGOU, March 9 (AFP) -", "NIAMEY (AFP) -"
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{1,40}?)(?:,\s*[^()\n]{1,40}?)?\s*"
    r"\((?P<agency>[A-Za-z][A-Za-z .\-]{0,30})\)\s*[-–—]"
)


def find_dateline(first_paragraph: str) -> tuple[str | None, str | None]:
    m = _DATELINE.match(first_paragraph)
    if not m:
        return None, None
    agency = AGENCIES.get(m.group("agency").strip().lower(), m.group("agency").strip())
    return m.group("city").strip(), agency


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.GERMAN, Language.PORTUGUESE,
             Language.ITALIAN, Language.ARABIC, Language.RUSSIAN, Language.DUTCH]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    if not text.strip():
        return None
    lang = _detector().detect_language_of(text[:2000])
    return lang.iso_code_639_1.name.lower() if lang is not None else None
