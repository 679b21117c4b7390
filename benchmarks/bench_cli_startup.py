"""How fast the command answers before it does any work: `reelshift --help` and an argument
error, against a bare Python interpreter starting and exiting.

Run:  python benchmarks/bench_cli_startup.py [--runs 15] [--write]

Each command is started as a fresh process (`python -m reelshift ...`, as the installed script
does) and timed from launch to exit; the median of the runs is reported, and its ratio to the
bare interpreter's median. ``--write`` updates the "cli-startup" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "bare interpreter (`python -c pass`)": ["-c", "pass"],
    "`reelshift --help`": ["-m", "reelshift", "--help"],
    "`reelshift analyze --help`": ["-m", "reelshift", "analyze", "--help"],
    "argument error (`reelshift analyze --hours x`)": [
        "-m",
        "reelshift",
        "analyze",
        "--hours",
        "x",
    ],
    "`reelshift --version` (reads the pack)": ["-m", "reelshift", "--version"],
}


def measure(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    opts = parser.parse_args()
    results = {name: measure(args, opts.runs) for name, args in COMMANDS.items()}
    bare = next(iter(results.values()))
    lines = [
        "| Command | Median wall time | Ratio to a bare interpreter |",
        "|---|---:|---:|",
        *(f"| {name} | {t * 1000:.0f} ms | {t / bare:.1f}× |" for name, t in results.items()),
        "",
        "Target (issue 15): `--help` and argument errors answer in under 0.25 s. The command "
        "imports the analysis engine only when a command runs it.",
    ]
    body = "\n".join(lines)
    print(body)
    if opts.write:
        write_section(
            ROOT / "BENCHMARKS.md",
            "cli-startup",
            body,
            f"python benchmarks/bench_cli_startup.py --runs {opts.runs} --write",
            heading="## Command start-up",
        )


if __name__ == "__main__":
    main()
