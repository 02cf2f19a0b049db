"""Cross-source merging benchmark: merged-pair precision/recall on the written corpus
(tests/data/merge/reports.jsonl) and on corpora drawn with other seeds, beside an anchor, and
the cost per report through the store.

Anchor: the rule a simple deduplicator applies, single-link over "same country, same admin1,
dates at most a day apart, same event type" (no actors, no distance, no complete-link).

    python bench/bench_merge.py [--seeds 1 2 3 4 6 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_merge_corpus import build
from tests.test_merge import _article

from wirewatch.group.merge import cluster
from wirewatch.sink import add_article
from wirewatch.store import Store

CORPUS = ROOT / "tests" / "data" / "merge" / "reports.jsonl"


def scores(labels: list[int], gold: list[str]) -> tuple[float, float]:
    idx = range(len(gold))
    got = {(i, j) for i, j in itertools.combinations(idx, 2) if labels[i] == labels[j]}
    want = {(i, j) for i, j in itertools.combinations(idx, 2) if gold[i] == gold[j]}
    tp = len(got & want)
    return tp / max(1, len(got)), tp / max(1, len(want))


def wirewatch_labels(reps: list[dict[str, Any]]) -> list[int]:
    rows = [{**r["fields"], "group_id": r["group_id"], "event_key": r["group_id"]} for r in reps]
    labels = [0] * len(rows)
    for n, members in enumerate(cluster(rows)):
        for i in members:
            labels[i] = n
    return labels


def anchor_labels(reps: list[dict[str, Any]]) -> list[int]:
    parent = list(range(len(reps)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    f = [r["fields"] for r in reps]
    for i, j in itertools.combinations(range(len(reps)), 2):
        a, b = f[i], f[j]
        gap = abs((dt.date.fromisoformat(a["event_date"]) - dt.date.fromisoformat(b["event_date"])).days)
        if (a["country"], a["admin1"], a["event_type"]) == (b["country"], b["admin1"], b["event_type"]) and gap <= 1:
            parent[find(i)] = find(j)
    return [find(i) for i in range(len(reps))]


def store_cost(reps: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "m.db"))
        t0 = time.perf_counter()
        for n, rep in enumerate(reps):
            add_article(store, _article(rep, n))
        spent = time.perf_counter() - t0
        store.close()
    return spent / len(reps) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4, 6, 7])
    args = ap.parse_args()
    sets = [("written corpus", [json.loads(x) for x in CORPUS.read_text().splitlines() if x.strip()])]
    sets += [(f"seed {s}", build(60, s)) for s in args.seeds]
    for name, reps in sets:
        gold = [r["event"] for r in reps]
        p, r = scores(wirewatch_labels(reps), gold)
        ap_, ar = scores(anchor_labels(reps), gold)
        print(f"{name:15s} {len(reps):4d} reports, {len(set(gold)):3d} events | wirewatch P {p:.3f} R {r:.3f} "
              f"| anchor P {ap_:.3f} R {ar:.3f}")
    print(f"store write path incl. merging: {store_cost(sets[0][1]):.1f} ms per report (SQLite)")


if __name__ == "__main__":
    main()
