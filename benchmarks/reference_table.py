"""Print the reference-judgement table of docs/method.md from the current pack and model.

Run:  python benchmarks/reference_table.py [--write]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reelshift import analyze  # noqa: E402
from sections import write_section  # noqa: E402
from test_reference_judgements import CASES  # noqa: E402

LABELS = {"high_risk": "high risk", "adaptive": "adaptive", "resilient": "resilient"}


def table() -> str:
    rows = []
    for role, seniority, expected in CASES:
        profile: dict[str, object] = {"roles": [role]}
        if seniority:
            profile["seniority"] = seniority
        a = analyze(profile)
        got = a.headline.category
        mark = "" if got == expected else f" (got {LABELS[got]})"
        rows.append(
            f"| {role} | {a.roles[0].seniority_used.value} | {LABELS[expected]}{mark} | "
            f"{a.headline.automation.in_5y:.2f} | {a.headline.exposure.in_5y:.2f} |"
        )
    return "\n".join(rows)


def outlook_table() -> str:
    """Every capability's outlook (pace, ceiling, brakes) and every production context."""
    from reelshift.exposure import model_for
    from reelshift.kb.loader import builtin_pack

    pack = builtin_pack()
    model = model_for(pack)
    rows = [
        "| capability | level now | years per level (slow / expected / fast) | ceiling in "
        "attended high-end work | held back by |",
        "|---|---|---|---:|---|",
    ]
    for cid, cap in pack.capabilities.items():
        o = cap.outlook
        pace = (
            " / ".join(f"{o.years_per_level.get(s, 0):g}" for s in ("slow", "expected", "fast"))
            if o
            else "pack default"
        )
        ceiling = f"{o.ceiling:.2f}" if o and o.ceiling is not None else "none"
        brakes = ", ".join(o.held_back_by) if o else ""
        rows.append(f"| {cap.name} | {model.level_now(cid)} | {pace} | {ceiling} | {brakes} |")
    rows += ["", "| context | sectors | level shift | ceilings |", "|---|---|---:|---|"]
    for ctx in pack.contexts.values():
        rows.append(
            f"| {ctx.name} | {', '.join(ctx.sectors)} | {ctx.level_shift:+g} | "
            f"{'yes' if ctx.ceilings else 'no'} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update docs/method.md")
    args = parser.parse_args()
    text = table()
    print(text)
    if args.write:
        path = ROOT / "docs" / "method.md"
        doc = path.read_text()
        pattern = re.compile(
            r"(\| role \| level \| expected \| A\(\+5y\) \| E\(\+5y\) \|\n"
            r"\|---\|---\|---\|---:\|---:\|\n)"
            r"(?:REFERENCE_TABLE|(?:\|.*\|\n?)+)"
        )
        doc = pattern.sub(lambda m: m.group(1) + text + "\n", doc, count=1)
        path.write_text(doc)
        write_section(
            path,
            "outlooks",
            outlook_table(),
            "python benchmarks/reference_table.py --write",
        )


if __name__ == "__main__":
    main()
