"""Fetching http(s) URLs with httpx: a total time limit, a size limit, and no private addresses
unless the operator allows them (a scraped link must not make wirewatch probe the local
network), including the IPv6 forms that carry a private IPv4 address (mapped, compatible,
NAT64, 6to4)."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from wirewatch.errors import FetchError, describe
from wirewatch.records import Page, Rejection

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
USER_AGENT = "wirewatch/0.1 (+https://github.com/wirewatch/wirewatch)"


def check_url(url: str, allow_private: bool = False) -> str:
    """The URL's host, or a FetchError if the scheme or the address is not allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "bad_scheme", "only http(s) URLs are fetched")
    if not allow_private:
        for addr in _addresses(url, parts.hostname):
            if not is_public(addr):
                raise FetchError(url, "private_address", f"{parts.hostname} resolves to {addr}")
    return parts.hostname


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def is_public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``addr`` is a global address and so is any IPv4 address it carries: the
    IPv4-mapped (``::ffff:127.0.0.1``), IPv4-compatible (``::127.0.0.1``), NAT64
    (``64:ff9b::7f00:1``) and 6to4 (``2002:7f00:1::``) forms reach the IPv4 address inside."""
    if not addr.is_global:
        return False
    if isinstance(addr, ipaddress.IPv4Address):
        return True
    inner = _embedded_ipv4(addr)
    return inner is None or inner.is_global


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr in _IPV4_COMPATIBLE or any(addr in net for net in _NAT64):
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _addresses(url: str, host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise FetchError(url, "dns_error", str(exc)) from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


MAX_REDIRECTS = 5
DEFAULT_LIMIT_S = 20.0  # a client built without a read timeout


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators sent still hold
    body: bytes
    etag: str | None
    last_modified: str | None


class PinnedBackend(httpcore.SyncBackend):
    """Connects only to an address it checked itself. ``check_url`` resolves the name once and
    httpx would resolve it again to connect: a name answering a public address first and
    127.0.0.1 second (DNS rebinding) got loopback fetched. Here the name is resolved once per
    connection, every answer is checked, and the socket dials that checked address; the URL's
    host stays the Host header and the TLS server name (SNI), since httpcore takes both from the
    request, not from the socket."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None) -> httpcore.NetworkStream:
        url = f"//{host}:{port}"  # how a refusal names the connection
        addresses = _addresses(url, host)
        if not self.allow_private:
            for addr in addresses:
                if not is_public(addr):
                    raise FetchError(url, "private_address", f"{host} resolves to {addr} at connect time")
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for addr in addresses:  # in resolver order, as socket.create_connection tries them
            try:
                stream = super().connect_tcp(str(addr), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return stream
        assert failure is not None  # getaddrinfo answers at least one address or raises
        raise failure


def new_client(timeout_s: float, allow_private: bool = False) -> httpx.Client:
    """A client for ``follow``: redirects are followed by hand so that every hop is checked, and
    each connection dials the address its check approved (``PinnedBackend``). Proxies from the
    environment are not used: through a proxy the address check would be the proxy's."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # the pool httpx builds (its default limits), on our backend
        ssl_context=httpx.create_ssl_context(), max_connections=100, max_keepalive_connections=20,
        keepalive_expiry=5.0, network_backend=PinnedBackend(allow_private))
    return httpx.Client(timeout=timeout_s, follow_redirects=False, headers={"User-Agent": USER_AGENT},
                        transport=transport, trust_env=False)


def follow(client: httpx.Client, url: str, max_bytes: int, allow_private: bool = False,
           headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` through ``client`` with every redirect hop checked and the body size-limited;
    a 304 answer (to validators in ``headers``) comes back with an empty body."""
    check_url(url, allow_private)
    limit = client.timeout.read or DEFAULT_LIMIT_S
    stop = threading.Event()
    # the client's timeout bounds each read, not the fetch: a server dripping a byte a second
    # held one for 79 s at a 5 s limit, so the fetch runs in a thread and is given up at the limit
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wirewatch-fetch")
    try:
        return pool.submit(_follow, client, url, max_bytes, allow_private, headers or {}, stop).result(limit)
    except FutureTimeout:
        stop.set()  # the thread stops at its next chunk, or at the read timeout
        raise FetchError(url, "fetch_failed", f"TimeoutError: not done within the {limit:g} s limit "
                         "(fetch_timeout_s)") from None  # fetch_failed: transient, the watcher retries it
    except httpx.HTTPError as exc:
        raise FetchError(url, "fetch_failed", describe(exc)) from exc
    finally:
        pool.shutdown(wait=False)


def _follow(client: httpx.Client, url: str, max_bytes: int, allow_private: bool,
            headers: dict[str, str], stop: threading.Event) -> Fetched:
    for _ in range(MAX_REDIRECTS):
        with client.stream("GET", url, headers=headers) as resp:
            if resp.is_redirect and resp.headers.get("location"):
                url = str(resp.url.join(resp.headers["location"]))
                check_url(url, allow_private)
                continue
            if resp.status_code >= 400:
                raise FetchError(url, "http_error", f"HTTP {resp.status_code}")
            body = b"" if resp.status_code == 304 else _read_limited(resp, url, max_bytes, stop)
            return Fetched(url, resp.status_code, body, resp.headers.get("etag"), resp.headers.get("last-modified"))
    raise FetchError(url, "too_many_redirects", f"more than {MAX_REDIRECTS} redirects")


def fetch(url: str, max_bytes: int, timeout_s: float, allow_private: bool = False) -> bytes:
    with new_client(timeout_s, allow_private) as client:
        return follow(client, url, max_bytes, allow_private).body


def _read_limited(resp: httpx.Response, url: str, max_bytes: int, stop: threading.Event) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        if stop.is_set():
            raise FetchError(url, "fetch_failed", "TimeoutError: given up at the total limit")
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, "too_large", f"over the {max_bytes:,} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def page_of(url: str, data: bytes) -> Page | Rejection:
    """The fetched bytes as a page to process, or the rejection of an empty answer."""
    if not data.strip():
        return Rejection(url, "ingest", "empty", "the response has no content")
    return Page(source=url, content=data, url=url, site_hint=urlsplit(url).hostname)


def page_from_url(url: str, max_bytes: int, timeout_s: float, allow_private: bool = False) -> Page | Rejection:
    try:
        data = fetch(url, max_bytes, timeout_s, allow_private)
    except FetchError as exc:
        return Rejection(url, "ingest", exc.reason, exc.detail)
    return page_of(url, data)
