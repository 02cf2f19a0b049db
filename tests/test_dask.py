"""The Dask executor (a real dask.distributed LocalCluster of processes) gives the same results
as the local executor, through the runner and through a sharded run, with statistics gathered
from its workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from tests._corpus import write_archives
from tests.test_shards import stored
from wirewatch.dask_executor import DaskExecutor
from wirewatch.executors import LocalExecutor
from wirewatch.runner import extract, run
from wirewatch.settings import Settings
from wirewatch.shards import ProcessMap, run_sharded
from wirewatch.store import Store


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    with DaskExecutor(workers=2, chunk_size=8) as ex:
        yield ex


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("crawl")
    return [str(p) for p in write_archives(folder, 90, files=3, wet_every=3, bad_every=20)]


def test_the_cluster_has_two_worker_processes(cluster: DaskExecutor) -> None:
    assert cluster.n_workers() == 2
    pids = set(cluster.map(_pid, range(40)))
    assert len(pids) == 2 and __import__("os").getpid() not in pids


def _pid(_: int) -> int:
    import os
    import time

    time.sleep(0.02)  # long enough that both workers get tasks
    return os.getpid()


def test_map_keeps_item_order(cluster: DaskExecutor) -> None:
    assert list(cluster.map(_square, range(50))) == [n * n for n in range(50)]


def _square(n: int) -> int:
    return n * n


def test_extract_on_dask_equals_the_local_executor(cluster: DaskExecutor, crawl: list[str]) -> None:
    local = LocalExecutor(workers=1)
    want = list(extract(crawl, Settings(), executor=local))
    cluster.stats = {}
    got = list(extract(crawl, Settings(), executor=cluster))
    assert got == want and len(got) == 90
    assert cluster.stats["article"].kept == local.stats["article"].kept == 87


def test_run_on_dask_stores_what_a_local_run_stores(tmp_path: Path, cluster: DaskExecutor,
                                                    crawl: list[str]) -> None:
    ref, got = Store(str(tmp_path / "ref.db")), Store(str(tmp_path / "got.db"))
    want = run(crawl, ref, Settings(workers=1))
    cluster.stats = {}
    summary = run(crawl, got, Settings(), executor=cluster)
    assert stored(got) == stored(ref) and summary.as_dict() == want.as_dict()


def test_sharded_run_on_dask_equals_the_local_pool(tmp_path: Path, cluster: DaskExecutor,
                                                   crawl: list[str]) -> None:
    ref, got = Store(str(tmp_path / "ref.db")), Store(str(tmp_path / "got.db"))
    want = run_sharded(crawl, ref, Settings(), executor=ProcessMap(2), shard_pages=7)
    summary = run_sharded(crawl, got, Settings(), executor=cluster, shard_pages=7)
    assert stored(got) == stored(ref)
    assert summary.as_dict() == want.as_dict()  # per-stage statistics gathered from the workers
    assert summary.stages["article"]["kept"] == 87 and summary.rejected == {"http_error": 3}
