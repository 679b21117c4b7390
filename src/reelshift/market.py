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
STAFF_SUPPLY_FACTOR = 0.5
"""Staff pay follows salary scales and collective agreements (the 2024 IATSE agreements set raises
of 7%, 4% and 3.5%), so extra competing supply presses it about half as much as freelance day
rates; it shows up in fewer openings instead (project judgement)."""
CONTRACTION_PCT = -10.0
"""An occupation whose wage-and-salary employment fell by more than this from May 2022 to May 2024
(strikes and the production contraction) gets no baseline recovery in the low case."""


def contraction(pack: KnowledgePack, roles: list[Role]) -> tuple[float | None, list[str]]:
    """Change in OEWS employment from May 2022 to May 2024 (percent, employment-weighted over the
    roles' close-fit occupations that record both years), and its sources."""
    before = after = 0
    sources: set[str] = set()
    for role in roles:
        if role.soc.fit == "loose":
            continue
        for code in role.soc.codes:
            occ = pack.occupations.get(code[:7])
            if occ and occ.employment_2022 and occ.employment_2024:
                before += occ.employment_2022
                after += occ.employment_2024
                sources.update(occ.sources)
    if not before:
        return None, []
    return 100.0 * (after / before - 1), sorted(sources)


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


def positions_at_risk(pack: KnowledgePack, roles: list[Role]) -> tuple[float, float] | None:
    """Mean (low, high) share of positions at risk over five years from whole-job effects, over
    the roles that have a role-demand entry (percent); None when none has."""
    found = [
        pack.role_demand[r.id].positions_at_risk_pct for r in roles if r.id in pack.role_demand
    ]
    if not found:
        return None
    return float(np.mean([lo for lo, _ in found])), float(np.mean([hi for _, hi in found]))


def outlook(
    pack: KnowledgePack, roles: list[Role], fig: PersonFigures, employment: str | None = None
) -> Outlook:
    growth, _ = baseline_growth(pack, roles)
    fell, _ = contraction(pack, roles)
    at_risk = positions_at_risk(pack, roles)
    base = (growth or 0.0) * HORIZON_YEARS / 10.0  # half of the ten-year projection
    # After a large 2022-24 fall, the low case assumes no recovery toward the projection.
    base_low = min(base, 0.0) if fell is not None and fell < CONTRACTION_PCT else base
    staff = employment == "staff"
    supply_factor = STAFF_SUPPLY_FACTOR if staff else 1.0
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
        demand[case] = _demand(base_low if case == "low" else base, d_auto, ELASTICITY[eta])
        if at_risk is not None:
            # Positions dropped whole, beyond the share of the work already counted as automated
            # (so a craft's automation is not counted twice).
            lo, hi = at_risk
            share = {"low": hi, "expected": (lo + hi) / 2, "high": lo}[case]
            demand[case] -= max(0.0, share - 100.0 * d_auto)
        rates[case] = demand[case] - 100.0 * supply_factor * SUPPLY[sigma] * d_assist
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
        f"BLS projects {growth:+.1f}% jobs over 2024–34 for the broad occupation the work is "
        "filed under"
        if growth is not None
        else "BLS does not measure this work separately: baseline growth taken as zero",
    ]
    if fell is not None:
        drivers.append(
            f"Wage-and-salary jobs in that occupation changed {fell:+.0f}% from May 2022 to May "
            "2024 (the 2023 strikes and the production contraction); the BLS projection starts "
            "after that fall and does not assume a return to 2022 levels"
        )
    if at_risk is not None:
        drivers.append(
            f"An estimated {at_risk[0]:.0f}–{at_risk[1]:.0f}% of positions at risk over five "
            "years where productions do without the role (whole-job effects, project estimate)"
        )
    drivers += [
        f"{100 * (fig.automation[s, y] - fig.automation[s, 0]):.0f} points more of the work "
        f"automated in {y} years (expected adoption)",
        f"{100 * (fig.augmentation[s, y] - fig.augmentation[s, 0]):.0f} points more AI-assisted",
    ]
    assumptions = [
        "Half of the BLS ten-year projected change applies over five years"
        + (
            "; the low case assumes no recovery after the 2022–24 fall."
            if base_low != base
            else "."
        ),
        f"Output elasticity η = {ELASTICITY['expected']} (range {ELASTICITY['low']}–"
        f"{ELASTICITY['high']}): cheaper work is partly met by more work being commissioned.",
        f"Supply effect σ = {SUPPLY['expected']} (range {SUPPLY['low']}–{SUPPLY['high']}): "
        "assisted work lets more people compete for it, which presses freelance rates"
        + (
            f"; for staff it counts {STAFF_SUPPLY_FACTOR:g} times as much, since salaries follow "
            "pay scales and agreements and the pressure shows in fewer openings instead."
            if staff
            else "."
        ),
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
        rate_basis="staff" if staff else "freelance",
        change_2022_24_pct=None if fell is None else round(fell, 1),
        drivers=drivers,
        assumptions=assumptions,
    )
