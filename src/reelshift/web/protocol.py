"""An HTTP protocol for uvicorn that does not let a connection sit without a complete request.

uvicorn closes idle keep-alive connections only after a response; a client that opens a socket
and never finishes its request headers (or sends them a byte at a time) holds the connection
forever, and a thousand of them starve the server. This protocol closes any connection whose
request headers are not complete ``HEADER_TIMEOUT`` seconds after the connection or the request
began (``REELSHIFT_HEADER_TIMEOUT``).
"""

from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def header_timeout() -> float:
    try:
        return max(0.1, float(os.environ.get("REELSHIFT_HEADER_TIMEOUT", "10")))
    except ValueError:
        return 10.0


class GuardedHttpProtocol(HttpToolsProtocol):
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._header_timer = self.loop.call_later(header_timeout(), self._expire)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expire(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
