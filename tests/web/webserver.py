"""Helpers of the web tests: a real `python -m reelshift serve` on a free loopback port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"


@dataclass
class Server:
    url: str
    log: Path
    data_dir: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: Path, **env: str) -> Server:
    port = free_port()
    data_dir = tmp / "data"
    log = tmp / "server.log"
    full_env = {
        **os.environ,
        "REELSHIFT_DATA_DIR": str(data_dir),
        "REELSHIFT_RATE_ANALYZE": "100000",
        "REELSHIFT_RATE_SAVE": "100000",
        **env,
    }
    if "REELSHIFT_DATABASE_URL" not in env:
        full_env.pop("REELSHIFT_DATABASE_URL", None)
    with open(log, "wb") as fh:
        process = subprocess.Popen(
            [sys.executable, "-m", "reelshift", "serve", "--port", str(port)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=full_env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return Server(url, log, data_dir, process)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the server did not start:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def token_on(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found, "no CSRF token on the page"
    return found.group(1)
