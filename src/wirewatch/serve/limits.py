"""Request limits as plain ASGI middleware: a body-size cap (also for chunked bodies that send no
Content-Length) and a per-client token-bucket rate limit, so one client cannot starve the
single-writer store or the laptop the server runs on.  Security headers ride along."""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# the dashboard needs nothing from elsewhere: no CDN, no tiles, no inline script
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class TokenBucket:
    """``rate`` requests a second per key, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go, else the seconds to wait before retrying."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._state.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                return 0.0
            self._state[key] = (tokens, now)
            if len(self._state) > 10_000:  # forget idle clients rather than grow without end
                self._state = {k: v for k, v in self._state.items() if now - v[1] < 60}
            return (1 - tokens) / self.rate


async def _problem(send: Send, status: int, detail: str, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


class Limits:
    """Wraps the app: security headers on every response, 413 for big bodies, 429 when rated out."""

    def __init__(self, app: ASGIApp, max_body: int, reads: TokenBucket | None,
                 writes: TokenBucket | None, token: str | None = None) -> None:
        self.app, self.max_body, self.reads, self.writes = app, max_body, reads, writes
        self.token = token

    def _authorized(self, scope: Scope) -> bool:
        """Whether a write carries the operator's token.  A write without it is charged to the
        read bucket, not the write bucket: it gets its 401 (or 403 on a read-only server) from
        the app, and cannot use up the writes of the operator who holds the token."""
        if self.token is None:
            return False
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        return hmac.compare_digest(given, b"Bearer " + self.token.encode("utf-8"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        reading = method in ("GET", "HEAD", "OPTIONS")
        bucket = self.reads if reading or not self._authorized(scope) else self.writes
        client = (scope.get("client") or ("?", 0))[0]
        wait = bucket.take(client) if bucket is not None else 0.0
        if wait:
            await _problem(send, 429, "too many requests", ((b"retry-after", str(int(wait) + 1).encode()),))
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _problem(send, 413, f"request body over {self.max_body:,} bytes")
            return
        await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        # the body is read (up to the cap) before the app sees it, so an over-long chunked body
        # is refused with a 413 instead of failing half-way inside the app
        messages: list[Message] = []
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            size, more = 0, True
            while more:
                message = await receive()
                messages.append(message)
                size += len(message.get("body", b""))
                more = message["type"] == "http.request" and bool(message.get("more_body"))
                if size > self.max_body:
                    await _problem(send, 413, f"request body over {self.max_body:,} bytes")
                    return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, replay, with_headers)
