"""The time frame of a whole article: which sentences report what happens now.

A full news article tells its lead event and, around it, earlier attacks with their own tolls,
totals over weeks or years, speculation, reactions, rallies and plans.  Sentence rules cannot
tell these apart (a recalled attack reads like an attack); the article's own time frame can:

- ``dateline_end``: the dateline's city and date are where and when the report was filed, not
  the event's: the lead sentence starts after it.
- ``prepare``: the day a source spoke is not the event's either; a toll
  update ("le bilan s'est alourdi dimanche") is dated by the day the toll came out; cues inside
  legal formulas ("en accord avec la famille") are no cues.
- ``judge``: once each sentence has its decision, the article's lead event sets the frame;
  sentences recalling earlier events (an earlier day or month, an earlier year, the
  pluperfect), aggregates, speculation, reactions and plans lose their decision - they stay
  context (figures, statements).  A rally in an attack story is a reaction to it.
- ``merge_followups``: a later sentence going on about the same attack ("the attackers fled",
  "the toll rose to nine") joins its event instead of making a new one;
  ``latest_toll`` then sets the event's fatalities to the latest toll reported, and
  ``specific_toll`` prefers a figure told later over the vague word read first.

The words are in ``data/context.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wirewatch.code.fatalities import counts, has_vague_word, vague_words
from wirewatch.code.lexicon import load_yaml
from wirewatch.records import Event, Span
from wirewatch.taxonomy import taxonomy

if TYPE_CHECKING:
    from wirewatch.code.coder import Cluster, Sentence

_VIOLENCE = taxonomy().types_in("violence")
_DEMONSTRATIONS = taxonomy().types_in("demonstrations")
_JOINS_ANY_VIOLENCE = {"Disrupted weapons use", "Looting/property destruction", "Arrests",
                       "Change to group/activity", "Government regains territory",
                       "Non-state actor overtakes territory", "Headquarters or base established"}
# What the side that held the ground did next (seized the weapons, sent reinforcements, swept the
# area): told right after a violent event with no new day or place, it is that event's aftermath
# even without a definite reference ("Soldiers seized ten motorbikes", "Des renforts ont été
# déployés")
_AFTERMATH = {"Disrupted weapons use", "Change to group/activity", "Other", "Looting/property destruction"}
_EXPLICIT = ("absolute", "weekday", "relative")
# A text this long is an article with its own time frame; a shorter one (a snippet, a headline
# and its lead) is its lead event, whatever totals or history it mentions
FULL_ARTICLE = 5


@dataclass(frozen=True, slots=True)
class _Rules:
    dateline: re.Pattern[str]
    formulas: re.Pattern[str]
    markers: dict[str, re.Pattern[str]]
    pluperfect: re.Pattern[str]
    toll_update: re.Pattern[str]
    discovery: re.Pattern[str]
    follow_up: re.Pattern[str]
    speech_day: re.Pattern[str]
    new_incident: re.Pattern[str]
    month_en: re.Pattern[str]
    month_fr: re.Pattern[str]
    month_number: dict[str, int]
    year: re.Pattern[str]
    recalled_after_days: int


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data: dict[str, Any] = load_yaml("context.yaml")
    en, fr = data["months"]["en"], data["months"]["fr"]
    preps = "|".join(re.escape(p) for p in data["month_prepositions_fr"])
    return _Rules(
        dateline=re.compile(data["dateline"]),
        formulas=_alternation(data["formulas"]),
        markers={kind: _alternation(pats) for kind, pats in data["markers"].items()},
        pluperfect=re.compile("|".join(data["pluperfect"]), re.IGNORECASE),
        toll_update=_alternation(data["toll_update"]),
        discovery=_alternation(data["discovery"]),
        follow_up=re.compile(data["follow_up"]),
        speech_day=re.compile(data["speech_day"], re.IGNORECASE),
        new_incident=_alternation(data["new_incident"]),
        # a month named without a day number before or after it; an optional year after it
        month_en=re.compile(r"(?<!\d)(?<!\d\s)\b(" + "|".join(en) + r")\b(?!\s+\d{1,2}\b)(?:,?\s+((?:19|20)\d\d))?"),
        month_fr=re.compile(r"(?<!\w)(?:" + preps + r")\s*(" + "|".join(fr) + r")\b(?:\s+((?:19|20)\d\d))?",
                            re.IGNORECASE),
        month_number={m.lower(): i + 1 for names in (en, fr) for i, m in enumerate(names)},
        year=re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-])"),
        recalled_after_days=int(data["recalled_after_days"]),
    )


# --- before decisions --------------------------------------------------------------------------

def dateline_end(text: str) -> int:
    """Where the dateline opening ``text`` ends ("BAMAKO, March 12 (Reuters) - "), or 0: the
    dateline's city and date are where and when the report was filed, not the event's."""
    m = rules().dateline.match(text)
    return m.end() if m else 0


def prepare(sents: list[Sentence]) -> None:
    """Drop the days sources spoke and toll updates' dates, and cues inside legal formulas."""
    r = rules()
    for s in sents:
        if s.index > 0 and r.toll_update.search(s.span.text):
            s.dates = []  # "the toll rose on Sunday": the day of the toll, not of the attack
        if len([d for d in s.dates if d.date]) > 1:
            s.dates = [d for d in s.dates if not r.speech_day.search(s.span.text[:d.start])]
        spans = [(m.start(), m.end()) for m in r.formulas.finditer(s.span.text)]
        if spans:
            s.hits = [h for h in s.hits if not any(a <= h.start < b for a, b in spans)]


