"""Production contexts, capability outlooks, whole-job effects and category margins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reelshift.exposure import (
    ADAPTIVE_AUTOMATION,
    HIGH_RISK_AUTOMATION,
    NEAR_LINE,
    ExposureModel,
    PersonFigures,
    context_for_sector,
    model_for,
)
from reelshift.kb.loader import builtin_pack, load_pack
from reelshift.kb.validate import check_pack
from reelshift.market import outlook
from reelshift.paths import role_mix

CTX = [
    {
        "id": "high-end",
        "name": "High end",
        "sectors": ["features"],
        "ceilings": True,
        "reasoning": "Attended work holds output to a higher bar.",
        "sources": ["SRC-A"],
    },
    {
        "id": "cheap",
        "name": "Cheap and fast",
        "sectors": ["corporate-social"],
        "level_shift": 1.0,
        "reasoning": "Clients accept prosumer output on tight turnarounds.",
        "sources": ["SRC-A"],
    },
]


def _tiny_with_contexts(tiny_files: dict[str, Any], ceiling: float = 0.3) -> dict[str, Any]:
    tiny_files["contexts.yaml"] = CTX
    cap = tiny_files["capabilities/c.yaml"][0]
    cap["outlook"] = {
        "years_per_level": {"slow": 8, "expected": 3, "fast": 2},
        "ceiling": ceiling,
        "held_back_by": ["quality"],
        "reasoning": "A made-up outlook for the tiny pack's only capability.",
    }
    return tiny_files


def test_context_shift_and_ceiling_move_figures_in_the_documented_direction(
    tiny_files: dict[str, Any], make_pack: Callable[[dict[str, Any]], Path]
) -> None:
    pack = load_pack([make_pack(_tiny_with_contexts(tiny_files))], include_builtin=False)
    model = ExposureModel(pack)
    default = model.tasks()[0]
    high_end = model.tasks("high-end")[0]
    cheap = model.tasks("cheap")[0]
    assert np.all(high_end <= default + 1e-12)
    assert np.all(cheap >= default - 1e-12)
    # The ceiling binds: the capability's readiness never passes 0.3 in high-end work.
    assert model.context_readiness["high-end"].max() == pytest.approx(0.3)
    assert model.readiness.max() > 0.3
    # Today (year 0, expected scenario) the shift moves the first task further along.
    assert cheap[0, 1, 0] > default[0, 1, 0]


def test_sector_picks_its_context(
    tiny_files: dict[str, Any], make_pack: Callable[[dict[str, Any]], Path]
) -> None:
    pack = load_pack([make_pack(_tiny_with_contexts(tiny_files))], include_builtin=False)
    ctx = context_for_sector(pack.contexts, "corporate-social")
    assert ctx is not None and ctx.id == "cheap"
    assert context_for_sector(pack.contexts, "games") is None
    assert context_for_sector(pack.contexts, None) is None


def test_builtin_contexts_order_every_task() -> None:
    """For every task of the built-in pack: corporate-social >= commercials >= no sector >=
    high-end, in every scenario and year."""
    pack = builtin_pack()
    model = model_for(pack)
    default = model.tasks()[0]
    corporate = model.tasks("corporate-social")[0]
    commercials = model.tasks("commercials")[0]
    high_end = model.tasks("high-end")[0]
    eps = 1e-12
    assert np.all(corporate >= commercials - eps)
    assert np.all(commercials >= default - eps)
    assert np.all(default >= high_end - eps)
    # ...and the contexts really differ for a typical person.
    role = pack.roles["editor"]
    mix = role_mix(model, role, role.seniority[1])
    a = {
        ctx: model.person(mix.rows, mix.shares, ctx).at("automation", "expected", "in_5y")
        for ctx in ("corporate-social", "high-end")
    }
    assert a["corporate-social"] > a["high-end"] + 0.02


def test_every_builtin_capability_has_its_own_outlook() -> None:
    pack = builtin_pack()
    seen: dict[tuple[object, ...], str] = {}
    for cap in pack.capabilities.values():
        assert cap.outlook is not None, f"{cap.id}: no outlook"
        assert cap.outlook.ceiling is not None, f"{cap.id}: no ceiling for attended work"
        assert cap.outlook.held_back_by, f"{cap.id}: nothing said to hold it back"
        key = (
            tuple(sorted(cap.outlook.years_per_level.items())),
            cap.outlook.ceiling,
            tuple(sorted(cap.outlook.held_back_by)),
        )
        other = seen.get(key)
        # Two capabilities may share an outlook only when one's reasoning names the other.
        assert other is None or other in cap.outlook.reasoning, (
            f"{cap.id} and {other} share an outlook without a stated reason"
        )
        seen[key] = cap.id


def _figures(automation_5y: float, exposure_5y: float) -> PersonFigures:
    shape = (3, 6)
    return PersonFigures(
        exposure=np.full(shape, exposure_5y),
        automation=np.full(shape, automation_5y),
        augmentation=np.full(shape, exposure_5y - automation_5y),
    )


def test_margin_names_the_nearest_line() -> None:
    near = _figures(HIGH_RISK_AUTOMATION + 0.002, 0.5).margin()
    assert near.line.startswith("high-risk") and near.near
    assert near.distance == pytest.approx(0.002)
    far = _figures(0.5, 0.9).margin()
    assert not far.near
    low = _figures(ADAPTIVE_AUTOMATION - 0.01, 0.2).margin()
    assert low.line.startswith("adaptive line (automation)")
    assert abs(low.distance) < NEAR_LINE


def test_margin_reports_category_by_scenario() -> None:
    pack = builtin_pack()
    model = model_for(pack)
    role = pack.roles["colorist"]
    mix = role_mix(model, role, role.seniority[1])
    margin = model.person(mix.rows, mix.shares).margin()
    assert set(margin.by_scenario) == {"slow", "expected", "fast"}
    order = ["resilient", "adaptive", "high_risk"]
    # Faster adoption never makes a person less exposed.
    assert order.index(margin.by_scenario["fast"]) >= order.index(margin.by_scenario["slow"])


def test_role_demand_lowers_the_demand_outlook_beyond_automated_work() -> None:
    pack = builtin_pack()
    model = model_for(pack)
    role = pack.roles["boom-operator"]
    assert role.id in pack.role_demand
    mix = role_mix(model, role, role.seniority[0])
    fig = model.person(mix.rows, mix.shares)
    with_demand = outlook(pack, [role], fig)
    saved = pack.role_demand.pop(role.id)
    try:
        without = outlook(pack, [role], fig)
    finally:
        pack.role_demand[role.id] = saved
    assert with_demand.demand_pct.expected < without.demand_pct.expected
    assert with_demand.demand_pct.low < without.demand_pct.low
    assert any("positions at risk" in d for d in with_demand.drivers)


def test_staff_pay_is_pressed_less_than_freelance_rates() -> None:
    pack = builtin_pack()
    model = model_for(pack)
    role = pack.roles["rotoscope-artist"]
    mix = role_mix(model, role, role.seniority[0])
    fig = model.person(mix.rows, mix.shares)
    freelance = outlook(pack, [role], fig, "freelance")
    staff = outlook(pack, [role], fig, "staff")
    assert staff.rate_basis == "staff" and freelance.rate_basis == "freelance"
    assert staff.rate_pct.expected > freelance.rate_pct.expected
    # SFX artists and animators lost about 41% of wage-and-salary jobs from 2022 to 2024.
    assert freelance.change_2022_24_pct is not None and freelance.change_2022_24_pct < -30


def test_check_refuses_unknown_sector_and_role_demand(
    tiny_files: dict[str, Any], make_pack: Callable[[dict[str, Any]], Path]
) -> None:
    files = _tiny_with_contexts(tiny_files)
    files["contexts.yaml"][0]["sectors"] = ["features", "weddings"]
    files["contexts.yaml"][1]["sectors"] = ["corporate-social", "features"]
    files["role_demand.yaml"] = [
        {
            "role": "nobody",
            "risk": "low",
            "positions_at_risk_pct": [30, 10],
            "where": "Nowhere in particular.",
            "how": "A made-up entry that points at nothing.",
            "sources": ["SRC-A"],
        }
    ]
    problems = [str(p) for p in check_pack(load_pack([make_pack(files)], include_builtin=False))]
    assert any("unknown sector 'weddings'" in p for p in problems)
    assert any("already read as context" in p for p in problems)
    assert any("role demand 'nobody'" in p and "unknown role" in p for p in problems)
    assert any("not a range" in p for p in problems)


def test_margin_ignores_lines_that_would_not_change_the_category() -> None:
    # High risk at 30% automation: the exposure line at 45% is irrelevant even when close.
    high = _figures(0.30, 0.44).margin()
    assert high.line.startswith("high-risk") and not high.near
    # Adaptive through automation with exposure above its line: only the automation line and the
    # high-risk line can change the category, and the exposure line cannot on its own.
    adaptive = _figures(0.10, 0.46).margin()
    assert not adaptive.line.startswith("adaptive line (total exposure)")


def test_headline_says_when_the_category_is_a_close_call() -> None:
    from reelshift import analyze

    a = analyze({"roles": ["colorist"], "seniority": "mid"})
    margin = a.headline.margin
    assert margin is not None
    assert ("close call" in a.headline.summary) == margin.near
    other = {c.context for c in a.headline.other_contexts}
    assert "high-end" in other and a.headline.context == "mixed"
    features = analyze({"roles": ["colorist"], "seniority": "mid", "sector": "features"})
    assert features.headline.context == "high-end"
    assert features.headline.automation.in_5y <= a.headline.automation.in_5y
    assert "features and high-end episodic" in features.headline.summary
