"""Story-grouping benchmark: pair precision/recall and cost per page, beside two anchors.

Pages are extracted once with wirewatch's own article stage (not timed); then, in the same run:
- wirewatch: ``StoryGrouper.assign`` (4-word shingles, MinHash LSH, Jaccard or containment check);
- anchor "exact": pages grouped when their case-folded, punctuation-free bodies are identical;
- anchor "datasketch-default": datasketch's README recipe (word set, SHA-1, MinHashLSH 0.5).

    python bench/make_group_corpus.py --out /tmp/ww_group_corpus
    python bench/bench_group.py /tmp/ww_group_corpus [--repeat 5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from wirewatch.group.shingle import words
from wirewatch.group.story import StoryGrouper
from wirewatch.records import Article
from wirewatch.runner import extract
from wirewatch.settings import Settings


def load(corpus: Path) -> tuple[list[Article], dict[str, str]]:
    gold: dict[str, str] = json.loads((corpus / "gold.json").read_text())
    paths = [str(corpus / "pages" / name) for name in sorted(gold)]
    arts = [a for a in extract(paths, Settings(workers=2, site_memory=True)) if isinstance(a, Article)]
    return arts, {str(corpus / "pages" / k): v for k, v in gold.items()}


def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for item, lab in labels.items():
        by.setdefault(lab, []).append(item)
    return {tuple(sorted(p)) for members in by.values() for p in itertools.combinations(members, 2)}  # type: ignore[misc]


def score(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    p, g = pairs(pred), pairs({k: gold[k] for k in pred})
    tp = len(p & g)
    return (tp / len(p) if p else 1.0), (tp / len(g) if g else 1.0)


def wirewatch_groups(arts: list[Article]) -> dict[str, str]:
    grouper = StoryGrouper()
    return {a.source: grouper.assign(a).group_id for a in arts}


def exact_groups(arts: list[Article]) -> dict[str, str]:
    return {a.source: " ".join(words(a.text)) for a in arts}


def datasketch_groups(arts: list[Article]) -> dict[str, str]:
    lsh, out = MinHashLSH(threshold=0.5, num_perm=128), {}
    for i, a in enumerate(arts):
        m = MinHash(num_perm=128)
        m.update_batch([w.encode() for w in set(a.text.split())])
        found = lsh.query(m)
        out[a.source] = out[arts[int(min(found))].source] if found else a.source
        lsh.insert(str(i), m)
    return out


def timed(fn: Callable[[list[Article]], dict[str, str]], arts: list[Article], repeat: int
          ) -> tuple[dict[str, str], float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn(arts)
        times.append((time.perf_counter() - t0) / len(arts) * 1000)
    return res, statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    arts, gold = load(args.corpus)
    print(f"{len(arts)} articles extracted, {len({gold[a.source] for a in arts})} stories, "
          f"{len(pairs({a.source: gold[a.source] for a in arts}))} gold pairs")
    base = None
    for name, fn in [("wirewatch", wirewatch_groups), ("exact", exact_groups),
                     ("datasketch-default", datasketch_groups)]:
        pred, ms = timed(fn, arts, args.repeat)
        prec, rec = score(pred, gold)
        base = base or ms
        print(f"{name:20s} precision {prec:.3f}  recall {rec:.3f}  median {ms:.3f} ms/page "
              f"(x{ms / base:.2f} of wirewatch)")
        if name == "wirewatch":
            _misses(pred, gold)


def _misses(pred: dict[str, str], gold: dict[str, str]) -> None:
    p, g = pairs(pred), pairs({k: gold[k] for k in pred})
    for a, b in sorted(p - g)[:10]:
        print("  false pair:", Path(a).name, Path(b).name)
    for a, b in sorted(g - p)[:10]:
        print("  missed pair:", Path(a).name, Path(b).name)


if __name__ == "__main__":
    main()
