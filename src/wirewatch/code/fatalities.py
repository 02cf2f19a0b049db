"""Counting the dead a sentence reports: numbers and number words (EN/FR), the vague-count table
of ``data/events/fatalities.yaml``, killed vs wounded, subsets ("including two women") skipped,
counts for different sides added (ACLED counts attackers' deaths too)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from wirewatch.code.lexicon import bounded, load_yaml
from wirewatch.code.numwords import find_numbers
from wirewatch.settings import Settings


@dataclass(frozen=True, slots=True)
class Count:
    start: int
    end: int
    value: int


@dataclass(frozen=True, slots=True)
class _Rules:
    vague: dict[str, int]
    vague_rx: re.Pattern[str]
    after_rx: re.Pattern[str]
    before_rx: re.Pattern[str]
    subset_rx: re.Pattern[str]
    single_rx: re.Pattern[str]
    none_rx: re.Pattern[str]
    wounded_rx: re.Pattern[str]
    plausible_max: int
    aggregate_before: re.Pattern[str]
    aggregate_after: re.Pattern[str]
    background_rx: re.Pattern[str]
    things_rx: re.Pattern[str]
    found_dead_rx: re.Pattern[str]
    toll_rose_rx: re.Pattern[str]


_QUAL = r"(?:(?:at least|more than|over|some|about|around|nearly|almost|up to|roughly|an estimated|the|another|" \
        r"between|from|au moins|plus de|près de|environ|quelque|un total de|entre|de)\s+)*"


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    d = load_yaml("events", "fatalities.yaml")
    vague = {str(k).lower(): int(v) for k, v in d["vague"].items()}
    kill_after = "|".join(d["killed_after"])
    wounded = "|".join(d["wounded"])
    persons = d["persons"]
    # a count, then up to 5 words (not a wound word), then a death word
    after = re.compile(rf"^\s*(?:(?!(?:{wounded}|said|says|told|a déclaré|selon)\b)(?!\d)[\w'’.-]+,?\s+){{0,8}}?(?:(?:were|was|have been|had been|are|ont été|a été|sont|ont)\s+)?(?:{kill_after})(?!\w)",
                       re.IGNORECASE)
    # French puts the day between the verb and its count: "a neutralisé lundi une vingtaine de"
    between = "|".join(d.get("time_between") or ()) or "(?!)"
    # an entry ending in an elided "d'" ("le corps sans vie d'un chef") needs no space after it
    before = re.compile(rf"(?:{'|'.join(d['killed_before'])})(?:\s+|(?<=['’]))(?:(?:{between})\s+)?{_QUAL}$",
                        re.IGNORECASE)
    subset = re.compile(rf"(?:{'|'.join(d['subset'])})\s+{_QUAL}$", re.IGNORECASE)
    vague_rx = re.compile(bounded("|".join(re.escape(k) for k in sorted(vague, key=len, reverse=True))), re.IGNORECASE)
    arts = "|".join(re.escape(a) for a in d["single_articles"])
    single = re.compile(bounded(rf"(?:{arts})\s+(?:[\w-]+\s+){{0,2}}?(?:{d['person_singular']})"), re.IGNORECASE)
    none_rx = re.compile(bounded(d["none_killed"]), re.IGNORECASE)
    agg_before = re.compile(rf"(?:{d['aggregate_before']})\b[^.;:]*$", re.IGNORECASE)
    agg_after = re.compile(rf"^[^.;,]{{0,40}}?\b(?:{d['aggregate_after']})\b", re.IGNORECASE)
    # "12 cattle" are things, "two cattle herders" people: a person noun (one word on at most) after the thing
    people = f"{persons}|{d['person_singular']}"
    things = re.compile(rf"^\s*(?:{d.get('not_persons') or '(?!)'})(?!\w)(?!(?:\s+(?!(?:and|et)\b)[\w-]+)?\s+(?:{people})(?:s|x)?(?!\w))",
                        re.IGNORECASE)
    found_dead = re.compile(rf"^[^.;:]{{0,90}}?\b(?:{d['found_dead_plural']})(?!\w)", re.IGNORECASE)
    toll_rose = re.compile(rf"(?:{d['toll_rose']})\s+{_QUAL}$", re.IGNORECASE)
    return _Rules(vague, vague_rx, after, before, subset, single, none_rx, re.compile(bounded(wounded), re.IGNORECASE),
                  Settings.from_env().max_event_fatalities, agg_before, agg_after,
                  re.compile(rf"(?:{d.get('background_death') or '(?!)'})$", re.IGNORECASE),
                  things, found_dead, toll_rose)


@lru_cache(maxsize=1)
def vague_words() -> frozenset[str]:
    """The vague-count words of ``fatalities.yaml`` ("dozens", "plusieurs"), lower case."""
    return frozenset(_rules().vague)


def has_vague_word(text: str) -> bool:
    return _rules().vague_rx.search(text) is not None


def plausible(text: str, start: int, end: int, value: int) -> bool:
    """Whether a death count can be one event's toll: not above the guard (the setting
    ``max_event_fatalities``) and not marked as an aggregate or a history ("since January", "this
    year", "worldwide", "in the pandemic")."""
    r = _rules()
    if value > r.plausible_max:
        return False
    return not (r.aggregate_before.search(text[max(0, start - 50):start])
                or r.aggregate_after.match(text[end:end + 80]))


def counts(text: str, skip: list[tuple[int, int]] | None = None) -> list[Count]:
    """Every count of dead people in ``text`` (a sentence), in text order; ``skip`` holds spans
    (dates) whose digits are not counts."""
    r = _rules()
    found: list[Count] = []
    cands, proven = _candidates(text, skip or [])
    kept = _kept(text, cands, proven)
    # right to left, so "12 soldiers and 20 militants were killed" counts both sides
    for start, end, value in reversed(kept):
        before = _before(text, start, skip or [])
        joined = _AND.match(text[end:end + 40])
        if joined and r.wounded_rx.search(joined.group()):
            joined = None
        if (start in proven or _death_word_after(text, end, kept) or r.before_rx.search(before)
                or r.toll_rose_rx.search(text[max(0, start - 110):start])
                or (joined and any(c.start == end + joined.end() for c in found))) and plausible(text, start, end, value):
            found.append(Count(start, end, value))
    # left to right, so "killed a man and his son" counts the son with the man
    starts = {c.start for c in found}
    for (s0, e0, _), (start, end, value) in pairwise(kept):
        if (s0 in starts and start not in starts and (_AND_NEXT.match(text[e0:start]) or _among_next(text, e0, start, end))
                and not r.wounded_rx.search(text[end:end + 30])):
            found.append(Count(start, end, value))
            starts.add(start)
    if not found and (one := _one_death(text)):
        found.append(one)
    return _specific_over_vague(text, _lowest_estimate(text, _latest_toll(text, sorted(found, key=lambda c: c.start))))


_DATE_ARTICLE = re.compile(r",?\s*(?:\b(?:le|on|du|the|ce)\s+)?$", re.IGNORECASE)


def _before(text: str, start: int, skip: list[tuple[int, int]]) -> str:
    """The 60 characters before a count, with a date written between the verb and its count left
    out: "ont abattu le 4 mai 2021 trois commerçants" reads as "ont abattu trois commerçants"."""
    cut = start
    for s, e in sorted(skip, reverse=True):
        if s < cut <= e + 3 and not text[e:cut].strip(" ,"):
            cut = s
    if cut == start:
        return text[max(0, start - 60):start]
    head = text[max(0, cut - 60):cut]
    return head[:_DATE_ARTICLE.search(head).start()] + " " if head.strip() else head  # type: ignore[union-attr]


def _death_word_after(text: str, end: int, kept: list[tuple[int, int, int]]) -> bool:
    """A death word follows the count before any other count does: in "le maire a fait état de sept
    morts" the death word is the seven's, not the mayor's."""
    r = _rules()
    m = r.after_rx.match(text[end:end + 80]) or r.found_dead_rx.match(text[end:end + 120])
    return m is not None and not any(end < s < end + m.end() for s, _, _ in kept)


_AMONG = re.compile(r"^\s+(?:(?:morts?|dead|killed|tués?)\s+)?(?:parmi|among|chez|du côté|on the side of)\b", re.IGNORECASE)


def _among_next(text: str, prev_end: int, start: int, end: int) -> bool:
    """"quatre morts parmi les militaires et deux parmi les VDP": a second count of the same toll,
    told by side."""
    between = text[prev_end:start]
    return (bool(_AMONG.match(between)) and bool(_AMONG.match(text[end:end + 20]))
            and re.search(r"\s(?:and|et)\s+$", between) is not None and len(between) < 60)


def _latest_toll(text: str, found: list[Count]) -> list[Count]:
    """"Une embuscade a fait 5 morts; le bilan s'est ensuite alourdi à 9 morts": a toll that rose
    supersedes the counts told before it in the sentence (ACLED takes the latest toll), and so does
    the next victim told by rank ("two were killed; a third died of his wounds" is three)."""
    r = _rules()
    rose = [c for c in found if r.toll_rose_rx.search(text[max(0, c.start - 100):c.start]) or is_ordinal(text, c)]
    return [c for c in found if c.start >= rose[-1].start] if rose else found


def _ranges(text: str, numbers: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """"between 10 and 15", "10 to 15", "de huit à dix": one count, the lower figure (ACLED codes
    the most conservative estimate); a toll that rose "from 5 to 9" is the higher."""
    out: list[tuple[int, int, int]] = []
    for num in sorted(numbers):
        if out:
            s0, e0, v0 = out[-1]
            between = text[e0:num[0]]
            lead = text[max(0, s0 - 14):s0]
            if _RANGE_JOIN.fullmatch(between) or (_RANGE_AND.fullmatch(between) and _RANGE_FROM.search(lead)):
                rose = _rules().toll_rose_rx.search(text[max(0, s0 - 100):s0] + " ")
                out[-1] = (s0, num[1], max(v0, num[2]) if rose or _ROSE_FROM.search(text[max(0, s0 - 40):s0])
                           else min(v0, num[2]))
                continue
        out.append(num)
    return out


_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|or|à|ou)\s*", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+(?:and|et)\s+", re.IGNORECASE)
_RANGE_FROM = re.compile(r"\b(?:between|entre(?: le)?)\s+$", re.IGNORECASE)
_ROSE_FROM = re.compile(r"\b(?:rose|risen|climbed|increased|jumped|passé|grimpé|alourdi)\s+(?:from|de)\s+$", re.IGNORECASE)


