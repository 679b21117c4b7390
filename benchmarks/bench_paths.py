"""Career paths: agreement with O*NET Related Occupations, and what paths and plan cost in time.

Run:  python benchmarks/bench_paths.py [--write]

For each craft role with an O*NET-SOC crosswalk, the top ten ``adjacent`` paths (at mid level, or
the role's nearest level) are mapped to their SOC codes and compared with O*NET's Related
Occupations for the role's own codes, read from ../shared/reference/onet_29_3 at run time (skipped
when absent). Targets that share an occupation code with the role are left out of the ranking:
O*NET does not list an occupation as related to itself. Reported next to a plain baseline in the
same run: ranking targets by skill overlap (Jaccard) alone. ``--write`` updates the paths section
of docs/validation.md and the paths section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
RELATED = ROOT.parent / "shared" / "reference" / "onet_29_3" / "Related Occupations.txt"
K = 10


def soc6(code: str) -> str:
    return code[:7]


def read_related() -> dict[str, set[str]]:
    related: dict[str, set[str]] = defaultdict(set)
    with RELATED.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            related[soc6(row["O*NET-SOC Code"])].add(soc6(row["Related O*NET-SOC Code"]))
    return related


def metrics(ranked: list[set[str]], relevant: set[str]) -> tuple[float, float]:
    """Recall@K over distinct relevant codes, and binary nDCG@K."""
    hits: set[str] = set()
    dcg = 0.0
    for i, codes in enumerate(ranked[:K]):
        if codes & relevant:
            dcg += 1.0 / math.log2(i + 2)
            hits |= codes & relevant
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    return len(hits) / len(relevant), (dcg / ideal if ideal else 0.0)


def evaluate() -> list[str]:
    from reelshift import builtin_pack
    from reelshift.exposure import model_for
    from reelshift.kb.schema import Seniority
    from reelshift.paths import nearest_level, path_index, rank_moves

    pack = builtin_pack()
    model = model_for(pack)
    index = path_index(pack, model)
    related = read_related()
    codes = {rid: {soc6(c) for c in r.soc.codes} for rid, r in pack.roles.items()}
    skills = {rid: {s for t in r.tasks for s in t.skills} for rid, r in pack.roles.items()}
    craft = [r for r in pack.roles.values() if r.kind == "craft" and r.soc.codes]
    ours: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    for role in craft:
        own = codes[role.id]
        relevant = set().union(*(related.get(c, set()) for c in own)) - own
        # Only occupations some pack role could stand for can be found.
        reachable = relevant & set().union(*(codes[r.id] for r in craft if r.id != role.id))
        if not reachable:
            continue
        level = nearest_level(role, Seniority.mid)
        moves = [t for t, _ in rank_moves(pack, model, role, level) if not codes[t] & own]
        ours.append(metrics([codes[t] for t in moves], reachable))
        candidates = [r.id for r in craft if r.id != role.id and not codes[r.id] & own]
        jaccard = sorted(
            candidates,
            key=lambda t: -len(skills[t] & skills[role.id]) / len(skills[t] | skills[role.id]),
        )
        base.append(metrics([codes[t] for t in jaccard], reachable))

    # What paths add to one analysis: rank_paths timed inside real analyses.
    from reelshift import analyze

    profiles = [{"roles": [r.id]} for r in pack.roles.values() if r.kind != "owner"]
    for p in profiles:
        analyze(p)
    import reelshift.report as report

    timings: list[float] = []
    original = report.rank_paths

    def timed(*args: object, **kwargs: object) -> object:
        t0 = time.perf_counter()
        out = original(*args, **kwargs)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - t0) * 1000)
        return out

    report.rank_paths = timed  # type: ignore[assignment]
    totals = []
    for _ in range(10):
        for p in profiles:
            t0 = time.perf_counter()
            analyze(p)
            totals.append((time.perf_counter() - t0) * 1000)
    report.rank_paths = original  # type: ignore[assignment]
    added = timings

    def mean(pairs: list[tuple[float, float]], i: int) -> float:
        return statistics.mean(x[i] for x in pairs)

    return [
        f"{len(ours)} craft roles with an O*NET-SOC crosswalk and at least one related occupation "
        f"that another pack role stands for; top {K} adjacent paths at mid level.",
        "",
        f"| ranking | recall@{K} | nDCG@{K} |",
        "|---|---:|---:|",
        f"| ReelShift paths (exposure gain, demand, pay, coverage, learning cost, ladders) | "
        f"{mean(ours, 0):.2f} | {mean(ours, 1):.2f} |",
        f"| baseline: skill overlap (Jaccard) only | {mean(base, 0):.2f} | {mean(base, 1):.2f} |",
        "",
        f"Paths add {statistics.median(added):.2f} ms p50 to an analysis "
        f"({statistics.median(totals):.2f} ms p50 in all; {len(index.targets)} targets scored; "
        "target ≤ 1 ms).",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not RELATED.is_file():
        print(f"skipped: O*NET Related Occupations not available ({RELATED} is absent)")
        return
    lines = evaluate()
    body = "\n".join(lines)
    print(body)
    if args.write:
        command = "python benchmarks/bench_paths.py --write"
        write_section(ROOT / "docs" / "validation.md", "paths", body, command)
        write_section(ROOT / "BENCHMARKS.md", "paths", lines[-1], command)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
