"""Per-site boilerplate learned from text dumps: a line repeated across several different pages
of the same site is that site's chrome (menus, banners, footers), not article text.

Site memory is a learn and mark pair (``wirewatch.plan``).  The learning stage runs in the main
process, before the pages are spread over workers: it reads a window of pages, learns from the
text dumps in it, and attaches to each text page what is known of its site's chrome
(``Page.site_lines``).  The marking stage runs in the worker, beside the article stage: it puts
on the page the keys of its lines that are its site's boilerplate.  What is learned is saved in
the store, so later runs start from it."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wirewatch.ingest.sniff import is_html
from wirewatch.pipeline import Stage, StageStats, failed
from wirewatch.records import Page, Record, Rejection

MIN_PAGES = 2  # a line seen on this many distinct pages of a site is boilerplate
WINDOW = 1024  # pages learned from together
CONTENT_WORDS = 10  # lines this long are a page's content when comparing two pages
SAME_STORY = 0.5  # share of content lines two copies of one story have in common
CLUSTER_MIN_SHARED = 25  # short lines two unnamed pages share to be one site's ...
CLUSTER_SHARE = 0.3  # ... and this share of the smaller page's short lines
CLUSTER_KEY_MAX_PAGES = 50  # a short line on more pages than this is too common to tell
MAX_PAIR_CHECKS = 40  # pairs tried before a shared line is judged a syndicated story's
_HEX_NAME = re.compile(r"^[0-9a-f]{16,}$")
_DOMAIN_PREFIX = re.compile(r"^((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[_\-]|$)")


def line_key(line: str) -> str:
    norm = " ".join(line.lower().split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def site_of(page: Page) -> str:
    """The page's site: its URL host; else a domain the file name starts with
    ("washingtonpost.com_blog1_8.txt"); else the file name without a trailing number.  A file
    named by a content hash is a site of its own."""
    if page.site_hint:
        return page.site_hint.lower().removeprefix("www.")
    if page.url:
        try:
            host = urlsplit(page.url).hostname
        except ValueError:  # a malformed URL ("http://[zz]/x") names no site: the file name does
            host = None
        if host:
            return host.lower().removeprefix("www.")
    name = Path(page.source.split("#")[0]).name.split(".txt")[0].lower()
    if _HEX_NAME.match(name):
        return name
    if m := _DOMAIN_PREFIX.match(name):
        return m.group(1).removeprefix("www.")
    return re.sub(r"[_\-]?\d+$", "", name) or name


def page_text(page: Page) -> str:
    return page.text if page.text is not None else page.content.decode("utf-8", "replace")


def is_text_page(page: Page) -> bool:
    return page.kind == "text" if page.kind is not None else not is_html(page.content)


@dataclass(frozen=True, slots=True)
class Profile:
    """What site memory needs of one page: its site, its line keys, and the keys of its
    content lines (long lines), which tell two copies of one story from two stories."""

    site: str
    keys: frozenset[str]
    content: frozenset[str]
    anonymous: bool = False  # no URL nor telling file name: its site is found by clustering


def profile(page: Page) -> Profile:
    keys: set[str] = set()
    content: set[str] = set()
    for line in page_text(page).splitlines():
        if line.strip():
            key = line_key(line)
            keys.add(key)
            if len(line.split()) >= CONTENT_WORDS:
                content.add(key)
    site, anonymous = site_key(page)
    return Profile(site, frozenset(keys), frozenset(content), anonymous)


def site_key(page: Page) -> tuple[str, bool]:
    """The page's site (``site_of``) and whether it is anonymous: no URL nor telling file
    name, its site found by clustering."""
    site = site_of(page)
    return site, not page.site_hint and not page.url and _HEX_NAME.match(site) is not None


def _different(a: Profile, b: Profile, common: frozenset[str]) -> bool:
    """Whether two pages carry different stories: few of their content lines are shared,
    not counting lines on most of the site's pages (a legal footer)."""
    ca, cb = a.content - common, b.content - common
    if not ca or not cb:
        return True
    return len(ca & cb) / min(len(ca), len(cb)) < SAME_STORY


