"""A soak of the web app on loopback: analyses, report pages, saves, PDFs and deletes mixed, for a
bounded time, with the server's memory sampled throughout.

Run:  python benchmarks/soak_web.py [--minutes 10] [--workers 2] [--clients 4] [--write]

Starts `reelshift serve --workers N` on a free loopback port with a throw-away data folder and
rate limits off, then runs N client threads, each looping over a fixed mix of requests until the
time is up. Every request goes to 127.0.0.1 only. It reports errors (server errors, transport
failures and unexpected statuses; 503 from a full PDF queue is counted apart, as the designed
answer to overload), requests by kind, and the server's resident memory (all its processes) at
warm-up and at the end; "no growth after warm-up" means the last samples are within 10% of the
samples taken after the first minute. `--write` updates the soak section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("colorist", "editor", "rotoscope-artist", "production-coordinator", "gaffer", "composer")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (kB), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def client_loop(
    base: str, stop: float, seed: int, counts: Counter[str], lock: threading.Lock
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=120) as http:
        while time.monotonic() < stop:
            role = rng.choice(ROLES)
            steps: list[tuple[str, httpx.Response | None]] = []
            try:
                r = http.post("/api/v1/analyze", json={"roles": [role], "sector": "features"})
                steps.append(("analyze", r))
                steps.append(("report", http.get("/report", params={"role": role})))
                saved = http.post("/api/v1/analyses", json={"profile": {"roles": [role]}})
                steps.append(("save", saved))
                if saved.status_code == 201:
                    body = saved.json()
                    token, key = body["token"], body["delete_token"]
                    steps.append(("saved-page", http.get(f"/a/{token}")))
                    if rng.random() < 0.25:
                        steps.append(("pdf", http.get(f"/a/{token}/report.pdf")))
                    steps.append(
                        (
                            "delete",
                            http.delete(
                                f"/api/v1/analyses/{token}", headers={"X-Delete-Token": key}
                            ),
                        )
                    )
            except httpx.HTTPError:
                steps.append(("transport", None))
            with lock:
                for kind, resp in steps:
                    counts[kind] += 1
                    if resp is None:
                        counts["errors"] += 1
                    elif kind == "pdf" and resp.status_code == 503:
                        counts["pdf-busy"] += 1
                    elif resp.status_code >= 500 or resp.status_code not in (200, 201, 204):
                        counts["errors"] += 1
                        counts[f"status-{resp.status_code}"] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reelshift-soak-"))
    port = free_port()
    env = {
        **os.environ,
        "REELSHIFT_DATA_DIR": str(tmp),
        "REELSHIFT_RATE_ANALYZE": "0",
        "REELSHIFT_RATE_SAVE": "0",
        "REELSHIFT_RATE_PDF": "0",
        "REELSHIFT_MAX_SAVES_PER_CLIENT": "0",
    }
    env.pop("REELSHIFT_DATABASE_URL", None)
    log = (tmp / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reelshift",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        server.kill()
        raise SystemExit("the server did not start")
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    started = time.monotonic()
    stop = started + args.minutes * 60
    threads = [
        threading.Thread(target=client_loop, args=(base, stop, i, counts, lock), daemon=True)
        for i in range(args.clients)
    ]
    for t in threads:
        t.start()
    samples: list[tuple[float, int]] = []
    while any(t.is_alive() for t in threads):
        samples.append((time.monotonic() - started, rss_kb(server.pid)))
        time.sleep(10)
    for t in threads:
        t.join()
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    elapsed = time.monotonic() - started
    warm = [kb for t, kb in samples if 60 <= t < 120] or [samples[0][1]]
    last = [kb for _, kb in samples[-6:]]
    growth = statistics.median(last) / statistics.median(warm) - 1

    def mb(values: list[int]) -> str:
        return f"{statistics.median(values) / 1024:.0f}"

    requests = sum(
        v
        for k, v in counts.items()
        if k in {"analyze", "report", "save", "saved-page", "pdf", "delete"}
    )
    lines = [
        f"{args.minutes:g} minutes, {args.workers} server workers, {args.clients} client threads, "
        f"loopback only.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| requests | {requests:,} ({requests / elapsed:.1f}/s) |",
        *(
            f"| {kind} | {counts[kind]:,} |"
            for kind in ("analyze", "report", "save", "saved-page", "pdf", "delete")
        ),
        f"| errors (server errors, transport failures, unexpected statuses) | {counts['errors']} |",
        f"| PDF requests turned away by the full queue (503, by design) | {counts['pdf-busy']} |",
        f"| server memory after warm-up (median, minute 1–2) | {mb(warm)} MB |",
        f"| server memory at the end (median of the last minute) | {mb(last)} MB |",
        f"| growth after warm-up | {growth:+.1%} |",
    ]
    text = "\n".join(lines)
    print(text)
    print(dict(counts))
    if args.write:
        write_section(
            ROOT / "BENCHMARKS.md",
            "soak",
            text,
            f"python benchmarks/soak_web.py --minutes {args.minutes:g} --workers {args.workers} "
            f"--clients {args.clients} --write",
            "## Web soak",
        )


if __name__ == "__main__":
    main()
