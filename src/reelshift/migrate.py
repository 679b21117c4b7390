"""Reading analyses saved under earlier schema versions.

An analysis is a snapshot: a saved one must stay readable after the schema moves on. Each step
here turns one schema version's JSON into the next, keeping every figure as it was saved; what
the newer schema adds is filled from the saved figures where it can be (hour ranges from the
saved adoption bands) and left empty where it cannot, with a caveat saying so.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from reelshift.models import SCHEMA_VERSION, Analysis

Raw = dict[str, Any]

CAVEAT_1_0 = (
    "Saved with ReelShift's analysis schema 1.0. Its figures are shown as they were saved; its "
    "tool suggestions came from an older method (the newest tool of each capability) and are "
    "left out. Update the analysis to see the current advice."
)


def _hour_range(low: float, high: float) -> dict[str, Any]:
    lo, hi = math.floor(low + 1e-9), math.ceil(high - 1e-9)
    text = f"{lo} h" if lo == hi else f"{lo}–{hi} h"
    return {"low": lo, "high": hi, "text": text}


def _from_1_0(raw: Raw) -> Raw:
    out = copy.deepcopy(raw)
    for task in out.get("tasks") or []:
        task["tools"] = []  # 1.0 listed the newest tool of each capability, not checked advice
    plan = out.get("plan") or {}
    plan["adopt_tools"] = []
    out["plan"] = plan
    hours = out.get("hours") or {}
    per_week = float(hours.get("per_week") or 40.0)
    bands = (out.get("headline") or {}).get("bands") or {}
    slow, fast = bands.get("slow") or {}, bands.get("fast") or {}

    def ranges(measure: str, reverse: bool = False) -> dict[str, Any]:
        res = {}
        for h in ("now", "in_2y", "in_5y"):
            a = float((slow.get(measure) or {}).get(h, 0.0)) * per_week
            b = float((fast.get(measure) or {}).get(h, 0.0)) * per_week
            res[h] = _hour_range(min(a, b), max(a, b))
        return res

    untouched: dict[str, Any] = {}
    for h in ("now", "in_2y", "in_5y"):

        def rest(band: dict[str, Any], at: str = h) -> float:
            auto = float((band.get("automation") or {}).get(at, 0.0))
            assist = float((band.get("augmentation") or {}).get(at, 0.0))
            return per_week * (1 - auto - assist)

        low, high = sorted((rest(fast), rest(slow)))
        untouched[h] = _hour_range(low, high)
    hours["bands"] = {
        "automated": ranges("automation"),
        "assisted": ranges("augmentation"),
        "untouched": untouched,
    }
    out["hours"] = hours
    out["caveats"] = [*(out.get("caveats") or []), CAVEAT_1_0]
    out["schema_version"] = "2.0"
    return out


STEPS: dict[str, Callable[[Raw], Raw]] = {"1.0": _from_1_0}
"""From each older schema version to the next one."""


def upgrade(raw: Raw) -> Raw:
    """The JSON of an analysis saved under any known schema version, in the current one."""
    version = str(raw.get("schema_version") or "1.0")
    seen = set()
    while version != SCHEMA_VERSION:
        step = STEPS.get(version)
        if step is None or version in seen:
            raise ValueError(f"analyses of schema version {version!r} cannot be read")
        seen.add(version)
        raw = step(raw)
        version = str(raw.get("schema_version"))
    return raw


def read_analysis(raw: Raw) -> tuple[Analysis, bool]:
    """A saved analysis as a current ``Analysis``, and whether it had to be upgraded."""
    original = str(raw.get("schema_version") or "1.0")
    return Analysis.model_validate(upgrade(raw)), original != SCHEMA_VERSION