def _kept(text: str, cands: list[tuple[int, int, int]], proven: set[int]) -> list[tuple[int, int, int]]:
    """The candidates that can be counts of people killed in this event: not inside a longer one,
    not a year, not a subset of a count told already ("including two women"), not a number of
    things ("deux cents têtes de bétail") and not the dead an earlier event left ("protested the
    death of a motorcyclist").  A victim the phrase proves wins over a candidate it overlaps: in
    "la foule a lynché un voleur" the verb "a" is no article of "a ... voleur"."""
    r = _rules()
    kept: list[tuple[int, int, int]] = []
    for start, end, value in sorted(cands, key=lambda c: (c[0] not in proven, c)):
        if any(start < e and s < end for s, e, _ in kept) or _is_year(text, start, end, value):
            continue
        before = text[max(0, start - 60):start]
        if not (r.subset_rx.search(before) or r.background_rx.search(before) or r.things_rx.match(text[end:end + 40])):
            kept.append((start, end, value))
    return sorted(kept)


def _one_death(text: str) -> Count | None:
    """One death when the sentence has no count: a phrase that says it ("succumbed to his injuries"),
    or a singular lethal passive ("... detained by soldiers on 8 October was found dead"), whose
    subject, however far, is one person."""
    if nobody_killed(text):
        return None
    one = _one_death_phrases()[1].search(text) or _singular_passive().search(text)
    return Count(one.start(), one.end(), 1) if one else None


