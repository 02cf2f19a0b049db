"""Made-up news pages in bulk, wrapped in WARC/WET files, for the scale-out tests (sharding,
Dask, resume).  Every page is different (its own place, actors, numbers and day), written from
small templates here; a few records are deliberately bad so rejections flow too."""

from __future__ import annotations

import gzip
import random
import uuid
from pathlib import Path

PLACES = ["Tillaberi", "Menaka", "Gao", "Djibo", "Kidal", "Maiduguri", "Bunia", "Beni", "Goma",
          "Mopti", "Kaya", "Diffa", "Zinder", "Katsina", "Kaduna", "Mogadishu", "Baidoa", "Kismayo"]
COUNTRIES = ["Niger", "Mali", "Burkina Faso", "Nigeria", "DR Congo", "Somalia"]
ACTORS = ["gunmen", "soldiers", "militants", "police", "rebels", "protesters"]
VERBS = ["attacked", "raided", "clashed with residents of", "shelled", "marched through"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SITES = ["example-times.org", "daily-herald.example", "wire.example.net", "sahel-news.example"]


def page(n: int, rng: random.Random) -> tuple[str, str, str]:
    """(url, title, paragraphs joined by blank lines) of made-up page ``n``."""
    place, country = rng.choice(PLACES), rng.choice(COUNTRIES)
    actor, verb = rng.choice(ACTORS), rng.choice(VERBS)
    killed, day = rng.randint(2, 40), rng.randint(1, 28)
    # dates spread over years: incidents merge events days apart, and the tests here are about
    # sharding, not about merging a thousand reports of one week
    month, year = rng.choice(MONTHS), rng.randint(1990, 2023)
    title = f"{actor.capitalize()} {verb} {place}, {killed} dead (story {n})"
    paras = [
        (f"{place.upper()}, {country} - {actor.capitalize()} {verb} the town of {place} in {country} on "
         f"{month} {day}, {year}, killing {killed} people, officials said in report number {n}."),
        (f"Witnesses said {rng.randint(3, 90)} houses burned and {rng.randint(10, 900)} families fled "
         f"towards {rng.choice(PLACES)} after the violence, which lasted {rng.randint(2, 9)} hours."),
        (f"The {rng.choice(['governor', 'army', 'mayor'])} said reinforcements were sent. Earlier this "
         f"year {rng.randint(100, 5000)} people were displaced in the region, aid groups said."),
    ]
    return f"https://{rng.choice(SITES)}/{year}/story-{n}", title, "\n\n".join(paras)


def html(title: str, text: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Example footer</footer></body></html>")


def dump(title: str, text: str) -> str:
    return "\n".join(["Subscribe now", title, *text.split("\n\n"), "Latest comments",
                      "All rights reserved."]) + "\n"


def _record(rtype: str, url: str, payload: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {url}\r\n"
            "WARC-Date: 2023-03-13T10:05:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=random.getrandbits(128))}>\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload + b"\r\n\r\n"


def response(url: str, body: bytes, status: int = 200) -> bytes:
    http = (f"HTTP/1.1 {status} OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return _record("response", url, http, "application/http; msgtype=response")


def conversion(url: str, text: str) -> bytes:
    return _record("conversion", url, text.encode(), "text/plain")


def write_archives(folder: Path, pages: int, files: int = 4, wet_every: int = 0, bad_every: int = 0,
                   seed: int = 7) -> list[Path]:
    """``pages`` made-up pages spread over ``files`` gzipped WARC files (every ``wet_every``-th file
    a WET file of text dumps); every ``bad_every``-th record is an HTTP error page."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    per_file = -(-pages // files)
    for f in range(files):
        wet = bool(wet_every) and f % wet_every == wet_every - 1
        path = folder / f"crawl-{f:03d}.{'warc.wet' if wet else 'warc'}.gz"
        with path.open("wb") as out:
            for n in range(f * per_file, min(pages, (f + 1) * per_file)):
                url, title, text = page(n, rng)
                if wet:
                    rec = conversion(url, dump(title, text))
                elif bad_every and n % bad_every == bad_every - 1:
                    rec = response(url, b"<html><body>Not found</body></html>", status=404)
                else:
                    rec = response(url, html(title, text).encode())
                out.write(gzip.compress(rec, compresslevel=1))
        paths.append(path)
    return paths
