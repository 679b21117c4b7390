"""Properties every analysis keeps, over generated profiles (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reelshift import analyze, builtin_pack
from reelshift.exposure import categorize

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
        assert path.kind == "deepen" or path.target not in own
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
