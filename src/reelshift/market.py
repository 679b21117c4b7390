"""Five-year market outlook: demand, freelance rates and the top end, for the person's work.

A small, documented model (docs/method.md, section "Market outlook"), not a forecast of anyone's
income. It combines the BLS 2024–34 projection for the linked occupation with the change in the
person's automation and augmentation over five years:

- demand for paid hours: baseline growth, minus newly automated work, partly offset because
  cheaper production means more production (output elasticity η);
- freelance rates: demand, minus extra supply as assisted work lets more people offer it (σ);
- top end: demand, plus a premium for judgement as production value per dollar rises (τ).

The spread comes from the three adoption scenarios and a low/high value of each parameter.
"""

from __future__ import annotations

import numpy as np

from reelshift.exposure import SCENARIOS, PersonFigures
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role
from reelshift.models import Band, Outlook

HORIZON_YEARS = 5
# Parameters (project judgement, with a low and high value for the spread).
ELASTICITY = {"low": 0.25, "expected": 0.5, "high": 0.75}
"""η: how much cheaper work raises the amount of work commissioned."""
SUPPLY = {"low": 0.25, "expected": 0.5, "high": 0.75}
"""σ: how much newly assisted work adds competing supply, pushing rates down."""
PREMIUM = {"low": 0.1, "expected": 0.25, "high": 0.4}
"""τ: how much of the rise in assisted work turns into a premium for top-end judgement."""
FLAT_BAND_PCT = 2.0


def baseline_growth(pack: KnowledgePack, roles: list[Role]) -> tuple[float | None, list[str]]:
    """BLS 2024–34 projected change (percent, mean over the roles' occupations) and its sources."""
    values, sources = [], []
    for role in roles:
        for code in role.soc.codes:
            occ = pack.occupations.get(code[:7])
            if occ and occ.projected_change_2024_34_pct is not None:
                values.append(occ.projected_change_2024_34_pct)
                sources += occ.sources
    if not values:
        return None, []
    return float(np.mean(values)), sorted(set(sources))


def _demand(base: float, d_auto: float, eta: float) -> float:
    """Percent change in paid hours demanded over the horizon."""
    return 100.0 * ((1 + base / 100.0) * (1 - d_auto) * (1 + eta * d_auto) - 1)


def outlook(pack: KnowledgePack, roles: list[Role], fig: PersonFigures) -> Outlook:
    growth, _ = baseline_growth(pack, roles)
    base = (growth or 0.0) * HORIZON_YEARS / 10.0  # half of the ten-year projection
    y = HORIZON_YEARS
    demand, rates, top = {}, {}, {}
    # Low case: fast adoption, weak offsets; high case: slow adoption, strong offsets.
    cases = {
        "low": ("fast", "low", "high", "low"),
        "expected": ("expected", "expected", "expected", "expected"),
        "high": ("slow", "high", "low", "high"),
    }
    for case, (scenario, eta, sigma, tau) in cases.items():
        s = SCENARIOS.index(scenario)
        d_auto = float(fig.automation[s, y] - fig.automation[s, 0])
        d_assist = float(fig.augmentation[s, y] - fig.augmentation[s, 0])
        demand[case] = _demand(base, d_auto, ELASTICITY[eta])
        rates[case] = demand[case] - 100.0 * SUPPLY[sigma] * d_assist
        top[case] = demand[case] + 100.0 * PREMIUM[tau] * d_assist

    def band(values: dict[str, float]) -> Band:
        lo, _, hi = sorted((values["low"], values["expected"], values["high"]))
        return Band(low=round(lo, 1), expected=round(values["expected"], 1), high=round(hi, 1))

    expected = demand["expected"]
    direction = (
        "falling" if expected < -FLAT_BAND_PCT else "rising" if expected > FLAT_BAND_PCT else "flat"
    )
    s = SCENARIOS.index("expected")
    drivers = [
        f"BLS projects {growth:+.1f}% jobs over 2024–34 for the linked occupation"
        if growth is not None
        else "No BLS projection for this work: baseline growth taken as zero",
        f"{100 * (fig.automation[s, y] - fig.automation[s, 0]):.0f} points more of the work "
        f"automated in {y} years (expected adoption)",
        f"{100 * (fig.augmentation[s, y] - fig.augmentation[s, 0]):.0f} points more AI-assisted",
    ]
    assumptions = [
        "Half of the BLS ten-year projected change applies over five years.",
        f"Output elasticity η = {ELASTICITY['expected']} (range {ELASTICITY['low']}–"
        f"{ELASTICITY['high']}): cheaper work is partly met by more work being commissioned.",
        f"Supply effect σ = {SUPPLY['expected']} (range {SUPPLY['low']}–{SUPPLY['high']}): "
        "assisted work lets more people compete for it, which presses freelance rates.",
        f"Top-end premium τ = {PREMIUM['expected']} (range {PREMIUM['low']}–{PREMIUM['high']}): "
        "higher production value per dollar raises demand for senior judgement.",
        "Low and high bounds combine the fast and slow adoption scenarios with the parameter "
        "ranges. This is a model of the market, not a forecast of anyone's income.",
    ]
    return Outlook(
        horizon_years=y,
        demand_pct=band(demand),
        rate_pct=band(rates),
        top_end_pct=band(top),
        direction=direction,
        drivers=drivers,
        assumptions=assumptions,
    )
