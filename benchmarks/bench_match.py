"""Title and description matching: accuracy, abstention, speed and memory, against a baseline.

Run:  python benchmarks/bench_match.py [--write] [--set benchmarks/data/match_eval.tsv]

The evaluation set (benchmarks/data/match_eval.tsv) holds queries written the way people write
(titles, abbreviations, slashes, UK and US forms, typos, one-line descriptions) and non-film
titles that must come back ``unknown``. It is kept apart from the pack's aliases and from the
development set the matcher was tuned on (benchmarks/data/match_dev.tsv).

Each figure is printed next to a plain fuzzy-matching baseline measured in the same run: the
best rapidfuzz WRatio match over every role's title and aliases (confident at 90 or more,
unknown below 70). When ../shared/reference/onet_29_3 is present (it is not part of the
repository), O*NET's alternate and reported titles for the SOC codes the pack covers are matched
too, and scored at SOC level. ``--write`` updates the match section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
ONET = ROOT.parent / "shared" / "reference" / "onet_29_3"
TARGETS = {
    "top1": 0.92,
    "confident_precision": 0.98,
    "nonfilm_unknown": 0.95,
    "p50_ms": 1.0,
    "load_ms": 500.0,
    "added_mb": 150.0,
}
BASELINE_CONFIDENT, BASELINE_KNOWN = 90.0, 70.0


def read_set(path: Path) -> list[tuple[str, list[str], str]]:
    rows = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        query, expected, kind = line.split("\t")
        rows.append((query, expected.split("|"), kind))
    return rows


def read_onet(codes: set[str]) -> list[tuple[str, str]]:
    """(title, O*NET-SOC code) pairs from O*NET's alternate and reported titles."""
    pairs: set[tuple[str, str]] = set()
    for name, column in (("Alternate Titles.txt", 2), ("Sample of Reported Titles.txt", 2)):
        path = ONET / name
        if not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) > column and cells[0] in codes:
                pairs.add((cells[column].strip(), cells[0]))
    return sorted(pairs)


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def load_only() -> dict[str, float]:
    """Time and memory of the matcher's first use, after the pack is loaded."""
    from reelshift.kb.loader import load_pack

    pack = load_pack()
    rss0 = _rss_mb()
    from reelshift.matching import match_text

    t0 = time.perf_counter()
    match_text(pack, "warm-up: freelance colourist")
    return {"load_ms": (time.perf_counter() - t0) * 1000, "added_mb": _rss_mb() - rss0}


