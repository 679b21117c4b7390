"""The group report: self-contained, small groups withheld, no free text, and compare."""

from __future__ import annotations

import json
import re
from pathlib import Path

from batch_rosters import roster_rows, write_csv

import reelshift


def test_report_is_private_and_self_contained(tmp_path: Path) -> None:
    rows = roster_rows(200)
    rows.append(
        {"id": "lonely", "title": "gaffer", "seniority": "head", "region": "Tromsø", "years": "3"}
    )
    for row in rows[:10]:
        row["title"] = f"{row['title']} SECRET-NOTE-{row['id']}"
    path = write_csv(tmp_path / "r.csv", rows)
    reelshift.batch(path, tmp_path / "out", min_group=5)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    summary_text = (tmp_path / "out" / "summary.json").read_text(encoding="utf-8")
    for text in (html, summary_text):
        assert "SECRET-NOTE" not in text  # no free text from the rows
        assert "Tromsø" not in text  # a region of one person is not shown
        assert "p00001" not in text and "lonely" not in text  # no ids
    assert "<svg" in html
    assert not re.search(r"<script|<link|src=\"http|href=\"http|url\(", html)
    summary = json.loads(summary_text)
    assert summary["rows"]["total"] == 201
    for dim in summary["by"].values():
        for group in dim["groups"]:
            assert group["people"] >= 5
            for counts in (group["now"], group["in_5y"]):
                assert all(n is None or n >= 5 for n in counts.values())
    regions = {g["value"] for g in summary["by"]["region"]["groups"]}
    assert regions == {"London", "NSW", "Ontario"}
    assert summary["by"]["region"]["withheld"]["groups"] == 1
    assert all(t["people"] >= 5 for t in summary["tasks"])
    assert summary["moves"] and all(m["people"] >= 5 for m in summary["moves"])


def test_min_group_hides_more_as_it_grows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", roster_rows(120))
    small = reelshift.batch(path, tmp_path / "a", min_group=1, figures_only=True).summary
    large = reelshift.batch(path, tmp_path / "b", min_group=40, figures_only=True).summary
    assert len(large["by"]["craft"]["groups"]) < len(small["by"]["craft"]["groups"])


def test_compare_shows_what_changed(tmp_path: Path) -> None:
    rows = roster_rows(150)
    old = write_csv(tmp_path / "old.csv", rows)
    for row in rows[:60]:
        row["title"] = "Production coordinator"
    new = write_csv(tmp_path / "new.csv", rows)
    reelshift.batch(old, tmp_path / "old", figures_only=True)
    result = reelshift.batch(new, tmp_path / "new", figures_only=True, compare=tmp_path / "old")
    changed = result.summary["compare"]
    assert changed["people_in_both"] is not None and changed["people_in_both"] > 100
    assert any(v["change"] for v in changed["categories"].values())
    assert "What changed since the earlier run" in (tmp_path / "new" / "report.html").read_text()


def test_a_small_count_cannot_be_worked_out_by_subtraction() -> None:
    from reelshift.batch.report import protect

    assert protect({"a": 30, "b": 33, "c": 3}, 5) == {"a": None, "b": 33, "c": None}
    assert protect({"a": 30, "b": 36, "c": 0}, 5) == {"a": 30, "b": 36, "c": None}
    assert protect({"a": 2, "b": 2, "c": 40}, 5) == {"a": None, "b": None, "c": None}
    assert protect({"a": 4, "b": 9, "c": 40}, 5) == {"a": None, "b": None, "c": 40}
