"""A per-page time limit that works without threads: SIGALRM in the process's main thread.
Off the main thread (or where SIGALRM does not exist) the limit is not enforced, and that is
logged once, so a caller embedding wirewatch in a thread knows."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from wirewatch.errors import StageTimeout

log = logging.getLogger(__name__)
_warned = False


class _Expired(BaseException):
    """Raised by the alarm.  A BaseException so that libraries' broad ``except Exception``
    (trafilatura wraps lxml parsing in one) cannot swallow it; turned into StageTimeout below."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    global _warned
    usable = seconds > 0 and hasattr(signal, "setitimer")
    if usable and threading.current_thread() is not threading.main_thread():
        if not _warned:
            log.info("per-page time limit not enforced off the main thread")
            _warned = True
        usable = False
    if not usable:
        yield
        return

    def _raise(signum: int, frame: FrameType | None) -> None:
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired as exc:
        raise StageTimeout(f"{what}: over the {seconds:g} s time limit") from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