@lru_cache(maxsize=1)
def _singular_passive() -> re.Pattern[str]:
    d = load_yaml("events", "fatalities.yaml")
    # "was abducted by gunmen and later found dead": the one auxiliary carries both participles
    second = r"(?:[\w'’-]+\s+){0,6}?(?:and|et|puis)\s+(?:(?:later|then|ensuite)\s+)?(?:(?:was|a été)\s+)?"
    return re.compile(rf"(?<!\w)(?<!no one )(?<!nobody )(?<!personne )(?:was|has been|a été|est)\s+"
                      rf"(?:(?:later|then|reportedly|allegedly|ensuite|finalement)\s+|{second})?"
                      rf"(?:{d['single_victim_participles']}|found dead|retrouvée? morte?)(?!\w)", re.IGNORECASE)


def _specific_over_vague(text: str, found: list[Count]) -> list[Count]:
    """"Several villagers were killed; the mayor said 14 people died": ACLED codes the figure, so a
    vague count gives way to a specific count of the same side (or of no named side) in the sentence."""
    r = _rules()
    vague = [c for c in found if text[c.start:c.end].strip().lower() in r.vague]
    if not vague or len(vague) == len(found):
        return found
    specific_sides = {side(text, c) for c in found if c not in vague}
    return [c for c in found if c not in vague or (side(text, c) not in specific_sides and None not in specific_sides
                                                   and side(text, c) is not None)]


