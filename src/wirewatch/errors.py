"""wirewatch's one exception tree.  Library code raises these, translated from the underlying
library's error at the boundary with ``raise ... from exc``; the CLI turns them into one-line
messages and exit codes."""

from __future__ import annotations


class WirewatchError(Exception):
    """Base of every error wirewatch raises on purpose."""


class InputError(WirewatchError):
    """An input could not be read: missing, unreadable, empty, binary, undecodable, corrupt,
    over a size limit.  ``source`` names the input and ``reason`` is a short code."""

    def __init__(self, source: str, reason: str, detail: str = "") -> None:
        self.source = source
        self.reason = reason
        self.detail = detail
        super().__init__(f"{source}: {reason}" + (f": {detail}" if detail else ""))


class FetchError(InputError):
    """A URL could not be fetched (network error, refused address, HTTP error, too large)."""


class StageTimeout(WirewatchError):
    """A stage took longer than its per-page time limit."""


class StoreError(WirewatchError):
    """The store could not be opened, migrated or written."""


class ConfigError(WirewatchError):
    """A setting or data file is invalid."""


class GazetteerError(WirewatchError):
    """The gazetteer could not be built, installed or opened."""


def describe(exc: BaseException) -> str:
    """An exception as one line for a rejection or a log: its type and, when it has one, its
    message ("ValueError: bad port"; a bare ``AssertionError`` from lxml is just its type)."""
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
