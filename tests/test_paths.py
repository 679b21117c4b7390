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
            if path.kind not in ("deepen", "broaden"):
                assert path.target != role.id
            elif path.kind == "deepen":
                assert path.level != a.roles[0].seniority_used, "never 'deepen' to one's own level"
            else:
                assert path.level in ("senior", "head"), "only the top of a craft broadens"
                assert path.level == role.seniority[-1], "no level above it in the craft"


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


# --- Career ladders, on a tiny made-up pack (tests/conftest.py TINY_CAREER) -------------------

from collections.abc import Callable  # noqa: E402
from pathlib import Path as FsPath  # noqa: E402
from typing import Any  # noqa: E402

from reelshift.api import resolve  # noqa: E402
from reelshift.kb.loader import KnowledgePack, load_pack  # noqa: E402
from reelshift.models import Path, Profile  # noqa: E402
from reelshift.paths import FIRST_STEP_MONTHS, MIN_COVERAGE, rank_paths  # noqa: E402


@pytest.fixture
def career_pack(
    make_pack: Callable[[dict[str, Any]], FsPath], career_files: dict[str, Any]
) -> KnowledgePack:
    return load_pack([make_pack(career_files)], include_builtin=False)


def paths_for(pack: KnowledgePack, **profile: Any) -> list[Path]:
    """The ranked paths for a profile, through the same resolution ``analyze`` uses."""
    rp = resolve(pack, Profile.model_validate(profile))
    model = model_for(pack)
    fig = model.person(rp.mix.rows, rp.mix.shares)
    return rank_paths(
        pack,
        model,
        [(r, lv) for r, lv, _ in rp.roles],
        rp.mix,
        fig,
        rp.profile.scenario,
        goal=rp.profile.goal,
        employment=rp.profile.employment,
    )


def test_next_step_up_the_ladder_ranks_first_for_stay_and_move_up(
    career_pack: KnowledgePack,
) -> None:
    for goal in ("stay", "move-up"):
        paths = paths_for(career_pack, roles=["cutter-person"], seniority="junior", goal=goal)
        assert paths[0].step == "up", [(p.target, p.step) for p in paths]
        deepen = next(p for p in paths if p.kind == "deepen")
        assert (deepen.target, deepen.level, deepen.years) == ("cutter-person", "senior", [3, 6])
        sup = next(p for p in paths if p.target == "cutting-supervisor")
        assert sup.step == "up" and sup.years == [5, 10] and "SRC-B" in sup.evidence
        assert sup.score_parts["pay"] > 0, "a ladder promotion is a pay step within one SOC code"


def test_a_step_down_is_never_shown_unless_asked_and_never_first(
    career_pack: KnowledgePack,
) -> None:
    for goal in (None, "stay", "move-up", "build-business"):
        paths = paths_for(career_pack, roles=["cutter-person"], seniority="senior", goal=goal)
        assert "assistant-cutter" not in {p.target for p in paths}, goal
    # Even when asked to move sideways, a step back is shown only as a less exposed track; the
    # assistant's work is more exposed than the cutter's, so it stays hidden.
    sideways = paths_for(career_pack, roles=["cutter-person"], goal="move-sideways")
    assert "assistant-cutter" not in {p.target for p in sideways}


def test_ladder_lateral_move_is_offered_below_the_skill_floor(career_pack: KnowledgePack) -> None:
    paths = paths_for(career_pack, roles=["cutter-person"])
    colour = next(p for p in paths if p.target == "colour-person")
    assert colour.coverage < MIN_COVERAGE and colour.step == "lateral" and colour.years == [2, 5]
    for p in paths:
        if p.kind in ("adjacent", "emerging") and p.years is None:
            assert p.coverage >= MIN_COVERAGE, p.target


def test_owner_pivots_must_grow_out_of_the_craft(career_pack: KnowledgePack) -> None:
    paths = paths_for(career_pack, roles=["cutter-person"], goal="build-business")
    assert paths[0].target == "cut-shop" and paths[0].venture is not None
    assert "kit-rental" not in {p.target for p in paths}, "kit rental does not suit a cutter"


def test_ai_era_role_needs_a_foothold_and_a_bridge_from_own_tasks(
    career_pack: KnowledgePack,
) -> None:
    colour = {p.target: p for p in paths_for(career_pack, roles=["colour-person"])}
    assert "ai-look-wrangler" in colour
    assert "Do the grade part" in colour["ai-look-wrangler"].bridge, "names the person's task"
    assert "ai-chatter" not in colour, "shares only a human skill: no concrete bridge"
    cutter = {p.target for p in paths_for(career_pack, roles=["cutter-person"])}
    assert "ai-look-wrangler" not in cutter, "no foothold: none of a cutter's skills"


def test_head_of_department_broadens_and_never_deepens_to_own_level(
    career_pack: KnowledgePack,
) -> None:
    paths = paths_for(career_pack, roles=["cutting-supervisor"], seniority="head")
    assert "deepen" not in {p.kind for p in paths}
    broaden = next(p for p in paths if p.kind == "broaden")
    assert broaden.level == "head" and broaden.step == "lateral"
    text = " ".join(broaden.first_steps).lower()
    assert "ai" in text and "mentor" in text and "format" in text
    assert "cutter person" in text, "mentoring names the role below on the ladder"


def test_gaps_steps_and_milestones(career_pack: KnowledgePack) -> None:
    pack = career_pack
    paths = paths_for(pack, roles=["cutter-person"], seniority="junior")
    own = {"cutting", "talking"}
    for p in paths:
        assert not {g.skill for g in p.skill_gap} & own, "a gap is never a skill already used"
        if p.skill_gap and pack.skills[p.skill_gap[0].skill].kind == "human":
            assert all(pack.skills[g.skill].kind == "human" for g in p.skill_gap)
        for step in p.first_steps:
            for g in p.skill_gap:
                if g.learn_months > FIRST_STEP_MONTHS:
                    assert g.name.lower() not in step.lower(), (p.target, step)
        assert {m.at for m in p.milestones} <= {"6 months", "2 years"}
    sup = next(p for p in paths if p.target == "cutting-supervisor")
    # Pipeline (4 months) is used for more of the supervisor's time than budgeting and is as
    # rare among roles: it is the main gap, and short enough to start now; budgeting (18 months)
    # is a two-year milestone.
    assert [g.skill for g in sup.skill_gap] == ["pipeline", "budgeting"]
    assert any("pipeline" in s for s in sup.first_steps)
    assert any("budgeting" in m.text for m in sup.milestones if m.at == "2 years")
    assert sum(p.score >= 0 for p in paths) == len(paths)


def test_employment_changes_the_answer(career_pack: KnowledgePack) -> None:
    free = paths_for(career_pack, roles=["cutter-person"], employment="freelance")
    staff = paths_for(career_pack, roles=["cutter-person"], employment="staff")

    def rank(paths: list[Path], target: str) -> int:
        return next(i for i, p in enumerate(paths) if p.target == target)

    assert rank(free, "cut-shop") < rank(staff, "cut-shop")
    shop = lambda ps: next(p for p in ps if p.target == "cut-shop")  # noqa: E731
    assert shop(free).score > shop(staff).score
    sup = lambda ps: next(p for p in ps if p.target == "cutting-supervisor")  # noqa: E731
    assert sup(staff).score > sup(free).score
