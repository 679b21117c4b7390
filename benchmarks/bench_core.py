"""Core performance: pack load, one analysis, CLI wall time, peak memory.

Run:  python benchmarks/bench_core.py [--write]

Each figure is printed next to a baseline measured in the same run on the same machine (the
machine is noisy; ratios travel better than seconds). ``--write`` updates the core section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "pack_load_ms": 300.0,
    "analysis_p50_ms": 2.0,
    "analysis_p99_ms": 10.0,
    "cli_json_wall_s": 1.0,
    "peak_memory_mb": 200.0,
}


CACHE = tempfile.mkdtemp(prefix="reelshift-bench-cache-")


def _child(code: str, **env: str) -> dict[str, float]:
    full_env = {**os.environ, "REELSHIFT_CACHE_DIR": CACHE, **env}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=full_env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


LOAD = """
import json, resource, time
t0 = time.perf_counter()
from reelshift.kb.loader import load_pack
from reelshift.exposure import model_for
t1 = time.perf_counter()
pack = load_pack()
t2 = time.perf_counter()
model_for(pack)
t3 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1000, "load_ms": (t2 - t1) * 1000,
                  "model_ms": (t3 - t2) * 1000,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE_IMPORT = """
import json, resource, time
t0 = time.perf_counter()
import pydantic, yaml, numpy
print(json.dumps({"ms": (time.perf_counter() - t0) * 1000,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ANALYSE = """
import json, resource, time
import reelshift
from reelshift.kb.loader import builtin_pack
pack = builtin_pack()
roles = list(pack.roles)
levels = ["junior", "mid", "senior", "head"]
profiles = [reelshift.Profile(roles=[r], seniority=levels[i % 4]) for i, r in enumerate(roles)]
for p in profiles:
    reelshift.analyze(p, pack)
times = []
for _ in range(N):
    for p in profiles:
        t0 = time.perf_counter()
        reelshift.analyze(p, pack)
        times.append((time.perf_counter() - t0) * 1000)
# Baseline: serialising one analysis to JSON, the least any caller does with it.
a = reelshift.analyze(profiles[0], pack)
base = []
for _ in range(200):
    t0 = time.perf_counter(); a.model_dump_json(); base.append((time.perf_counter() - t0) * 1000)
times.sort()
print(json.dumps({"p50": times[len(times) // 2], "p99": times[int(len(times) * 0.99)],
                  "n": len(times), "json_ms": sorted(base)[100],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def wall(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    cold = [_child(LOAD, REELSHIFT_NO_CACHE="1") for _ in range(5)]
    _child(LOAD)  # fills the cache
    loads = [_child(LOAD) for _ in range(5)]
    base_import = [_child(BASELINE_IMPORT) for _ in range(5)]
    cold_ms = statistics.median(x["load_ms"] for x in cold)
    load_ms = statistics.median(x["load_ms"] for x in loads)
    import_ms = statistics.median(x["import_ms"] for x in loads)
    model_ms = statistics.median(x["model_ms"] for x in loads)
    base_ms = statistics.median(x["ms"] for x in base_import)
    # Three separate processes; the median of each statistic damps a noisy machine.
    runs = [_child(ANALYSE.replace("range(N)", f"range({args.rounds})")) for _ in range(3)]
    an = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    os.environ["REELSHIFT_CACHE_DIR"] = CACHE
    cli = wall([sys.executable, "-m", "reelshift", "analyze", "--role", "colorist", "--json"])
    py = wall([sys.executable, "-c", "import pydantic, numpy, yaml"])
    peak = max(an["rss_mb"], *(x["rss_mb"] for x in loads))

    rows = [
        (
            "pack load, first run (parse and validate)",
            f"{cold_ms:.0f} ms",
            f"{TARGETS['pack_load_ms']:.0f} ms",
            f"{cold_ms / base_ms:.1f}× importing pydantic+yaml+numpy ({base_ms:.0f} ms)",
        ),
        (
            "pack load, from the cache",
            f"{load_ms:.1f} ms",
            f"{TARGETS['pack_load_ms']:.0f} ms",
            f"{load_ms / base_ms:.2f}× the same imports",
        ),
        ("importing the loader and its libraries", f"{import_ms:.0f} ms", "—", "—"),
        ("exposure model precompute", f"{model_ms:.1f} ms", "—", "—"),
        (
            "one analysis, p50",
            f"{an['p50']:.2f} ms",
            f"{TARGETS['analysis_p50_ms']:.0f} ms",
            f"{an['p50'] / an['json_ms']:.1f}× serialising it to JSON ({an['json_ms']:.2f} ms)",
        ),
        (
            "one analysis, p99",
            f"{an['p99']:.2f} ms",
            f"{TARGETS['analysis_p99_ms']:.0f} ms",
            f"n = {an['n']:.0f}",
        ),
        (
            "`reelshift analyze --role colorist --json`, wall",
            f"{cli:.2f} s",
            f"{TARGETS['cli_json_wall_s']:.0f} s",
            f"{cli / py:.1f}× a bare interpreter importing the same libraries ({py:.2f} s)",
        ),
        ("peak memory (RSS)", f"{peak:.0f} MB", f"{TARGETS['peak_memory_mb']:.0f} MB", "—"),
    ]
    ok = (
        cold_ms <= TARGETS["pack_load_ms"]
        and an["p50"] <= TARGETS["analysis_p50_ms"]
        and an["p99"] <= TARGETS["analysis_p99_ms"]
        and cli <= TARGETS["cli_json_wall_s"]
        and peak <= TARGETS["peak_memory_mb"]
    )
    table = ["| measure | result | target | baseline in the same run |", "|---|---:|---:|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = "\n".join(table)
    print(text)
    print("all targets met" if ok else "SOME TARGETS MISSED")
    if args.write:
        write_section(
            ROOT / "BENCHMARKS.md", "core", text, "python benchmarks/bench_core.py --write"
        )


if __name__ == "__main__":
    main()
