"""Story grouping: syndicated copies of one wire story share a group (MinHash LSH over body
shingles).

Grouping is incremental: each new article is compared with every article seen before (this run
and, through the signatures kept in the store, every earlier run) and joins the group of its
closest near-duplicate, or founds a new group.  A group's id derives from its founding article
(its URL, or its content hash when it has none), so re-running the same input yields the same
ids.  Only a group's founder (its "leader") is coded; copies add their URL, site and time to the
group's sources.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from datasketch import MinHashLSH

from wirewatch.group.shingle import NUM_PERM, Signature, signature
from wirewatch.pipeline import Stage, StageStats
from wirewatch.records import Article, Record, Rejection

if TYPE_CHECKING:
    from wirewatch.store import Store

log = logging.getLogger(__name__)

LSH_THRESHOLD = 0.2  # candidate recall: LSH bands tuned to find pairs from this Jaccard up
MIN_JACCARD = 0.35  # a candidate is a copy when its estimated Jaccard reaches this ...
MIN_CONTAINMENT = 0.6  # ... or when this share of the shorter body is inside the longer one
MIN_CONTAIN_SIZE = 30  # containment alone needs a body of at least this many shingles
MIN_LEADER_CONTAINMENT = 0.3  # and a joiner must share this much with the group's founder too
MIN_SHINGLES = 40  # bodies shorter than this are too generic to group (paywall or cookie notices)


def group_key(article: Article) -> str:
    """The id of the group this article founds, if it founds one."""
    ident = article.url or article.content_hash
    return "g" + hashlib.sha1(ident.encode()).hexdigest()[:20]


def is_leader(article: Article) -> bool:
    """Whether this article is its group's founder (and so is the one coded)."""
    return article.group_id is None or article.group_id == group_key(article)


@dataclass(frozen=True, slots=True)
class StoryMark:
    """The grouping decision for one article, handed to the store with it."""

    group_id: str
    signature: Signature
    similarity: float | None = None  # estimated Jaccard with the closest copy, when it joined one
    matched: str | None = None  # content hash of that closest copy


@dataclass(frozen=True, slots=True)
class KnownStory:
    """An article already in the store, as the grouper needs it after a restart."""

    content_hash: str
    url: str | None
    group_id: str
    signature: Signature


@dataclass(slots=True)
class StoryGrouper:
    """The in-memory LSH index over every known article's signature."""

    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM))
    signatures: dict[str, Signature] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # content hash -> group id
    by_url: dict[str, str] = field(default_factory=dict)  # url -> group id
    leaders: dict[str, str] = field(default_factory=dict)  # group id -> founder's content hash
    marks: dict[str, StoryMark] = field(default_factory=dict)  # decided, not yet stored

    @classmethod
    def from_known(cls, known: Iterable[KnownStory]) -> StoryGrouper:
        grouper = cls()
        with grouper.lsh.insertion_session() as session:
            for story in known:
                grouper.groups[story.content_hash] = story.group_id
                grouper.leaders.setdefault(story.group_id, story.content_hash)
                if story.url:
                    grouper.by_url[story.url] = story.group_id
                if story.content_hash not in grouper.signatures:
                    grouper.signatures[story.content_hash] = story.signature
                    session.insert(story.content_hash, story.signature.minhash())
        return grouper

    def assign(self, article: Article) -> StoryMark:
        """Decide the article's group and remember it (for later articles and for the store)."""
        known = self.groups.get(article.content_hash)
        sig = self.signatures.get(article.content_hash) or signature(article.text)
        if known is not None:  # the very same page again: same group, nothing to learn
            mark = StoryMark(known, sig)
        elif article.url and article.url in self.by_url:  # a corrected page keeps its group
            mark = StoryMark(self.by_url[article.url], sig)
            self._remember(article, mark)
        else:
            mark = self._match(article, sig)
            self._remember(article, mark)
        self.marks[article.content_hash] = mark
        return mark

    def take(self, content_hash: str) -> StoryMark | None:
        return self.marks.pop(content_hash, None)

    def _match(self, article: Article, sig: Signature) -> StoryMark:
        best: tuple[float, str] | None = None
        if sig.size >= MIN_SHINGLES:
            for key in self.lsh.query(sig.minhash()):
                other = self.signatures[key]
                if other.size < MIN_SHINGLES or not _is_copy(sig, other) or not self._near_leader(sig, key):
                    continue
                score = sig.jaccard(other)
                if best is None or (score, key) > best:
                    best = (score, key)
        if best is None:
            return StoryMark(group_key(article), sig)
        return StoryMark(self.groups[best[1]], sig, best[0], best[1])

    def _near_leader(self, sig: Signature, key: str) -> bool:
        """A page that mixes two stories (a copy with its host's story left in the chrome) is
        close to a copy of each: it may join a group only if it also shares enough with the
        group's founder, so it never bridges two stories into one group."""
        leader = self.signatures.get(self.leaders.get(self.groups[key], key))
        return leader is None or leader is sig or sig.containment(leader) >= MIN_LEADER_CONTAINMENT

    def _remember(self, article: Article, mark: StoryMark) -> None:
        self.groups[article.content_hash] = mark.group_id
        self.leaders.setdefault(mark.group_id, article.content_hash)
        if article.url:
            self.by_url.setdefault(article.url, mark.group_id)
        if article.content_hash not in self.signatures:
            self.signatures[article.content_hash] = mark.signature
            self.lsh.insert(article.content_hash, mark.signature.minhash())


def _is_copy(a: Signature, b: Signature) -> bool:
    if a.jaccard(b) >= MIN_JACCARD:
        return True
    return min(a.size, b.size) >= MIN_CONTAIN_SIZE and a.containment(b) >= MIN_CONTAINMENT


class GroupStage(Stage):
    """Runs in the main process (the LSH index is shared state): sets ``Article.group_id``."""

    name = "group"
    needs = ("article",)  # checked across segment boundaries by the plan (``wirewatch.plan``)
    adds = ("group",)

    def __init__(self, grouper: StoryGrouper) -> None:
        self.grouper = grouper

    def process(self, record: Any) -> Record:
        article: Article = record
        mark = self.grouper.assign(article)
        article.group_id = mark.group_id
        return article

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for out in super().run(records, stats):
            if isinstance(out, Article) and not is_leader(out):
                stats.counters["copies"] += 1
            yield out


class LeadersOnly(Stage):
    """Wraps a worker stage (code, place) so it runs on group leaders only: a syndicated copy's
    events are its group's events, coded once from the leader."""

    needs: ClassVar[tuple[str, ...]] = ()
    adds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, inner: Stage) -> None:
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]  # stats stay under the inner stage's name
        self.needs = inner.needs  # type: ignore[misc]
        self.adds = inner.adds  # type: ignore[misc]

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Article) and not is_leader(record):
                stats.counters["copies_not_coded"] += 1
                yield record
            elif isinstance(record, Rejection):
                yield record
            else:
                yield from self.inner.run([record], stats)


def known_stories(store: Store) -> Iterator[KnownStory]:
    """Every stored article's signature and group, to rebuild the grouper after a restart."""
    for content_hash, url, group_id, sig, size in store.story_signatures():
        yield KnownStory(content_hash, url, group_id, Signature.from_bytes(sig, size))
