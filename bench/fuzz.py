"""Fuzz pass of the never-stops promise (issue 18): bad input gets a one-line error, is counted,
and never stops a batch.

    python bench/fuzz.py [--n 10000] [--seed 18] [--workers 2] [--executor local|dask] [--keep DIR] [--json out.json]

Writes ``--n`` inputs (files, JSON Lines rows and WARC records), deterministically from the seed,
in these families: random bytes; truncated and garbled HTML made from our own made-up pages
(``make_run_corpus.py``); deep nesting; huge lines; 50 MB pages; every encoding with and without
a BOM or a meta charset; NUL bytes; corrupt gzip and gzip bombs; truncated and corrupt WARC
records (plain and gzipped, with Content-Encoding payloads); bad JSONL rows (bad URLs, bad JSON,
U+2028, a BOM); and the three reproductions of issue 18.  It then runs ``wirewatch run`` over the
corpus (``--executor dask``: on a local Dask cluster of ``--workers`` processes) and checks, against
the database:

- 0 crashes: no traceback, exit code 0 or 1;
- 0 hangs: the run ends within its budget (the per-page limit plus the watchdog margin, times
  the inputs a worker may be stuck on, plus the clean work);
- every input stored (an article) or named in ``rejections`` with a reason; every intact WARC
  record and valid JSONL row stored, every damaged archive named;
- peak RSS of the whole process tree <= 1.5 GB.

Prints one JSON summary; exit 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from make_run_corpus import pages as made_up_pages
from tests._warc import http_record

RSS_LIMIT_MB = 1536
PAGE_TIMEOUT_S = 5.0
WATCHDOG_MARGIN_S = 5.0
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252",
             "cp1251", "koi8-r", "iso-8859-7", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr", "cp1256",
             "iso-8859-8", "tis-620", "mac-roman"]
BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
LOCAL_TEXT = {  # our own sentences in scripts the Latin pages lack, so each encoding has work to do
    "cp1251": "Боевики убили пятерых жителей деревни.", "koi8-r": "Боевики убили пятерых жителей деревни.",
    "iso-8859-7": "Ένοπλοι σκότωσαν πέντε ανθρώπους.", "shift_jis": "武装集団が村を襲撃した。",
    "euc-jp": "武装集団が村を襲撃した。", "gb18030": "武装分子袭击了一个村庄。", "big5": "武裝分子襲擊了一個村莊。",
    "euc-kr": "무장 괴한들이 마을을 공격했다.", "cp1256": "هاجم مسلحون قرية.", "iso-8859-8": "חמושים תקפו כפר.",
    "tis-620": "คนร้ายบุกโจมตีหมู่บ้าน",
}
BAD_URLS = ["http://[zz]/x", "http://[::1/x", "ftp://example.org/x", "http://", "http://exa mple.org/x",
            "http://example.org:99999/x", "javascript:alert(1)", "http://\x00example.org/", 17, None, ["x"]]
ISSUE_18_PAGE = ("<math><script>x</script>Gunmen killed five people in an attack on a village near Mopti on "
                 "Monday, the army said.<tr>")


@dataclass
class Expect:
    """What the database must hold for one input: any of ``names`` as an article's source (or
    url) or a rejection's source; ``must_store``: as an article (a valid row or record)."""

    family: str
    names: tuple[str, ...]
    must_store: bool = False
    damaged_archive: str | None = None  # a WARC with damage: some rejection must name it


@dataclass
class Corpus:
    root: Path
    rng: random.Random
    good: list[dict[str, str]]
    expects: list[Expect] = field(default_factory=list)
    counter: int = 0

    def page(self) -> dict[str, str]:
        """A good made-up page, unique (its own closing line), so no two inputs are one page."""
        self.counter += 1
        base = self.good[self.counter % len(self.good)]
        html = base["html"].replace("</article>", f"<p>Fuzz item {self.counter}.</p></article>")
        return {"url": f"{base['url']}-{self.counter}", "html": html}

    def file(self, family: str, name: str, data: bytes) -> None:
        path = self.root / family / f"{self.counter:06d}_{name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.expects.append(Expect(family, (str(path),)))