def child(set_path: Path, rounds: int) -> dict[str, object]:
    """Runs in a fresh interpreter so loading time and memory are the matcher's own."""
    from reelshift.kb.loader import load_pack

    pack = load_pack()
    rss0 = _rss_mb()
    from reelshift.matching import match_text

    t0 = time.perf_counter()
    first = match_text(pack, "warm-up: freelance colourist")
    load_ms = (time.perf_counter() - t0) * 1000
    rss1 = _rss_mb()

    from rapidfuzz import fuzz, process

    t0 = time.perf_counter()
    names: list[str] = []
    owners: list[str] = []
    for role in pack.roles.values():
        for name in {role.title, *role.aliases}:
            names.append(name.lower())
            owners.append(role.id)
    base_load_ms = (time.perf_counter() - t0) * 1000

    def baseline(query: str) -> tuple[str, list[str]]:
        hits = process.extract(query.lower(), names, scorer=fuzz.WRatio, limit=10)
        ranked: list[str] = []
        for _, _, i in hits:
            if owners[i] not in ranked:
                ranked.append(owners[i])
        best = hits[0][1] if hits else 0.0
        if best >= BASELINE_CONFIDENT:
            status = "confident"
        elif best >= BASELINE_KNOWN:
            status = "ambiguous"
        else:
            status = "unknown"
        return status, ranked

    def ours(query: str) -> tuple[str, list[str]]:
        res = match_text(pack, query)
        return res.status, [c.role for c in res.candidates]

    rows = read_set(set_path)
    systems = {"matcher": ours, "baseline": baseline}
    out: dict[str, object] = {
        "load_ms": load_ms,
        "added_mb": rss1 - rss0,
        "baseline_load_ms": base_load_ms,
        "semantic": first.semantic,
        "roles": len(pack.roles),
    }
    for name, fn in systems.items():
        times: list[float] = []
        p50s: list[float] = []
        results = []
        for _ in range(rounds):
            results = []
            round_times = []
            for query, _, _ in rows:
                t0 = time.perf_counter()
                results.append(fn(query))
                round_times.append((time.perf_counter() - t0) * 1000)
            p50s.append(_pct(round_times, 0.5))
            times += round_times
        n = top1 = top3 = skipped = nonfilm = nonfilm_unknown = conf = conf_ok = 0
        by_kind: dict[str, list[int]] = {}
        misses: list[str] = []
        for (query, expected, kind), (status, ranked) in zip(rows, results, strict=True):
            if expected == ["unknown"]:
                nonfilm += 1
                nonfilm_unknown += status == "unknown"
                if status == "confident":
                    conf += 1
                continue
            if not set(expected) & set(pack.roles):
                skipped += 1
                continue
            n += 1
            hit = status != "unknown" and bool(ranked) and ranked[0] in expected
            top1 += hit
            top3 += status != "unknown" and bool(set(ranked[:3]) & set(expected))
            if status == "confident":
                conf += 1
                conf_ok += hit
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += hit
            by_kind[kind][1] += 1
            if not hit:
                misses.append(query)
        out[name] = {
            "n": n,
            "skipped": skipped,
            "top1": top1 / max(n, 1),
            "top3": top3 / max(n, 1),
            "confident": conf,
            "confident_share": (conf - 0) / max(n + nonfilm, 1),
            "confident_precision": conf_ok / max(conf, 1),
            "nonfilm": nonfilm,
            "nonfilm_unknown": nonfilm_unknown / max(nonfilm, 1),
            "p50_ms": statistics.median(p50s),
            "p99_ms": _pct(times, 0.99),
            "by_kind": {k: v[0] / v[1] for k, v in sorted(by_kind.items())},
            "misses": misses,
        }

    codes = {c for role in pack.roles.values() for c in role.soc.codes}
    pairs = read_onet(codes) if ONET.is_dir() else []
    out["onet_present"] = ONET.is_dir()
    if pairs:
        soc = {rid: set(role.soc.codes) for rid, role in pack.roles.items()}
        for name, fn in systems.items():
            answered = correct = 0
            for title, code in pairs:
                status, ranked = fn(title)
                if status != "unknown" and ranked:
                    answered += 1
                    correct += code in soc[ranked[0]]
            out[f"onet_{name}"] = {
                "n": len(pairs),
                "codes": len({c for _, c in pairs}),
                "accuracy": correct / len(pairs),
                "answered": answered / len(pairs),
                "precision": correct / max(answered, 1),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--set", type=Path, default=DATA / "match_eval.tsv")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the set for timing")
    parser.add_argument("--misses", action="store_true", help="list the queries missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.set = args.set.resolve()
    if args.load_only:
        print(json.dumps(load_only()))
        return
    if args.child:
        print(json.dumps(child(args.set, args.rounds)))
        return

    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, __file__, "--child", "--set", str(args.set), "--rounds"]
    proc = subprocess.run(
        [*cmd, str(args.rounds)], capture_output=True, text=True, check=True, env=env
    )
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    m, b = r["matcher"], r["baseline"]
    # Loading time and memory: the median of five fresh interpreters (the machine is noisy).
    loads = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--load-only"],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        for _ in range(5)
    ]
    r["load_ms"] = statistics.median(x["load_ms"] for x in loads)
    r["added_mb"] = statistics.median(x["added_mb"] for x in loads)

    def pct(x: float) -> str:
        return f"{x * 100:.1f} %"

    rows = [
        (
            f"top-1 accuracy ({m['n']} film queries; {m['skipped']} skipped: role not in pack)",
            pct(m["top1"]),
            f"≥ {pct(TARGETS['top1'])}",
            pct(b["top1"]),
        ),
        ("top-3 accuracy", pct(m["top3"]), "—", pct(b["top3"])),
        (
            f"non-film titles answered `unknown` ({m['nonfilm']} titles)",
            pct(m["nonfilm_unknown"]),
            f"≥ {pct(TARGETS['nonfilm_unknown'])}",
            pct(b["nonfilm_unknown"]),
        ),
        (
            "precision of `confident` answers",
            f"{pct(m['confident_precision'])} of {m['confident']}",
            f"≥ {pct(TARGETS['confident_precision'])}",
            f"{pct(b['confident_precision'])} of {b['confident']}",
        ),
        (
            "latency per query after loading, p50 (median of the passes)",
            f"{m['p50_ms']:.2f} ms",
            f"≤ {TARGETS['p50_ms']:.0f} ms",
            f"{b['p50_ms']:.2f} ms",
        ),
        (
            "latency per query after loading, p99",
            f"{m['p99_ms']:.2f} ms",
            "—",
            f"{b['p99_ms']:.2f} ms",
        ),
        (
            "loading: first match after the pack (indexes + model), median of 5",
            f"{r['load_ms']:.0f} ms",
            f"≤ {TARGETS['load_ms']:.0f} ms",
            f"{r['baseline_load_ms']:.1f} ms",
        ),
        (
            "added memory (RSS)",
            f"{r['added_mb']:.0f} MB",
            f"≤ {TARGETS['added_mb']:.0f} MB",
            "—",
        ),
    ]
    for kind, value in m["by_kind"].items():
        rows.append((f"top-1, {kind} queries", pct(value), "—", pct(b["by_kind"].get(kind, 0.0))))
    if "onet_matcher" in r:
        om, ob = r["onet_matcher"], r["onet_baseline"]
        rows += [
            (
                f"O*NET titles, SOC-level top-1 ({om['n']} titles of {om['codes']} SOC codes)",
                pct(om["accuracy"]),
                "—",
                pct(ob["accuracy"]),
            ),
            (
                "O*NET titles answered (not `unknown`)",
                pct(om["answered"]),
                "—",
                pct(ob["answered"]),
            ),
            (
                "O*NET titles, SOC precision when answered",
                pct(om["precision"]),
                "—",
                pct(ob["precision"]),
            ),
        ]
    else:
        print(f"O*NET reference not found at {ONET}: skipping the O*NET titles", file=sys.stderr)
    ok = (
        m["top1"] >= TARGETS["top1"]
        and m["confident_precision"] >= TARGETS["confident_precision"]
        and m["nonfilm_unknown"] >= TARGETS["nonfilm_unknown"]
        and m["p50_ms"] <= TARGETS["p50_ms"]
        and r["load_ms"] <= TARGETS["load_ms"]
        and r["added_mb"] <= TARGETS["added_mb"]
    )
    table = ["| measure | matcher | target | fuzzy baseline, same run |", "|---|---:|---:|---:|"]
    table += [f"| {a} | {v} | {t} | {base} |" for a, v, t, base in rows]
    note = (
        f"\n\n{r['roles']} roles in the pack; evaluation set `{args.set.relative_to(ROOT)}`; "
        f"semantic model {'loaded' if r['semantic'] else 'NOT loaded'}."
    )
    text = "\n".join(table) + note
    print(text)
    print("all targets met" if ok else "SOME TARGETS MISSED")
    if args.misses:
        print("\nmissed (top-1):", *m["misses"], sep="\n  ")
    if args.write:
        write_section(
            ROOT / "BENCHMARKS.md",
            "match",
            text,
            "python benchmarks/bench_match.py --write",
            heading="## Matching free text to roles",
        )


if __name__ == "__main__":
    main()