def boilerplate_keys(profiles: list[Profile], min_pages: int = MIN_PAGES) -> set[str]:
    """Keys of lines repeated on pages of one site that are otherwise different.  A line shared
    only by copies of one syndicated story is that story's text, not the site's chrome."""
    where: dict[str, list[int]] = defaultdict(list)
    for i, prof in enumerate(profiles):
        for key in prof.keys:
            where[key].append(i)
    n = len(profiles)
    common = frozenset(k for k, idx in where.items() if n >= 4 and len(idx) > n // 2)
    content = frozenset().union(*(p.content for p in profiles))
    cache: dict[tuple[int, int], bool] = {}
    out: set[str] = set()
    for key, idx in where.items():
        if len(idx) < min_pages:
            continue
        # a long line on a few of many pages is a column's standing intro, not the site's
        # chrome, which is on most of its pages
        if key in content and n >= 4 and key not in common:
            continue
        if _spread(idx, profiles, common, cache):
            out.add(key)
    return out


def _spread(idx: list[int], profiles: list[Profile], common: frozenset[str],
            cache: dict[tuple[int, int], bool]) -> bool:
    for tries, (i, j) in enumerate(itertools.combinations(idx, 2)):
        if tries >= MAX_PAIR_CHECKS:
            return False
        if (i, j) not in cache:
            cache[(i, j)] = _different(profiles[i], profiles[j], common)
        if cache[(i, j)]:
            return True
    return False


def chrome_clusters(profiles: list[Profile]) -> list[list[Profile]]:
    """Pages of one site among pages that do not name it: pages sharing many short lines (the
    same menus, the same footer) are grouped, by union-find over the pairs that share them.
    Short lines found on very many pages ("Home", "Facebook") say nothing and are skipped."""
    short = [p.keys - p.content for p in profiles]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(short):
        for key in keys:
            postings[key].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for idx in postings.values():
        if 2 <= len(idx) <= CLUSTER_KEY_MAX_PAGES:
            shared.update(itertools.combinations(idx, 2))
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), n in shared.items():
        if n >= CLUSTER_MIN_SHARED and n >= CLUSTER_SHARE * min(len(short[i]), len(short[j])):
            parent[root(i)] = root(j)
    groups: dict[int, list[Profile]] = defaultdict(list)
    for i, prof in enumerate(profiles):
        groups[root(i)].append(prof)
    return [g for g in groups.values() if len(g) >= MIN_PAGES]


class SiteMemory:
    def __init__(self, lines: dict[str, set[str]] | None = None) -> None:
        self.lines: dict[str, set[str]] = defaultdict(set, lines or {})
        self.new: dict[str, set[str]] = defaultdict(set)  # learned in this run, for the store
        # learned for pages whose site was found by clustering: their keys (content hashes)
        # never recur, so this stays out of the store
        self.local: dict[str, set[str]] = defaultdict(set)
        # per site, the frozen known lines handed to pages: pages of one site share one object,
        # which a chunk's pickle then carries once; cleared whenever learning adds lines
        self._known: dict[tuple[str, bool], frozenset[str]] = {}

    def learn(self, pages: Iterable[Page]) -> None:
        self.learn_profiles(profile(page) for page in pages)

    def learn_profiles(self, profiles: Iterable[Profile]) -> None:
        """Learn from page profiles (``profile(page)``), which workers can compute apart."""
        self._known.clear()
        per_site: dict[str, list[Profile]] = defaultdict(list)
        anonymous: list[Profile] = []
        for prof in profiles:
            (anonymous if prof.anonymous else per_site[prof.site]).append(prof)
        for cluster in chrome_clusters(anonymous) if len(anonymous) >= MIN_PAGES else []:
            learned = boilerplate_keys(cluster)
            for prof in cluster:
                self.local[prof.site] |= learned & prof.keys
        for site, group in per_site.items():
            if len(group) < MIN_PAGES:
                continue
            for key in boilerplate_keys(group) - self.lines[site]:
                self.lines[site].add(key)
                self.new[site].add(key)

    def marks(self, page: Page) -> frozenset[str]:
        return self.marks_of(profile(page))

    def known(self, site: str, anonymous: bool) -> frozenset[str]:
        """The line keys known as ``site``'s chrome (an anonymous page's: its cluster's)."""
        key = (site, anonymous)
        if key not in self._known:
            lines = self.local.get(site, ()) if anonymous else self.lines.get(site, ())
            self._known[key] = frozenset(lines)
        return self._known[key]

    def known_for(self, page: Page) -> frozenset[str]:
        return self.known(*site_key(page))

    def marks_of(self, prof: Profile) -> frozenset[str]:
        """Keys of the profiled page's lines known as its site's boilerplate."""
        if prof.anonymous:
            return frozenset(self.local.get(prof.site, ()))
        known = self.lines.get(prof.site)
        return prof.keys & known if known else frozenset()


