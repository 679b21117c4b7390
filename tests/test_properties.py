"""Properties every analysis keeps, over generated profiles (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reelshift import analyze, builtin_pack
from reelshift.api import resolve
from reelshift.exposure import categorize, model_for
from reelshift.kb.schema import Seniority, ladder_node
from reelshift.models import Path, Profile
from reelshift.paths import MIN_COVERAGE, nearest_level, rank_paths

ROLE_IDS = sorted(builtin_pack().roles)

profiles = st.fixed_dictionaries(
    {
        "roles": st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=3, unique=True),
        "seniority": st.sampled_from(["junior", "mid", "senior", "head"]),
        "scenario": st.sampled_from(["slow", "expected", "fast"]),
        "employment": st.sampled_from([None, "freelance", "staff", "owner"]),
        "goal": st.sampled_from([None, "stay", "move-up", "move-sideways", "build-business"]),
        "hours_per_week": st.floats(min_value=1, max_value=100),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_every_analysis_is_consistent(profile: dict[str, object]) -> None:
    a = analyze(profile)
    h = a.headline
    assert sum(t.share for t in a.tasks) == pytest.approx(1.0, abs=1e-3)
    for key in ("now", "in_2y", "in_5y"):
        e, auto, aug = (getattr(x, key) for x in (h.exposure, h.automation, h.augmentation))
        assert 0 <= auto <= e <= 1 and auto + aug == pytest.approx(e, abs=1e-3)
        hours = a.hours
        total = sum(getattr(x, key) for x in (hours.automated, hours.assisted, hours.untouched))
        assert total == pytest.approx(hours.per_week, abs=0.05)
    assert h.exposure.now <= h.exposure.in_2y + 1e-9 <= h.exposure.in_5y + 2e-9
    bands = h.bands
    assert bands["slow"].exposure.in_5y <= bands["fast"].exposure.in_5y + 1e-9
    expected = bands["expected"]
    assert h.category == categorize(expected.automation.in_5y, expected.exposure.in_5y)
    own = set(profile["roles"])  # type: ignore[arg-type]
    for path in a.paths:
        assert path.kind in ("deepen", "broaden") or path.target not in own
    outlook = a.market.outlook
    assert outlook is not None and outlook.demand_pct.low <= outlook.demand_pct.high


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_result_or_a_clear_error(text: str) -> None:
    from pydantic import ValidationError

    from reelshift import InputError, match

    result = match(text)
    assert result.status in ("confident", "ambiguous", "unknown")
    try:
        analyze({"title": text})
    except (InputError, ValidationError) as exc:
        assert str(exc).strip()
        assert "\x1b" not in str(exc)


# --- Career paths ----------------------------------------------------------------------------

path_profiles = st.fixed_dictionaries(
    {
        "roles": st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=2, unique=True),
        "seniority": st.sampled_from(["junior", "mid", "senior", "head"]),
        "scenario": st.sampled_from(["slow", "expected", "fast"]),
        "employment": st.sampled_from([None, "freelance", "staff", "owner"]),
        "goal": st.sampled_from([None, "stay", "move-up", "move-sideways", "build-business"]),
    }
)


def _paths(profile: dict[str, object]) -> list[Path]:
    """Ranked paths through the same resolution and ranking ``analyze`` uses."""
    pack = builtin_pack()
    model = model_for(pack)
    rp = resolve(pack, Profile.model_validate(profile))
    fig = model.person(rp.mix.rows, rp.mix.shares)
    roles = [(r, lv) for r, lv, _ in rp.roles]
    profile_ = rp.profile
    return rank_paths(
        pack, model, roles, rp.mix, fig, profile_.scenario, profile_.goal, profile_.employment
    )


@settings(max_examples=150, deadline=None)
@given(path_profiles)
def test_paths_respect_the_floor_scores_and_steps(profile: dict[str, object]) -> None:
    pack = builtin_pack()
    own = set(profile["roles"])  # type: ignore[arg-type]
    paths = _paths(profile)
    if paths:
        assert paths[0].step != "back", "a step down is never the top move"
    for p in paths:
        assert p.score >= 0, (p.target, p.score)
        if p.step == "back":
            assert p.step_reason and profile["goal"] == "move-sideways"
            assert p.exposure_change.in_5y < 0, "a step back is shown only as a less exposed track"
    for p in paths[:5]:
        venture = pack.roles[p.target].venture
        if p.kind == "owner":
            assert venture is not None and own & set(venture.suits), "owner pivots fit the craft"
        elif p.kind in ("adjacent", "emerging") and p.years is None:
            assert p.coverage >= MIN_COVERAGE, (p.target, p.coverage)
    if profile["goal"] == "build-business" and any(p.kind == "owner" for p in paths):
        assert paths[0].kind == "owner"


def _ladder_edges() -> list[tuple[str, str, str, str]]:
    pack = builtin_pack()
    edges = []
    for ladder in pack.ladders.values():
        for edge in ladder.edges:
            src, src_level = ladder_node(edge.from_)
            dst, dst_level = ladder_node(edge.to)
            if src in pack.roles and dst in pack.roles:
                level = src_level or nearest_level(pack.roles[src], Seniority.mid)
                edges.append((src, level.value, dst, dst_level.value if dst_level else ""))
    return edges


def test_every_ladder_edge_is_reachable_from_its_role() -> None:
    edges = _ladder_edges()
    if not edges:
        pytest.skip("the built-in pack has no career ladders yet")
    missing = []
    for src, level, dst, dst_level in edges:
        paths = _paths({"roles": [src], "seniority": level})
        if not any(
            p.target == dst and (src != dst or not dst_level or p.level == dst_level) for p in paths
        ):
            missing.append(f"{src}@{level} -> {dst}{'@' + dst_level if dst_level else ''}")
    assert not missing, missing
