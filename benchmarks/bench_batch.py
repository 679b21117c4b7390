"""Batch throughput, against a plain loop of ``analyze()`` in the same run.

    python benchmarks/bench_batch.py            # print
    python benchmarks/bench_batch.py --write    # and write the batch section of BENCHMARKS.md

Rosters are generated here (no real people): role ids and levels drawn from the pack; free-text
titles built from the pack's own role aliases, with level, employment and sector words, drawn
with a heavy-tailed (Zipf-like) frequency as titles repeat in real rosters; and all-unique
descriptions. Each measured run is a separate process (``python -c``), so its peak memory
(max RSS) is its own; the local engine is pinned to one core with ``taskset`` where available.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import reelshift
from reelshift.kb.loader import builtin_pack
from sections import write_section

ROOT = Path(__file__).resolve().parents[1]
LOAD = 0.0
LEVEL_WORDS = ["", "junior", "senior", "lead", "assistant", "head of"]
EMPLOYMENT_WORDS = ["", "freelance", "staff", "self-employed"]
SECTOR_WORDS = ["", "features", "TV drama", "commercials", "documentary", "games"]
PLACES = ["London", "Sydney", "Toronto", "Atlanta", "Glasgow", "Auckland", "Vancouver", "Leeds"]


def role_roster(path: Path, n: int, seed: int = 1) -> None:
    pack = builtin_pack()
    pairs = [(rid, lv.value) for rid, role in pack.roles.items() for lv in role.seniority]
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "roles", "seniority"])
        for i in range(n):
            rid, level = pairs[rng.randrange(len(pairs))]
            w.writerow([f"m{i:07d}", rid, level])


def _aliases() -> list[str]:
    pack = builtin_pack()
    names = []
    for role in pack.roles.values():
        names.append(role.title)
        names.extend(role.aliases[:4])
    return names


def text_roster(path: Path, n: int, distinct: int, seed: int = 2) -> None:
    """Titles drawn from ``distinct`` variants with Zipf-like frequency (rank r: weight 1/r)."""
    rng = random.Random(seed)
    aliases = _aliases()
    variants = []
    while len(variants) < distinct:
        parts = [
            rng.choice(LEVEL_WORDS),
            rng.choice(aliases),
            rng.choice(EMPLOYMENT_WORDS),
            rng.choice(SECTOR_WORDS),
        ]
        variants.append(" ".join(p for p in parts if p))
    weights = [1 / (r + 1) for r in range(len(variants))]
    picks = rng.choices(variants, weights=weights, k=n)
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "title"])
        for i, title in enumerate(picks):
            w.writerow([f"t{i:07d}", title])


def unique_roster(path: Path, n: int, seed: int = 3) -> None:
    """Every row a different description: alias, level, sector, place and years."""
    rng = random.Random(seed)
    aliases = _aliases()
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "title"])
        for i in range(n):
            text = (
                f"{rng.choice(LEVEL_WORDS)} {rng.choice(aliases)}, {rng.choice(SECTOR_WORDS)} "
                f"in {rng.choice(PLACES)}, {i % 37 + 1} years, credit {i}"
            )
            w.writerow([f"u{i:07d}", " ".join(text.split())])


RUN = """
import json, resource, sys, time
import pyarrow as pa
pa.set_cpu_count(int(sys.argv[4]))
pa.set_io_thread_count(int(sys.argv[4]))
import reelshift
from reelshift.kb.loader import builtin_pack
from reelshift.matching import match
builtin_pack(); match("editor")  # loading is not throughput
t, cpu = time.perf_counter(), time.process_time()
r = reelshift.batch(sys.argv[1], sys.argv[2], engine=sys.argv[3], workers=2,
                    figures_only=sys.argv[5] == "1")
