"""Each reader turns its input into pages; content, not the extension, decides HTML vs text."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._pages import html_page, text_dump, warc_bytes
from wirewatch.ingest import read_inputs
from wirewatch.ingest.sniff import is_html
from wirewatch.ingest.urls import page_from_url
from wirewatch.records import Page, Rejection
from wirewatch.runner import extract, run
from wirewatch.settings import Settings
from wirewatch.store import Store


def pages(paths: list[str]) -> list[Page | Rejection]:
    return list(read_inputs(paths))


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "b" / "c" / "d.txt").write_text(text_dump())
    (tmp_path / "b" / "e.htm.gz").write_bytes(gzip.compress(html_page().encode()))
    (tmp_path / ".hidden.html").write_text(html_page())
    got = pages([str(tmp_path)])
    assert [Path(p.source).name for p in got] == ["a.html", "e.htm.gz", "d.txt"]
    assert all(isinstance(p, Page) for p in got)
    assert b"<article>" in got[1].content  # type: ignore[union-attr]  # gunzipped


def test_content_decides_html_or_text(tmp_path: Path) -> None:
    misnamed = tmp_path / "page.txt"
    misnamed.write_text(html_page())
    dump = tmp_path / "dump.html"
    dump.write_text(text_dump())
    a, b = extract([str(misnamed), str(dump)])
    assert a.kind == "html" and b.kind == "text"  # type: ignore[union-attr]
    assert is_html(html_page().encode()) and not is_html(text_dump().encode())


def test_warc_responses_become_html_pages(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([("https://example.org/a", html_page()),
                                 ("https://example.org/b", html_page(title="Other story"))]))
    got = pages([str(path)])
    assert [p.url for p in got if isinstance(p, Page)] == ["https://example.org/a", "https://example.org/b"]
    assert got[0].source.endswith("crawl.warc.gz#1")
    assert isinstance(got[0], Page) and got[0].site_hint == "example.org" and got[0].kind is None


def test_wet_conversion_records_become_text_pages(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(warc_bytes([("https://example.org/a", text_dump())], wet=True))
    (page,) = pages([str(path)])
    assert isinstance(page, Page) and page.kind == "text"
    (article,) = extract([str(path)])
    assert "Gunmen attacked a village" in article.text  # type: ignore[union-attr]


def test_jsonl_with_html_and_text_fields(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    rows = [{"url": "https://example.org/x", "html": html_page()},
            {"id": "dump-1", "text": text_dump()}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    a, b = pages([str(path)])
    assert isinstance(a, Page) and a.kind == "html" and a.source == "https://example.org/x"
    assert isinstance(b, Page) and b.kind == "text" and b.source == "dump-1"


def test_jsonl_rows_end_at_newlines_only_and_a_bom_spoils_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    # U+2028, U+0085 and a form feed are valid inside a JSON string (json.dumps keeps them raw
    # with ensure_ascii=False); str.splitlines() used to cut each such row into bad rows
    rows = [{"id": f"r{i}", "text": f"{text_dump()}\u2028line\u0085next\x0cpage"} for i in range(3)]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode())
    got = list(pages([str(path)]))
    assert [p.source for p in got if isinstance(p, Page)] == ["r0", "r1", "r2"], got


def test_a_jsonl_row_with_a_malformed_url_is_named_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    rows = [{"url": "http://[zz]/x", "text": text_dump()}, {"url": "https://example.org/y", "text": text_dump()}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    bad, good = pages([str(path)])
    assert isinstance(bad, Rejection) and bad.source == f"{path}:1" and bad.reason == "bad_url"
    assert isinstance(good, Page) and good.source == "https://example.org/y"
    summary = run([str(path)], Store(str(tmp_path / "w.db")), Settings(workers=1))
    assert summary.articles_kept == 1 and summary.rejected == {"bad_url": 1}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # (http.server names it)
        if self.path == "/big":
            body = b"<html><body>" + b"x" * 5000 + b"</body></html>"
        elif self.path == "/missing":
            self.send_error(404)
            return
        else:
            body = html_page().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_reader_fetches_from_loopback_when_allowed(server: str) -> None:
    page = page_from_url(f"{server}/story", 1_000_000, 5.0, allow_private=True)
    assert isinstance(page, Page) and b"Gunmen" in page.content and page.url == f"{server}/story"


def test_url_reader_limits_size_and_reports_http_errors(server: str) -> None:
    big = page_from_url(f"{server}/big", 1000, 5.0, allow_private=True)
    missing = page_from_url(f"{server}/missing", 1000, 5.0, allow_private=True)
    assert isinstance(big, Rejection) and big.reason == "too_large"
    assert isinstance(missing, Rejection) and missing.reason == "http_error"


def test_loopback_and_private_urls_are_refused_by_default() -> None:
    # refused before any connection is made: nothing is sent anywhere
    for url in ("http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/x"):
        rej = page_from_url(url, 1000, 1.0)
        assert isinstance(rej, Rejection) and rej.reason == "private_address", url
    bad = page_from_url("file:///etc/passwd", 1000, 1.0)
    assert isinstance(bad, Rejection)


def test_stdin_is_read_with_dash() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "wirewatch.cli", "extract", "-", "--workers", "1"],
                          input=html_page().encode(), capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout.decode().splitlines()[0])
    assert obj["source"] == "-" and "Gunmen attacked a village" in obj["text"]
