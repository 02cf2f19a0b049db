"""The watcher's tables: the feeds an operator follows and every item seen in them.

An item is written ``pending`` the moment it is first seen and only marked ``done`` (or
``rejected``) after its page went through the pipeline and the store, in that order, so a
restart at any point neither loses an item (pending ones are picked up again) nor repeats one
(done ones are never fetched twice)."""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from wirewatch.store.schema import metadata

feeds = Table(
    "feeds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("added", String(32), nullable=False),
    Column("every_s", Float),  # poll interval wished for this feed; None = the watcher's default
    Column("last_polled", String(32)),
    Column("last_ok", String(32)),
    Column("last_error", Text),
    Column("errors", Integer, nullable=False, default=0),  # consecutive failed polls
    Column("active", Integer, nullable=False, default=1),
)

feed_items = Table(
    "feed_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", Integer, ForeignKey("feeds.id"), nullable=False),
    Column("item_key", String(64), nullable=False),  # sha1 of the entry id, or of its link
    Column("link", Text, nullable=False),
    Column("title", Text),
    Column("published", String(32)),
    Column("state", String(16), nullable=False),  # pending | done | rejected | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("first_seen", String(32), nullable=False),
    Column("finished", String(32)),
    Column("reason", String(64)),
    Column("detail", Text),
    Column("article_hash", String(64)),
    UniqueConstraint("feed_id", "item_key"),
    Index("ix_feed_items_state", "state"),
)

# each feed's HTTP validators, sent back on the next poll (a conditional GET: 304 when unchanged)
feed_http = Table(
    "feed_http", metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id"), primary_key=True),
    Column("etag", Text),
    Column("last_modified", String(64)),
)
