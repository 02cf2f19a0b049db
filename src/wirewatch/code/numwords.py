"""Numbers in text: digits ("11,000", "1.5 million") and number words in English and French
("twenty-one", "vingt et un"), read with text2num."""

from __future__ import annotations

import re

from text_to_num import text2num

_EN = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
       "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
       "hundred thousand million")
_FR = ("deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
       "vingt vingts trente quarante cinquante soixante cent cents mille million millions")
_WORD = "|".join(sorted(set((_EN + " " + _FR).split()), key=len, reverse=True))
_SCALE = {"thousand": 1_000, "million": 1_000_000, "millions": 1_000_000, "mille": 1_000,
          "billion": 1_000_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000}

NUMBER = re.compile(
    r"(?<![\w.,])(?:"
    r"(?P<digits>\d{1,3}(?:[,  ]\d{3})+|\d+(?:[.,]\d+)?)(?:\s*(?P<scale>million|millions|billion|milliards?|thousand|mille))?"
    rf"|(?P<words>(?:{_WORD})(?:[\s-]+(?:{_WORD})|(?:\s+(?:and|et)\s+|-et-)(?:{_WORD}|un|une))*)"
    r")(?![\w])",
    re.IGNORECASE,
)


def parse_number(match: re.Match[str]) -> int | None:
    """The integer a NUMBER match stands for, or None when it cannot be read."""
    if match.group("digits"):
        raw = match.group("digits")
        scale = _SCALE.get((match.group("scale") or "").lower(), 1)
        if scale > 1:
            try:
                return int(float(raw.replace(",", ".").replace(" ", "").replace(" ", "")) * scale)
            except ValueError:
                return None
        digits = re.sub(r"[,  ]", "", raw) if re.fullmatch(r"\d{1,3}(?:[,  ]\d{3})+", raw) else raw
        try:
            return int(float(digits.replace(",", ".")))
        except ValueError:
            return None
    return words_to_int(match.group("words") or "")


def words_to_int(words: str) -> int | None:
    low = words.lower().strip()
    for lang in ("en", "fr"):
        try:
            return int(text2num(low, lang))
        except ValueError:
            continue
    first = re.split(r"[\s-]+", low)[0]
    if first != low:
        return words_to_int(first)
    return None


def find_numbers(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number in ``text`` that can be read."""
    out = []
    for m in NUMBER.finditer(text):
        value = parse_number(m)
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out