wall, cpu = time.perf_counter() - t, time.process_time() - cpu
print(json.dumps({"rows": r.rows, "placed": r.placed, "seconds": wall, "cpu": cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "counters": r.counters}))
"""


def measure(
    path: Path, out: Path, engine: str = "local", cores: int = 1, figures_only: bool = False
) -> dict[str, float]:
    cmd = [sys.executable, "-c", RUN, str(path), str(out), engine, str(cores)]
    cmd.append("1" if figures_only else "0")
    if engine == "local" and shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    shutil.rmtree(out, ignore_errors=True)
    return result


def analyze_loop(n: int = 2000) -> float:
    """Rows per second of a plain loop of analyze() over role/level profiles."""
    pack = builtin_pack()
    pairs = [(rid, lv.value) for rid, role in pack.roles.items() for lv in role.seniority]
    reelshift.analyze({"roles": [pairs[0][0]]})
    t = time.perf_counter()
    for i in range(n):
        rid, level = pairs[i % len(pairs)]
        reelshift.analyze({"roles": [rid], "seniority": level})
    return n / (time.perf_counter() - t)


def match_loop(path: Path) -> float:
    """Rows per second of ``match()`` alone over the same texts (what the engine calls)."""
    from reelshift.matching import match

    with path.open(encoding="utf-8") as handle:
        texts = [row["title"] for row in csv.DictReader(handle)]
    match("editor")
    t = time.perf_counter()
    for text in texts:
        match(text)
    return len(texts) / (time.perf_counter() - t)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--text-rows", type=int, default=200_000)
    parser.add_argument("--unique-rows", type=int, default=3_000)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    global LOAD
    LOAD = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        base = analyze_loop()
        role_csv, text_csv, unique_csv = tmp / "roles.csv", tmp / "text.csv", tmp / "unique.csv"
        role_roster(role_csv, args.rows)
        text_roster(text_csv, args.text_rows, distinct=max(50, args.text_rows // 200))
        unique_roster(unique_csv, args.unique_rows)
        match_rate = match_loop(unique_csv)
        runs = {
            "roles": measure(role_csv, tmp / "o1"),
            "roles_fig": measure(role_csv, tmp / "o2", figures_only=True),
            "text": measure(text_csv, tmp / "o3"),
            "unique": measure(unique_csv, tmp / "o4"),
        }
        if not args.skip_dask:
            runs["dask"] = measure(role_csv, tmp / "o5", engine="dask", cores=2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def rate(r: dict[str, float]) -> float:
        return r["rows"] / r["seconds"]

    def cpu_rate(r: dict[str, float]) -> float:
        return r["rows"] / r["cpu"]

    def row(label: str, key: str, target: str, floor: float | None) -> str:
        """``floor``: the target rate; met is judged on the wall clock and per CPU second."""
        r = runs[key]
        fits = r["rss_mb"] <= 1024

        def word(x: float) -> str:
            return "yes" if x >= (floor or 0) and fits else "**no**"

        yes = "—" if floor is None else f"{word(rate(r))} / {word(cpu_rate(r))}"
        return (
            f"| {label} | {rate(r):,.0f} rows/s | {r['rows'] / r['cpu']:,.0f} rows/s | {target} | "
            f"{yes} | {r['rss_mb']:,.0f} MB | {rate(r) / base:,.0f}× |"
        )

    lines = [
        f"Baseline: a plain loop of `analyze()` over role/level profiles, {base:,.0f} rows/s "
        "on one core, same run. Rates are end to end (read, understand, compute, write "
        "results.parquet/results.csv/rejects.csv, summary.json and report.html), after the "
        "pack and matcher are loaded; each run is its own process, the local engine pinned to "
        f"one core. Load average when the run started: {LOAD:.1f} on {os.cpu_count()} cores "
        "(other work on the machine slows the wall clock; the CPU-second rate is the process's "
        "own; for the Dask run it is the client's alone).",
        "",
        "| measure | wall clock | per CPU second | target | met (wall / CPU) | peak memory (RSS) "
        "| wall vs the `analyze()` loop |",
        "|---|---:|---:|---:|---|---:|---:|",
        row(
            f"{runs['roles']['rows']:,} rows by role id and level (with best move)",
            "roles",
            "≥ 100,000 rows/s, ≤ 1 GB",
            100_000,
        ),
        row("the same, `--figures-only`", "roles_fig", "—", None),
        row(
            f"{runs['text']['rows']:,} free-text titles, "
            f"{runs['text']['counters'].get('texts', 0):,} distinct (Zipf-like repetition)",
            "text",
            "≥ 20,000 rows/s",
            20_000,
        ),
        row(
            f"{runs['unique']['rows']:,} free-text descriptions, all different",
            "unique",
            "≥ 1,000 rows/s per core",
            1_000,
        ),
    ]
    if "dask" in runs:
        d, loc = runs["dask"], runs["roles"]
        lines.append(row("the 1M role rows on a Dask LocalCluster (2 workers)", "dask", "—", None))
        lines += [
            "",
            f"Dask: {d['seconds']:.1f} s against {loc['seconds']:.1f} s for the local engine on "
            f"one core (speed-up {loc['seconds'] / d['seconds']:.2f}×, including starting the "
            "cluster and the workers loading the pack and matcher). On this 2-core machine the "
            "cluster's overhead (process start-up, shipping partitions and results, the client "
            "numbering and checking rows) is of the order of the work itself, so Dask pays off "
            "on more cores or machines, or on inputs where matching text dominates; peak memory "
            "is the client's alone.",
        ]
    lines += [
        "",
        f"All-unique text is bound by the matcher: `match()` alone, in a plain loop over the "
        f"same texts in the benchmark's own process, reads {match_rate:,.0f} texts/s in this "
        "run (the batch adds one analysis per distinct understood profile); the ≥ 1,000 rows/s "
        "target for all-unique text needs a faster matcher, not a different batch engine.",
    ]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section(
            ROOT / "BENCHMARKS.md",
            "batch",
            body,
            "python benchmarks/bench_batch.py --write",
            heading="## Batch",
        )


if __name__ == "__main__":
    main()
