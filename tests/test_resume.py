"""A sharded run killed with SIGKILL at 20 random points of a 1,000-page job, each kill followed
by a resume, ends with exactly what one uninterrupted run stores: no page lost, no article,
event or rejection stored twice."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests._corpus import write_archives
from tests.test_shards import stored
from wirewatch.settings import Settings
from wirewatch.shards import ProcessMap, plan, run_sharded, shard_marks
from wirewatch.store import Store

PAGES, SHARD_PAGES, KILLS = 1000, 25, 20


def _job(inputs: list[str], db: str) -> None:
    store = Store(db)
    run_sharded(inputs, store, Settings(workers=2), executor=ProcessMap(2), shard_pages=SHARD_PAGES)
    store.close()


def _marks(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(shard_marks)).scalar_one())


def _run_until_killed(inputs: list[str], db: str, watch: Store, target: int, rng: random.Random) -> bool:
    """Start a run (a forked process: a real process, killed for real), SIGKILL it once
    ``target`` shards are marked plus a random few milliseconds; False if it finished first."""
    proc = mp.get_context("fork").Process(target=_job, args=(inputs, db))
    proc.start()
    assert proc.pid is not None
    deadline = time.monotonic() + 60
    while _marks(watch) < target and proc.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.08))  # land anywhere: mid-shard, mid-commit, between shards
    killed = proc.is_alive()
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    return killed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked run")
def test_kill_minus_nine_at_twenty_points_then_resume_loses_and_duplicates_nothing(
        tmp_path: Path, db_url: str) -> None:
    inputs = [str(p) for p in write_archives(tmp_path / "crawl", PAGES, files=8, wet_every=4, bad_every=40)]
    n_shards = len(plan(inputs, SHARD_PAGES)[0])
    assert n_shards == PAGES // SHARD_PAGES
    rng = random.Random(20)
    targets = sorted(rng.sample(range(n_shards), KILLS))  # kill points spread over the whole job

    # load the stages' models here once: every forked run (and its workers) inherits them
    warm = write_archives(tmp_path / "warm", 4, files=1, seed=99)
    run_sharded([str(warm[0])], Store(str(tmp_path / "warm.db")), Settings(workers=1))

    watch = Store(db_url)
    kills = sum(_run_until_killed(inputs, db_url, watch, t, rng) for t in targets)
    assert kills >= KILLS - 2  # (a run may rarely finish its last shard before the signal)
    assert _marks(watch) < n_shards or kills < KILLS

    _job(inputs, db_url)  # the final resume runs to the end
    ref = Store(str(tmp_path / "ref.db"))
    run_sharded(inputs, ref, Settings(workers=2), executor=ProcessMap(2), shard_pages=SHARD_PAGES)
    got, want = stored(watch), stored(ref)
    assert got == want
    sources = {a["source"] for a in got["articles"].values()} | {s for s, _ in got["rejections"]}
    assert len(sources) == PAGES and len(got["rejections"]) == 18  # every page, once (18 HTTP 404s)
    assert len({e[0] for e in got["events"]}) == len(got["events"])
    assert _marks(watch) == n_shards
    watch.close()
    ref.close()
