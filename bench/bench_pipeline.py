"""Whole-pipeline throughput: HTML -> article -> groups -> events -> places -> store, on the real
pages of ../shared/bench/articles/html and ../shared/bench/dates/html together (issue 14's bar),
repeated to >= 5,000 pages in WARC files (built into a temporary folder for the run, then
deleted), with trafilatura alone measured in the same run on the same pages.

    python bench/bench_pipeline.py [--pages 5000] [--repeat 1] [--skip-dask] [--json out.json]

Each configuration runs in a fresh process (``--child``) that reports its start-up time (the
Dask cluster) apart from its processing time; pages/s and events/s are over processing time,
and "with process start" over the child's whole life as the parent clocks it (interpreter,
imports, workers and cluster started, run, exit: issue 14's bar counts process start).
Its CPU per page (own and its workers') counts the whole process too.
Peak RSS is sampled every 0.1 s over the whole process tree (main process and workers, summed:
pages shared copy-on-write by forked workers count once per process, so this is an upper bound).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_warc_corpus import DATES, SHARED, build, copies, dev_pages

SOURCES = (SHARED, DATES)


def real_pages() -> list[tuple[str, bytes]]:
    return [p for folder in SOURCES for p in dev_pages(folder)]


def anchor(pages: int) -> tuple[float, float]:
    """trafilatura alone, one process: pages/s of ``trafilatura.extract`` on the same pages, and
    its CPU milliseconds per page (which, unlike wall time, a loaded machine barely changes)."""
    import trafilatura

    docs = [body.decode("utf-8", "replace") for _, body in copies(real_pages(), pages)]
    trafilatura.extract(docs[0])  # warm up (lazy imports) outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    for html in docs:
        trafilatura.extract(html)
    return pages / (time.perf_counter() - start), 1000 * (time.process_time() - cpu) / pages


def stage_costs(corpus: Path, tmp: Path, pages: int) -> dict[str, float]:
    """CPU milliseconds per page of each step, one process, on the first ``pages`` pages: where
    the time goes (workers: read, article, code+place; main process: group, store)."""
    import itertools

    from wirewatch.group.story import StoryGrouper
    from wirewatch.plan import group_segment
    from wirewatch.records import Article
    from wirewatch.runner import WorkerPipeline
    from wirewatch.settings import Settings
    from wirewatch.shards import plan, read_shard
    from wirewatch.sink import Sink
    from wirewatch.store import Store

    settings = Settings()
    shards = plan([str(corpus)])[0]
    clock: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        start = time.process_time()
        out = fn()
        clock[name] = (time.process_time() - start) * 1000 / pages
        return out

    recs = timed("read", lambda: list(itertools.islice((p for s in shards for p in read_shard(s, settings)), pages)))
    article, code = WorkerPipeline(settings, part="article")(), WorkerPipeline(settings, part="code")()
    list(code.run(article.run(recs[:2])))  # lazy loads outside the timing
    arts = timed("article", lambda: list(article.run(recs)))
    grouper = StoryGrouper()
    grouped = timed("group", lambda: list(group_segment(grouper).run(arts)))
    coded = timed("code+place", lambda: list(code.run(grouped)))
    store = Store(str(tmp / "costs.db"))

    sink = Sink(store, None, grouper)

    def write() -> None:  # the sink's step: story mark, the store's rows, incident merging
        with store.transaction() as conn:
            for a in (r for r in coded if isinstance(r, Article)):
                sink.write_article(conn, a, grouper.take(a.content_hash))

    timed("store", write)
    return clock


def child(mode: str, workers: int, corpus: str, db: str) -> dict[str, Any]:
    """One timed run in this process (the parent samples its memory)."""
    from wirewatch.settings import Settings
    from wirewatch.shards import ProcessMap, run_sharded
    from wirewatch.store import Store

    store = Store(db)
    settings = Settings(workers=workers, db=db)
    start = time.perf_counter()
    if mode == "dask":
        from wirewatch.dask_executor import DaskExecutor

        executor: Any = DaskExecutor(workers=workers)
        executor.start()
    else:
        executor = ProcessMap(workers)
    ready = time.perf_counter()
    summary = run_sharded([corpus], store, settings, executor)
    done = time.perf_counter()
    if mode == "dask":
        executor.close()
    import resource

    # CPU of this process and of its workers (joined by now): unlike wall time, it does not
    # depend on what else the machine runs, so it tells what the pipeline costs
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    return {"startup_s": ready - start, "run_s": done - ready, "pages": summary.pages_read,
            "cpu_ms_per_page": 1000 * cpu / max(1, summary.pages_read), "load_avg": os.getloadavg()[0],
            "digest": digest(store),
            "articles_new": summary.articles_new, "events": summary.events_stored,
            "rejected": dict(summary.rejected)}


def digest(store: Any) -> str:
    """A fingerprint of what the run stored (articles with their groups, events): runs on
    different executors must give the same."""
    import hashlib

    h = hashlib.sha1()
    for a in sorted((a["content_hash"], a["group_id"] or "", a["text"]) for a in store.iter_articles()):
        h.update(repr(a).encode())
    for e in sorted((e["event_key"], e["event_type"], e["sub_event_type"], e["fatalities"], e["location"] or "")
                    for e in store.iter_events()):
        h.update(repr(e).encode())
    return h.hexdigest()[:16]


def measure(mode: str, workers: int, corpus: Path, tmp: Path, tag: str) -> dict[str, Any]:
    import psutil

    db = tmp / f"{tag}.db"
    db.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--child", mode, str(workers), str(corpus), str(db)]
    launched = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = peak_one = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            rss = [0]
        peak, peak_one = max(peak, sum(rss)), max(peak_one, max(rss))
        time.sleep(0.1)
    out, _ = proc.communicate()
    wall = time.perf_counter() - launched  # the whole process: interpreter, imports, workers, run, exit
    if proc.returncode != 0:
        raise SystemExit(f"{mode} x{workers} failed ({proc.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result.update(peak_rss_mb=peak / 2**20, peak_process_rss_mb=peak_one / 2**20, process_s=wall,
                  pages_per_s=result["pages"] / result["run_s"], events_per_s=result["events"] / result["run_s"],
                  pages_per_s_with_start=result["pages"] / wall)
    return result


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("pages_per_s", "events_per_s", "run_s", "startup_s", "peak_rss_mb", "peak_process_rss_mb",
            "process_s", "pages_per_s_with_start")
    return {**runs[0], **{k: statistics.median(r[k] for r in runs) for k in keys}, "repeats": len(runs)}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], int(argv[2]), argv[3], argv[4])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--anchor-pages", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    configs = [("local", 2)] + ([] if args.skip_dask else [("dask", 1), ("dask", 2)])
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "warc"
        build(corpus, args.pages, files=10, source=SOURCES)
        anchors = [anchor(args.anchor_pages) for _ in range(args.repeat)]
        results["trafilatura_alone_pages_per_s"] = statistics.median(a[0] for a in anchors)
        results["trafilatura_cpu_ms_per_page"] = statistics.median(a[1] for a in anchors)
        results["ms_per_page"] = stage_costs(corpus, tmp, min(args.anchor_pages, args.pages))
        for mode, workers in configs:
            tag = f"{mode}_{workers}"
            results[tag] = _median([measure(mode, workers, corpus, tmp, tag) for _ in range(args.repeat)])
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def report(results: dict[str, Any]) -> None:
    anchor_rate = results["trafilatura_alone_pages_per_s"]
    anchor_cpu = results["trafilatura_cpu_ms_per_page"]
    print(f"trafilatura alone (1 process): {anchor_rate:.1f} pages/s ({1000 / anchor_rate:.1f} ms/page), "
          f"CPU {anchor_cpu:.1f} ms/page (load {os.getloadavg()[0]:.1f})")
    print("one process, CPU ms/page: " + ", ".join(f"{k} {v:.1f}" for k, v in results["ms_per_page"].items()))
    for tag, r in results.items():
        if not isinstance(r, dict) or "pages" not in r:
            continue
        print(f"{tag:8s} pages {r['pages']:5d}  {r['pages_per_s']:6.1f} pages/s ({r['pages_per_s'] / anchor_rate:.2f}x "
              f"trafilatura)  {r['events_per_s']:6.1f} events/s ({r['events']} events)  run {r['run_s']:.1f} s "
              f"+ start-up {r['startup_s']:.1f} s; with process start {r['pages_per_s_with_start']:.1f} pages/s "
              f"({r['pages_per_s_with_start'] / anchor_rate:.2f}x, {r['process_s']:.1f} s)  "
              f"CPU {r['cpu_ms_per_page']:.1f} ms/page "
              f"({r['cpu_ms_per_page'] / anchor_cpu:.2f}x trafilatura's; load {r['load_avg']:.1f})  "
              f"peak RSS {r['peak_rss_mb']:.0f} MB "
              f"(largest process {r['peak_process_rss_mb']:.0f} MB)")
    digests = {tag: r["digest"] for tag, r in results.items() if isinstance(r, dict) and "digest" in r}
    print("stored results identical across runs: " + ("yes" if len(set(digests.values())) == 1 else f"NO {digests}"))
    if "dask_1" in results and "dask_2" in results:
        print(f"dask 2 workers / 1 worker: {results['dask_2']['pages_per_s'] / results['dask_1']['pages_per_s']:.2f}x")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