# -- families: each writes some inputs and returns how many ----------------------------------
def random_bytes(c: Corpus) -> int:
    c.counter += 1
    c.file("random", "bytes.html", c.rng.randbytes(c.rng.choice([1, 10, 500, 5000, 100_000])))
    return 1


def truncated_html(c: Corpus) -> int:
    html = c.page()["html"].encode()
    c.file("truncated", "page.html", html[: c.rng.randrange(0, len(html))])
    return 1


def garbled_html(c: Corpus) -> int:
    data = bytearray(c.page()["html"].encode())
    for _ in range(c.rng.randint(1, 40)):
        at = c.rng.randrange(len(data) + 1)
        choice = c.rng.random()
        if choice < 0.4 and at < len(data):
            data[at] = c.rng.randrange(256)
        elif choice < 0.7 or at == len(data):
            data[at:at] = c.rng.choice([b"<", b">", b"<!--", b"<![CDATA[", b"</", b"&#", b"\"", b"<script>",
                                        b"<math>", b"<svg>", b"<table><tr>", b"\xff\xfe", b"\r"])
        else:
            del data[at:at + c.rng.randint(1, 200)]
    c.file("garbled", "page.html", bytes(data))
    return 1


def deep_nesting(c: Corpus) -> int:
    page = c.page()
    depth = c.rng.choice([300, 1_000, 5_000, 50_000])
    tag = c.rng.choice(["div", "span", "table", "b", "section"])
    inner = page["html"].split("<article>")[1].split("</article>")[0]
    closed = c.rng.random() < 0.5
    body = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else "")
    c.file("deep", "page.html", f"<html><body>{body}</body></html>".encode())
    return 1


