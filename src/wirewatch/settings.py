"""Run-time limits and defaults, in one place.  Every field is documented in docs/settings.md
(a test keeps the two in step) and can be set from the environment as ``WIREWATCH_<NAME>``."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True, slots=True)
class Settings:
    max_page_bytes: int = 10_000_000  # a page larger than this is rejected (reason: too_large)
    page_timeout_s: float = 20.0  # per-page time limit of the article stage
    fetch_timeout_s: float = 20.0  # connect/read timeout for URL fetches
    workers: int = 0  # processes for the local executor; 0 means one per core
    chunk_size: int = 64  # pages handed to a worker at a time
    db: str = "wirewatch.db"  # SQLite path or SQLAlchemy URL
    site_memory: bool = True  # learn per-site boilerplate lines from text dumps
    # cheap pre-checks of ingest, before any parser sees a page (docs/settings.md)
    max_line_bytes: int = 3_000_000  # longest line, after breaking between block tags
    max_tags: int = 250_000  # "<" in a page (an upper bound of its tags, counted at C speed)
    max_tag_depth: int = 20_000  # a no_article page nested deeper than libxml2 keeps is flattened up to this depth
    max_gzip_ratio: float = 200.0  # decompressed/compressed size of a .gz input
    allow_private: bool = False  # let URL inputs fetch loopback and private addresses
    # a page holding a worker past page_timeout_s + this (inside C code, where the time limit
    # cannot interrupt) gets its worker killed and replaced, and is rejected as timeout
    watchdog_margin_s: float = 10.0
    worker_memory_mb: int = 1024  # memory each worker process may take beyond its start; 0: no ceiling
    # the whole process tree's (main process and workers): each worker's ceiling is at most its share
    memory_budget_mb: int = 1536
    cors_origins: str = ""  # comma-separated origins allowed to read the API from a browser ("" = none)
    alert_webhook: str = ""  # URL that new alerts are POSTed to as JSON by watch and serve ("" = none)
    # new alerts mailed through the operator's SMTP server (docs/settings.md); "" = no mail
    alert_email_to: str = ""  # comma-separated recipients
    alert_email_from: str = "wirewatch@localhost"
    alert_smtp_host: str = "localhost"
    alert_smtp_port: int = 25
    alert_smtp_starttls: bool = False
    alert_smtp_user: str = ""  # with a password: log in (after STARTTLS when that is on)
    alert_smtp_password: str = ""
    # coding: a single event's death toll above this is kept as a Figure, never as its fatalities
    max_event_fatalities: int = 1000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"WIREWATCH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(raw, type(getattr(cls(), f.name)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]


def _convert(raw: str, kind: type) -> object:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)
