"""Career paths: sanity properties that must hold for any pack data."""

from __future__ import annotations

import pytest

from reelshift import analyze, builtin_pack
from reelshift.exposure import model_for
from reelshift.kb.schema import Seniority
from reelshift.paths import rank_moves

HIGH_RISK = [
    {"roles": ["vfx-artist"], "seniority": "junior"},
    {"roles": ["rotoscope-artist"]},
    {"roles": ["concept-artist"], "seniority": "junior"},
    {"roles": ["stock-footage-researcher"]},
]


@pytest.mark.parametrize("profile", HIGH_RISK)
def test_high_risk_profiles_top_paths_lower_exposure(profile: dict[str, object]) -> None:
    a = analyze(profile)
    assert a.headline.category == "high_risk"
    for path in a.paths[:3]:
        assert path.exposure_change.in_5y < 0, (path.kind, path.target)


def test_paths_never_suggest_the_current_role() -> None:
    for role in builtin_pack().roles.values():
        a = analyze({"roles": [role.id]})
        for path in a.paths:
            if path.kind != "deepen":
                assert path.target != role.id


def test_moves_are_asymmetric() -> None:
    pack = builtin_pack()
    model = model_for(pack)

    def score(src: str, dst: str) -> float:
        moves = dict(rank_moves(pack, model, pack.roles[src], Seniority.mid, "adjacent"))
        return moves[dst]

    assert score("colorist", "editor") != pytest.approx(score("editor", "colorist"), abs=1e-6)
    assert score("rotoscope-artist", "compositor") > score("compositor", "rotoscope-artist")


def test_goal_build_business_puts_an_owner_path_first() -> None:
    pack = builtin_pack()
    assert sum(r.kind == "owner" for r in pack.roles.values()) >= 12, "owner pivots are missing"
    for role in ("editor", "colorist", "sound-designer", "screenwriter"):
        a = analyze({"roles": [role], "goal": "build-business"})
        assert a.paths[0].kind == "owner", (role, [p.kind for p in a.paths])
        assert a.paths[0].venture is not None


def test_goal_stay_puts_deepen_first() -> None:
    a = analyze({"roles": ["editor"], "goal": "stay"})
    assert a.paths[0].kind == "deepen"


def test_score_parts_add_up_and_every_path_explains_itself() -> None:
    a = analyze({"roles": ["colorist"], "employment": "freelance"})
    kinds = {p.kind for p in a.paths}
    assert {"deepen", "adjacent", "emerging"} <= kinds
    for p in a.paths:
        assert p.score == pytest.approx(sum(p.score_parts.values()), abs=1e-3)
        assert p.why and p.first_steps and p.evidence
        assert p.shared or p.skill_gap


def test_market_outlook_is_a_band() -> None:
    a = analyze({"roles": ["rotoscope-artist"], "employment": "freelance"})
    o = a.market.outlook
    assert o is not None
    for band in (o.demand_pct, o.rate_pct, o.top_end_pct):
        assert band.low <= band.expected <= band.high
    assert o.demand_pct.expected < 0, "roto work is being automated: demand should fall"
    assert o.rate_pct.expected <= o.demand_pct.expected
    assert any("not a forecast" in x for x in o.assumptions)


def test_plan_is_specific_to_the_person() -> None:
    a = analyze({"roles": ["colorist"], "tools": ["DaVinci Resolve Magic Mask"]})
    b = analyze({"roles": ["re-recording-mixer"]})
    assert {t.tool.id for t in a.plan.adopt_tools} != {t.tool.id for t in b.plan.adopt_tools}
    task_ids = {t.id for t in a.tasks}
    for advice in a.plan.adopt_tools:
        assert set(advice.for_tasks) <= task_ids
        assert advice.tool.name != "DaVinci Resolve Magic Mask"
