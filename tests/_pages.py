"""Small made-up pages and archive builders for the tests (no third-party text)."""

from __future__ import annotations

import gzip
import io
import uuid

STORY = (
    "NIAMEY (Reuters) - Gunmen attacked a village in western Niger on Sunday, killing seven "
    "civilians and burning granaries, the local mayor said on Monday.",
    "The attackers arrived on motorbikes at dawn and left before soldiers reached the village, "
    "the mayor told reporters by telephone, asking that the village not be named.",
    "No group claimed the attack. Groups linked to al Qaeda and Islamic State are active in the "
    "border area between Niger, Mali and Burkina Faso.",
)


def html_page(title: str = "Gunmen kill seven in western Niger village",
              paragraphs: tuple[str, ...] = STORY, extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Example Times</title>"
        "<meta property='article:published_time' content='2023-03-13T10:00:00+00:00'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}{extra}</article>"
        "<footer>© 2024 Example Times. All rights reserved.</footer></body></html>"
    )


def text_dump(title: str = "Gunmen kill seven in western Niger village",
              paragraphs: tuple[str, ...] = STORY) -> str:
    lines = ["Subscribe now and save 50%", "", title, "", "Published 03/13/2023, 10:00 AM", title, ""]
    for p in paragraphs:
        lines += [p, ""]
    lines += ["Latest comments", "© 2024 Example Times. All Rights Reserved."]
    return "\n".join(lines) + "\n"


def _warc_record(rtype: str, url: str, payload: bytes, content_type: str) -> bytes:
    headers = (
        "WARC/1.0\r\n"
        f"WARC-Type: {rtype}\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "WARC-Date: 2023-03-13T10:05:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return headers.encode() + payload + b"\r\n\r\n"


def warc_bytes(pages: list[tuple[str, str]], wet: bool = False, compress: bool = True) -> bytes:
    """A WARC (HTTP responses) or WET (conversion records) file holding ``(url, content)``."""
    out = io.BytesIO()
    for url, content in pages:
        if wet:
            rec = _warc_record("conversion", url, content.encode(), "text/plain")
        else:
            http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    f"Content-Length: {len(content.encode())}\r\n\r\n").encode() + content.encode()
            rec = _warc_record("response", url, http, "application/http; msgtype=response")
        out.write(gzip.compress(rec) if compress else rec)
    return out.getvalue()
