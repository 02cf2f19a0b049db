"""What the store's migrations need from grouping to bring a store made before version 4 up to
date (``wirewatch.store.migrations.Backfills``): the store layer imports no feature, so this
package registers its functions there when it is imported."""

from __future__ import annotations

from wirewatch.group.incidents import place_events
from wirewatch.group.shingle import signature
from wirewatch.group.story import group_key
from wirewatch.records import Article
from wirewatch.store.migrations import register_backfills


def sign_text(text: str) -> tuple[bytes, int]:
    """A stored body's MinHash signature, as the ``story_signatures`` table keeps it."""
    sig = signature(text)
    return sig.to_bytes(), sig.size


def founding_group(url: str | None, content_hash: str) -> str:
    """The id of the group a stored article founds (it depends on its URL or content hash only)."""
    return group_key(Article(source="", content_hash=content_hash, kind="text", text="", url=url))


def register() -> None:
    register_backfills(place_events=place_events, sign_text=sign_text, founding_group=founding_group)
