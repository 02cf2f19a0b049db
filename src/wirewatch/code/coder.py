"""Coding one document: sentences -> candidate events -> ACLED fields with evidence.

1. Split into sentences (offsets kept); scan each for cue signals, actors, dates, countries.
2. Classify each sentence (``classify``): an ACLED sub-event type, or nothing for background,
   threats, claims, disasters, crime and diplomacy.  A dated statement by a named armed group
   is a Strategic development (Other).
3. Group consecutive sentences about the same incident and classify the group on all its cues.
4. Fill date, actors, country, fatalities, notes, confidence and the evidence span of each field.
The first event is the document's main event.  Figures and statements are kept beside events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from wirewatch.code import context
from wirewatch.code.actors import ActorBook, Mention, book, is_demonym
from wirewatch.code.build import build_event, place_hints
from wirewatch.code.classify import EVENT_TYPE, Decision, Signals, classify, classify_claimed, reportable
from wirewatch.code.dates import DateHit, find_dates, parse_published
from wirewatch.code.extras import figures as find_figures
from wirewatch.code.extras import statement as find_statement
from wirewatch.code.fatalities import counts, plausible
from wirewatch.code.lexicon import Hit, load_yaml, signals
from wirewatch.code.sentences import split_sentences
from wirewatch.records import Event, Figure, Span, Statement
from wirewatch.taxonomy import taxonomy

_YEAR = re.compile(r"(?<![\d-])(?:in|en|since|depuis|of|de)\s+((?:19|20)\d\d)(?![\d-])", re.IGNORECASE)
STALE_DAYS = 60  # an event dated this long before publication is history, not news


@dataclass(slots=True)
class CodedDocument:
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


@dataclass(slots=True)
class Sentence:
    """One sentence with what was found in it (offsets local to the sentence)."""

    index: int
    span: Span
    paragraph: int
    hits: list[Hit]
    mentions: list[Mention]
    dates: list[DateHit]
    countries: list[tuple[int, int, str]]  # country names, then places that imply a country
    doc: str  # the whole document (offsets of merged groups are document offsets)
    decision: Decision | None = None

    @property
    def date(self) -> DateHit | None:
        return next((d for d in self.dates if d.date), None)


@dataclass(slots=True)
class Cluster:
    sentences: list[Sentence]
    decision: Decision


def code_document(text: str, published: str | None = None, title: str | None = None,
                  language: str | None = None) -> CodedDocument:
    """Events, figures and statements reported in ``text`` (the first event is the main one)."""
    pub = parse_published(published)
    if not text.strip() and title:
        text = title
    ab = book()
    sents = _analyse(text, pub, ab)
    context.prepare(sents)  # the days sources spoke, toll updates' dates, legal formulas
    doc_country = _document_country(sents, ab, title)
    for s in sents:
        s.decision = _decide(s, pub)
    if not any(s.decision for s in sents):
        _claimed_deeds(sents, pub)
    context.judge(sents, pub)  # only what the article reports as happening now stays an event
    clusters = context.merge_followups(_clusters(sents), lambda t: place_hints(t, ab))
    _attach_support(clusters, sents, pub)
    events = [build_event(c.sentences, c.decision, pub, ab, doc_country, _lead_date(sents)) for c in clusters]
    for ev, c in zip(events, clusters, strict=True):
        context.specific_toll(ev, c.sentences)
        context.latest_toll(ev, c.sentences)
    doc = CodedDocument(events=events)
    used = {s.index for c in clusters for s in c.sentences}
    prev: Span | None = None
    for s in sents:
        skip = [(d.start, d.end) for d in s.dates]
        if s.index not in used:
            doc.figures.extend(find_figures(s.span, pub, skip))
        else:  # a toll the plausibility guard kept out of an event's fatalities stays a figure
            doc.figures.extend(f for f in find_figures(s.span, pub, skip) if _guarded(f, s))
        st = find_statement(s.span, s.mentions, s.dates, ab, doc_country, prev)
        if st:
            doc.statements.append(st)
        prev = s.span
    return doc


def _analyse(text: str, pub: dt.date | None, ab: ActorBook) -> list[Sentence]:
    sig = signals()
    out: list[Sentence] = []
    para = 0
    last_end = 0
    for i, span in enumerate(split_sentences(text)):
        if i == 0 and (cut := context.dateline_end(span.text)):
            span = Span(span.start + cut, span.end, span.text[cut:])  # "BAMAKO, March 12 (Reuters) - "
        if "\n" in text[last_end:span.start]:
            para += 1
        last_end = span.end
        out.append(Sentence(i, span, para, sig.scan(span.text), ab.mentions(span.text),
                            find_dates(span.text, pub),
                            ab.countries_in(span.text) + ab.admin_countries_in(span.text), text))
    return out


def _decide(s: Sentence, pub: dt.date | None) -> Decision | None:
    if not s.hits or _historical(s, pub):
        return None
    decision = classify(s.hits, s.mentions, s.span.text) or _statement_event(s)
    if decision and decision.cue:  # cues are kept in document offsets from here on
        c, off = decision.cue, s.span.start
        decision.cue = Hit(c.signal, c.start + off, c.end + off, c.weight)
    return decision


def _claimed_deeds(sents: list[Sentence], pub: dt.date | None) -> None:
    """A report that tells an attack only through its claim reports that attack (ACLED codes the
    claimant as its actor); beside a sentence telling the event, a claim stays about that event."""
    for s in sents:
        dated = [h.start for h in s.dates if h.kind == "absolute" and h.date]
        if dated and not _historical(s, pub) and (d := classify_claimed(s.hits, s.mentions, s.span.text, dated)):
            if d.cue:  # cues are kept in document offsets from here on
                d.cue = Hit(d.cue.signal, d.cue.start + s.span.start, d.cue.end + s.span.start, d.cue.weight)
            s.decision = d


def _historical(s: Sentence, pub: dt.date | None) -> bool:
    """A sentence about an earlier year, or dated long before publication, is background."""
    if pub is None:
        return False
    d = s.date
    if d and d.date and (pub - d.date).days > STALE_DAYS:
        return True
    if d and d.date:
        return False
    return any(int(m.group(1)) < pub.year for m in _YEAR.finditer(s.span.text))


def _statement_event(s: Sentence) -> Decision | None:
    """A dated statement issued by a named non-state armed group (ACLED: Strategic
    developments / Other); claims of responsibility and threats were excluded earlier."""
    sig = Signals.of(s.hits)
    if sig["statement"] < 3 or not s.date or not reportable(sig):
        return None  # a statement about history, a threat or a claim is no event either
    if not any(not m.kind.generic and m.kind.type in ("rebel", "political_militia", "identity_militia")
               for m in s.mentions):
        return None
    return Decision("Other", sig["statement"], sig.best.get("statement"))


# violence and demonstrations types group by family; each strategic sub-type is its own kind
_FAMILY = {t.name: t.family for t in taxonomy().event_types if t.family != "strategic"}


_TERRITORY = {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}


def _family(d: Decision) -> str:
    if d.sub_event_type in _TERRITORY:
        return "territory"  # a town taken, then "after the army withdrew": one transfer
    return _FAMILY.get(d.event_type, d.sub_event_type)


def _clusters(sents: list[Sentence]) -> list[Cluster]:
    """Runs of event sentences about the same incident (same family, no conflicting date),
    re-classified on the cues of the whole run."""
    out: list[Cluster] = []
    current: Cluster | None = None  # the incident the article is telling about now
    for s in sents:
        if s.decision is None:
            continue
        # a definite reference ("The convoy ...") goes on about the incident that named it
        last = context.antecedent(out, s) or current
        current = last
        if last and context.opens_new_incident(s):
            last = None  # "Le même jour, ...", "In a separate attack, ..."
        elif last and _side_effect(last, s):
            last.sentences.append(s)  # weapons seized, houses burned, suspects held in that attack
            continue
        if last and (_toll_of_taking(last, s) or _bare_toll(last, s)):
            last.sentences.append(s)  # "Nine rebels were killed." after a town retaken: its toll
            continue
        if last and _same_incident(last, s):
            last.sentences.append(s)
            merged = _reclassify(last.sentences)
            if merged is not None and _family(merged) == _family(last.decision):
                last.decision = merged
            continue
        current = Cluster([s], s.decision)
        out.append(current)
    return out


def _attach_support(clusters: list[Cluster], sents: list[Sentence], pub: dt.date | None) -> None:
    """Let an event's neighbouring sentences that carry cues but no event of their own (a
    police response, a death toll) refine its sub-type, when they are not background."""
    taken = {s.index for c in clusters for s in c.sentences}
    for c in clusters:
        first, last = c.sentences[0].index, c.sentences[-1].index
        # a toll update needs no cue of its own ("The toll later rose to nine.")
        extra = [sents[i] for i in (first - 1, last + 1)
                 if 0 <= i < len(sents) and i not in taken and (sents[i].hits or context.is_toll_update(sents[i]))
                 and (sents[i].paragraph == c.sentences[0].paragraph or len(sents) <= 4)]
        extra = [x for x in extra if _reportable_support(x, pub) and not _response_operation(c, x)]
        if not extra:
            continue
        group = sorted(c.sentences + extra, key=lambda x: x.index)
        merged = _reclassify(group)
        if merged is not None and _family(merged) == _family(c.decision):
            c.decision = merged
        taken.update(x.index for x in extra)
        # a death toll told next ("Eight soldiers and six attackers died.") is the event's
        tolls = [x for x in extra if counts(x.span.text, [(d.start, d.end) for d in x.dates])]
        if tolls and _family(c.decision) in ("violence", "demonstrations", "territory"):
            c.sentences = sorted(c.sentences + tolls, key=lambda x: x.index)


def _reportable_support(s: Sentence, pub: dt.date | None) -> bool:
    sig = Signals.of(s.hits)
    return context.reportable(s, pub, None) and not (_historical(s, pub) or sig["claim"] >= 4 or sig["hypothetical"] >= 4 or sig["background"] >= 3)


_SIDE_EFFECTS = {"Disrupted weapons use", "Looting/property destruction", "Arrests"}


def _side_effect(c: Cluster, s: Sentence) -> bool:
    """ACLED: the main event wins over what came with it.  Weapons seized, property looted or
    burned, or people arrested right after a violent event, on the same day, are part of it."""
    assert s.decision is not None
    prev = c.sentences[-1]
    if s.decision.sub_event_type not in _SIDE_EFFECTS or _family(c.decision) != "violence":
        return False
    if s.index - prev.index > 1 or s.paragraph != prev.paragraph or _sequel(s):
        return False
    d1 = next((x.date for x in c.sentences if x.date), None)
    return not (d1 and s.date and d1.date != s.date.date)


def _toll_of_taking(c: Cluster, s: Sentence) -> bool:
    """ACLED codes the fighting of a territory change as that event: a death toll told right
    after it, with no date or place of its own, is its toll, not another battle."""
    assert s.decision is not None
    prev = c.sentences[-1]
    if _family(c.decision) != "territory" or _family(s.decision) != "violence" or s.date:
        return False
    if s.index - prev.index > 1 or s.paragraph != prev.paragraph or _sequel(s) or _elsewhere(c, s):
        return False
    return bool(counts(s.span.text))


def _bare_toll(c: Cluster, s: Sentence) -> bool:
    """"Un jeune a été tué." right after any event, with no day, place or acting party of its own:
    the toll of that event (police firing on a march, a riot), not a second one."""
    prev = c.sentences[-1]
    if s.date or s.index - prev.index > 1 or s.paragraph != prev.paragraph or _sequel(s) or _elsewhere(c, s):
        return False
    assert s.decision is not None
    # a weapon of its own ("when a rocket-propelled grenade hit the car") tells its own event
    if s.decision.event_type == "Explosions/Remote violence" or any(not (m.patient or m.civilian) for m in s.mentions) or place_hints(s.span.text, book()):
        return False
    return bool(counts(s.span.text))


def _same_incident(c: Cluster, s: Sentence) -> bool:
    assert s.decision is not None
    prev = c.sentences[-1]
    if s.index - prev.index > 2 or _family(s.decision) != _family(c.decision) or _response_operation(c, s):
        return False
    d1 = next((x.date for x in c.sentences if x.date), None)
    d2 = s.date
    later_day = d1 and d2 and d1.date != d2.date and not context.is_discovery(s)
    return not later_day and not _elsewhere(c, s) and not _sequel(s)


@lru_cache(maxsize=1)
def _sweep() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{load_yaml('events', 'conventions.yaml')['response_operation']})\b", re.IGNORECASE)


def _response_operation(c: Cluster, s: Sentence) -> bool:
    """A sweep told after violence against civilians ("... tué cinq civils. L'armée a lancé une opération de
    ratissage.") is the forces' response, not a fight of that attack (``response_operation``)."""
    return c.decision.event_type == "Violence against civilians" and bool(_sweep().search(s.span.text))


def _sequel(s: Sentence) -> bool:
    """A sentence opening on "In response", "The next day", "Separately": another event."""
    return any(h.signal == "sequel" and h.weight >= 3 and not s.span.text[:h.start].strip(" ,") for h in s.hits)


def _elsewhere(c: Cluster, s: Sentence) -> bool:
    """ACLED codes one event per place and day: a sentence about another place (named in
    neither the event's sentences) starts a new event."""
    ab = book()
    here = set().union(*(place_hints(x.span.text, ab) for x in c.sentences))
    there = place_hints(s.span.text, ab)
    if not here or not there or here & there:
        return False
    return not (any(p in s.span.text for p in here) or any(p in x.span.text for x in c.sentences for p in there))


def _reclassify(sents: list[Sentence]) -> Decision | None:
    hits: list[Hit] = []
    mentions: list[Mention] = []
    for s in sents:
        off = s.span.start
        hits += [Hit(h.signal, h.start + off, h.end + off, h.weight) for h in s.hits]
        mentions += [Mention(m.start + off, m.end + off, m.text, m.kind, m.country, m.agentive, m.source,
                             m.patient)
                     for m in s.mentions]
    return classify(hits, mentions, sents[0].doc)


def _document_country(sents: list[Sentence], ab: ActorBook, title: str | None) -> str | None:
    tally: Counter[str] = Counter()
    for s in sents:  # a demonym ("French forces") counts less than a country or place named
        for a, b, c in s.countries:
            tally[c] += 1 if is_demonym(s.span.text[a:b], c) else 2
    if title:
        tally.update(c for _, _, c in ab.countries_in(title))
    if not tally:
        homes = Counter(m.country or m.kind.country for s in sents for m in s.mentions
                        if (m.country or m.kind.country) and m.kind.type != "external")
        return homes.most_common(1)[0][0] if homes else None
    return tally.most_common(1)[0][0]


def _guarded(f: Figure, s: Sentence) -> bool:
    start = f.span.start - s.span.start
    return f.quantity is not None and not plausible(s.span.text, start, start + len(f.quantity_text), f.quantity)


def _lead_date(sents: list[Sentence]) -> DateHit | None:
    for s in sents[:2]:
        if s.date:
            return s.date
    return None


__all__ = ["EVENT_TYPE", "CodedDocument", "Sentence", "code_document"]
