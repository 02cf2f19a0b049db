"""Place finding: the spans of a text that name places in the gazetteer.

Every capitalised token run is looked up as n-grams (up to six tokens, folded: accents and case
do not matter, hyphens count as spaces) in the gazetteer's name index with one query per text —
the hash-index equivalent of an Aho-Corasick pass over all names, without holding a million-name
automaton in memory.  Longest match wins.  Context rules then drop what is probably not a place:
common words without a place cue, a town name inside a longer capitalised name (a person's
surname, a newspaper), short all-capital codes.  ACLED-style hints ("Tessit (Ansongo, Gao)",
"Djibo, Soum province") are kept as links from a mention to the names that qualify it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from wirewatch.place import spelling
from wirewatch.place.gazetteer import Entry, Gazetteer
from wirewatch.place.names import WordLists, fold, folded_memo, word_lists

MAX_TOKENS = 6
# a word: letters/digits joined by internal apostrophes or dots ("N'Djamena", "U.S."); hyphenated
# names are token n-grams ("Bobo-Dioulasso"), so "London-based" still finds London
_TOKEN = re.compile(r"\w+(?:['’.]\w+)*\.?")
CONNECTORS = frozenset({"of", "de", "du", "des", "la", "le", "les", "and", "et", "d", "al", "el", "on",
                        "upon", "sur", "en", "the", "y", "di", "del", "da", "do", "dos", "das"})
BIG_TOWN = 100_000  # a town this large may stand in capitals outside a dateline ("LONDON, March 5")
# a town this large heads the names built on it ("Tianjin No. 2 Detention Centre"); smaller ones
# share their names with first names ("Elizabeth Sullivan", "Tyler Williams")
CITY_LEADS_NAME = 500_000
CITY_NOT_NAME = 100_000  # a town this large keeps its name even when a person shares it ("Paris Hilton")
STRONG_KINDS = frozenset({"country", "admin1", "continent", "area"})


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str
    capital: bool = False  # capitalised, or an elided article before a capital ("d'Ivoire")


def _capital(t: str) -> bool:
    return t[:1].isupper() or (len(t) > 2 and t[1] in "'’" and t[2].isupper())


@dataclass(slots=True)
class Mention:
    """A span that names one or more gazetteer places."""

    start: int
    end: int
    text: str
    key: str
    candidates: list[Entry]
    level: str | None = None  # "admin1"/"admin2" when a following word says so ("Gao region")
    cue: bool = False  # a place cue stands before it ("in", "near", "village of")
    hints: list[int] = field(default_factory=list)  # indexes of mentions that qualify this one
    sentence_start: bool = False
    demonym: bool = False  # an adjective ("Malian", "European"): about the place, not in it


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    append = out.append
    memo = folded_memo()
    # an elided article ("d’", "l’") and a possessive ("’s") are found by character tests, not
    # regexes: this loop runs on every word of every text and was the finder's largest cost
    for m in _TOKEN.finditer(text):
        t = m.group()
        s, e = m.span()
        if t[-1] == "." and "." not in t[:-1]:
            e, t = e - 1, t[:-1]  # a sentence's full stop, not an abbreviation's dots
        if len(t) > 2 and t[1] in "'’" and t[0] in "dDlL":  # "d’Ippy" -> "d" + "Ippy": the article, then the name
            append(Token(s, s + 1, t[0], t[0].lower(), False))
            s, t = s + 2, t[2:]
        if len(t) > 2 and t[-1] == "s" and t[-2] in "'’":
            e, t = e - 2, t[:-2]
        if t:  # fold and _capital, inlined: a call per word was a fifth of this loop
            cap = t[0].isupper() or (len(t) > 2 and t[1] in "'’" and t[2].isupper())
            append(Token(s, e, t, memo.get(t) or fold(t), cap))
    return out


def _joined(text: str, a: Token, b: Token) -> bool:
    """Tokens belong to one name only when a single space or hyphen separates them."""
    gap = text[a.end:b.start]
    # "St. Louis", "Mt. Kenya": an abbreviation's dot does not end the name; "d’Ivoire": elision
    return gap in (" ", "-", "'", "’") or (gap == ". " and len(a.text) <= 3 and a.capital)


def _ngrams(text: str, toks: list[Token]) -> dict[tuple[int, int], str]:
    """Keys of every n-gram that starts and ends with a capitalised token (connectors inside)."""
    grams: dict[tuple[int, int], str] = {}
    for i, t in enumerate(toks):
        if not t.capital:
            continue
        parts = [t.key]
        grams[(i, i + 1)] = t.key
        for j in range(i + 1, min(i + MAX_TOKENS, len(toks))):
            if not _joined(text, toks[j - 1], toks[j]):
                break
            nxt = toks[j]
            if not nxt.capital and nxt.key not in CONNECTORS:
                break
            parts.append(nxt.key)
            if nxt.capital:
                grams[(i, j + 1)] = " ".join(parts)
    return grams


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4):pos].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n:"


def find_mentions(text: str, gaz: Gazetteer, words: WordLists | None = None) -> list[Mention]:
    """Place mentions in ``text`` in order, each with its gazetteer candidates (not yet resolved)."""
    words = words or word_lists()
    toks = tokenize(text)
    grams = _ngrams(text, toks)
    found = gaz.lookup(grams.values())
    adjectives = {k: [e] for k, e in gaz.demonyms(grams.values()).items() if k not in found}
    found.update(adjectives)
    by_start: dict[int, list[int]] = {}
    region_at: set[int] = set()  # tokens that start a country's or a region's name
    for (a, b), key in grams.items():
        if key in found:
            by_start.setdefault(a, []).append(b)
            if any(c.kind in ("country", "admin1") for c in found[key]):
                region_at.add(a)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        ends = by_start.get(i)
        if not ends:
            i += 1
            continue
        a, b = i, max(ends)
        key = grams[(a, b)]
        m = Mention(toks[a].start, toks[b - 1].end, text[toks[a].start:toks[b - 1].end], key, found[key])
        m.sentence_start = _sentence_start(text, m.start)
        m.demonym = key in adjectives
        m.cue = _has_cue(toks, a, words)
        _read_level(text, toks, a, b, m, words)
        compound = a > 0 and toks[a - 1].capital and text[toks[a - 1].end:toks[a].start] == "-" and (
            not out or out[-1].end != toks[a - 1].end)
        # "Anti-Balaka", "Al-Shabaab": a hyphenated name whose first part is no place is no place
        if not compound and _keep(text, toks, a, b, m, words) and not _glued_after(text, toks, b, m, region_at):
            out.append(m)
        i = b
    out = _spelling_variants(text, toks, grams, found, out, gaz, words)
    out = drop_person_names(text, toks, out)
    _link_hints(text, out)
    _carry_cues(text, out, words)
    return out


def _spelling_variants(text: str, toks: list[Token], grams: dict[tuple[int, int], str], found: dict[str, list[Entry]],
                       mentions: list[Mention], gaz: Gazetteer, words: WordLists) -> list[Mention]:
    """Names the gazetteer does not hold, read as spellings of a place ("Wahiguya", "Bambara
    Maoudé") of a country the text names, when a place cue stands before them or a region or
    country qualifies them right after; a longer name found so replaces the shorter ones in it."""
    named = {c.cc for m in mentions for c in m.candidates if c.kind == "country" and c.cc}
    regions = {c.cc for m in mentions for c in m.candidates if c.kind in ("admin1", "admin2") and c.cc}
    if not (named | regions) & spelling.rules().countries:
        return mentions
    units = _named_regions(mentions)
    added: list[Mention] = []
    starts = [m.start for m in mentions]
    for (a, b), key in sorted(grams.items(), key=lambda g: g[0][0] - g[0][1]):  # longest first
        if key in found or key in words.never or key in words.common or (added and any(
                m.start < toks[b - 1].end and toks[a].start < m.end for m in added)):
            continue
        cue = _has_cue(toks, a, words)
        nxt = bisect_left(starts, toks[b - 1].end)
        qualifier = _qualified_after(text, toks[b - 1].end, mentions[nxt]) if nxt < len(mentions) else None
        # the hint's own country, not a homonym's: "Ségou" also names a Senegalese hamlet
        countries = named | ({c.cc for c in qualifier.candidates if c.cc and c.kind in _HINT_KINDS}
                             if qualifier else set())
        if not (cue or qualifier) or not countries:
            continue
        entries = spelling.variants(key, countries, gaz, units)
        if not entries:
            continue
        m = Mention(toks[a].start, toks[b - 1].end, text[toks[a].start:toks[b - 1].end], fold(entries[0].name),
                    entries, cue=cue, sentence_start=_sentence_start(text, toks[a].start))
        _read_level(text, toks, a, b, m, words)
        if _keep(text, toks, a, b, m, words) and not (m.sentence_start and not cue):
            added.append(m)
    if not added:
        return mentions
    kept = [m for m in mentions if not any(f.start <= m.start and m.end <= f.end for f in added)]
    return sorted(kept + added, key=lambda m: m.start)


_HINT_KINDS = frozenset({"country", "admin1", "admin2"})


def _named_regions(mentions: list[Mention]) -> dict[str, set[str]]:
    """Country -> the folded admin1 names of the regions and districts the text names (a district
    names its region).  Every admin candidate counts: "Gao" also names Ménaka, carved out of it."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        if any(c.kind in ("area", "continent") for c in m.candidates):
            continue  # "the Sahel" names a band across countries, not Burkina Faso's Sahel region
        for c in m.candidates:
            if c.kind in ("admin1", "admin2") and c.cc and c.admin1:
                out.setdefault(c.cc, set()).add(fold(c.admin1))
    return out


def _qualified_after(text: str, end: int, nxt: Mention) -> Mention | None:
    """``nxt`` when it is a region, district or country that follows as a hint ("X (Ansongo, Gao)",
    "X, au Mali")."""
    gap = text[end:nxt.start]
    if len(gap) > 40 or not any(c.kind in ("country", "admin1", "admin2") for c in nxt.candidates):
        return None
    return nxt if (_HINT_GAP.match(gap) is not None and len(gap) <= 8) or _UNIT_GAP.match(gap) else None


_ROUTE_DASH = frozenset("-–—/")


def _carry_cues(text: str, mentions: list[Mention], words: WordLists) -> None:
    """A place cue reaches the next names of a list ("between Hombori and Boni", "à Boni et
    Hombori"); a route word marks both ends of "X–Y" ("the Boni–Hombori axis", "l'axe Boni-Hombori")."""
    for m, nxt in pairwise(mentions):
        gap = text[m.end:nxt.start]
        parts = gap.replace(",", " , ").split()
        if m.cue and parts and len(parts) <= 2 and all(p in words.list_joiners for p in parts):
            nxt.cue = True
        if gap.strip() and len(gap) <= 3 and set(gap.strip()) <= _ROUTE_DASH:
            before = fold(text[max(0, m.start - 20):m.start]).split()
            after = fold(text[nxt.end:nxt.end + 20]).split()
            if (before and before[-1] in words.route) or (after and after[0] in words.route):
                m.cue = nxt.cue = True


def _has_cue(toks: list[Token], a: int, words: WordLists) -> bool:
    if a == 0 or toks[a - 1].key not in words.cue_last:
        return False  # this runs for every capitalised n-gram: the word before ends no cue
    cues = words.cue_set
    longest = len(words.cues_before[0]) if words.cues_before else 0
    return any(tuple(t.key for t in toks[a - n:a]) in cues for n in range(1, min(longest, a) + 1))


def _read_level(text: str, toks: list[Token], a: int, b: int, m: Mention, words: WordLists) -> None:
    """A following "region"/"province"/"district"… says the name is an administrative area; so
    does a unit word before it, through connectors ("région du Nord", "cercle de Macina")."""
    if b < len(toks) and _joined(text, toks[b - 1], toks[b]):
        nxt = toks[b].key
        if nxt in words.admin1_after:
            m.level = "admin1"
        elif nxt in words.admin2_after:
            m.level = "admin2"
    if m.level is not None:
        return
    i = a - 1
    while i >= 0 and a - i <= 3 and toks[i].key in words.level_connectors:
        i -= 1
    if 0 <= i < a - 1:  # a connector is needed: "Colorado State University" is no state
        unit = toks[i].key
        if unit in words.admin1_before:
            m.level = "admin1"
        elif unit in words.admin2_before:
            m.level = "admin2"


def _glued_after(text: str, toks: list[Token], b: int, m: Mention, region_at: set[int]) -> bool:
    """Is the name followed, after one space, by a capitalised word of the same case (part of a
    longer name: "Jordan Henderson", "World Trade Centre")?  Not when that word starts its
    region's or country's name: "Maiduguri Borno State" is a town and its state."""
    if m.level or any(c.kind in ("country", "continent", "area") or (c.kind == "city" and c.pop >= CITY_LEADS_NAME)
                      for c in m.candidates):
        return False  # "Tianjin No. 2 Detention Centre", "Muscat International Film Festival"
    caps = m.text.isupper()  # a dateline in capitals is not glued to the Title-case word after it
    return (b < len(toks) and toks[b].capital and text[toks[b - 1].end:toks[b].start] == " "
            and toks[b].text.isupper() == caps and b not in region_at)


def _keep(text: str, toks: list[Token], a: int, b: int, m: Mention, words: WordLists) -> bool:
    """Context rules: is this span a place name rather than a word or part of another name?"""
    kinds = {c.kind for c in m.candidates}
    strong = bool(kinds & STRONG_KINDS)
    surface = m.text
    # "Burkina Faso's Est region", "la région du Nord": a region word makes a region of a word that is
    # never a place alone ("est" is French for "is")
    named_region = m.level is not None and any(c.kind in ("admin1", "admin2") and fold(c.name) == m.key
                                               for c in m.candidates)
    abbreviation = text[m.end:m.end + 1] == "."  # "Va.", "Fla.": a region's abbreviation
    # "Slidell, La.", "HORRY COUNTY, SC": a state written as a code or an abbreviation after its town
    state_code = strong and a > 0 and toks[a - 1].capital and text[max(0, m.start - 2):m.start] == ", " and (
        abbreviation or (
        surface.isupper() and any(c.kind == "admin1" and c.cc in _POSTAL_CODES for c in m.candidates)))
    if m.key in words.never and not (surface.isupper() and len(surface) > 1 and strong) and not named_region \
            and not state_code:
        return False
    short = len(m.key.replace(" ", "")) <= 4
    if short and not surface.isupper() and not abbreviation and not any(fold(c.name) == m.key for c in m.candidates):
        return False  # "Ben", "Sen": a code-like alternate name needs the text to write it as a code
    if surface.isupper() and len(surface) <= 4 and not strong and "." not in surface and not abbreviation:
        return False  # an acronym (an organisation) rather than a town; "D.C.", "N.M." are regions
    if m.key in words.common and not (m.cue or m.level):
        return False
    if m.level or kinds & {"country", "continent", "area"}:
        return True
    if _person_context(text, toks, a, b, words) and not (_speech_only(toks, a, words) and (
            m.cue or any(c.pop >= CITY_NOT_NAME for c in m.candidates))):
        return False  # "Kelly said" is a person; "Beijing said", "from Dewsbury said" are not
    if surface.isupper() and not _line_start(text, m.start) and not (strong and "." in surface) and not (
            len(surface) >= 5 and any(c.pop >= BIG_TOWN for c in m.candidates)) and not state_code:
        return False  # a capitalised word in running text is an acronym; datelines start a line
    # a name glued to other capitalised words is part of a longer name ("Michael Jackson",
    # "Jordan Henderson", "World Trade Centre"), unless the word before starts the sentence
    caps = surface.isupper()  # a dateline in capitals is not glued to the Title-case word after it
    if a > 0 and toks[a - 1].capital and text[toks[a - 1].end:toks[a].start] == " " and toks[a - 1].text.isupper() == caps \
            and not _unit_named(m, toks[b - 1].key, words):
        prev = toks[a - 1]
        if not (_sentence_start(text, prev.start) or prev.key in words.never or prev.key in words.common):
            return False
    return True


# countries whose regions news writes as postal codes after a town ("Tampa, FL", "Regina, SK")
_POSTAL_CODES = frozenset({"US", "CA", "AU"})


def _unit_named(m: Mention, last: str, words: WordLists) -> bool:
    """Does the name carry its own unit word ("Cuyahoga County", "Soum Province")?  Then no
    capitalised word before it makes it part of another name ("Editorial Board Cuyahoga County")."""
    return (last in words.admin2_after or last in words.admin1_after) and any(
        c.kind in ("admin1", "admin2") for c in m.candidates)


def _line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[max(0, pos - 1)] == "\n" or not text[:pos].strip()


def _speech_only(toks: list[Token], a: int, words: WordLists) -> bool:
    """No title before the name: only the speech verb after makes it look like a person."""
    return not (a > 0 and toks[a - 1].key in words.titles)


def _person_context(text: str, toks: list[Token], a: int, b: int, words: WordLists) -> bool:
    """A title before ("Mr", "Gen.", "President") or a speech verb after ("Kelly said")."""
    if a > 0 and toks[a - 1].key in words.titles:
        return True
    return b < len(toks) and toks[b].key in words.speech and text[toks[b - 1].end:toks[b].start] == " "


def drop_person_names(text: str, toks: list[Token], mentions: list[Mention]) -> list[Mention]:
    """A town name seen once inside a person's name ("John Kelly", "Thomas Smith") is a person
    everywhere in the text ("Kelly said"): drop its bare town-only mentions."""
    surnames: set[str] = set()
    followers: dict[str, set[str]] = {}  # first word of a capitalised pair -> the words after it
    starts = {m.start for m in mentions}
    ends = {m.end for m in mentions}
    common = word_lists().first_words
    words = word_lists()
    for i in range(1, len(toks)):
        prev, tok = toks[i - 1], toks[i]
        if prev.capital and tok.capital and text[prev.end:tok.start] == " " and not _sentence_start(text, tok.start):
            if prev.end in ends and tok.start in starts:
                continue  # two place names side by side
            if not _name_pair(prev, tok, words) or (tok.key in words.features or _has_cue(toks, i - 1, words)):
                continue  # "A429 Cirencester", "IMMOKALEE TIGER", "Glenrock Lagoon", "in Nenagh District"
            if prev.key not in common:
                surnames.add(tok.key)
                if tok.key not in common:
                    followers.setdefault(prev.key, set()).add(tok.key)
    # a first name pairs with one surname; a word heading several names ("Cavan Institute",
    # "Cavan County Council", "Cavan Town Hall") is the town they are named after
    surnames |= {k for k, after in followers.items() if len(after) == 1}
    return [m for m in mentions if not (m.key in surnames and " " not in m.key
                                        and all(c.kind == "city" and c.pop < CITY_NOT_NAME for c in m.candidates))]


def _name_pair(prev: Token, tok: Token, words: WordLists) -> bool:
    """Could two capitalised words be a person's first name and surname?  Not when either is
    written in capitals (an acronym or a headline) or holds a digit (a road number)."""
    return not any((t.text.isupper() and len(t.text) > 1) or any(ch.isdigit() for ch in t.text) for t in (prev, tok))


_HINT_GAP = re.compile(r"^\s*(?:,|\(|,\s*in|\s-)\s*$")
# a spelled-out unit or a compass part between a place and the name that qualifies it: "Moura,
# dans la région de Mopti", "Boni, in central Mali", "Nara, in the Koulikoro region", "Tillia,
# région de Tahoua", "Sincina, cercle de Koutiala", "Djibo, in northern Burkina Faso"
_UNIT_GAP = re.compile(
    r"^\s*,\s*(?:(?:in|dans|en|au|à)\s+)?(?:(?:the|la|le|l'|les)\s*)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern)\s+)?"
    r"(?:(?:region|province|cercle|circle|commune|district|department|municipality|prefecture|"
    r"région|préfecture|département|localité|nord|sud|est|ouest|centre)\s+(?:of|de|du|d')\s*)?$",
    re.IGNORECASE)


def _link_hints(text: str, mentions: list[Mention]) -> None:
    """Names that qualify a mention: "Tessit (Ansongo, Gao)", "Djibo, Burkina Faso",
    "Paris, Texas".  Each mention following another through a comma or an opening parenthesis
    (and each further one inside that parenthesis) becomes a hint of the first."""
    for i, m in enumerate(mentions):
        j = i + 1
        prev_end = m.end
        in_paren = False
        while j < len(mentions) and j - i <= 3:
            gap = text[prev_end:mentions[j].start]
            if "(" in gap:
                in_paren = True
            unit = not in_paren and j == i + 1 and _UNIT_GAP.match(gap) is not None
            if not (unit or _HINT_GAP.match(gap) or (in_paren and gap.strip() in (",", ""))):
                break
            if len(gap) > 8 and not unit:
                break
            m.hints.append(j)
            prev_end = mentions[j].end
            if not in_paren:
                break  # outside parentheses only the next name qualifies ("Gao, Mali")
            j += 1
