"""Wrap the dev pages of ../shared/bench/articles/html in gzipped WARC files, repeated to the
size a throughput benchmark needs (never commit the output: the pages are third-party text).

Each repeat is a syndicated copy as a crawl holds them: its own URL and a page version of its own
(a comment with the copy number makes its bytes, so its content hash, unique), the same story.
The store therefore writes every page, and story grouping sees copies, as it would in a crawl.

    python bench/make_warc_corpus.py OUT_DIR [--pages 5000] [--files 10]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench" / "articles" / "html"
DATES = SHARED.parents[1] / "dates" / "html"  # the date benchmark's real pages (issue 14's speed bar uses both)


def dev_pages(folder: Path = SHARED) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of every dev page, in a stable order."""
    files = sorted(folder.glob("*.html.gz"))
    if not files:
        raise SystemExit(f"{folder}: no *.html.gz pages (../shared is needed for this benchmark)")
    return [(f.name.split(".")[0], gzip.decompress(f.read_bytes())) for f in files]


def response_record(url: str, body: bytes, n: int) -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            "WARC-Date: 2024-05-01T12:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=n + 1)}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def copies(pages: list[tuple[str, bytes]], total: int) -> Iterator[tuple[str, bytes]]:
    for n in range(total):
        name, html = pages[n % len(pages)]
        copy = n // len(pages)
        yield f"https://copy{copy}.example/{name}", html + f"\n<!-- copy {copy} -->\n".encode()


def build(out: Path, pages: int = 5000, files: int = 10, source: Path | tuple[Path, ...] = SHARED) -> list[Path]:
    """Write ``pages`` records over ``files`` WARC files (one gzip member per record), from the
    pages of ``source`` (one folder or several, in that order)."""
    out.mkdir(parents=True, exist_ok=True)
    dev = [p for folder in (source if isinstance(source, tuple) else (source,)) for p in dev_pages(folder)]
    per_file = -(-pages // files)
    paths: list[Path] = []
    stream = copies(dev, pages)
    for f in range(files):
        path = out / f"bench-{f:03d}.warc.gz"
        with path.open("wb") as fh:
            for n in range(f * per_file, min(pages, (f + 1) * per_file)):
                url, body = next(stream)
                fh.write(gzip.compress(response_record(url, body, n), compresslevel=6))
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--files", type=int, default=10)
    args = ap.parse_args(argv)
    paths = build(args.out, args.pages, args.files)
    print(f"{args.pages} pages in {len(paths)} WARC files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
