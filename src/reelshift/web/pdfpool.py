"""PDF rendering behind a small bounded pool.

WeasyPrint takes seconds and hundreds of megabytes per report; forty at once took minutes to
clear and a gigabyte of memory. Here each worker process renders at most ``workers`` PDFs at a
time, holds at most ``queue`` more, and turns the rest away at once (503 with Retry-After);
rendered PDFs of saved analyses are kept in a small cache keyed by the saved analysis and the
pack version, so the same report is rendered once.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

from starlette.exceptions import HTTPException

RETRY_AFTER_S = 10


class PdfBusy(HTTPException):
    def __init__(self) -> None:
        super().__init__(
            503,
            "PDF reports are being made for other people right now; please try again in "
            f"{RETRY_AFTER_S} s.",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )


class PdfPool:
    def __init__(self, workers: int = 1, queue: int = 4, cache_bytes: int = 64_000_000) -> None:
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, queue)
        self.cache_bytes = cache_bytes
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="pdf")
        self._pending = 0
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._cached_bytes = 0

    @property
    def pending(self) -> int:
        return self._pending

    def cached(self, key: Hashable) -> bytes | None:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
            return found

    def _remember(self, key: Hashable, pdf: bytes) -> None:
        if len(pdf) > self.cache_bytes:
            return
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._cached_bytes -= len(old)
            self._cache[key] = pdf
            self._cached_bytes += len(pdf)
            while self._cached_bytes > self.cache_bytes and self._cache:
                _, dropped = self._cache.popitem(last=False)
                self._cached_bytes -= len(dropped)

    async def render(self, make: Callable[[], bytes], key: Hashable | None = None) -> bytes:
        """``make()`` in the pool (or the cached result for ``key``); PdfBusy when full."""
        if key is not None and (hit := self.cached(key)) is not None:
            return hit
        with self._lock:
            if self._pending >= self.capacity:
                raise PdfBusy()
            self._pending += 1
        try:
            pdf = await asyncio.get_running_loop().run_in_executor(self._executor, make)
        finally:
            with self._lock:
                self._pending -= 1
        if key is not None:
            self._remember(key, pdf)
        return pdf

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
