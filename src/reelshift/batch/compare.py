"""``--compare OLD_OUTDIR``: what changed for the group between two runs.

Reads the earlier run's ``summary.json`` (group counts and means) and ``results.parquet`` (only
its id and category columns, to follow the same people from one category to another). The same
privacy rule holds: a count under ``min_group`` is withheld.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reelshift.batch.report import CATEGORIES
from reelshift.errors import InputError

MEANS = ("exposure_now", "exposure_5y", "automation_now", "automation_5y")


def load_old(old: Path) -> tuple[dict[str, Any], Path]:
    summary = old / "summary.json"
    results = old / "results.parquet"
    if not summary.is_file() or not results.is_file():
        raise InputError(f"{old} is not a finished batch folder (no summary.json/results.parquet)")
    data: dict[str, Any] = json.loads(summary.read_text(encoding="utf-8"))
    return data, results


def compare(old_dir: Path, new_summary: dict[str, Any], new_results: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    old_summary, old_results = load_old(old_dir)
    k = int(new_summary["min_group"])

    def keep(n: int | None) -> int | None:
        return n if n is not None and n >= k else None

    categories = {}
    for c in CATEGORIES:
        before = old_summary["categories"]["in_5y"].get(c)
        after = new_summary["categories"]["in_5y"].get(c)
        change = after - before if before is not None and after is not None else None
        categories[c] = {"before": before, "after": after, "change": change}
    mean = {}
    for m in MEANS:
        before = old_summary["mean"].get(m)
        after = new_summary["mean"].get(m)
        mean[m] = {
            "before": before,
            "after": after,
            "change": round(after - before, 4)
            if before is not None and after is not None
            else None,
        }
    cols = ["id", "category"]
    old_t = pq.read_table(old_results, columns=cols).rename_columns(["id", "before"])
    new_t = pq.read_table(new_results, columns=cols).rename_columns(["id", "after"])
    joined = new_t.join(old_t, keys="id", join_type="inner")
    pairs = joined.group_by(["before", "after"]).aggregate([("id", "count")])
    moved = []
    same = 0
    for row in pairs.to_pylist():
        n = int(row["id_count"])
        if row["before"] == row["after"]:
            same += n
            continue
        if n >= k:
            moved.append({"before": row["before"], "after": row["after"], "people": n})
    moved.sort(key=lambda m: -m["people"])
    return {
        "old": {
            "folder": old_dir.name,
            "generated": old_summary.get("generated"),
            "pack": f"{old_summary['pack']['name']} {old_summary['pack']['version']}",
        },
        "people_in_both": keep(joined.num_rows),
        "same_category": keep(same),
        "categories": categories,
        "mean": mean,
        "moved": moved,
    }
