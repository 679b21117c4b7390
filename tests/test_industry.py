"""The industry view that counts people: totals and shares add up, and the plain views fit an
80-column terminal without cutting a cell."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reelshift.exposure import TASK_HORIZON_EXPOSURE, categorize
from reelshift.industry import CATEGORIES, IndustryView, industry_view, table
from reelshift.kb.loader import builtin_pack


@pytest.fixture(scope="module")
def view() -> IndustryView:
    return industry_view(builtin_pack())


def test_totals_are_the_sum_of_every_crafts_headcount(view: IndustryView) -> None:
    crafts = [r for r in builtin_pack().roles.values() if r.headcount]
    assert view.crafts == len(crafts) >= 74
    assert view.people == (
        sum(r.headcount.us_estimate[0] for r in crafts if r.headcount),
        sum(r.headcount.us_estimate[1] for r in crafts if r.headcount),
    )
    assert sum(d.people[0] for d in view.departments) == view.people[0]
    assert sum(d.people[1] for d in view.departments) == view.people[1]
    assert sum(d.crafts for d in view.departments) == view.crafts
    assert abs(sum(d.people_mid for d in view.departments) - view.people_mid) <= len(
        view.departments
    )  # rounding of each department's midpoint sum


def test_category_shares_add_up_and_are_headcount_weighted(view: IndustryView) -> None:
    rows = {r.role: r for r in view.rows}
    pairs = [(d.now, d.in_5y) for d in view.departments] + [(view.now, view.in_5y)]
    for pair in pairs:
        for shares in pair:
            assert sum(getattr(shares, c) for c in CATEGORIES) == pytest.approx(1, abs=2e-4)
    # Recompute one department by hand from its crafts' rows and headcount midpoints.
    post = next(d for d in view.departments if d.department == "post-production")
    group = [r for r in rows.values() if r.department == "post-production" and r.headcount]
    weight = {r.role: (r.headcount[0] + r.headcount[1]) / 2 for r in group if r.headcount}
    total = sum(weight.values())
    high_risk = sum(w for rid, w in weight.items() if rows[rid].category == "high_risk")
    assert post.in_5y.high_risk == pytest.approx(high_risk / total, abs=1e-4)
    exposure = sum(w * rows[rid].exposure.in_5y for rid, w in weight.items()) / total
    assert post.exposure_5y == pytest.approx(exposure, abs=1e-4)
    for r in group:  # "now" applies the same thresholds to today's figures
        assert r.category_now == categorize(r.automation.now, r.exposure.now)


def test_roles_without_a_headcount_are_listed_not_counted(view: IndustryView) -> None:
    pack = builtin_pack()
    assert set(view.not_counted) == {r.id for r in pack.roles.values() if not r.headcount}
    assert all(pack.roles[rid].kind != "craft" for rid in view.not_counted)


def test_most_exposed_tasks_are_exposed_and_ranked_by_people(view: IndustryView) -> None:
    assert len(view.top_tasks) == 10
    weights = [t.exposed_fte_5y for t in view.top_tasks]
    assert weights == sorted(weights, reverse=True)
    for t in view.top_tasks:
        assert t.exposure_5y >= TASK_HORIZON_EXPOSURE
        assert t.exposed_fte_5y == pytest.approx(t.people_time * t.exposure_5y, rel=1e-3, abs=0.5)
    # A smaller craft's task only outranks a larger craft's when it holds more exposed work.
    roles = {r.role: r for r in view.rows}
    first = view.top_tasks[0]
    headcount = roles[first.role].headcount
    assert headcount is not None and first.people_time <= sum(headcount) / 2


def test_table_wraps_cells_instead_of_cutting_them() -> None:
    lines = table(
        [["Name", "Count"]],
        [["a very long department name that cannot fit", "12,345"]],
        [12, 6],
        [False, True],
    )
    assert all(len(line) <= 20 for line in lines)
    words = " ".join(line[:12] for line in lines[2:]).split()
    assert words == "a very long department name that cannot fit".split()
    assert lines[2].endswith("12,345")


def _cli(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "reelshift", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", ["industry", "roles"])
def test_fits_80_columns_with_nothing_cut(command: str) -> None:
    out = _cli(command)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out and "..." not in out
    pack = builtin_pack()
    if command == "roles":
        for role in pack.roles.values():
            assert role.id in out  # ids are never wrapped or cut
            assert all(word in out for word in role.title.split()), role.id
    else:
        for dept in industry_view(pack).departments:
            assert all(word in out for word in dept.name.split())
        assert "All crafts" in out and "Most exposed tasks" in out


def test_industry_wide_lists_every_craft_and_json_has_everything() -> None:
    wide = _cli("industry", "--wide")
    pack = builtin_pack()
    for role in pack.roles.values():
        if role.headcount:
            assert all(word in wide for word in role.title.split()), role.id
    data = json.loads(_cli("industry", "--json", "--top", "3"))
    assert len(data["top_tasks"]) == 3
    assert {d["department"] for d in data["departments"]} <= set(pack.departments)
    assert data["people"] == list(industry_view(pack).people)
    roles = json.loads(_cli("roles", "--json"))
    by_id = {r["id"]: r for r in roles}
    assert by_id["editor"]["headcount"] == list(pack.roles["editor"].headcount.us_estimate)  # type: ignore[union-attr]