def _candidates(text: str, skip: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int]], set[int]]:
    """Numbers, vague counts and one-person phrases that may be counts of dead; ``proven`` holds
    the starts of those the phrase itself makes victims ("a trader was assassinated")."""
    r = _rules()
    cands: list[tuple[int, int, int]] = _ranges(text, [c for c in find_numbers(text) if not _inside(c, skip)
                                                and not (c[2] == 1 and _NOBODY.search(text[max(0, c[0] - 12):c[0]]))])
    cands += [(m.start(), m.end(), r.vague[m.group().lower()]) for m in r.vague_rx.finditer(text)]
    cands += [(m.start(), m.end(), 1) for m in r.single_rx.finditer(text)]
    # the last of a list, whatever its noun: "trois soldats, deux journalistes et un défenseur ... ont été tués"
    cands += [(m.start(1), m.end(1), 1) for m in _last_of_list().finditer(text)]
    subject, obj, self_victim = _single_victims()
    victims = [(m.start(), m.start() + len(m.group(1)), 1) for m in subject.finditer(text)]
    victims += [(m.start(1), m.end(1), 1) for m in obj.finditer(text)]
    bombers = [(m.start(), m.end(), 1) for m in _one_death_phrases()[0].finditer(text)]
    selves = [(m.start(), m.end(), 1) for m in self_victim.finditer(text) if not _inside((m.start(), m.end(), 1),
                                                                                        [(s, e) for s, e, _ in bombers])]
    if not selves:  # "blew himself up, killing two and himself" is one bomber
        victims += bombers
    ranked = [(m.start(), m.end(1), _ordinals()[0][m.group(1).lower()]) for m in _ordinals()[1].finditer(text)]
    victims += ranked
    cands += victims + selves
    later = {c[0] for c in cands if c[2] > 0 and _later_death().match(text, c[1])}
    return cands, {v[0] for v in victims} | later