# --- after decisions ---------------------------------------------------------------------------

def _explicit_day(s: Sentence) -> dt.date | None:
    return next((d.date for d in s.dates if d.date and d.kind in _EXPLICIT), None)


def _lead(sents: list[Sentence]) -> Sentence | None:
    """The article's lead event: its first event sentence in the first two paragraphs."""
    first_para = sents[0].paragraph if sents else 0
    return next((s for s in sents if s.decision is not None and s.paragraph <= first_para + 1), None)


def _months_named(text: str, pub: dt.date) -> list[tuple[int, int]]:
    """(year, month) of each month named without a day; a month without a year is the latest
    such month on or before publication."""
    r = rules()
    out = []
    for rx in (r.month_en, r.month_fr):
        for m in rx.finditer(text):
            month = r.month_number[m.group(1).lower()]
            year = int(m.group(2)) if m.group(2) else pub.year - (month > pub.month)
            out.append((year, month))
    return out


def time_frame(s: Sentence, pub: dt.date | None, frame: dt.date | None, lead: bool = False) -> str | None:
    """Why this sentence is outside the article's time frame, or None when it tells of now.
    The candidate lead event is judged on its own terms: only a date, month or year before
    publication, a total or speculation rule it out."""
    r = rules()
    text = s.span.text
    day = _explicit_day(s)
    if frame and day and (frame - day).days > r.recalled_after_days:
        return "recalled"
    ref = frame or pub
    if ref and any((y, m) < (ref.year, ref.month) for y, m in _months_named(text, ref)):
        return "recalled"
    if ref and any(int(y) < ref.year for y in r.year.findall(text)):
        return "recalled"
    for kind, rx in r.markers.items():
        if rx.search(text) and not (lead and kind == "earlier"):
            return "recalled" if kind == "earlier" else kind
    recent = any(d.date and ref and abs((ref - d.date).days) <= r.recalled_after_days for d in s.dates)
    if not lead and not recent and r.pluperfect.search(text):
        return "recalled"  # "had killed" with no day of its own: an earlier event
    return None


