"""The PDF pool: bounded concurrency and queue, a cache by key."""

from __future__ import annotations

import asyncio
import threading

import pytest

from reelshift.web.pdfpool import PdfBusy, PdfPool


def test_the_pool_turns_requests_away_beyond_its_queue_and_caches_by_key() -> None:
    gate = threading.Event()
    started = threading.Semaphore(0)
    calls = 0

    def slow() -> bytes:
        nonlocal calls
        calls += 1
        started.release()
        gate.wait(5)
        return b"%PDF-1.7 made"

    async def scenario() -> None:
        pool = PdfPool(workers=1, queue=1)
        first = asyncio.create_task(pool.render(slow, key="a"))
        second = asyncio.create_task(pool.render(slow, key="b"))
        await asyncio.sleep(0.2)
        assert pool.pending == 2
        with pytest.raises(PdfBusy):
            await pool.render(slow, key="c")
        gate.set()
        assert await first == b"%PDF-1.7 made"
        assert await second == b"%PDF-1.7 made"
        assert pool.pending == 0
        assert await pool.render(slow, key="a") == b"%PDF-1.7 made"  # cached: no new call
        pool.close()

    asyncio.run(scenario())
    assert calls == 2


def test_the_cache_stays_within_its_size() -> None:
    async def scenario() -> None:
        pool = PdfPool(workers=1, queue=0, cache_bytes=10)
        await pool.render(lambda: b"123456", key=1)
        await pool.render(lambda: b"abcdef", key=2)
        assert pool.cached(1) is None and pool.cached(2) == b"abcdef"
        pool.close()

    asyncio.run(scenario())