def huge_line(c: Corpus, max_mb: float) -> int:
    c.counter += 1
    size = int(c.rng.uniform(0.5, max_mb) * 1_000_000)
    unit = c.rng.choice([b"&amp;", b"a", b"<b>", b"&#x41;", b"<p>x"])
    c.file("huge_line", "line.html", unit * (size // len(unit)))
    return 1


def big_page(c: Corpus) -> int:
    """A 50 MB page (over the 10 MB limit) or one just under the limit, many short lines."""
    c.counter += 1
    size = c.rng.choice([50_000_000, 9_500_000])
    line = b"<p>Gunmen attacked the market, residents said.</p>\n"
    c.file("big", "page.html", b"<html><body>" + line * (size // len(line)) + b"</body></html>")
    return 1


def encoded(c: Corpus) -> int:
    page = c.page()
    enc = c.rng.choice(ENCODINGS)
    html = page["html"]
    if enc in LOCAL_TEXT:
        html = html.replace("</article>", f"<p>{LOCAL_TEXT[enc]}</p></article>")
    if c.rng.random() < 0.5:  # the meta charset: declared right, left out, or declared wrong
        html = html.replace("<meta charset='utf-8'>", c.rng.choice(["", f"<meta charset='{enc}'>",
                                                                      "<meta charset='utf-8'>"]))
    data = html.encode(enc, errors="xmlcharrefreplace")
    if enc in BOMS and c.rng.random() < 0.5:
        data = BOMS[enc] + data
    c.file("encoding", f"{enc}.html", data)
    return 1


def nul_bytes(c: Corpus) -> int:
    data = bytearray(c.page()["html"].encode())
    for _ in range(c.rng.choice([1, 5, 50, 2000])):
        data.insert(c.rng.randrange(len(data)), 0)
    c.file("nul", "page.html", bytes(data))
    return 1


def corrupt_gzip(c: Corpus) -> int:
    data = gzip.compress(c.page()["html"].encode())
    kind = c.rng.choice(["truncated", "flipped", "bomb", "header_only", "good"])
    if kind == "truncated":
        data = data[: c.rng.randrange(2, len(data))]
    elif kind == "flipped":
        buf = bytearray(data)
        for _ in range(c.rng.randint(1, 8)):
            buf[c.rng.randrange(10, len(buf))] ^= 1 << c.rng.randrange(8)
        data = bytes(buf)
    elif kind == "bomb":
        data = gzip.compress(b"<p>" + b"\x00" * c.rng.choice([20_000_000, 200_000_000]), compresslevel=9)
    elif kind == "header_only":
        data = data[:10]
    c.file("gzip", f"{kind}.html.gz", data)
    return 1


def warc(c: Corpus) -> int:
    """An archive of 2-12 records, some damaged; intact records must all be stored."""
    c.counter += 1
    path = c.root / "warc" / f"{c.counter:06d}_crawl.warc"
    records: list[bytes] = []
    intact: list[str] = []
    damaged = False
    for _ in range(c.rng.randint(2, 12)):
        page = c.page()
        rec = http_record(page["url"], page["html"].encode(), c.rng.choice(["", "", "gzip", "deflate", "br"]),
                          chunked=c.rng.random() < 0.2)
        if c.rng.random() < 0.25:
            rec, detectable = _damage(c.rng, rec)
            damaged = damaged or detectable
        else:
            intact.append(page["url"])
        records.append(rec)
    compress = c.rng.random() < 0.5
    data = b"".join(gzip.compress(r) if compress else r for r in records)
    if c.rng.random() < 0.1:  # the archive itself cut short
        data, damaged = data[: c.rng.randrange(len(data) // 2, len(data))], True
        intact = []  # which records survive a cut depends on where it falls: not asserted
    if compress:
        path = path.with_suffix(".warc.gz")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    c.expects += [Expect("warc", (url,), must_store=True) for url in intact]
    c.expects.append(Expect("warc", (), damaged_archive=str(path) if damaged else None))
    return len(records)


def _damage(rng: random.Random, rec: bytes) -> tuple[bytes, bool]:
    """The record damaged, and whether a reader can tell (flipped bytes may leave it well-formed:
    then it is read, with the flips, and stored or named by a later stage)."""
    kind = rng.choice(["cut", "length", "header", "garbage", "flip"])
    if kind == "cut":
        return rec[: rng.randrange(10, len(rec) - 10)], True
    if kind == "length":
        return rec.replace(b"Content-Length: ", b"Content-Length: " + str(rng.randint(1, 9)).encode(), 1), True
    if kind == "header":
        return rec.replace(b"WARC-Type:", b"WARC-Type", 1).replace(b"Content-Length:", b"Content-Lngth:", 1), True
    if kind == "garbage":
        return rng.randbytes(rng.randint(1, 3000)), True
    buf = bytearray(rec)
    for _ in range(rng.randint(1, 20)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf), False


def jsonl(c: Corpus) -> int:
    """A file of 5-30 rows, some bad; every valid row must be stored."""
    c.counter += 1
    path = c.root / "jsonl" / f"{c.counter:06d}_rows.jsonl"
    if c.rng.random() < 0.3:
        path = path.with_suffix(".jsonl.gz")
    lines: list[bytes] = []
    for n in range(1, c.rng.randint(5, 30) + 1):
        line, valid, url = _row(c)
        lines.append(line)
        names = (f"{path}:{n}",) + ((url,) if url else ())
        c.expects.append(Expect("jsonl", names, must_store=valid))
    data = b"\n".join(lines) + b"\n"
    if c.rng.random() < 0.3:
        data = codecs.BOM_UTF8 + data
    if path.suffix == ".gz":
        data = gzip.compress(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(lines)


def _row(c: Corpus) -> tuple[bytes, bool, str | None]:
    """(the row, whether it is valid, its url)."""
    page = c.page()
    kind = c.rng.choice(["good", "good", "good", "sep", "bad_url", "bad_json", "not_object", "no_body"])
    row: dict[str, Any] = {"url": page["url"], "html": page["html"]}
    if kind == "sep":  # U+2028 and U+0085 inside a valid string: one row, not three
        row["html"] = row["html"].replace("</h1>", "\u2028\u0085</h1>")
        return json.dumps(row, ensure_ascii=False).encode(), True, page["url"]
    if kind == "bad_url":
        row["url"] = c.rng.choice(BAD_URLS)
        return json.dumps(row).encode(), False, None
    if kind == "bad_json":
        text = json.dumps(row)
        return text[: c.rng.randrange(1, len(text))].encode(), False, None
    if kind == "not_object":
        return c.rng.choice([b"[1, 2]", b"17", b'"x"', b"null", b"[" * 100_000]), False, None
    if kind == "no_body":
        return json.dumps({"url": page["url"], "html": c.rng.choice(["", "  ", 5, None])}).encode(), False, page["url"]
    return json.dumps(row).encode(), True, page["url"]


def reproductions(c: Corpus) -> int:
    """Issue 18's three: the lxml assertion page, the malformed URL row, a one-line page."""
    c.counter += 1
    c.file("repro", "assert.html", ISSUE_18_PAGE.encode())
    path = c.root / "repro" / f"{c.counter:06d}_url.jsonl"
    path.write_text(json.dumps({"url": "http://[zz]/x", "text": "Gunmen killed five people near Mopti."}) + "\n")
    c.expects.append(Expect("repro", (f"{path}:1",)))
    c.file("repro", "amp.html", b"&amp;" * 1_000_000)
    return 3


def good_page(c: Corpus) -> int:
    page = c.page()
    c.file("good", "page.html", page["html"].encode())
    c.expects[-1].must_store = True
    return 1


def families(max_line_mb: float, big: bool) -> list[tuple[Callable[[Corpus], int], float]]:
    """(family, share of the inputs): large inputs are few, so a pass stays within its budget."""
    out: list[tuple[Callable[[Corpus], int], float]] = [
        (random_bytes, 8), (truncated_html, 10), (garbled_html, 12), (deep_nesting, 3),
        (lambda c: huge_line(c, max_line_mb), 0.6), (encoded, 12), (nul_bytes, 6), (corrupt_gzip, 5),
        (warc, 1.6), (jsonl, 0.8), (good_page, 8), (reproductions, 0.3),
    ]
    if big:
        out.append((big_page, 0.05))
    return out


def build(root: Path, n: int, seed: int, max_line_mb: float = 4.0) -> tuple[int, list[Expect]]:
    """Write at least ``n`` inputs under ``root``; every family at least once."""
    rng = random.Random(seed)
    good = [p for p in made_up_pages(400, seed=seed) if p["html"].strip()]
    corpus = Corpus(root, rng, good)
    fams = families(max_line_mb, big=True)
    made = sum(f(corpus) for f, _ in fams)  # each family once, the 50 MB page included
    for _ in range(n // 5000 - 1):  # and one more in every further 5,000 inputs
        made += big_page(corpus)
    weights = [w for _, w in fams[:-1]]
    while made < n:
        made += rng.choices([f for f, _ in fams[:-1]], weights)[0](corpus)
    return made, corpus.expects


# -- the run and its checks ------------------------------------------------------------------
def run_corpus(root: Path, db: Path, workers: int, budget_s: float, executor: str = "local") -> dict[str, Any]:
    """``wirewatch run`` over the corpus, its process tree's peak RSS sampled; killed at the budget."""
    import psutil

    env = {**os.environ, "WIREWATCH_PAGE_TIMEOUT_S": str(PAGE_TIMEOUT_S),
           "WIREWATCH_WATCHDOG_MARGIN_S": str(WATCHDOG_MARGIN_S), "WIREWATCH_WORKERS": str(workers)}
    cmd = [sys.executable, "-c", "from wirewatch.cli import main; main()", "run", "--db", str(db), "--json",
           "--executor", executor, str(root)]
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        root_proc, peak, hung = psutil.Process(proc.pid), 0, False
        while proc.poll() is None:
            try:
                tree = [root_proc, *root_proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            if time.monotonic() - start > budget_s:
                hung = True
                for p in [*root_proc.children(recursive=True), root_proc]:
                    p.kill()
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return {"exit": proc.returncode, "wall_s": time.monotonic() - start, "peak_rss_mb": peak / 2**20,
            "hung": hung, "stdout": stdout, "stderr": stderr}


def check(expects: list[Expect], db: Path) -> dict[str, Any]:
    """Each input against the store: stored, named, or missing."""
    con = sqlite3.connect(db)
    stored = {s for row in con.execute("SELECT source, url FROM articles") for s in row if s}
    rejected: dict[str, str] = dict(con.execute("SELECT source, reason FROM rejections"))
    con.close()
    missing: list[str] = []
    unstored: list[str] = []
    reasons: Counter[str] = Counter(rejected.values())
    seen = _digests_seen(expects, stored, rejected)
    duplicates = 0
    for e in expects:
        if e.damaged_archive is not None:
            if not any(s.startswith(e.damaged_archive + "#") for s in rejected):
                missing.append(f"{e.family}: no record of damaged {e.damaged_archive} named")
            continue
        if not e.names:
            continue
        if e.must_store and not any(n in stored for n in e.names):
            unstored.append(f"{e.family}: {e.names[0]} ({', '.join(rejected.get(n, '-') for n in e.names)})")
        elif not any(n in stored or rejected.get(n) for n in e.names):
            if Path(e.names[0]).is_file() and _digest(e.names[0]) in seen:
                duplicates += 1  # the same bytes as an input that was stored or named: one page
            else:
                missing.append(f"{e.family}: {e.names[0]}")
    return {"stored": len(stored), "rejections": len(rejected), "reasons": dict(reasons.most_common()),
            "duplicate_inputs": duplicates, "missing": missing, "valid_not_stored": unstored}


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _digests_seen(expects: list[Expect], stored: set[str], rejected: dict[str, str]) -> set[str]:
    """The digests of the file inputs the store holds or names (truncation can make two alike)."""
    return {_digest(e.names[0]) for e in expects
            if e.names and Path(e.names[0]).is_file()
            and (e.names[0] in stored or e.names[0] in rejected)}


def fuzz(n: int, seed: int, workers: int, keep: Path | None = None, executor: str = "local") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wirewatch-fuzz-") as tmp:
        root = keep or Path(tmp) / "corpus"
        root.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        inputs, expects = build(root, n, seed)
        build_s = time.monotonic() - t0
        # a worker stuck on a page is freed by the watchdog; allow every slow family that long
        slow = sum(1 for e in expects if e.family in ("huge_line", "deep", "big", "repro"))
        budget = 120 + inputs * 0.2 + (60 if executor == "dask" else 0) + slow * (PAGE_TIMEOUT_S + WATCHDOG_MARGIN_S) / max(workers, 1)
        db = root.parent / f"{root.name}.db" if keep else Path(tmp) / "fuzz.db"
        db.unlink(missing_ok=True)
        ran = run_corpus(root, db, workers, budget, executor)
        found = check(expects, db) if not ran["hung"] else {}
    crashed = ran["exit"] not in (0, 1) or "Traceback" in ran["stderr"]
    verdict = {
        "inputs": inputs, "seed": seed, "workers": workers, "executor": executor, "build_s": round(build_s, 1),
        "run_s": round(ran["wall_s"], 1), "budget_s": round(budget), "exit": ran["exit"],
        "crashes": int(crashed), "hangs": int(ran["hung"]), "peak_rss_mb": round(ran["peak_rss_mb"]),
        **{k: v for k, v in found.items()},
    }
    verdict["ok"] = (not crashed and not ran["hung"] and ran["peak_rss_mb"] <= RSS_LIMIT_MB
                     and not found.get("missing") and not found.get("valid_not_stored"))
    if crashed:
        at = max(ran["stderr"].find("Traceback"), 0)
        verdict["stderr_excerpt"] = ran["stderr"][max(at - 1000, 0):at + 4000]
    return verdict


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="inputs to make (files, JSONL rows, WARC records)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--executor", choices=["local", "dask"], default="local",
                    help="wirewatch run --executor: the local pool, or a local Dask cluster")
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it (and its store beside it, DIR.db)")
    ap.add_argument("--json", type=Path, help="also write the summary here")
    args = ap.parse_args(argv)
    verdict = fuzz(args.n, args.seed, args.workers, args.keep, args.executor)
    text = json.dumps(verdict, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
