"""Poison pages cost only themselves (issue 18): a run over N good pages with 20 poison pages
mixed in stores all N and names all 20, at a throughput within 10 % of the clean run's.

    python bench/bench_poison.py [--pages 1000] [--repeat 1] [--workers 2] [--json out.json]

The good pages are made-up reports (``make_run_corpus.py``), one HTML file each.  The poison
(our own, deterministic): the 110-byte page on which lxml asserts inside htmldate, in 8
variants; 4 one-line pages of ``&amp;`` (1-4 MB); 4 of random bytes; 4 of 50,000 nested
``<div>``.  Clean and poisoned runs alternate, which goes first alternating too (``wirewatch
run``'s path, ``run_job``, a fresh SQLite store each); the figures are medians: good pages per
second of wall time, and the CPU seconds of the whole process tree (this process and its reaped
workers), which a busy machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_run_corpus import pages as made_up_pages

POISON_KINDS = 20


def poison(folder: Path, seed: int = 5, spread: int = 0) -> list[str]:
    """Write the 20 poison pages; with ``spread``, named to sort evenly among ``spread`` good
    pages (``page00049_poison_...``), so they are mixed into the shards, not all in the last."""
    rng = random.Random(seed)
    names: list[str] = []

    def name(kind: str) -> str:
        at = (len(names) * spread) // POISON_KINDS + spread // (2 * POISON_KINDS)
        return f"page{at:05d}_poison_{kind}.html" if spread else f"poison_{kind}.html"

    for n in range(8):
        names.append(name(f"assert{n}"))
        (folder / names[-1]).write_bytes(
            f"<math><script>x</script>Gunmen killed {n + 2} people in an attack on a village near "
            f"Mopti on Monday, the army said.<tr>".encode())
    for n in range(4):
        names.append(name(f"line{n}"))
        (folder / names[-1]).write_bytes(b"&amp;" * ((n + 1) * 200_000))
    for n in range(4):
        names.append(name(f"bytes{n}"))
        (folder / names[-1]).write_bytes(rng.randbytes(50_000 + n))
    for n in range(4):
        names.append(name(f"deep{n}"))
        (folder / names[-1]).write_bytes(b"<html><body>" + b"<div>" * 50_000 + f"x{n}".encode())
    assert len(names) == POISON_KINDS
    return names


def corpus(root: Path, total: int) -> tuple[Path, Path, int]:
    clean, poisoned = root / "clean", root / "poisoned"
    clean.mkdir()
    poisoned.mkdir()
    good = [p for p in made_up_pages(total + total // 10) if p.get("html", "").strip()][:total]
    for n, p in enumerate(good):
        for folder in (clean, poisoned):
            (folder / f"page{n:05d}.html").write_text(p["html"], encoding="utf-8")
    poison(poisoned, spread=len(good))
    return clean, poisoned, len(good)


def one_run(folder: Path, db: Path, workers: int) -> dict[str, Any]:
    from wirewatch.settings import Settings
    from wirewatch.shards import run_job
    from wirewatch.store import Store

    store = Store(str(db))
    cpu_before = _tree_cpu()
    started = time.perf_counter()
    summary = run_job([str(folder)], store, Settings(workers=workers))
    seconds = time.perf_counter() - started
    cpu = _tree_cpu() - cpu_before
    with store.engine.connect() as conn:
        rejected = {Path(r[0]).name: r[1] for r in conn.exec_driver_sql("SELECT source, reason FROM rejections")}
    stored_articles = store.counts()["articles"]
    store.close()
    return {"seconds": seconds, "cpu_s": cpu, "articles": stored_articles, "kept": summary.articles_kept,
            "rejected": rejected}


def _tree_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's workers are
    joined when a run ends)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        clean, poisoned, good = corpus(root, args.pages)
        runs: dict[str, list[dict[str, Any]]] = {"clean": [], "poisoned": []}
        pair = (("clean", clean), ("poisoned", poisoned))
        for r in range(args.repeat):
            for name, folder in (pair if r % 2 == 0 else pair[::-1]):  # neither always runs first
                runs[name].append(one_run(folder, root / f"{name}{r}.db", args.workers))
    rate = {k: statistics.median(good / x["seconds"] for x in v) for k, v in runs.items()}
    cpu = {k: statistics.median(x["cpu_s"] for x in v) for k, v in runs.items()}
    last = runs["poisoned"][-1]
    named = sorted(n for n in last["rejected"] if "poison" in n)
    report = {
        "good_pages": good, "poison_pages": POISON_KINDS, "workers": args.workers, "repeat": args.repeat,
        "clean_good_pages_per_s": round(rate["clean"], 2), "poisoned_good_pages_per_s": round(rate["poisoned"], 2),
        "ratio": round(rate["poisoned"] / rate["clean"], 3),
        "clean_cpu_s": round(cpu["clean"], 2), "poisoned_cpu_s": round(cpu["poisoned"], 2),
        "cpu_ratio": round(cpu["clean"] / cpu["poisoned"], 3),  # as the rate's: below 1 costs more
        # a clean and a poisoned run side by side share the machine's load of the moment, which
        # drifts over minutes on a shared machine: the median of the per-pair ratios follows it
        "pair_ratios": [round(c["seconds"] / p["seconds"], 3) for c, p in zip(runs["clean"], runs["poisoned"])],
        "pair_cpu_ratios": [round(c["cpu_s"] / p["cpu_s"], 3) for c, p in zip(runs["clean"], runs["poisoned"])],
        "seconds": {k: [round(x["seconds"], 2) for x in v] for k, v in runs.items()},
        "clean_articles_stored": runs["clean"][-1]["articles"], "poisoned_articles_stored": last["articles"],
        "poison_named": len(named), "poison_reasons": sorted({last["rejected"][n] for n in named}),
        "good_pages_rejected": sorted(n for n in last["rejected"] if "poison" not in n),
    }
    report["pair_ratio_median"] = statistics.median(report["pair_ratios"])
    report["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