class SiteMemoryStage(Stage):
    """Learning (main process): learns a window of pages at a time and hands each text page
    what is known of its site (``Page.site_lines``) for ``MarkStage`` to mark in the worker."""

    name = "site_learn"
    needs = ("page",)
    adds = ("site_lines",)

    def __init__(self, memory: SiteMemory | None = None, window: int = WINDOW) -> None:
        self.memory = memory if memory is not None else SiteMemory()
        self.window = window

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        it = iter(records)
        while batch := list(itertools.islice(it, self.window)):
            profiles: dict[int, Profile] = {}
            batch = [self._profiled(r, profiles, stats) for r in batch]
            self.memory.learn_profiles(profiles.values())
            for record in batch:
                if id(record) in profiles:
                    assert isinstance(record, Page)
                    prof = profiles[id(record)]
                    record.site_lines = self.memory.known(prof.site, prof.anonymous)  # marked in the worker
                if not isinstance(record, Rejection):
                    stats.kept += 1
                yield record

    def _profiled(self, record: Record, profiles: dict[int, Profile], stats: StageStats) -> Record:
        """The record, its profile put in ``profiles`` when it is a text page; its rejection when
        profiling it fails (one page never stops a run)."""
        try:
            if isinstance(record, Page) and is_text_page(record):
                profiles[id(record)] = profile(record)
            return record
        except Exception as exc:  # noqa: BLE001
            out = failed(record, self.name, exc)
            stats.dropped[out.reason] += 1
            return out


class KnownLines(Stage):
    """Learning already done (a sharded run's first phase, over the whole job): hands each text
    page what ``memory`` knows of its site, as ``SiteMemoryStage`` does, learning nothing."""

    name = "site_learn"
    needs = ("page",)
    adds = ("site_lines",)

    def __init__(self, memory: SiteMemory) -> None:
        self.memory = memory

    def process(self, record: Any) -> Record:
        page: Record = record
        if isinstance(page, Page) and is_text_page(page):
            page.site_lines = self.memory.known_for(page)
        return page


class MarkStage(Stage):
    """Marking (worker): the keys of a text page's lines its site is known to repeat as chrome
    (``Page.site_lines``, from the learning stage) become its ``boilerplate``."""

    name = "site_memory"
    needs = ("page", "site_lines")
    adds = ("boilerplate_marks",)

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Page):
                try:
                    if record.site_lines and is_text_page(record):
                        record.boilerplate = page_keys(record) & record.site_lines
                        stats.counters["marked_lines"] += len(record.boilerplate)
                except Exception as exc:  # noqa: BLE001  (one page never stops its chunk)
                    rejection = failed(record, self.name, exc)
                    stats.dropped[rejection.reason] += 1
                    yield rejection
                    continue
                record.site_lines = None  # marked: nothing more to carry
                stats.kept += 1
            yield record


def page_keys(page: Page) -> frozenset[str]:
    """The line keys of a page's non-empty lines (``profile``'s keys, without its other parts)."""
    return frozenset(line_key(line) for line in page_text(page).splitlines() if line.strip())
