"""Web app under load: `POST /api/v1/analyze` from wrk on loopback, and report page render time.

Run:  python benchmarks/bench_web.py [--duration 60] [--workers 2] [--write]

Starts `reelshift serve --workers N` on a free loopback port (rate limits off, a throw-away data
folder), then runs wrk as its own process for a bounded time against it. Every figure is printed
next to a baseline measured in the same run:

- analyses/s next to `GET /healthz` under the same load (the server's own request floor), and
  next to in-process analyses/s on one core times the worker count (the ceiling for the core);
- report page p50 (sequential GETs of `/report?role=...`) next to `/healthz` p50 the same way.

Needs wrk (`apt-get install wrk`). `--write` updates the web section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
TARGETS = {"analyses_per_s": 300.0, "analyze_p99_ms": 100.0, "report_p50_ms": 30.0}
SENIORITIES = ("junior", "mid", "senior", "head")
SCENARIOS = ("expected", "slow", "fast")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def profiles() -> list[dict[str, Any]]:
    """Every role at every level and pace: varied work, so no single answer is measured."""
    from reelshift import builtin_pack

    out = []
    for i, rid in enumerate(sorted(builtin_pack().roles)):
        for j, level in enumerate(SENIORITIES):
            out.append({"roles": [rid], "seniority": level, "scenario": SCENARIOS[(i + j) % 3]})
    return out


def start_server(workers: int, data_dir: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log = data_dir / "server.log"
    env = {
        **os.environ,
        "REELSHIFT_DATA_DIR": str(data_dir),
        "REELSHIFT_RATE_ANALYZE": "0",
        "REELSHIFT_RATE_SAVE": "0",
    }
    env.pop("REELSHIFT_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "reelshift", "serve", "--port", str(port)]
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [*cmd, "--workers", str(workers)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                # every worker answers once before the clock starts
                for _ in range(20):
                    httpx.post(f"{url}/api/v1/analyze", json={"roles": ["editor"]}, timeout=10)
                return proc, url, log
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()}")


LUA = """
local bodies = %s
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/analyze", {["Content-Type"] = "application/json"},
                    bodies[(n %% #bodies) + 1])
end
"""


def parse_wrk(text: str) -> dict[str, float]:
    def ms(value: str) -> float:
        m = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
        if not m:
            raise ValueError(value)
        return float(m[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m[2]]

    out: dict[str, float] = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        if m:
            out[f"p{pct}_ms"] = ms(m[1])
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m[1]) if m else 0.0
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = float(m[1]) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non_2xx"] = float(m[1]) if m else 0.0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = float(sum(int(x) for x in m.groups())) if m else 0.0
    return out


def run_wrk(url: str, path: str, seconds: int, connections: int, script: Path | None) -> str:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(
        [*cmd, url + path], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    return out.stdout


def in_process_rate(seconds: float = 5.0) -> float:
    """Analyses a second on one core in this process (same profiles), the core's ceiling."""
    import reelshift

    items = profiles()
    pack = reelshift.builtin_pack()
    for p in items[:20]:
        reelshift.analyze(p, pack).model_dump_json()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        reelshift.analyze(items[n % len(items)], pack).model_dump_json()
        n += 1
    return n / (time.perf_counter() - t0)


def sequential_p50(url: str, paths: list[str], rounds: int) -> tuple[float, float]:
    times = []
    with httpx.Client(base_url=url, timeout=30) as c:
        for p in paths[:5]:
            c.get(p)
        for i in range(rounds):
            t0 = time.perf_counter()
            r = c.get(paths[i % len(paths)])
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (paths[i % len(paths)], r.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of analyze load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    base_rate = in_process_rate()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _log = start_server(args.workers, Path(tmp))
        try:
            script = Path(tmp) / "analyze.lua"
            bodies = [json.dumps(p) for p in profiles()]
            script.write_text(LUA % ("{" + ",".join(json.dumps(b) for b in bodies) + "}"))
            health = parse_wrk(run_wrk(url, "/healthz", 15, args.connections, None))
            raw = run_wrk(url, "/api/v1/analyze", args.duration, args.connections, script)
            load = parse_wrk(raw)
            roles = sorted({p["roles"][0] for p in profiles()})
            report_paths = [f"/report?role={r}&seniority=mid" for r in roles]
            report_p50, report_p99 = sequential_p50(url, report_paths, 400)
            health_p50, _ = sequential_p50(url, ["/healthz"], 400)
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    errors = int(load["non_2xx"] + load["socket_errors"])
    results = {
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "analyze": load,
        "healthz": health,
        "in_process_analyses_per_s_one_core": base_rate,
        "report_p50_ms": report_p50,
        "report_p99_ms": report_p99,
        "healthz_sequential_p50_ms": health_p50,
        "errors": errors,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "web.json").write_text(json.dumps(results, indent=2))
    print(raw)
    print(json.dumps(results, indent=2))

    def ok(value: float, target: float, higher: bool) -> str:
        return "yes" if (value >= target if higher else value <= target) else "**no**"

    ceiling = base_rate * args.workers
    rows = [
        (
            f"`POST /api/v1/analyze`, {args.duration} s, {args.connections} connections",
            f"{load['rps']:.0f} analyses/s",
            f"≥ {TARGETS['analyses_per_s']:.0f}",
            ok(load["rps"], TARGETS["analyses_per_s"], True),
            f"{load['rps'] / health['rps']:.2f}× `GET /healthz` ({health['rps']:.0f}/s); "
            f"{load['rps'] / ceiling:.2f}× in-process on {args.workers} cores "
            f"({base_rate:.0f}/s on one)",
        ),
        (
            "analyze latency p50 / p99",
            f"{load.get('p50_ms', 0):.1f} / {load.get('p99_ms', 0):.1f} ms",
            f"p99 ≤ {TARGETS['analyze_p99_ms']:.0f} ms",
            ok(load.get("p99_ms", 1e9), TARGETS["analyze_p99_ms"], False),
            f"`/healthz` p99 {health.get('p99_ms', 0):.1f} ms under the same load",
        ),
        (
            "errors (non-2xx and socket)",
            f"{errors} of {load['requests']:.0f}",
            "0",
            ok(errors, 0, False),
            "—",
        ),
        (
            "report page `GET /report?role=…`, sequential, p50 / p99",
            f"{report_p50:.1f} / {report_p99:.1f} ms",
            f"p50 ≤ {TARGETS['report_p50_ms']:.0f} ms",
            ok(report_p50, TARGETS["report_p50_ms"], False),
            f"{report_p50 / health_p50:.1f}× `/healthz` p50 ({health_p50:.2f} ms)",
        ),
    ]
    table = "\n".join(
        [
            "| measure | result | target | met | baseline in the same run |",
            "|---|---:|---:|---|---|",
            *(f"| {' | '.join(r)} |" for r in rows),
        ]
    )
    print(table)
    if args.write:
        write_web_section(table, args)


def write_web_section(table: str, args: argparse.Namespace) -> None:
    command = f"python benchmarks/bench_web.py --duration {args.duration} --workers {args.workers}"
    body = (
        "wrk (2 threads) on the same machine over loopback, so the load generator shares the "
        "cores with the server. Profiles cycle through every role at every level and pace."
        f"\n\n{table}"
    )
    path = ROOT / "BENCHMARKS.md"
    write_section(path, "web", body, f"{command} --write", heading="### Web app")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
