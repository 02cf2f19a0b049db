"""Geoparsing speed and size: wirewatch beside a plain Aho-Corasick anchor, in one run.

Corpus: the GeoWebNews article texts (``../shared/bench/places/gwn.xml``), repeated; or, without
../shared, made-up wire paragraphs.  Contenders, interleaved per article so machine load hits
both alike:
- anchor ``aho-corasick``: a pyahocorasick automaton over the gazetteer names of countries,
  regions and towns of 15,000+ people (what a bare dictionary matcher costs: no resolution);
- ``wirewatch``: ``wirewatch.place.geoparse`` (finding, context rules, resolution).

Also measured, each in a fresh process: the gazetteer load (open + first lookup, the package
import excluded), and the peak RSS after geoparsing the corpus.  Times are CPU seconds
(``time.process_time``); prints medians per article, articles per second and the ratio.

    python bench/bench_geoparse.py [SHARED] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import ahocorasick

from wirewatch.place import geoparse
from wirewatch.place.gazetteer import Gazetteer, open_gazetteer
from wirewatch.place.names import fold

MADE_UP = ("NIAMEY (Wire) - Gunmen attacked a village near Tillaberi on Sunday, killing six people, "
           "officials in Niger said. The attack came days after fighting near Djibo in Burkina Faso "
           "and Menaka in Mali, in the Liptako-Gourma area where the three countries meet.")


def corpus(shared: Path) -> list[str]:
    gwn = shared / "bench" / "places" / "gwn.xml"
    if gwn.exists():
        return [a.findtext("text") or "" for a in ET.parse(gwn).getroot().findall("article")]
    return [MADE_UP] * 100


def anchor_automaton(gaz: Gazetteer) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    rows = gaz._conn().execute(
        "SELECT a.key, p.id FROM alias a JOIN place p ON p.id=a.id WHERE p.kind!='city' OR p.pop>=15000").fetchall()
    for key, pid in rows:
        auto.add_word(f" {key} ", pid)
    auto.make_automaton()
    return auto


def anchor(auto: ahocorasick.Automaton, text: str) -> int:
    return sum(1 for _ in auto.iter(f" {fold(text)} "))


def load_time() -> float:
    code = ("import time; from wirewatch.place.gazetteer import open_gazetteer; t=time.perf_counter(); "
            "g=open_gazetteer(); g.lookup(['bamako']); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def peak_rss(texts_file: Path) -> float:
    code = ("import json,resource,sys; from wirewatch.place import geoparse; "
            "[geoparse(t) for t in json.load(open(sys.argv[1]))]; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)")
    out = subprocess.run([sys.executable, "-c", code, str(texts_file)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def cli_rate(texts: list[str], copies: int) -> tuple[float, float]:
    """Articles per second of the `wirewatch geoparse` command on the corpus repeated, wall and
    CPU time of the child (process start and package import included)."""
    path = Path("/tmp") / "bench_geoparse_in.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for n, t in enumerate(texts):
                out.write(json.dumps({"id": f"{k}-{n}", "text": t}) + "\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(["wirewatch", "geoparse", str(path)], stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    n = len(texts) * copies
    return n / wall, n / cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", nargs="?", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = corpus(Path(args.shared))
    gaz = open_gazetteer()
    auto = anchor_automaton(gaz)
    times: dict[str, list[float]] = {"aho-corasick": [], "wirewatch": []}
    for _ in range(args.repeat):
        for text in texts:
            t = time.process_time()
            anchor(auto, text)
            times["aho-corasick"].append(time.process_time() - t)
            t = time.process_time()
            geoparse(text, gaz=gaz)
            times["wirewatch"].append(time.process_time() - t)
    chars = statistics.mean(len(t) for t in texts)
    print(f"corpus: {len(texts)} articles x {args.repeat}, mean {chars:.0f} characters")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<13} median {med * 1000:7.2f} ms/article  {len(ts) / sum(ts):7.1f} articles/s (total CPU)")
    ratio = statistics.median(times["wirewatch"]) / statistics.median(times["aho-corasick"])
    print(f"  wirewatch / aho-corasick median ratio: {ratio:.2f}")
    wall_rate, cpu_rate = cli_rate(texts, 8)
    print(f"`wirewatch geoparse` on {len(texts) * 8} articles: {wall_rate:.0f} articles/s wall, "
          f"{cpu_rate:.0f} articles/s CPU (start-up included)")
    loads = [load_time() for _ in range(3)]
    print(f"gazetteer load (open + first lookup, fresh process): median {statistics.median(loads):.3f} s")
    tmp = Path("/tmp") / "bench_geoparse_texts.json"
    tmp.write_text(json.dumps(texts), encoding="utf-8")
    print(f"peak RSS geoparsing the corpus (fresh process): {peak_rss(tmp):.0f} MB")
    print(f"this process (anchor automaton included): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
