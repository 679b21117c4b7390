"""Time the comparison of two analyses (what `reelshift diff` and the web's "updated analysis
available" do), next to one analysis in the same run.

Run:  python benchmarks/bench_diff.py [--write]

Compares the saved schema-1.0 colourist analysis in tests/data with a fresh analysis on the
current pack, explained by every recorded pack change since 0.1.0. Target: under 10 ms p50.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "tests" / "data" / "analysis-1.0-colorist.json"
TARGET_MS = 10.0


def timed(fn: object, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from reelshift import analyze
    from reelshift.changes import changes_since, diff_analyses

    old = json.loads(OLD.read_text(encoding="utf-8"))
    profile = {"roles": ["colorist"], "seniority": "mid"}
    new = analyze(profile).model_dump(mode="json")
    changes = changes_since("reelshift-builtin 0.1.0")
    diff_analyses(old, new, changes)  # warm
    diff_ms = timed(lambda: diff_analyses(old, new, changes), 200)
    analyze_ms = timed(lambda: analyze(profile), 200)
    p50, p99 = statistics.median(diff_ms), sorted(diff_ms)[int(len(diff_ms) * 0.99) - 1]
    a50 = statistics.median(analyze_ms)
    text = "\n".join(
        [
            f"Diff of one analysis (schema 1.0 colourist vs the current pack, explained by "
            f"{len(changes)} recorded pack changes), 200 runs:",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| diff p50 | {p50:.2f} ms (target < {TARGET_MS:g} ms) |",
            f"| diff p99 | {p99:.2f} ms |",
            f"| one analysis p50, same run | {a50:.2f} ms |",
            f"| diff / analysis | {p50 / a50:.2f}× |",
        ]
    )
    print(text)
    if args.write:
        write_section(
            ROOT / "BENCHMARKS.md",
            "diff",
            text,
            "python benchmarks/bench_diff.py --write",
            "## What changed (diff of one analysis)",
        )


if __name__ == "__main__":
    main()
