"""The questionnaire's answers carried in the URL between steps, signed and short-lived.

Every step of the questionnaire is POST -> redirect -> GET (so Back, Forward and reload show a
page, never "Confirm form resubmission"). The answers travel in the GET's query string as a
token: compressed JSON with an expiry, signed with the server's secret so a page never shows
answers the server did not itself read from a form. Nothing is stored on the server; a token
that is altered, from another server or older than its lifetime reads as no token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from typing import Any

LIFETIME_SECONDS = 6 * 3600
"""Long enough to go back to a report over an afternoon, short enough that an old link in a
browser's history stops carrying someone's answers."""


def _mac(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, b"flow:" + body, hashlib.sha256).digest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(secret: bytes, data: dict[str, Any], now: float | None = None) -> str:
    """A URL-safe token holding ``data`` until ``LIFETIME_SECONDS`` from now."""
    expires = int((now if now is not None else time.time()) + LIFETIME_SECONDS)
    body = zlib.compress(json.dumps([expires, data], separators=(",", ":")).encode(), 9)
    return f"{_b64(body)}.{_b64(_mac(secret, body))}"


def unsign(secret: bytes, token: str, now: float | None = None) -> dict[str, Any] | None:
    """The data in ``token``, or None when it is altered, malformed or expired."""
    if not token or len(token) > 12_000 or token.count(".") != 1:
        return None
    body_text, mac_text = token.split(".")
    try:
        body, mac = _unb64(body_text), _unb64(mac_text)
    except (ValueError, TypeError):
        return None
    if not hmac.compare_digest(mac, _mac(secret, body)):
        return None
    try:
        expires, data = json.loads(zlib.decompress(body, bufsize=64_000))
    except (ValueError, TypeError, zlib.error):
        return None
    if not isinstance(data, dict) or not isinstance(expires, int):
        return None
    if (now if now is not None else time.time()) > expires:
        return None
    return data
