"""robots.txt, fetched through the same guarded fetcher as pages and cached per site for a day.

Per RFC 9309: a missing robots.txt (any 4xx) allows everything; a server error or an unreachable
site disallows everything for now (the item is retried later, not dropped)."""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from wirewatch.errors import FetchError
from wirewatch.ingest.urls import USER_AGENT, fetch

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512_000
CACHE_S = 86_400.0


@dataclass(slots=True)
class RobotsRule:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    unreachable: bool
    fetched: float

    def allows(self, url: str) -> bool:
        if self.unreachable:
            return False
        return True if self.parser is None else self.parser.can_fetch(USER_AGENT, url)

    def delay(self) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(USER_AGENT)
        return float(value) if value else 0.0


class Robots:
    def __init__(self, timeout_s: float, allow_private: bool = False) -> None:
        self.timeout_s, self.allow_private = timeout_s, allow_private
        self._rules: dict[str, RobotsRule] = {}

    def rule(self, url: str) -> RobotsRule:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        have = self._rules.get(site)
        if have is None or time.monotonic() - have.fetched > (60.0 if have.unreachable else CACHE_S):
            have = self._rules[site] = self._load(site)
        return have

    def _load(self, site: str) -> RobotsRule:
        now = time.monotonic()
        try:
            body = fetch(f"{site}/robots.txt", ROBOTS_MAX_BYTES, self.timeout_s, self.allow_private)
        except FetchError as exc:
            if exc.reason == "http_error" and exc.detail.startswith("HTTP 4"):
                return RobotsRule(None, False, now)
            log.warning("robots.txt of %s unavailable (%s): not fetching there for now", site, exc)
            return RobotsRule(None, True, now)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return RobotsRule(parser, False, now)
