"""The exposure model: capability readiness over time, task exposure, person-level figures.

Everything that does not depend on the person is computed once per pack (``ExposureModel``):
readiness of every capability for every scenario and year, and every task's exposure,
automation and augmentation. A person's figures are then a share-weighted sum over the rows of
their tasks, a few small vector operations. The formulas and thresholds are in docs/method.md.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import (
    LEVEL_ORDER,
    Capability,
    Context,
    HumanFactors,
    ModelSettings,
    year_fraction,
)

Scenario = Literal["slow", "expected", "fast"]
Category = Literal["high_risk", "adaptive", "resilient"]

SCENARIOS: tuple[Scenario, ...] = ("slow", "expected", "fast")
YEARS = np.arange(0, 6)  # years after the pack date: 0 (now) .. 5
HORIZONS: dict[str, int] = {"now": 0, "in_2y": 2, "in_5y": 5}

# Category thresholds, applied to the expected scenario at the five-year horizon.
# Calibrated once against the reference judgements in docs/method.md; never per role.
HIGH_RISK_AUTOMATION = 0.25
"""A person is high risk when at least this share of their time is automation-exposed in 5 years."""
ADAPTIVE_AUTOMATION = 0.07
"""Below HIGH_RISK_AUTOMATION, at least this automation share means the work is transforming..."""
ADAPTIVE_EXPOSURE = 0.45
"""...as does this much total exposure (mostly augmentation). Below both: resilient."""

# Horizon of a task: the first horizon at which its exposure reaches this level.
TASK_HORIZON_EXPOSURE = 0.5

DEFAULT_SETTINGS = ModelSettings(
    readiness={
        "research": 0.05,
        "demo": 0.15,
        "prosumer": 0.40,
        "production": 0.70,
        "commodity": 0.90,
    },
    readiness_reasoning="Default readiness per level; see docs/method.md.",
    years_per_level={"slow": 8.0, "expected": 3.0, "fast": 1.75},
    years_per_level_reasoning="Default pace; see docs/method.md.",
)

FloatArray = npt.NDArray[np.float64]


def level_position(
    cap: Capability, t: float, as_of: float, pace_expected: float, pace_scenario: float
) -> float:
    """Continuous maturity position (research=0 .. commodity=4) of ``cap`` at decimal year ``t``.

    Between dated points the position moves linearly. After the last dated point it keeps
    climbing at the expected pace up to the pack date (so "now" is the same in every scenario),
    then at the scenario's pace. Before the first dated point the capability does not exist (-1).
    """
    points = [(year_fraction(p.date), float(LEVEL_ORDER.index(p.level))) for p in cap.timeline]
    if t < points[0][0]:
        return -1.0
    for (t0, l0), (t1, l1) in itertools.pairwise(points):
        if t0 <= t < t1:
            return l0 + (l1 - l0) * (t - t0) / (t1 - t0) if t1 > t0 else l1
    _, l_last = points[-1]
    after = max(0.0, t - as_of)
    return min(float(len(LEVEL_ORDER) - 1), l_last + after / pace_scenario)


def context_for_sector(contexts: dict[str, Context], sector: str | None) -> Context | None:
    """The production context a profile's sector is read as (None: no sector, the mixed default)."""
    if sector is None:
        return None
    return next((c for c in contexts.values() if sector in c.sectors), None)


def readiness_at(position: float, settings: ModelSettings) -> float:
    """Readiness for a continuous maturity position, interpolating between level values."""
    if position < 0:
        return 0.0
    values = [settings.readiness[level] for level in LEVEL_ORDER]
    return float(np.interp(position, np.arange(len(values)), values))


def human_share(h: HumanFactors) -> float:
    """h = the strongest of the task's human factors.

    The factors overlap (a task that needs taste usually also needs someone to answer for it), so
    the strongest reason decides how much of the exposed work stays with a person.
    """
    return max(h.presence, h.interpersonal, h.judgement, h.accountability)


def categorize(automation_5y: float, exposure_5y: float) -> Category:
    if automation_5y >= HIGH_RISK_AUTOMATION:
        return "high_risk"
    if automation_5y >= ADAPTIVE_AUTOMATION or exposure_5y >= ADAPTIVE_EXPOSURE:
        return "adaptive"
    return "resilient"


