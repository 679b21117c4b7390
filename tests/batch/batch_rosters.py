"""Generated rosters (no real people): a fixed seed, titles the way rosters write them."""

from __future__ import annotations

import csv
import random
from pathlib import Path

TITLES = [
    "Senior DI colourist",
    "boom operator",
    "Picture editor",
    "VFX compositor (freelance)",
    "gaffer",
    "focus puller",
    "junior editor",
    "sound designer",
    "Production coordinator",
    "accountant at a bank",
]
LEVELS = ["", "junior", "mid", "senior", "Senior"]
REGIONS = ["London", "NSW", "Ontario"]


def roster_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": f"p{i:05d}",
                "title": rng.choice(TITLES),
                "seniority": rng.choice(LEVELS),
                "region": rng.choice(REGIONS),
                "years": str(rng.randint(0, 30)),
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