@lru_cache(maxsize=1)
def _ordinals() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """The next victim told by rank, "a third died of his wounds", "un troisième soldat a succombé"
    (``ordinal_victims`` and ``ordinal_death`` of fatalities.yaml): its rank is the toll now."""
    d = load_yaml("events", "fatalities.yaml")
    table = {str(k).lower(): int(v) for k, v in (d.get("ordinal_victims") or {}).items()}
    head = rf"(?:a|an|un|une)\s+({'|'.join(sorted(table, key=len, reverse=True)) or '(?!)'})"
    noun = rf"(?:\s+(?:[\w'’-]+\s+)??(?:{d['person_singular']}|victim|victime))?"
    victim = re.compile(rf"(?<!\w){head}{noun}\s+(?:(?:later|also|subsequently|then|ensuite|également|aussi)\s+)?"
                        rf"(?:{d.get('ordinal_death') or '(?!)'})(?!\w)", re.IGNORECASE)
    return table, victim, re.compile(head, re.IGNORECASE)


@lru_cache(maxsize=1)
def _later_death() -> re.Pattern[str]:
    return re.compile(load_yaml("events", "fatalities.yaml").get("wounded_died") or "(?!)", re.IGNORECASE)


def is_later_death(text: str, c: Count) -> bool:
    """"Deux blessés ont succombé", "two of the wounded later died": dead the first toll left out."""
    return _later_death().match(text, c.end) is not None


def is_ordinal(text: str, c: Count) -> bool:
    return _ordinals()[2].fullmatch(text, c.start, c.end) is not None


@lru_cache(maxsize=1)
def _conflicting() -> re.Pattern[str]:
    return re.compile(bounded(load_yaml("events", "fatalities.yaml").get("conflicting_source") or "(?!)"), re.IGNORECASE)


def _same_side(text: str, a: Count, b: Count) -> bool:
    sa, sb = side(text, a), side(text, b)
    return sa is None or sb is None or sa == sb


def _lowest_estimate(text: str, found: list[Count]) -> list[Count]:
    """"Killed five people; other sources reported eight dead": two estimates of one toll, and
    ACLED codes the lower (its most conservative estimate)."""
    out: list[Count] = []
    for c in found:
        if out and _conflicting().search(text, out[-1].end, c.start) and _same_side(text, out[-1], c):
            if c.value < sum(x.value for x in out):
                out = [c]
            continue
        out.append(c)
    return out


@lru_cache(maxsize=1)
def _last_of_list() -> re.Pattern[str]:
    """"... and a/un <noun>" ending a list of counts; not a vague count ("and an unknown number of")."""
    vague = "|".join(re.escape(k.split()[1]) for k in _rules().vague if k.startswith(("a ", "an ", "un ", "une ")))
    return re.compile(rf"\b(?:and|et)\s+(a|an|one|un|une)\s+(?!(?:{vague})\b)(?=[^\W\d])", re.IGNORECASE)


# with no auxiliary the participle must end the clause ("a suspected witch killed in Kano"), else
# its subject is the agent ("a landmine killed nine")
_SCALES = "hundred|thousand|million|cents?|mille|millions?"
_HEADLINE_END = r"(?=\s*(?:$|[.,;:()\-]|(?:in|near|at|on|by|during|after|when|par|à|près|dans|lors|en)\b))"
_NOBODY = re.compile(r"\b(?:no|any|every|some|not a single|pas un seul|aucun)\s*$", re.IGNORECASE)  # "no one was killed"
_NOT_OBJECT = r"(?!\s+(?:a|an|the|one|two|three|his|her|their|un|une|le|la|les|des|deux|trois|\d)\b)"