def judge(sents: list[Sentence], pub: dt.date | None) -> dict[int, str]:
    """Take the decision away from every sentence outside the article's time frame; returns
    {sentence index: why} for them."""
    out: dict[int, str] = {}
    for s in sents:
        if s.decision is not None and s.decision.sub_event_type == "Arrests" and _armed_agent(s):
            out[s.index] = "no arrest"  # "arrêté par des hommes armés": stopped, not arrested by the state
            s.decision = None
    lead = _lead(sents)
    while len(sents) >= FULL_ARTICLE and lead is not None and _explicit_day(lead) is None \
            and time_frame(lead, pub, None, lead=True) in ("recalled", "aggregate"):
        lead.decision = None  # an article opening on history: its lead is the next event
        lead = _lead(sents)
    frame = (_explicit_day(lead) if lead else None) or pub
    lead_family = lead.decision.event_type if lead and lead.decision else None
    for s in sents:
        if s.decision is None or s is lead:
            continue
        why = time_frame(s, pub, frame)
        if why is None and s.decision.event_type in _DEMONSTRATIONS and lead_family in _VIOLENCE:
            why = "reaction"  # a rally or a march in an attack story answers the attack
        if why is None and _setting(s, lead, len(sents)):
            why = "setting"
        if why:
            out[s.index] = why
            s.decision = None
    return out


def _setting(s: Sentence, lead: Sentence | None, n_sentences: int) -> bool:
    """A vague development ("Other": a blockade, a statement, a situation) told away from the
    lead event of a full article, with no day of its own, describes the story's setting (the
    state of a region, a group's general stance), not a happening of its own."""
    if n_sentences < FULL_ARTICLE or lead is None or s.decision is None:
        return False
    if s.decision.event_type != "Strategic developments" or s.decision.sub_event_type != "Other":
        return False
    return _explicit_day(s) is None and s.paragraph > lead.paragraph


def _armed_agent(s: Sentence) -> bool:
    return any(m.agentive and m.armed and not m.state for m in s.mentions)


def reportable(s: Sentence, pub: dt.date | None, frame: dt.date | None) -> bool:
    """A sentence that may lend its cues to a neighbouring event: not outside the time frame."""
    return time_frame(s, pub, frame) is None


# --- follow-ups --------------------------------------------------------------------------------

def is_toll_update(s: Sentence) -> bool:
    return bool(rules().toll_update.search(s.span.text))


def _follows(c: Cluster, into: Cluster, place_hints: Any) -> bool:
    """Cluster ``c`` goes on about ``into``'s incident: a toll update, or a definite reference
    with no new day, no new place and no word opening a separate incident."""
    r = rules()
    first = c.sentences[0]
    text = " ".join(s.span.text for s in c.sentences)
    if r.new_incident.search(text):
        return False
    sub, typ = c.decision.sub_event_type, c.decision.event_type
    if into.decision.event_type not in _VIOLENCE:
        same_kind = typ == into.decision.event_type
    else:
        same_kind = typ in _VIOLENCE or sub in _JOINS_ANY_VIOLENCE
    if not same_kind:
        return False
    if any(is_toll_update(s) for s in c.sentences):
        return True
    day, then = _explicit_day(first), next((_explicit_day(s) for s in into.sentences if _explicit_day(s)), None)
    if day and then and day != then and not is_discovery(first):
        return False
    known = set().union(*(place_hints(s.span.text) for s in into.sentences))
    if any(p not in known for s in c.sentences for p in place_hints(s.span.text)):
        return False
    near = first.paragraph - into.sentences[-1].paragraph <= 2
    if into.decision.event_type in _VIOLENCE and typ == "Strategic developments" and sub in _AFTERMATH:
        return near
    return bool(r.follow_up.match(first.span.text)) and near


def opens_new_incident(s: Sentence) -> bool:
    """"Le même jour, ...", "In a separate attack, ...": the sentence's opening clause starts
    another incident, whatever it shares with the one before.  A later toll or the finding of
    the bodies ("Le bilan est passé à 13 morts le lendemain", "Four bodies were found the next
    day") goes on about the attack just told, whatever day it names."""
    if is_toll_update(s) or is_discovery(s):
        return False
    text = s.span.text
    comma = text.find(",")
    head = text[:comma] if 0 < comma <= 60 else text[:60]
    return bool(rules().new_incident.search(head))


