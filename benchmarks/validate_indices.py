"""Compare the pack's occupation-level figures with published AI-exposure indices.

Run:  python benchmarks/validate_indices.py [--write]

Reads the published indices from ../shared/reference (next to the repository) at run time; they
are never copied into the repository. Skips with a message when that folder is absent. ``--write``
replaces the generated part of docs/validation.md; the explanations there are written by hand.

Pack figure per occupation: the mean, over the pack's roles filed under that 6-digit SOC code, of
each role's exposure at its reference level (mid, or the nearest level it has), expected scenario.
Agreement is measured by Spearman rank correlation over the occupations both sides cover.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
DOC = ROOT / "docs" / "validation.md"

# (label, file, code column, value column); GPTs-are-GPTs uses 8-digit O*NET-SOC codes.
INDICES = [
    ("GPT-4 β (GPTs are GPTs)", "gpts_are_gpts/occ_level.csv", "O*NET-SOC Code", "dv_rating_beta"),
    (
        "Human β (GPTs are GPTs)",
        "gpts_are_gpts/occ_level.csv",
        "O*NET-SOC Code",
        "human_rating_beta",
    ),
    ("AIOE", "aioe/aioe_by_occupation_appendixA.csv", "SOC Code", "AIOE"),
    (
        "AIOE, image generation",
        "aioe/image_generation_aioe_by_occupation.csv",
        "SOC Code",
        "Image Generation AIOE",
    ),
    (
        "AIOE, language modelling",
        "aioe/language_modeling_aioe_by_occupation.csv",
        "SOC Code",
        "Language Modeling AIOE",
    ),
    (
        "Microsoft AI applicability",
        "microsoft_working_with_ai/soc_ai_applicability_scores.csv",
        "SOC Code",
        "ai_applicability_score",
    ),
]

# CVL Economics survey of 300 entertainment executives (January 2024): share of leaders expecting
# each kind of role to be affected within three years, as press coverage reports it (facts sheet,
# sources TT, DDC, TR-COPY). Writing and acting were rated among the least affected (TR-COPY); they
# are placed below every named percentage.
SURVEY = [
    ("sound-designer", 55.0),
    ("music-editor", 40.0),
    ("re-recording-mixer", 33.0),
    ("3d-modeler", 33.0),
    ("compositor", 25.0),
    ("storyboard-artist", 15.0),
    ("animator", 15.0),
    ("screenwriter", 5.0),
    ("actor", 5.0),
]


def ranks(values: list[float]) -> np.ndarray:
    """Average ranks (ties share the mean rank), 1 = smallest."""
    arr = np.asarray(values, dtype=float)
    order = arr.argsort(kind="stable")
    out = np.empty(len(arr))
    out[order] = np.arange(1, len(arr) + 1)
    for v in np.unique(arr):
        tie = arr == v
        out[tie] = out[tie].mean()
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


# The MeritForge AI Career Threat Index (2026.3) scores its own 300 roles and maps SOC codes to
# the nearest one with a match quality; film occupations are mapped loosely (camera operators to
# "video editor", lighting technicians to "sound designer"), so only exact matches, and then
# exact and close ones, are compared. A peer index is a comparison, not ground truth.
MERITFORGE = "meritforge_threat_index_2026_3/soc-crosswalk.csv"
MERITFORGE_INDICES = [
    ("MeritForge 2026.3, exact matches", ("exact",)),
    ("MeritForge 2026.3, exact and close", ("exact", "close")),
]


def read_index(
    path: Path, code_col: str, value_col: str, keep: tuple[str, ...] | None = None
) -> dict[str, float]:
    values: dict[str, list[float]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if keep is not None and row.get("match_quality") not in keep:
                continue
            try:
                value = float(row[value_col])
            except (KeyError, ValueError):
                continue
            code = row[code_col].strip()
            values[code].append(value)
            if len(code) == 10:  # also file 8-digit codes under their 6-digit occupation
                values[code[:7]].append(value)
    return {k: float(np.mean(v)) for k, v in values.items()}


def pack_by_soc() -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    from reelshift import builtin_pack, industry

    pack = builtin_pack()
    rows = {r.role: r for r in industry(pack)}
    figures: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    members: dict[str, list[str]] = defaultdict(list)
    for role in pack.roles.values():
        if role.kind != "craft":  # AI-era roles and owner pivots are not what indices describe
            continue
        row = rows[role.id]
        for code in {c[:7] for c in role.soc.codes}:
            members[code].append(role.id)
            figures[code]["exposure_now"].append(row.exposure.now)
            figures[code]["exposure_5y"].append(row.exposure.in_5y)
            figures[code]["automation_5y"].append(row.automation.in_5y)
    means = {soc: {k: float(np.mean(v)) for k, v in f.items()} for soc, f in figures.items()}
    return means, dict(members)


def build() -> str:
    from reelshift import builtin_pack, industry

    pack_fig, members = pack_by_soc()
    lines = [
        f"Pack {builtin_pack().meta.version}; {len(pack_fig)} SOC occupations carry at least one "
        "role. Spearman rank correlation ρ between the pack's figure and each index, over the "
        "occupations both cover (n).",
        "",
        "| index | n | ρ, exposure now | ρ, exposure in 5 years | ρ, automation in 5 years |",
        "|---|---:|---:|---:|---:|",
    ]
    tables: list[tuple[str, dict[str, float]]] = []
    sources = [(label, read_index(REFERENCE / rel, c, v)) for label, rel, c, v in INDICES]
    sources += [
        (label, read_index(REFERENCE / MERITFORGE, "soc_code", "score", keep))
        for label, keep in MERITFORGE_INDICES
    ]
    for label, index in sources:
        common = sorted(s for s in pack_fig if s in index)
        tables.append((label, index))
        if len(common) < 3:
            lines.append(f"| {label} | {len(common)} | — | — | — |")
            continue
        vals = [index[s] for s in common]
        rhos = [
            spearman([pack_fig[s][k] for s in common], vals)
            for k in ("exposure_now", "exposure_5y", "automation_5y")
        ]
        lines.append(f"| {label} | {len(common)} | " + " | ".join(f"{r:+.2f}" for r in rhos) + " |")

    # Per-occupation ranks, to see where the pack and the indices part ways.
    socs = sorted(pack_fig, key=lambda s: -pack_fig[s]["exposure_now"])
    lines += [
        "",
        "Per occupation: the pack's exposure now and its rank (1 = most exposed) among these "
        "occupations, next to each index's rank among the same occupations.",
        "",
        "| SOC | pack roles | pack exposure now | pack rank | "
        + " | ".join(label for label, _ in tables)
        + " |",
        "|---|---|---:|---:|" + "---:|" * len(tables),
    ]
    pack_rank = {s: i + 1 for i, s in enumerate(socs)}
    index_ranks: list[dict[str, int]] = []
    for _, index in tables:
        covered = sorted((s for s in socs if s in index), key=lambda s: -index[s])
        index_ranks.append({s: i + 1 for i, s in enumerate(covered)})
    for soc in socs:
        cells = [str(r.get(soc, "—")) for r in index_ranks]
        names = ", ".join(sorted(members[soc]))
        lines.append(
            f"| {soc} | {names} | {pack_fig[soc]['exposure_now']:.2f} | {pack_rank[soc]} | "
            + " | ".join(cells)
            + " |"
        )

    rows = {r.role: r for r in industry()}
    survey = [(rid, pct) for rid, pct in SURVEY if rid in rows]
    lines += [
        "",
        "Executive survey (CVL Economics, January 2024): share of leaders expecting each kind of "
        "role to be affected within three years, against the pack's figures for the matching "
        "roles.",
        "",
        "| role | survey | pack automation in 5 years | pack exposure in 5 years |",
        "|---|---:|---:|---:|",
    ]
    for rid, pct in survey:
        label = f"{pct:.0f}%" if pct > 5 else "least affected"
        row = rows[rid]
        lines.append(f"| {rid} | {label} | {row.automation.in_5y:.2f} | {row.exposure.in_5y:.2f} |")
    if len(survey) >= 3:
        rho_a = spearman([p for _, p in survey], [rows[r].automation.in_5y for r, _ in survey])
        rho_e = spearman([p for _, p in survey], [rows[r].exposure.in_5y for r, _ in survey])
        lines += [
            "",
            f"Spearman ρ over {len(survey)} roles: automation {rho_a:+.2f}, exposure {rho_e:+.2f}.",
        ]
    missing = [rid for rid, _ in SURVEY if rid not in rows]
    if missing:
        lines += ["", f"Survey roles not in the pack yet: {', '.join(missing)}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update docs/validation.md")
    args = parser.parse_args()
    if not REFERENCE.is_dir():
        print(f"skipped: the published indices are not available ({REFERENCE} is absent)")
        return
    text = build()
    print(text)
    if args.write:
        start, end = "<!-- generated:start -->", "<!-- generated:end -->"
        doc = DOC.read_text(encoding="utf-8")
        before, _, rest = doc.partition(start)
        _, _, after = rest.partition(end)
        command = "python benchmarks/validate_indices.py --write"
        DOC.write_text(f"{before}{start}\nGenerated by `{command}`.\n\n{text}\n{end}{after}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
