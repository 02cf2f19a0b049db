"""Per-site boilerplate learned from text dumps: a line repeated across several different pages
of the same site is that site's chrome (menus, banners, footers), not article text.

The site-memory stage runs in the main process, before the article stage is spread over
workers: it reads a window of pages, learns from the text dumps in it, and marks on each page
the keys of its lines that are its site's boilerplate.  What it learns is saved in the store,
so later runs start from it."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from wirewatch.ingest.sniff import is_html
from wirewatch.pipeline import Stage, StageStats
from wirewatch.records import Page, Record, Rejection

MIN_PAGES = 2  # a line seen on this many distinct pages of a site is boilerplate
WINDOW = 1024  # pages learned from together


def line_key(line: str) -> str:
    norm = re.sub(r"\s+", " ", line.strip().lower())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def site_of(page: Page) -> str:
    """The page's site: its URL host, else the file-name prefix before a trailing number."""
    if page.site_hint:
        return page.site_hint.lower().removeprefix("www.")
    name = Path(page.source.split("#")[0]).name.split(".txt")[0]
    return re.sub(r"[_\-]?\d+$", "", name) or name


def page_text(page: Page) -> str:
    return page.text if page.text is not None else page.content.decode("utf-8", "replace")


def is_text_page(page: Page) -> bool:
    return page.kind == "text" if page.kind is not None else not is_html(page.content)


class SiteMemory:
    def __init__(self, lines: dict[str, set[str]] | None = None) -> None:
        self.lines: dict[str, set[str]] = defaultdict(set, lines or {})
        self.new: dict[str, set[str]] = defaultdict(set)  # learned in this run, for the store

    def learn(self, pages: Iterable[Page]) -> None:
        per_site: dict[str, Counter[str]] = defaultdict(Counter)
        for page in pages:
            keys = {line_key(line) for line in page_text(page).splitlines() if line.strip()}
            per_site[site_of(page)].update(keys)
        for site, counts in per_site.items():
            for key, n in counts.items():
                if n >= MIN_PAGES and key not in self.lines[site]:
                    self.lines[site].add(key)
                    self.new[site].add(key)

    def marks(self, page: Page) -> frozenset[str]:
        known = self.lines.get(site_of(page), set())
        return frozenset(k for k in (line_key(x) for x in page_text(page).splitlines() if x.strip())
                         if k in known)


class SiteMemoryStage(Stage):
    name = "site_memory"
    needs = ("page",)
    adds = ("boilerplate_marks",)

    def __init__(self, memory: SiteMemory | None = None, window: int = WINDOW) -> None:
        self.memory = memory if memory is not None else SiteMemory()
        self.window = window

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        it = iter(records)
        while batch := list(itertools.islice(it, self.window)):
            texts = [r for r in batch if isinstance(r, Page) and is_text_page(r)]
            self.memory.learn(texts)
            for record in batch:
                if isinstance(record, Page) and is_text_page(record):
                    record.boilerplate = self.memory.marks(record)
                    stats.counters["marked_lines"] += len(record.boilerplate)
                if not isinstance(record, Rejection):
                    stats.kept += 1
                yield record