def is_discovery(s: Sentence) -> bool:
    """"Their bodies were found on Sunday", "Leurs corps ont été retrouvés": the finding of the
    people just told about, on a later day, is no new killing."""
    return bool(rules().discovery.search(s.span.text))


_DEFINITE = re.compile(r"^(?:[^,]{1,40},\s+)?(?:(?:The|These|Those|This|That|Les|Le|La|Ces|Cette|Ce|Cet)\s+|L['’])"
                       r"([^\W\d_][\w-]{2,})")


def _noun_forms(word: str) -> tuple[str, ...]:
    w = word.casefold()
    return (w, w[:-1]) if len(w) > 4 and w[-1] in "sx" else (w,)


def antecedent(clusters: list[Cluster], s: Sentence) -> Cluster | None:
    """The latest incident whose sentences name the thing a definite reference opening ``s``
    points to ("The convoy was taking food to Djibo" after a convoy ambush and a second attack
    on a village goes on about the ambush), or None when no earlier incident names it."""
    m = _DEFINITE.match(s.span.text)
    if m is None:
        return None
    forms = _noun_forms(m.group(1))
    rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?:s|x)?(?!\w)", re.IGNORECASE)
    return next((c for c in reversed(clusters) if any(rx.search(x.span.text) for x in c.sentences)), None)


def merge_followups(clusters: list[Cluster], place_hints: Any) -> list[Cluster]:
    """Fold each follow-up cluster into the incident it goes on about (the one its definite
    reference names, else the nearest earlier one); the earlier cluster keeps its decision, and
    its date comes first."""
    out: list[Cluster] = []
    for c in clusters:
        into = (antecedent(out, c.sentences[0]) or out[-1]) if out else None
        if into is not None and _follows(c, into, place_hints):
            into.sentences.extend(c.sentences)
            continue
        out.append(c)
    return out


def specific_toll(event: Event, sents: list[Sentence]) -> None:
    """"Plusieurs militaires ont été tués ... au moins huit morts": a figure told later beats the
    vague word the event's toll was first read from (ACLED codes the specific figure)."""
    if len(sents) < 2 or not has_vague_word(sents[0].span.text):
        return  # counting is dear: only when the first sentence has a vague word
    found = [(s, c) for s in sents for c in counts(s.span.text, [(d.start, d.end) for d in s.dates])]
    if not found:
        return
    s0, c0 = found[0]
    if s0.span.text[c0.start:c0.end].strip().lower() not in vague_words() or event.fatalities != c0.value:
        return
    vague = vague_words()
    for s, c in found[1:]:
        if s.span.text[c.start:c.end].strip().lower() not in vague:
            event.fatalities = c.value
            event.evidence["fatalities"] = [Span(s.span.start + c.start, s.span.start + c.end,
                                                 s.span.text[c.start:c.end])]
            return


def latest_toll(event: Event, sents: list[Sentence]) -> None:
    """A toll update ("the toll rose to nine") gives the event's fatalities: the highest toll
    the updates report, when above the first toll told; its span joins the evidence."""
    if not any(is_toll_update(s) for s in sents):
        return
    best: tuple[int, Span] | None = None
    first = 0
    for s in sents:
        found = counts(s.span.text, [(d.start, d.end) for d in s.dates])
        if not is_toll_update(s):
            first = first or sum(c.value for c in found)
            continue
        for c in found:
            if best is None or c.value > best[0]:
                best = (c.value, Span(s.span.start + c.start, s.span.start + c.end, s.span.text[c.start:c.end]))
    if best and best[0] > first:
        event.fatalities = best[0]
        event.fatalities_high = max(event.fatalities_high or 0, best[0])
        event.evidence["fatalities"] = [*event.evidence.get("fatalities", []), best[1]]


__all__ = ["antecedent", "dateline_end", "is_discovery", "judge", "latest_toll", "merge_followups", "opens_new_incident",
           "prepare", "reportable", "rules", "specific_toll", "time_frame"]
