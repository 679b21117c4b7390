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

from reelshift import analyze  # noqa: E402
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


if __name__ == "__main__":
    main()