@lru_cache(maxsize=1)
def _single_victims() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """One victim of a lethal verb (see ``single_victim_participles`` in fatalities.yaml): the
    subject of a participle, the one-person object of an active verb, a bomber's "himself"."""
    d = load_yaml("events", "fatalities.yaml")
    # the noun of "une vingtaine de": "tuant une vingtaine de villageois" is twenty, not one villager
    vague = "|".join(re.escape(k.split()[1]) for k in d["vague"] if k.startswith(("a ", "an ", "un ", "une ")))
    subject = re.compile(
        r"(?<![\w-])(?<![Nn]o )((?:a|an|one|un|une)\s+(?!(?:été|ete|was|is|has|had|également|aussi|ensuite|finalement|déjà)\b)(?:[^\W\d]+\s+){1,2}?)"
        r"(?P<aux>(?:was|has been|a été|est)\s+)?(?:(?:\w+(?:ed|é|ée)\s+)(?:and(?: later)?|then|puis|et)\s+(?:was\s+)?)?"
        rf"(?:{d['single_victim_participles']})(?!\w){_NOT_OBJECT}(?(aux)|{_HEADLINE_END})", re.IGNORECASE)
    # "killed one hundred people" is a hundred: a scale word after "one" makes it a number
    obj = re.compile(rf"(?<!\w)(?:{d['single_object_verbs']})\s+((?:a|an|one|un|une)\s+(?!(?:{vague}|{_SCALES})\b)[^\W\d][\w'’-]*)",
                     re.IGNORECASE)
    return subject, obj, re.compile(bounded(d["self_victim"]), re.IGNORECASE)


@lru_cache(maxsize=1)
def _one_death_phrases() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A bomber's own death ("blew himself up") and a phrase that says one person died ("succumbed to
    his injuries"): ``bomber_self`` and ``one_death`` of fatalities.yaml."""
    d = load_yaml("events", "fatalities.yaml")
    return (re.compile(bounded(d.get("bomber_self") or "(?!)"), re.IGNORECASE),
            re.compile(bounded(d.get("one_death") or "(?!)"), re.IGNORECASE))


# "Trois soldats, deux journalistes et ...": a comma joins a list of counts as "and" does
_AND = re.compile(r"^\s+(?:(?!(?:were|was|have|has|had|been|are|ont|a|été|sont)\b)[^\W\d]+\s+){0,2}?"
                  r"(?:(?:and|et)\s+|(?!(?:were|was|have|has|had|been|are|ont|a|été|sont)\b)[^\W\d]+,\s+)",
                  re.IGNORECASE)


@lru_cache(maxsize=1)
def _sides() -> list[tuple[str, re.Pattern[str]]]:
    d = load_yaml("events", "fatalities.yaml").get("sides") or {}
    return [(str(k), re.compile(rf"^\W*(?:[\w'’-]+\s+){{0,2}}?(?:{v})(?![\w-])", re.IGNORECASE)) for k, v in d.items()]


def side(text: str, count: Count) -> str | None:
    """Whose dead a count is ("forces", "attackers", "civilians"), from the noun after it."""
    after = text[count.end:count.end + 40]
    found = next((name for name, rx in _sides() if rx.match(after)), None)
    # a one-person span carries its noun ("un assaillant", "a soldier")
    found = found or next((name for name, rx in _sides() if rx.search(text[count.start:count.end])), None)
    return found or _loser(text, count.start)


@lru_cache(maxsize=1)
def _losers() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    d = load_yaml("events", "fatalities.yaml")
    lost = re.compile(rf"\b(?:{d['lost_before']})\s+{_QUAL}$", re.IGNORECASE)
    return lost, [(str(k), re.compile(rf"(?<![\w-])(?:{v})(?![\w-])", re.IGNORECASE))
                  for k, v in (d.get("loss_subjects") or {}).items()]


def _loser(text: str, start: int) -> str | None:
    """"The army lost 16 men", "les VDP ... ont perdu deux hommes": the dead of the side that lost
    them, the first side the sentence names (its subject)."""
    lost, subjects = _losers()
    if not lost.search(text[max(0, start - 40):start]):
        return None
    named = [(m.start(), name) for name, rx in subjects if (m := rx.search(text, 0, start))]
    return min(named)[1] if named else None


