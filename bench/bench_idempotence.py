"""Idempotence on 1,000 made-up pages: ``wirewatch run`` twice on the same input (and the runner
forced to re-process every page a third time) leaves the store identical in content, ids
included.  Prints the row counts, whether each re-run changed anything, and the wall times.

    python bench/bench_idempotence.py [--pages 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_run_corpus import write
from tests.test_idempotence import snapshot

from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.store import Store


def _cli_run(pages: Path, db: Path, workers: int) -> float:
    t0 = time.perf_counter()
    subprocess.run(["wirewatch", "run", str(pages), "--db", str(db), "--workers", str(workers)],
                   capture_output=True, check=False)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = write(Path(tmp) / "pages.jsonl", args.pages)
        db = Path(tmp) / "ww.db"
        t1 = _cli_run(pages, db, args.workers)
        store = Store(str(db))
        first = snapshot(store)
        store.close()
        t2 = _cli_run(pages, db, args.workers)
        store = Store(str(db))
        second = snapshot(store)
        t0 = time.perf_counter()
        run([str(pages)], store, Settings(workers=args.workers))
        t3 = time.perf_counter() - t0
        third = snapshot(store)
        store.close()
    counts = {k: len(v) for k, v in first.items() if v}
    print(f"{args.pages} pages; rows after the first run: {counts}")
    print(f"first run {t1:.1f} s; second `wirewatch run` {t2:.1f} s -> identical: {second == first}; "
          f"runner re-processing every page {t3:.1f} s -> identical: {third == first}")


if __name__ == "__main__":
    main()
