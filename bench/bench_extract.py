"""Article-extraction speed, wirewatch beside its anchors, in one run.

HTML (``bench/articles/html`` and ``bench/dates/html``), per page, interleaved so machine load
hits every contender alike:
- anchor ``trafilatura``: ``trafilatura.extract(html)`` with its defaults (body only);
- anchor ``trafilatura+meta``: ``trafilatura.bare_extraction(html, with_metadata=True)``
  (body and metadata: the job wirewatch does);
- ``wirewatch``: ``wirewatch.article.html.extract_html`` (body, clean-up, restore, metadata,
  dates, language).
Text dumps (``bench/articles/dumps`` and ``bench/portals/dumps``):
- anchor ``jusText``: ``justext.justext`` on the dump's lines wrapped as paragraphs;
- ``wirewatch``: ``wirewatch.article.text.extract_text`` (one page at a time, no site memory).

Times are CPU seconds of the benchmark process (``time.process_time``): on a shared machine
wall time charges other jobs to whichever contender was running.  Prints the median time per page, pages per second and the ratio to the anchor.

With ``--anchors DIR`` it also writes the anchors' quality outputs, to score with ../shared's
scorers beside ``wirewatch extract``'s: ``body_trafilatura.jsonl`` (defaults),
``body_trafilatura_precision.jsonl`` (favor_precision), ``dates_htmldate.jsonl`` (extensive
search, original date) and ``dates_trafilatura.jsonl`` (trafilatura's metadata date).

    python bench/bench_extract.py [SHARED] [--repeat 1] [--anchors DIR]
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import justext
import trafilatura

from wirewatch.article.html import extract_html
from wirewatch.article.text import extract_text
from wirewatch.ingest.sniff import decode
from wirewatch.records import Page

_WARM_UP = 10  # pages run untimed first


def load(folder: Path) -> list[tuple[Page, str]]:
    out: list[tuple[Page, str]] = []
    for path in sorted(folder.iterdir()):
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        out.append((Page(source=str(path), content=raw), decode(raw, str(path))))
    return out


def race(pages: list[tuple[Page, str]], contenders: dict[str, Callable[[Page, str], object]],
         repeat: int) -> dict[str, list[float]]:
    """Per-page seconds for each contender, run one after the other on the same page."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for page, text in pages:
        for name, fn in contenders.items():
            best = float("inf")
            for _ in range(repeat):
                # CPU time of this process: the machine is shared, and wall time would count
                # whatever else ran meanwhile against whichever contender was running
                t0 = time.process_time()
                fn(page, text)
                best = min(best, time.process_time() - t0)
            times[name].append(best)
    return times


def table(title: str, times: dict[str, list[float]], anchor: str) -> None:
    base = statistics.median(times[anchor])
    print(f"\n{title} ({len(times[anchor])} pages)")
    print(f"  {'contender':<18} {'median ms':>10} {'pages/s':>9} {'total s':>8} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<18} {med * 1000:>10.2f} {1 / med:>9.0f} {sum(ts):>8.2f} {med / base:>6.2f}")


def _justext(_: Page, text: str) -> object:
    body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return justext.justext(f"<html><body>{body}</body></html>", justext.get_stoplist("English"))


def write_anchors(bench: Path, out: Path) -> None:
    """The anchors' body and date outputs as JSONL files the shared scorers read."""
    import json

    from htmldate import find_date

    out.mkdir(parents=True, exist_ok=True)
    articles, dates = load(bench / "articles" / "html"), load(bench / "dates" / "html")
    jobs: dict[str, tuple[list[tuple[Page, str]], str, Callable[[str], object]]] = {
        "body_trafilatura": (articles, "text", lambda h: trafilatura.extract(h)),
        "body_trafilatura_precision": (
            articles, "text", lambda h: trafilatura.extract(h, favor_precision=True)),
        "dates_htmldate": (dates, "published", lambda h: find_date(
            h, extensive_search=True, original_date=True)),
        "dates_trafilatura": (dates, "published", lambda h: getattr(
            trafilatura.bare_extraction(h, with_metadata=True), "date", None)),
    }
    for name, (pages, field, fn) in jobs.items():
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for page, html in pages:
                f.write(json.dumps({"source": page.source, field: fn(html)}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default="../shared", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="runs per page and contender (best kept)")
    ap.add_argument("--anchors", type=Path, help="also write the anchors' quality outputs here")
    a = ap.parse_args()
    bench = a.shared / "bench"
    if a.anchors:
        write_anchors(bench, a.anchors)
    html_pages = load(bench / "articles" / "html") + load(bench / "dates" / "html")
    # warm what every contender loads once per process (lingua's language models, rule files,
    # dateparser's tables) outside the timing
    for page, html in html_pages[:_WARM_UP]:
        extract_html(page, html)
        trafilatura.extract(html)
    html_times = race(html_pages, {
        "trafilatura": lambda p, h: trafilatura.extract(h),
        "trafilatura+meta": lambda p, h: trafilatura.bare_extraction(h, with_metadata=True),
        "wirewatch": extract_html,
    }, a.repeat)
    table("HTML pages", html_times, "trafilatura")
    dumps = load(bench / "articles" / "dumps") + load(bench / "portals" / "dumps")
    for page, text in dumps[:_WARM_UP]:
        extract_text(page, text)
        _justext(page, text)
    text_times = race(dumps, {"jusText": _justext, "wirewatch": extract_text}, a.repeat)
    table("text dumps", text_times, "jusText")


if __name__ == "__main__":
    main()
