"""A pipeline is a plain list of small stages: generator in, generator out.

Every stage counts what it kept and what it dropped, by reason.  A refusal is a ``Rejection``
value that flows on to the sink; it is never an exception swallowed into ``None``.  Stages
declare what they need and what they add, so a pipeline can be checked before it runs.
Executors (``wirewatch.executors``) know nothing about stages: they only call ``Pipeline.run``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wirewatch.errors import ConfigError, WirewatchError, describe
from wirewatch.records import Record, Rejection

log = logging.getLogger(__name__)


@dataclass(slots=True)
class StageStats:
    """What one stage kept and dropped, by reason."""

    name: str
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    counters: Counter[str] = field(default_factory=Counter)  # stage-specific counts (events, places)

    def merge(self, other: StageStats) -> None:
        self.kept += other.kept
        self.dropped.update(other.dropped)
        self.counters.update(other.counters)

    def as_dict(self) -> dict[str, Any]:
        return {"kept": self.kept, "dropped": dict(self.dropped), **dict(self.counters)}


class Stage:
    """Base of every stage.  Subclasses implement ``process`` (one record in, one out) or, for
    stages that look at several records at once, override ``run``."""

    name: ClassVar[str] = "stage"
    needs: ClassVar[tuple[str, ...]] = ()  # what must be on the record before this stage
    adds: ClassVar[tuple[str, ...]] = ()  # what this stage puts on it

    def process(self, record: Any) -> Record:
        raise NotImplementedError

    def run(self, records: Iterable[Record], stats: StageStats) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Rejection):
                yield record
                continue
            out = self._guarded(record)
            if isinstance(out, Rejection):
                stats.dropped[out.reason] += 1
                log.warning("%s", out.message())
            else:
                stats.kept += 1
            yield out

    def _guarded(self, record: Any) -> Record:
        """Turn any error raised while processing one record into a Rejection naming the input."""
        try:
            return self.process(record)
        except Exception as exc:  # noqa: BLE001  (one page's failure never stops the batch)
            return failed(record, self.name, exc)


def failed(record: Any, stage: str, exc: Exception) -> Rejection:
    """The Rejection of a record whose processing raised ``exc``.  A wirewatch error carries its
    own reason; running out of memory (the worker's ceiling) is ``too_large``; anything else, in
    our code or a library's (an lxml assertion on a mangled tree), is ``internal_error`` naming
    the exception's type, with its traceback logged at debug level."""
    source = str(getattr(record, "source", "?"))
    if isinstance(exc, WirewatchError):
        reason = getattr(exc, "reason", type(exc).__name__)
        return Rejection(source, stage, str(reason), getattr(exc, "detail", "") or str(exc))
    if isinstance(exc, MemoryError):
        return Rejection(source, stage, "too_large", "over the worker's memory ceiling")
    log.debug("%s: %s failed", source, stage, exc_info=exc)
    return Rejection(source, stage, "internal_error", describe(exc)[:500])


class Pipeline:
    """An ordered list of stages run as a chain of generators."""

    def __init__(self, stages: Sequence[Stage], have: Sequence[str] = ("page",)) -> None:
        """``have``: what is on the records coming in (a later segment of a plan starts from
        what the earlier ones added: ``wirewatch.plan``)."""
        self.stages = list(stages)
        self.stats = {s.name: StageStats(s.name) for s in self.stages}
        self._check(set(have))

    def _check(self, have: set[str]) -> None:
        for stage in self.stages:
            missing = [n for n in stage.needs if n not in have]
            if missing:
                raise ConfigError(f"stage {stage.name!r} needs {missing}, which no earlier stage adds")
            have.update(stage.adds)

    def run(self, records: Iterable[Record]) -> Iterator[Record]:
        stream: Iterable[Record] = records
        for stage in self.stages:
            stream = stage.run(stream, self.stats[stage.name])
        return iter(stream)

    def merge_stats(self, stats: dict[str, StageStats]) -> None:
        for name, s in stats.items():
            self.stats.setdefault(name, StageStats(name)).merge(s)
