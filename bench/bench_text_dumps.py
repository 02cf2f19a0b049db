"""Text-dump cleaning speed alone: wirewatch beside jusText, page by page in one run, first pass.

``bench_extract.py`` times the text dumps after its HTML race and after warming its first pages;
this script times only the dumps (``bench/articles/dumps`` + ``bench/portals/dumps``), the way a
crawl meets them: word lists and lingua's models are loaded outside the timing on a made-up page,
then the caches of line features are emptied, so every page of the run is read on its first pass
(lines a site repeats are still read once per run, as in a crawl).

- anchor ``jusText``: ``justext.justext`` on the dump's lines wrapped as paragraphs (as in
  ``bench_extract.py``);
- ``wirewatch``: ``wirewatch.article.text.extract_text`` (one page at a time, no site memory).

Times are CPU seconds of this process (``time.process_time``): the machine is shared.  Prints the
median per page, pages per second, the mean, the ratio to the anchor, and the time the cyclic
garbage collector took (charged to whichever contender was running).

    python bench/bench_text_dumps.py [SHARED]
"""

from __future__ import annotations

import argparse
import gc
import html as html_lib
import statistics
import time
from pathlib import Path
from typing import Any

import justext

from wirewatch.article import text as text_mod
from wirewatch.article import text_lines
from wirewatch.article.text import extract_text
from wirewatch.ingest.sniff import decode
from wirewatch.records import Page

# a made-up page: loads the word lists, date tables and lingua's models before the timing
_WARM = ("Menu\nHome\nBAMAKO (Reuters) - A made-up warm-up story, written on 9 March 2020 for this bench.\n"
         "Officials said on Sunday that nothing at all happened in the town, and that this is fine.\n"
         "Published 03/09/2020 10:15 AM\nComments\n© 2020 Example.com. All rights reserved.\n")
_LINE_CACHES = ((text_lines, "_features"), (text_mod, "_norm"), (text_mod, "_title_part"))


def _justext(text: str) -> object:
    body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return justext.justext(f"<html><body>{body}</body></html>", justext.get_stoplist("English"))


def _forget_lines() -> None:
    """Empty the per-line caches, so the timed run is a first pass."""
    for module, name in _LINE_CACHES:
        fn = getattr(module, name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def load(shared: Path) -> list[tuple[Page, str]]:
    pages: list[tuple[Page, str]] = []
    for sub in ("articles", "portals"):
        for path in sorted((shared / "bench" / sub / "dumps").iterdir()):
            raw = path.read_bytes()
            pages.append((Page(source=str(path), content=raw), decode(raw, str(path))))
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default="../shared", type=Path)
    pages = load(ap.parse_args().shared)
    extract_text(Page(source="warm", content=_WARM.encode()), _WARM)
    _justext(_WARM)
    _forget_lines()
    collected = {"s": 0.0, "t0": 0.0}

    def on_gc(phase: str, _: dict[str, Any]) -> None:
        if phase == "start":
            collected["t0"] = time.process_time()
        else:
            collected["s"] += time.process_time() - collected["t0"]

    gc.callbacks.append(on_gc)
    times: dict[str, list[float]] = {"jusText": [], "wirewatch": []}
    for page, text in pages:  # interleaved: machine load hits both alike
        t0 = time.process_time()
        _justext(text)
        times["jusText"].append(time.process_time() - t0)
        t0 = time.process_time()
        extract_text(page, text)
        times["wirewatch"].append(time.process_time() - t0)
    gc.callbacks.remove(on_gc)
    base = statistics.median(times["jusText"])
    print(f"text dumps ({len(pages)} pages, first pass)")
    print(f"  {'contender':<10} {'median ms':>10} {'pages/s':>8} {'mean ms':>8} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<10} {med * 1000:>10.2f} {1 / med:>8.0f} {sum(ts) / len(ts) * 1000:>8.2f} {med / base:>6.2f}")
    print(f"  garbage collection {collected['s'] * 1000 / len(pages):.2f} ms/page (both contenders)")


if __name__ == "__main__":
    main()