NEAR_LINE = 0.03
"""A person within this distance (three points of working time) of a category line is told so."""

THRESHOLD_LINES: tuple[tuple[str, str, float], ...] = (
    ("high-risk line (automation)", "automation", HIGH_RISK_AUTOMATION),
    ("adaptive line (automation)", "automation", ADAPTIVE_AUTOMATION),
    ("adaptive line (total exposure)", "exposure", ADAPTIVE_EXPOSURE),
)


@dataclass(frozen=True)
class Margin:
    """How far a person sits from the nearest category line, and the category in each scenario."""

    line: str
    figure: str  # "automation" or "exposure"
    threshold: float
    value: float
    by_scenario: dict[str, Category]

    @property
    def distance(self) -> float:
        return self.value - self.threshold

    @property
    def near(self) -> bool:
        return abs(self.distance) < NEAR_LINE


@dataclass(frozen=True)
class PersonFigures:
    """Share-weighted figures for one task mix: arrays of shape (scenario, year)."""

    exposure: FloatArray
    automation: FloatArray
    augmentation: FloatArray

    def at(self, kind: str, scenario: Scenario, horizon: str) -> float:
        arr: FloatArray = getattr(self, kind)
        return float(arr[SCENARIOS.index(scenario), HORIZONS[horizon]])

    def category(self, scenario: Scenario = "expected") -> Category:
        return categorize(
            self.at("automation", scenario, "in_5y"), self.at("exposure", scenario, "in_5y")
        )

    def margin(self) -> Margin:
        """The nearest category line to the expected five-year figures (published thresholds,
        the same for everyone)."""
        values = {k: self.at(k, "expected", "in_5y") for k in ("automation", "exposure")}
        a, e = values["automation"], values["exposure"]
        # Only lines whose crossing alone would change the category count: the high-risk line
        # always; an adaptive line only while the other adaptive figure is below its own line.
        candidates = [THRESHOLD_LINES[0]]
        if a < HIGH_RISK_AUTOMATION:
            if e < ADAPTIVE_EXPOSURE:
                candidates.append(THRESHOLD_LINES[1])
            if a < ADAPTIVE_AUTOMATION:
                candidates.append(THRESHOLD_LINES[2])
        line, figure, threshold = min(candidates, key=lambda ln: abs(values[ln[1]] - ln[2]))
        return Margin(
            line=line,
            figure=figure,
            threshold=threshold,
            value=values[figure],
            by_scenario={s: self.category(s) for s in SCENARIOS},
        )


