"""Event-coding speed: ``wirewatch code`` on short documents and on full articles, beside an
anchor, in one run.

Documents (from ``SHARED``, ../shared by default):
- short: the CASE 2021 task 2 snippets (1-3 sentences each);
- full: the article bodies of ``bench/articles/gold.json`` (news articles of 300-2,000 words).
Contenders, interleaved per round so machine load hits both alike:
- anchor ``keyword-scan``: one compiled case-insensitive regex of every cue word of the lexicon
  run over the text (the least any lexicon coder must do: look at every word once);
- ``wirewatch``: ``wirewatch.code.code_document`` (sentences, cues, classification, actors, dates,
  fatalities, figures, statements).
Prints documents per second (median over rounds) and the ratio to the anchor, then times the
``wirewatch code`` command end to end (process start, JSONL in and out, and by default the place
stage's gazetteer lookup) on about 1,000 documents of each set (the set repeated), with and without
``--no-places``, and the process start-up alone.

    python bench/bench_code.py [SHARED] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wirewatch.code import code_document
from wirewatch.code.lexicon import load_yaml


def _documents(shared: Path) -> dict[str, list[str]]:
    with open(shared / "bench" / "events" / "case2021_task2.tsv", encoding="utf-8") as f:
        short = [r["EventSnippet"] for r in csv.DictReader(f, delimiter="\t")]
    gold = json.loads((shared / "bench" / "articles" / "gold.json").read_text(encoding="utf-8"))
    full = [g["articleBody"] for g in gold.values() if g.get("articleBody")]
    return {"short": short, "full": full}


def _anchor() -> Callable[[str], int]:
    words: set[str] = set()
    for lang in ("en", "fr"):
        for pats in load_yaml("events", f"signals_{lang}.yaml")["signals"].values():
            for p in pats:
                lit = re.match(r"[^\W\d_][\w' -]*[^\W\d_]", str(p))
                if lit:
                    words.add(lit.group())
    rx = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    return lambda text: len(rx.findall(text))


def _rate(fn: Callable[[str], object], docs: list[str]) -> float:
    start = time.perf_counter()
    for d in docs:
        fn(d)
    return len(docs) / (time.perf_counter() - start)


def _cli_rate(docs: list[str], *options: str) -> tuple[float, float]:
    """Documents per second of wall time and of CPU time (user + system) for one CLI run; the
    CPU figure is what the run costs when the machine is shared (load above its core count)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_text("".join(json.dumps({"id": i, "text": d, "published": "2020-03-09"}) + "\n"
                                for i, d in enumerate(docs)), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wirewatch.cli", "code", *options, str(path)], check=True,
                       stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return len(docs) / wall, len(docs) / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sets = _documents(Path(args.shared))
    anchor = _anchor()
    code_document("warm-up: gunmen killed 3 villagers on Sunday.", "2020-03-09")  # load lexicons once
    for name, docs in sets.items():
        ours: list[float] = []
        base: list[float] = []
        for _ in range(args.rounds):
            base.append(_rate(anchor, docs))
            ours.append(_rate(lambda t: code_document(t, "2020-03-09"), docs))
        o, b = statistics.median(ours), statistics.median(base)
        print(f"{name:<6} {len(docs):>5} docs  wirewatch {o:8.1f} docs/s   keyword-scan {b:8.1f} docs/s   "
              f"ratio {o / b:.3f}")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import wirewatch.cli"], check=True)
    print(f"process start (import wirewatch.cli): {time.perf_counter() - start:.2f} s;  "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, docs in sets.items():
        batch = docs * max(1, 1000 // len(docs))  # about 1,000 documents, so start-up is amortised
        for options in ((), ("--no-places",)):
            label = " ".join(("wirewatch code", *options))
            wall, cpu = _cli_rate(batch, *options)
            print(f"{label:<28} (CLI, end to end, {len(batch)} docs) {name:<6} {wall:8.1f} docs/s wall  "
                  f"{cpu:8.1f} docs/s CPU")


if __name__ == "__main__":
    main()