# "killed a village chief and his two sons": a possessive may stand between "and" and the count
_AND_NEXT = re.compile(r"^(?:\s+[^\W\d]+){0,2}?\s*,?\s+(?:and|et)\s+(?:(?:his|her|their|ses|leurs)\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bomber_noun() -> re.Pattern[str]:
    nouns = load_yaml("events", "fatalities.yaml").get("bomber_nouns") or "(?!)"
    return re.compile(rf"(?:[\w'’-]+\s+){{0,3}}?(?:{nouns})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bomber_in_toll() -> re.Pattern[str]:
    d = load_yaml("events", "fatalities.yaml")
    subset, nouns = "|".join(d["subset"]), d.get("bomber_nouns") or "(?!)"
    return re.compile(rf"\b(?:{subset}|y compris)\s+(?:the\s+|le\s+|l.|les\s+|two\s+|deux\s+)?(?:{nouns})(?!\w)",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventToll:
    fatalities: int
    low: int
    high: int
    counts: list[tuple[int, Count]]  # (index of the sentence, count in it): the evidence


def event_toll(sentences: list[tuple[str, list[tuple[int, int]]]]) -> EventToll | None:
    """The toll of one event told over its sentences (text, date spans): the first toll reported,
    plus the dead of another side reported in a later sentence (ACLED counts attackers and defenders
    alike); or, when no other toll is told, the suicide bomber who died by his own charge ("blew
    himself up; no one else was hurt": 1; "blew himself up, killing two soldiers": 2, the figure as
    the source gives it); low and high over the tolls told.  None when no sentence tells of deaths or of none."""
    totals: list[int] = []
    found: list[tuple[int, Count]] = []
    sides: set[str | None] = set()
    extra = selves = 0
    for i, (text, skip) in enumerate(sentences):
        cs = counts(text, skip)
        found += [(i, c) for c in cs]
        own = [c for c in cs if _one_death_phrases()[0].fullmatch(text, c.start, c.end)]
        selves += len(own)
        cs = [c for c in cs if c not in own]
        if cs and totals and _conflicting().search(text) and _estimate_of(text, cs, sides):
            totals[0] = min(totals[0], sum(c.value for c in cs))  # another source's estimate: the lower
        elif cs and totals and all(is_later_death(text, c) for c in cs):
            extra += sum(c.value for c in cs)  # the wounded who died since: added to the toll told
        elif cs:
            these = {side(text, c) for c in cs}
            if totals and None not in these and not these & sides:
                extra += sum(c.value for c in cs)
            totals.append(sum(c.value for c in cs))
            sides |= these
        elif nobody_killed(text):
            totals.append(0)
    if selves and (any(_bomber_noun().match(sentences[i][0], c.start, c.end + 30) for i, c in found)
                   or any(_bomber_in_toll().search(text) for text, _ in sentences)):
        selves = 0  # "... s'est fait exploser. Le kamikaze est mort", "killing five, including the bomber"
    if any(totals):
        selves = 0  # the figure the source gives is the toll (ACLED takes it as reported), bomber or not
    if not totals and not selves:
        return None
    totals = totals or [0]
    # "Two civilians were killed. A third died in hospital.": the rank is the toll
    ranked = max((c.value for i, c in found if is_ordinal(sentences[i][0], c)), default=0)
    toll = max(totals[0] + extra + selves, ranked)
    return EventToll(toll, min(totals) + selves, max(max(totals) + selves, toll), found)


def _estimate_of(text: str, cs: list[Count], sides: set[str | None]) -> bool:
    """Another source's count of the dead already told (same side, or no side named)."""
    these = {side(text, c) for c in cs}
    return None in these or None in sides or bool(these & sides)


def nobody_killed(text: str) -> bool:
    return bool(_rules().none_rx.search(text))


def _inside(c: tuple[int, int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= c[0] and c[1] <= e for s, e in spans)


def _is_year(text: str, start: int, end: int, value: int) -> bool:
    return 1900 <= value <= 2100 and text[start:end].isdigit() and len(text[start:end]) == 4