class ExposureModel:
    """Precomputed readiness and task figures for one pack."""

    def __init__(self, pack: KnowledgePack) -> None:
        self.pack = pack
        settings = pack.meta.model or DEFAULT_SETTINGS
        self.settings = settings
        self.as_of = year_fraction(pack.meta.as_of)
        self.capability_ids = list(pack.capabilities)
        cap_index = {cid: i for i, cid in enumerate(self.capability_ids)}

        # position[c, s, y]: continuous maturity position; readiness[c, s, y] from it.
        positions = np.zeros((len(self.capability_ids), len(SCENARIOS), len(YEARS)))
        self.position_now = np.zeros(len(self.capability_ids))
        ceilings = np.ones(len(self.capability_ids))
        for c, cid in enumerate(self.capability_ids):
            cap = pack.capabilities[cid]
            pace = cap.outlook.years_per_level if cap.outlook else settings.years_per_level
            expected = pace.get("expected", settings.years_per_level["expected"])
            if cap.outlook and cap.outlook.ceiling is not None:
                ceilings[c] = cap.outlook.ceiling
            for s, scenario in enumerate(SCENARIOS):
                own = pace.get(scenario, settings.years_per_level[scenario])
                for y, years in enumerate(YEARS):
                    positions[c, s, y] = level_position(
                        cap, self.as_of + float(years), self.as_of, expected, own
                    )
            self.position_now[c] = level_position(cap, self.as_of, self.as_of, expected, expected)
        self.readiness = self._readiness(positions, settings, 0.0, None)
        # Each production context shifts the positions and may cap readiness (docs/method.md).
        self.context_readiness = {
            ctx.id: self._readiness(
                positions, settings, ctx.level_shift, ceilings if ctx.ceilings else None
            )
            for ctx in pack.contexts.values()
        }

        # Task rows, in pack order.
        self.task_ids: list[str] = []
        weights: list[FloatArray] = []
        humans: list[float] = []
        for role in pack.roles.values():
            for task in role.tasks:
                self.task_ids.append(f"{role.id}:{task.id}")
                w = np.zeros(len(self.capability_ids))
                for link in task.capabilities:
                    w[cap_index[link.id]] = link.weight
                weights.append(w)
                humans.append(human_share(task.human))
        self.task_row = {tid: i for i, tid in enumerate(self.task_ids)}
        self.weights = np.array(weights).reshape(len(self.task_ids), len(self.capability_ids))
        self.human = np.array(humans)

        self.exposure, self.automation, self.augmentation = self._tasks(self.readiness)
        self.context_tasks = {
            cid: self._tasks(readiness) for cid, readiness in self.context_readiness.items()
        }

    @staticmethod
    def _readiness(
        positions: FloatArray, settings: ModelSettings, shift: float, ceilings: FloatArray | None
    ) -> FloatArray:
        top = float(len(LEVEL_ORDER) - 1)
        values = np.array([settings.readiness[level] for level in LEVEL_ORDER])
        shifted = np.where(positions < 0, positions, np.clip(positions + shift, 0.0, top))
        readiness = np.where(shifted < 0, 0.0, np.interp(shifted, np.arange(len(values)), values))
        if ceilings is not None:
            readiness = np.minimum(readiness, ceilings[:, None, None])
        return np.asarray(readiness, dtype=np.float64)

    def _tasks(self, readiness: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Every task's exposure, automation and augmentation [t, s, y] for one readiness."""
        # exposure = 1 - Π_c (1 - w_tc r_csy), via a sum of logs.
        wr = self.weights[:, :, None, None] * readiness[None, :, :, :]
        log_keep = np.log1p(-np.clip(wr, 0.0, 1.0 - 1e-12)).sum(axis=1)
        exposure = 1.0 - np.exp(log_keep)
        automation = exposure * (1.0 - self.human)[:, None, None]
        augmentation = exposure * self.human[:, None, None]
        return exposure, automation, augmentation

    def level_now(self, capability_id: str) -> str:
        pos = self.position_now[self.capability_ids.index(capability_id)]
        if pos < 0:
            return "none"
        return LEVEL_ORDER[int(np.floor(pos + 1e-9))].value

    def tasks(self, context: str | None = None) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Task exposure, automation and augmentation arrays for a context (None: default)."""
        if context is None:
            return self.exposure, self.automation, self.augmentation
        return self.context_tasks[context]

    def person(
        self, rows: npt.NDArray[np.intp], shares: FloatArray, context: str | None = None
    ) -> PersonFigures:
        """Figures for a task mix: ``rows`` index tasks, ``shares`` add up to 1."""
        exposure, automation, augmentation = self.tasks(context)
        return PersonFigures(
            exposure=np.tensordot(shares, exposure[rows], axes=1),
            automation=np.tensordot(shares, automation[rows], axes=1),
            augmentation=np.tensordot(shares, augmentation[rows], axes=1),
        )

    def readiness_for(self, context: str | None) -> FloatArray:
        """Capability readiness [c, s, y] in a production context (None: the mixed default)."""
        return self.readiness if context is None else self.context_readiness[context]

    def task_horizon(self, row: int, scenario: Scenario, context: str | None = None) -> str:
        exposure = self.tasks(context)[0][row, SCENARIOS.index(scenario)]
        for label, years in (("now", 0), ("2y", 2), ("5y", 5)):
            if exposure[years] >= TASK_HORIZON_EXPOSURE:
                return label
        return "later"


def model_for(pack: KnowledgePack) -> ExposureModel:
    """The precomputed model of ``pack``, built on first use and kept with the pack."""
    model = pack.derived.get("exposure")
    if not isinstance(model, ExposureModel):
        model = pack.derived["exposure"] = ExposureModel(pack)
    return model
