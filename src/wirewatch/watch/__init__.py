"""Watching RSS/Atom feeds: new items fetched politely, run through the pipeline, stored once."""

from wirewatch.watch.process import PageProcessor, Processed
from wirewatch.watch.watcher import RoundReport, WatchConfig, Watcher, item_states, parse_every

__all__ = ["PageProcessor", "Processed", "RoundReport", "WatchConfig", "Watcher", "item_states", "parse_every"]
