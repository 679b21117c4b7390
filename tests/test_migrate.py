"""Saved analyses stay readable across schema versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reelshift.migrate import CAVEAT_1_0, read_analysis, upgrade
from reelshift.models import SCHEMA_VERSION

SAVED = sorted((Path(__file__).parent / "data").glob("analysis-*.json"))


@pytest.mark.parametrize("path", SAVED, ids=[p.name for p in SAVED])
def test_every_earlier_schema_version_still_reads(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    analysis, upgraded = read_analysis(raw)
    assert analysis.schema_version == SCHEMA_VERSION
    assert upgraded == (raw["schema_version"] != SCHEMA_VERSION)
    # The saved figures are kept exactly as they were saved.
    assert analysis.headline.category == raw["headline"]["category"]
    assert analysis.headline.automation.in_5y == raw["headline"]["automation"]["in_5y"]
    assert [t.id for t in analysis.tasks] == [t["id"] for t in raw["tasks"]]
    assert [p.target for p in analysis.paths] == [p["target"] for p in raw["paths"]]
    assert analysis.pack.version == raw["pack"]["version"]


def test_schema_1_0_gets_hour_ranges_from_its_saved_bands_and_a_caveat() -> None:
    raw = json.loads((Path(__file__).parent / "data" / "analysis-1.0-colorist.json").read_text())
    analysis, _ = read_analysis(raw)
    per_week = raw["hours"]["per_week"]
    slow = raw["headline"]["bands"]["slow"]["automation"]["in_5y"] * per_week
    fast = raw["headline"]["bands"]["fast"]["automation"]["in_5y"] * per_week
    band = analysis.hours.bands["automated"].in_5y
    assert band.low <= min(slow, fast) and band.high >= max(slow, fast)
    assert CAVEAT_1_0 in analysis.caveats
    assert all(not t.tools for t in analysis.tasks) and not analysis.plan.adopt_tools


def test_unknown_versions_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match=r"schema version '0\.3'"):
        upgrade({"schema_version": "0.3"})
