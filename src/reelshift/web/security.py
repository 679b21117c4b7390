"""Request guard (size limit, security headers, redacted access log, last-resort error page),
per-client rate limits and CSRF tokens for forms."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("reelshift.web.access")
error_log = logging.getLogger("reelshift.web.error")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin: private links never leak to the external sites a report links to
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

_TOKENISH = re.compile(r"/[A-Za-z0-9_-]{20,}")


def redact_path(path: str) -> str:
    """Paths for the log: private tokens replaced, control and non-ASCII characters escaped (a
    path cannot forge a log line); query strings are never logged."""
    redacted = _TOKENISH.sub("/<token>", path)[:200]
    return "".join(
        ch if " " < ch < "\x7f" else ch.encode("unicode_escape").decode("ascii") or "?"
        for ch in redacted
    )


def host_allowed(host_header: str, allowed: tuple[str, ...]) -> bool:
    """Whether a Host header names one of the configured hosts ("*" allows any)."""
    if "*" in allowed:
        return True
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in allowed)


class PayloadTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit} bytes.")


class BodyTimeout(HTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"The request body did not arrive within {seconds:g} seconds.")


ErrorPage = Callable[[int, str, bool], tuple[bytes, bytes]]  # status, message, is_api
AllowedMethods = Callable[[str], set[str]]  # path -> the methods some route accepts there


class Guard:
    """Outermost middleware: enforces the body limit, adds security headers, writes a redacted
    access log line, and turns any unexpected exception into a clean 500 (logged without the
    exception's message, which could quote user input)."""

    def __init__(
        self,
        app: ASGIApp,
        max_body: int,
        error_page: ErrorPage,
        allowed_methods: AllowedMethods | None = None,
        allowed_hosts: tuple[str, ...] = ("*",),
        body_timeout: float = 20.0,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.error_page = error_page
        self.allowed_methods = allowed_methods
        self.allowed_hosts = allowed_hosts
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path: str = scope.get("path", "")
        is_api = path.startswith("/api/")
        state = {"status": 0, "sent": False}
        method = scope.get("method", "GET")
        head = method == "HEAD"
        if head:  # every GET route answers HEAD: same status and headers, no body
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["sent"] = True
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS:
                    name = key.decode()
                    if name not in headers:
                        headers.append(name, value.decode())
                if message["status"] == 405 and self.allowed_methods is not None:
                    headers["allow"] = _allow_header(self.allowed_methods(path))
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
        if not host_allowed(host.decode("latin-1"), self.allowed_hosts):
            await self._respond(send_with_headers, 400, "Unknown host.", is_api)
            access_log.info("%s %s 400 (host)", method, redact_path(path))
            return
        if method == "OPTIONS" and self.allowed_methods is not None:
            methods = self.allowed_methods(path)
            status = 204 if methods else 404
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [(b"allow", _allow_header(methods).encode())] if methods else [],
                }
            )
            await send_with_headers({"type": "http.response.body", "body": b""})
            access_log.info("OPTIONS %s %s", redact_path(path), status)
            return

        length = None
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                length = value
                break
        try:
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                status = 413 if length.isdigit() else 400
                message = (
                    f"The request body is larger than the limit of {self.max_body} bytes."
                    if status == 413
                    else "The Content-Length header is not a number."
                )
                await self._respond(send_with_headers, status, message, is_api)
                return
            received = 0

            async def limited_receive() -> Message:
                nonlocal received
                try:
                    message = await asyncio.wait_for(receive(), self.body_timeout)
                except TimeoutError:
                    raise BodyTimeout(self.body_timeout) from None
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body:
                        raise PayloadTooLarge(self.max_body)
                return message

            await self.app(scope, limited_receive, send_with_headers)
        except Exception as exc:  # the last line of defence: never crash, never leak input
            if isinstance(exc, PayloadTooLarge | BodyTimeout):
                if not state["sent"]:
                    await self._respond(send_with_headers, exc.status_code, str(exc.detail), is_api)
            else:
                frames = traceback.extract_tb(exc.__traceback__)
                where = " <- ".join(f"{f.name}:{f.lineno}" for f in reversed(frames[-6:]))
                error_log.error("unhandled %s at %s", type(exc).__name__, where)
                if not state["sent"]:
                    await self._respond(
                        send_with_headers,
                        500,
                        "Something went wrong on our side. Nothing you entered was stored.",
                        is_api,
                    )
        finally:
            access_log.info(
                "%s %s %s %.1fms",
                redact_path(method),
                redact_path(path),
                state["status"] or "-",
                (time.perf_counter() - started) * 1000,
            )

    async def _respond(self, send: Send, status: int, message: str, is_api: bool) -> None:
        body, ctype = self.error_page(status, message, is_api)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", ctype),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _allow_header(methods: set[str]) -> str:
    found = set(methods)
    if "GET" in found:
        found.add("HEAD")
    found.add("OPTIONS")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return ", ".join(sorted(found, key=lambda m: order.index(m) if m in order else 99))


class RateLimiter:
    """A token bucket per client: ``per_minute`` requests a minute, bursts up to that many.

    Limits are per server process; ``per_minute <= 0`` turns the limiter off.
    """

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.capacity = float(max(1, per_minute))
        self.rate = per_minute / 60.0
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class RateLimited(HTTPException):
    def __init__(self, wait: float, what: str) -> None:
        seconds = max(1, int(wait + 0.999))
        super().__init__(
            429,
            f"Too many {what} from your address; please try again in {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )


# -- CSRF: a random cookie, and a form token that is an HMAC of it ------------------------------

CSRF_COOKIE = "rs_csrf"
CSRF_FIELD = "csrf_token"


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_for(secret: bytes, cookie: str) -> str:
    return hmac.new(secret, b"csrf:" + cookie.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted:
        return False
    if not hmac.compare_digest(csrf_token_for(secret, cookie), submitted):
        return False
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.url.netloc}"
        if origin != own:
            return False
    return True
