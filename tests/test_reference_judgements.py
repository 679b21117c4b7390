"""The eleven reference judgements the model must reproduce from task data alone."""

from __future__ import annotations

import pytest

from reelshift import analyze

CASES = [
    ("vfx-artist", "junior", "high_risk"),
    ("rotoscope-artist", None, "high_risk"),
    ("concept-artist", "junior", "high_risk"),
    ("stock-footage-researcher", None, "high_risk"),
    # The design's "cinematographers" are the self-shooting videographer / shooter-editor (the
    # pack's former `cinematographer` role, renamed to its honest id).
    ("videographer", None, "adaptive"),
    ("editor", None, "adaptive"),
    ("production-designer", None, "adaptive"),
    ("director", None, "resilient"),
    ("director-of-photography", None, "resilient"),
    ("vfx-supervisor", "senior", "resilient"),
    ("screenwriter", None, "resilient"),
]


@pytest.mark.parametrize(("role", "seniority", "category"), CASES)
def test_reference_judgement(role: str, seniority: str | None, category: str) -> None:
    profile: dict[str, object] = {"roles": [role]}
    if seniority:
        profile["seniority"] = seniority
    analysis = analyze(profile)
    a5 = analysis.headline.automation.in_5y
    e5 = analysis.headline.exposure.in_5y
    assert analysis.headline.category == category, (
        f"{role} ({seniority or 'default level'}): automation in 5y {a5:.3f}, exposure {e5:.3f}"
    )


def test_the_retired_cinematographer_id_still_gives_the_judgement_with_a_note() -> None:
    """A saved profile naming the old id is analysed as its successor, and says so."""
    analysis = analyze({"roles": ["cinematographer"]})
    assert analysis.headline.category == "adaptive"
    assert [r.id for r in analysis.roles] == ["videographer"]
    assert any("'cinematographer' was retired" in c for c in analysis.caveats)
