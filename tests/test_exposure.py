"""The exposure model's formulas and their properties."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reelshift import exposure as ex
from reelshift.kb.loader import builtin_pack, load_pack
from reelshift.kb.schema import HumanFactors


@pytest.fixture(scope="module")
def model() -> ex.ExposureModel:
    return ex.model_for(builtin_pack())


def test_readiness_never_falls_and_scenarios_are_ordered(model: ex.ExposureModel) -> None:
    r = model.readiness
    assert np.all(np.diff(r, axis=2) >= -1e-12), "readiness must not fall over time"
    slow, expected, fast = r[:, 0], r[:, 1], r[:, 2]
    assert np.all(slow <= expected + 1e-12) and np.all(expected <= fast + 1e-12)
    assert np.allclose(slow[:, 0], fast[:, 0]), "'now' is the same in every scenario"
    assert np.all((r >= 0) & (r <= 1))


def test_task_exposure_follows_the_formula(model: ex.ExposureModel) -> None:
    pack = model.pack
    for row, tid in enumerate(model.task_ids[:40]):
        _, task = pack.task(tid)
        keep = 1.0
        for link in task.capabilities:
            c = model.capability_ids.index(link.id)
            keep *= 1 - link.weight * model.readiness[c, 1, 2]
        assert model.exposure[row, 1, 2] == pytest.approx(1 - keep)
        total = model.automation[row] + model.augmentation[row]
        assert np.allclose(total, model.exposure[row])


def test_task_without_capabilities_has_no_exposure(model: ex.ExposureModel) -> None:
    rows = [i for i, w in enumerate(model.weights) if not w.any()]
    assert np.all(model.exposure[rows] == 0)


def test_human_share_is_the_strongest_factor() -> None:
    h = HumanFactors(presence=0.5, interpersonal=0.3, judgement=0.0, accountability=0.0)
    assert ex.human_share(h) == pytest.approx(0.5)
    assert ex.human_share(HumanFactors()) == 0.0


@pytest.mark.parametrize(
    ("automation", "exposure", "category"),
    [
        (ex.HIGH_RISK_AUTOMATION, 0.9, "high_risk"),
        (ex.HIGH_RISK_AUTOMATION - 0.01, 0.9, "adaptive"),
        (ex.ADAPTIVE_AUTOMATION, 0.0, "adaptive"),
        (0.0, ex.ADAPTIVE_EXPOSURE, "adaptive"),
        (ex.ADAPTIVE_AUTOMATION - 0.01, ex.ADAPTIVE_EXPOSURE - 0.01, "resilient"),
    ],
)
def test_category_thresholds(automation: float, exposure: float, category: str) -> None:
    assert ex.categorize(automation, exposure) == category


def test_readiness_curve_on_a_tiny_pack(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    m = ex.model_for(pack)
    settings = ex.DEFAULT_SETTINGS
    # as_of 2026-01-01; the last dated point is production (2024-06). The pack records the level
    # reached by its date, so "now" is production; then one level every 3 years (expected).
    c = m.capability_ids.index("auto-cut")
    assert m.readiness[c, 1, 0] == pytest.approx(settings.readiness["production"])
    assert m.readiness[c, 1, 2] == pytest.approx(
        settings.readiness["production"]
        + (settings.readiness["commodity"] - settings.readiness["production"]) * 2 / 3
    )
    assert m.readiness[c, 1, 5] == pytest.approx(settings.readiness["commodity"])
    assert m.readiness[c, 0, 2] < m.readiness[c, 1, 2] < m.readiness[c, 2, 2]
    assert m.level_now("auto-cut") == "production"
    # The task "cut": exposure = weight * readiness; h = judgement 0.2.
    row = m.task_row["cutter-person:cut"]
    assert m.exposure[row, 1, 0] == pytest.approx(0.8 * m.readiness[c, 1, 0])
    assert m.automation[row, 1, 0] == pytest.approx(0.8 * m.readiness[c, 1, 0] * 0.8)


def test_seniority_shifts_the_mix(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    from reelshift import analyze

    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    junior = analyze({"roles": ["cutter-person"], "seniority": "junior"}, pack)
    senior = analyze({"roles": ["cutter-person"], "seniority": "senior"}, pack)
    assert junior.headline.automation.in_5y > senior.headline.automation.in_5y
