"""The plan's last segment (``wirewatch.plan``): the one sink, in the main process, the store's
one writer.  Every path stores through it: the library's ``run`` record by record, the sharded
run a whole shard with its completion marker in one transaction, and pages that arrive one at a
time (feeds, ``POST /api/pages``).  It takes articles with the story the grouper gave them, and
rejections, and counts what it stored in the run's ``RunSummary``.

The store below it only persists what it is given; the sink, in the same transaction, does
what needs every earlier page: an article's story (the grouper's mark, or the grouper's
decision now when the article comes without one), a syndicated copy's events dropped (they are
its group's, coded once), and each new or changed event merged into its incident."""

from __future__ import annotations

import logging
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from wirewatch.errors import StoreError
from wirewatch.group import incidents
from wirewatch.group.story import StoryGrouper, StoryMark, is_leader, known_stories
from wirewatch.records import Article, Record, Rejection
from wirewatch.store import Store
from wirewatch.store.history import StoryRow

log = logging.getLogger(__name__)
Outcome = tuple[bool, int] | None  # (new or corrected, events stored) of an article; None: a rejection


@dataclass(slots=True)
class RunSummary:
    pages_read: int = 0
    articles_kept: int = 0
    articles_new: int = 0
    events_stored: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"pages_read": self.pages_read, "articles_kept": self.articles_kept,
                "articles_new": self.articles_new, "events_stored": self.events_stored,
                "rejected": dict(self.rejected), "stages": self.stages}

    def count(self, record: Record, outcome: Outcome) -> None:
        self.pages_read += 1
        if isinstance(record, Rejection):
            self.rejected[record.reason] += 1
            return
        new, n_events = outcome or (False, 0)
        self.articles_kept += 1
        self.articles_new += int(new)
        self.events_stored += n_events

    def failed(self, record: Record) -> None:
        """A record the store refused (it is counted, and the batch goes on)."""
        self.pages_read += 1
        self.articles_kept += isinstance(record, Article)
        self.rejected["store_error"] += 1


_GROUPERS: weakref.WeakKeyDictionary[Store, StoryGrouper] = weakref.WeakKeyDictionary()


def stored_grouper(store: Store) -> StoryGrouper:
    """The story grouper over every article in ``store`` (rebuilt from the stored signatures on
    first use), shared by every writer path on that store so they all group alike."""
    grouper = _GROUPERS.get(store)
    if grouper is None:
        grouper = _GROUPERS[store] = StoryGrouper.from_known(known_stories(store))
    return grouper


def add_article(store: Store, article: Article, run_id: int | None = None) -> tuple[bool, int]:
    """Store one article as every path does (its story, its events merged into incidents), in
    its own transaction; return (was it new or corrected, events stored or changed)."""
    return Sink(store, run_id).write(article) or (False, 0)


def merge_written(conn: Connection, events: list[int], left: set[int]) -> None:
    """Incidents after a write: those that lost a member reconciled without it, then each new or
    changed event merged into the best compatible incident (or founding one)."""
    for incident_id in sorted(left):
        incidents.recompute(conn, incident_id)
    incidents.place_events(conn, events)


def _story_row(mark: StoryMark) -> StoryRow:
    return StoryRow(mark.group_id, mark.signature.to_bytes(), mark.signature.size, mark.similarity, mark.matched)


class Sink:
    """Stores records of run ``run_id`` with the stories ``grouper`` decided for them (by
    default the store's own grouper, ``stored_grouper``)."""

    def __init__(self, store: Store, run_id: int | None, grouper: StoryGrouper | None = None,
                 summary: RunSummary | None = None) -> None:
        self.store, self.run_id = store, run_id
        self.grouper = grouper if grouper is not None else stored_grouper(store)
        self.summary = summary if summary is not None else RunSummary()

    def _story(self, article: Article) -> StoryMark | None:
        return self.grouper.take(article.content_hash)

    def write_article(self, conn: Connection, article: Article, story: StoryMark | None = None) -> Outcome:
        """Store ``article`` inside the caller's transaction.  ``story`` is the grouper's mark;
        without one the grouper decides now.  A page version stored before changes nothing."""
        if self.store.seen_before(conn, article.content_hash):  # this very page version, now or before
            return False, 0
        mark = story or self.grouper.assign(article)
        self.grouper.take(article.content_hash)
        article.group_id = mark.group_id
        if not is_leader(article):  # a syndicated copy: its events are its group's, coded once
            article.events = []
        written = self.store.write_article(conn, article, self.run_id, _story_row(mark))
        merge_written(conn, written.events, written.left)
        return written.new, written.changed

    def _add(self, article: Article, story: StoryMark | None) -> Outcome:
        """``article`` in a transaction of its own (a store failure raises ``StoreError``)."""
        try:
            with self.store.transaction() as conn:
                return self.write_article(conn, article, story)
        except SQLAlchemyError as exc:
            raise StoreError(f"{article.source}: cannot store the article: {exc}") from exc

    def write(self, record: Record) -> Outcome:
        """Store one record in its own transaction; a store failure raises ``StoreError``."""
        if isinstance(record, Rejection):
            self.store.add_rejection(record, self.run_id)
            outcome: Outcome = None
        else:
            assert isinstance(record, Article)
            outcome = self._add(record, self._story(record))
        self.summary.count(record, outcome)
        return outcome

    def one(self, record: Record) -> None:
        """Store one record; a store failure is logged and counted (one bad record never stops
        the batch nor loses what is stored)."""
        try:
            self.write(record)
        except StoreError as exc:
            log.error("%s", exc)
            self.summary.failed(record)

    def shard(self, key: str, label: str, records: list[Article | Rejection]) -> None:
        """The shard's records and its marker in one transaction (a killed run leaves it wholly
        stored or not at all); if that fails, record by record (one bad record loses only
        itself), then the marker.  A shard another run stored meanwhile is skipped."""
        stories = {r.content_hash: self._story(r) for r in records if isinstance(r, Article)}
        mark = {"key": key, "label": label, "pages": len(records), "run_id": self.run_id,
                "stats": {"rejected": dict(Counter(r.reason for r in records if isinstance(r, Rejection)))}}
        try:
            with self.store.transaction() as conn:
                if self.store.shard_marked(conn, key):
                    log.info("%s: already stored by another run", label)
                    return
                outcomes = [self._write_in(conn, r, stories) for r in records]
                self.store.mark_shard(conn, mark)
        except SQLAlchemyError as exc:
            log.warning("%s: the shard could not be stored at once (%s); storing it record by record", label, exc)
            self._one_by_one(records, stories)
            self.store.mark_shard_alone(mark)
            return
        for record, outcome in zip(records, outcomes):
            self.summary.count(record, outcome)

    def _write_in(self, conn: Connection, record: Article | Rejection,
                  stories: dict[str, StoryMark | None]) -> Outcome:
        if isinstance(record, Article):
            return self.write_article(conn, record, stories[record.content_hash])
        self.store.write_rejection(conn, record, self.run_id)
        return None

    def _one_by_one(self, records: list[Article | Rejection], stories: dict[str, StoryMark | None]) -> None:
        for record in records:
            try:
                if isinstance(record, Article):
                    outcome: Outcome = self._add(record, stories.get(record.content_hash))
                else:
                    self.store.add_rejection(record, self.run_id)
                    outcome = None
            except StoreError as exc:
                log.error("%s", exc)
                self.summary.failed(record)
                continue
            self.summary.count(record, outcome)
