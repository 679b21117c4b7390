"""Career paths: where a person can move, what it gains and what it costs.

A move is scored from pack data alone: the change in five-year automation exposure (gain), the
share of the target's working time whose skills the person already has (coverage), and the
learning time of the skills they lack, weighted by how much the target uses them (cost). Moves are
asymmetric because coverage and cost are measured on the target's skill mix.

Everything about the targets is computed once per pack (``PathIndex``); for a person, scoring every
target is a few vector operations, and only the paths shown are built as models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reelshift.exposure import SCENARIOS, ExposureModel, PersonFigures
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import SENIORITY_ORDER, Role, Seniority
from reelshift.models import (
    ExposureChange,
    Path,
    PathKind,
    SkillGap,
    StartupEffortRef,
    VentureRef,
)

# Score weights (project judgement, docs/method.md).
GAIN_WEIGHT = 1.5  # per unit of five-year automation exposure removed
LOSS_WEIGHT = 3.0  # per unit added: a move into more exposure is penalised twice as hard
DEMAND_WEIGHT = 2.0  # per unit (100 points) of difference in 2024-34 projected growth
PAY_WEIGHT = 0.3  # per unit of log median-wage ratio
COVERAGE_WEIGHT = 1.0  # per share of the target's time whose skills the person has
COST_PER_MONTH = 0.02  # per month of learning, weighted by how much the target uses the skill
SENIORITY_STEP = 0.15  # per seniority level the target sits above the person
SUITS_BONUS = 0.15  # an owner pivot that grows out of one of the person's roles
PATHS_PER_KIND = 3
MIN_ADJACENT_COVERAGE = 0.25
"""An adjacent role must use the person's skills for at least this share of its time."""
MIN_ADJACENT_BENEFIT = 0.03
"""...and gain at least this much from exposure, demand and pay together (about two points of
five-year automation exposure, a one-and-a-half-point better BLS outlook, or a tenth more pay)."""
HUMAN_SKILL_COVERAGE = 0.5
"""Weight of a human skill (rather than a craft, technical, AI or business one) in coverage."""

# How a person's goal and employment shift the kinds of path (judgement, docs/method.md).
GOAL_BONUS: dict[str, dict[str, float]] = {
    "stay": {"deepen": 0.4, "adjacent": -0.1, "emerging": 0.0, "owner": -0.1},
    "move-up": {"deepen": 0.2, "adjacent": 0.0, "emerging": 0.0, "owner": 0.0},
    "move-sideways": {"deepen": -0.1, "adjacent": 0.2, "emerging": 0.2, "owner": 0.0},
    "build-business": {"deepen": -0.1, "adjacent": -0.1, "emerging": 0.0, "owner": 0.6},
}
EMPLOYMENT_BONUS: dict[str, dict[str, float]] = {
    "freelance": {"owner": 0.1},
    "staff": {"deepen": 0.05, "adjacent": 0.05},
    "owner": {"owner": 0.2},
}

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TaskMix:
    """Task rows and shares for one role at one seniority level (or a person's own mix)."""

    rows: npt.NDArray[np.intp]
    shares: FloatArray
    task_ids: list[str]


def nearest_level(role: Role, wanted: Seniority) -> Seniority:
    if wanted in role.seniority:
        return wanted
    order = {s: i for i, s in enumerate(SENIORITY_ORDER)}
    return min(role.seniority, key=lambda s: (abs(order[s] - order[wanted]), -order[s]))


def role_mix(model: ExposureModel, role: Role, level: Seniority) -> TaskMix:
    ids, shares = [], []
    for task in role.tasks:
        share = task.share.get(level, 0.0)
        if share > 0:
            ids.append(f"{role.id}:{task.id}")
            shares.append(share)
    arr = np.array(shares)
    rows = np.array([model.task_row[t] for t in ids], dtype=np.intp)
    return TaskMix(rows, arr / arr.sum(), ids)


class PathIndex:
    """Every (role, level) a person could move to, as vectors over the pack's skills."""

    def __init__(self, pack: KnowledgePack, model: ExposureModel) -> None:
        self.pack = pack
        self.model = model
        self.skill_ids = list(pack.skills)
        self.skill_col = {sid: i for i, sid in enumerate(self.skill_ids)}
        self.learn = np.array([pack.skills[s].learn_months for s in self.skill_ids])
        # Human skills (collaboration, leadership) transfer everywhere, so they say less about
        # whether a particular move fits; they count half towards coverage.
        self.transfer = np.array(
            [
                HUMAN_SKILL_COVERAGE if pack.skills[s].kind == "human" else 1.0
                for s in self.skill_ids
            ]
        )
        # Skill weights of every task: a task's time is split evenly over its skills.
        self.task_skills = np.zeros((len(model.task_ids), len(self.skill_ids)))
        for row, tid in enumerate(model.task_ids):
            _, task = pack.task(tid)
            for sid in task.skills:
                self.task_skills[row, self.skill_col[sid]] += 1.0 / len(task.skills)

        self.targets: list[tuple[Role, Seniority]] = []
        self.mixes: list[TaskMix] = []
        for role in pack.roles.values():
            for level in role.seniority:
                self.targets.append((role, level))
                self.mixes.append(role_mix(model, role, level))
        self.row_of = {(r.id, lv): i for i, (r, lv) in enumerate(self.targets)}
        self.skills = np.array([m.shares @ self.task_skills[m.rows] for m in self.mixes])
        self.cache: dict[object, object] = {}
        self.level_index = np.array([SENIORITY_ORDER.index(lv) for _, lv in self.targets])
        self.demand = np.array(
            [_mean_fact(pack, r, "projected_change_2024_34_pct") for r, _ in self.targets]
        )
        self.suits = [
            set(role.venture.suits) if role.venture else set() for role, _ in self.targets
        ]
        self.wage = np.array([_mean_fact(pack, r, "median_wage_2024") for r, _ in self.targets])
        self.automation = np.array(
            [np.tensordot(m.shares, model.automation[m.rows], axes=1) for m in self.mixes]
        )  # (target, scenario, year)

    def gap(self, row: int, skill: int) -> SkillGap:
        """The (shared, immutable) description of one missing skill for one target."""
        key = ("gap", row, skill)
        found = self.cache.get(key)
        if not isinstance(found, SkillGap):
            sid = self.skill_ids[skill]
            found = self.cache[key] = SkillGap(
                skill=sid,
                name=self.pack.skills[sid].name,
                learn_months=self.pack.skills[sid].learn_months,
                weight=round(float(self.skills[row, skill]), 3),
            )
        return found

    def skill_vector(self, mix: TaskMix) -> FloatArray:
        return np.asarray(mix.shares @ self.task_skills[mix.rows], dtype=np.float64)

    def candidates(self, kind: str, exclude: set[str], level: Seniority) -> list[int]:
        key = ("candidates", kind, level)
        rows = self.cache.get(key)
        if not isinstance(rows, list):
            wanted = "craft" if kind == "adjacent" else kind
            rows = self.cache[key] = [
                (role.id, self.row_of[(role.id, nearest_level(role, level))])
                for role in self.pack.roles.values()
                if role.kind == wanted
            ]
        return [row for rid, row in rows if rid not in exclude]


def _mean_fact(pack: KnowledgePack, role: Role, field: str) -> float:
    """Mean of an occupation fact over the role's SOC codes that have it; NaN when none do, or
    when the crosswalk is only a loose fit for the role."""
    if role.soc.fit == "loose":
        return float("nan")
    values = [
        getattr(pack.occupations[code[:7]], field)
        for code in role.soc.codes
        if code[:7] in pack.occupations and getattr(pack.occupations[code[:7]], field) is not None
    ]
    return float(np.mean(values)) if values else float("nan")


def path_index(pack: KnowledgePack, model: ExposureModel) -> PathIndex:
    index = pack.derived.get("paths")
    if not isinstance(index, PathIndex):
        index = pack.derived["paths"] = PathIndex(pack, model)
    return index


def _lc(name: str) -> str:
    """A name in running text: first letter lowered, unless it opens an acronym (VFX, DI)."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _uc(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class Person:
    """What ranking needs to know about the person, computed once per analysis."""

    skills: FloatArray
    have: frozenset[int]  # skill columns the person uses
    automation_5y: float
    level: int
    demand: float
    wage: float
    roles: set[str]
    goal: str | None
    employment: str | None


def _base_parts(index: PathIndex, p: Person, s: int) -> dict[str, FloatArray]:
    """The person-dependent parts of the score for every target at once."""
    have = p.skills > 0
    coverage = index.skills[:, have] @ index.transfer[have]
    cost = index.skills[:, ~have] @ index.learn[~have]
    with np.errstate(invalid="ignore", divide="ignore"):
        demand = np.nan_to_num((index.demand - p.demand) / 100.0)
        pay = np.nan_to_num(np.log(index.wage / p.wage))
    gain = p.automation_5y - index.automation[:, s, 5]
    return {
        "gain": np.where(gain > 0, GAIN_WEIGHT * gain, LOSS_WEIGHT * gain),
        "demand": DEMAND_WEIGHT * demand,
        "pay": PAY_WEIGHT * pay,
        "coverage": COVERAGE_WEIGHT * coverage,
        "learning": -COST_PER_MONTH * cost,
        "seniority": -SENIORITY_STEP * np.maximum(index.level_index - p.level, 0),
        "_coverage": coverage,
    }


def _scores(
    index: PathIndex,
    kind: PathKind,
    rows: list[int],
    p: Person,
    s: int,
    base: dict[str, FloatArray] | None = None,
) -> dict[str, FloatArray]:
    """Every part of the score for each target row; the parts add up to the score."""
    base = base if base is not None else _base_parts(index, p, s)
    parts = {k: v[rows] for k, v in base.items()}
    bonus = GOAL_BONUS.get(p.goal or "", {}).get(kind, 0.0)
    bonus += EMPLOYMENT_BONUS.get(p.employment or "", {}).get(kind, 0.0)
    fit = np.full(len(rows), bonus)
    if kind == "owner":
        fit += [SUITS_BONUS if p.roles & index.suits[row] else 0.0 for row in rows]
    parts["fit"] = fit
    parts["score"] = sum(v for k, v in parts.items() if not k.startswith("_"))  # type: ignore[assignment]
    return parts


MAX_GAPS = 8


@dataclass(frozen=True)
class _TargetText:
    """Person-independent parts of a path to one target, built on first use."""

    evidence: list[str]
    skill_use: dict[str, str]  # skill id -> a statement of a target task that uses it
    by_cost: list[int]  # the target's skills, costliest to learn (weight × months) first
    by_weight: list[int]  # the target's skills, most used first
    task_skills: list[tuple[str, frozenset[int]]]  # each task's statement and skill columns
    tool_step: str | None
    community_step: str | None


def _target_text(index: PathIndex, row: int, s: int) -> _TargetText:
    key = ("text", row, s)
    cached = index.cache.get(key)
    if isinstance(cached, _TargetText):
        return cached
    pack, model = index.pack, index.model
    target, _ = index.targets[row]
    mix = index.mixes[row]
    skill_use: dict[str, str] = {}
    for tid in mix.task_ids:
        _, task = pack.task(tid)
        for sid in task.skills:
            skill_use.setdefault(sid, _short(task.statement, 80))
    tool_step = None
    assisted = model.augmentation[mix.rows, s, 0] * mix.shares
    if len(assisted):
        _, top_task = pack.task(mix.task_ids[int(np.argmax(assisted))])
        for link in sorted(top_task.capabilities, key=lambda lk: -lk.weight):
            tools = pack.tools_by_capability.get(link.id, [])
            if tools:
                tool = tools[-1]
                tool_step = (
                    f"Try {tool.name} ({tool.vendor}) on this part of the work: "
                    f"{_short(top_task.statement, 70)}"
                )
                break
    community = (
        f"Meet people already doing it: {target.communities[0]}" if target.communities else None
    )
    evidence = sorted(
        {sid for t in mix.task_ids for sid in pack.task(t)[1].sources} | set(target.sources)
    )
    weights = index.skills[row]
    used = [i for i in range(len(weights)) if weights[i] > 0]
    by_cost = sorted(used, key=lambda i: -weights[i] * index.learn[i])
    by_weight = sorted(used, key=lambda i: -weights[i])
    task_skills = [
        (
            " ".join(pack.task(tid)[1].statement.split()),
            frozenset(index.skill_col[sid] for sid in pack.task(tid)[1].skills),
        )
        for tid in mix.task_ids
    ]
    text = _TargetText(evidence, skill_use, by_cost, by_weight, task_skills, tool_step, community)
    index.cache[key] = text
    return text


def _build(
    index: PathIndex,
    kind: PathKind,
    row: int,
    p: Person,
    person: PersonFigures,
    s: int,
    parts: dict[str, float],
    current_title: str,
) -> Path:
    pack = index.pack
    target, level = index.targets[row]
    text = _target_text(index, row, s)
    coverage = parts["_coverage"]

    # Small per-target lists, precomputed in order; plain Python beats numpy at this size.
    missing = [i for i in text.by_cost if i not in p.have][:MAX_GAPS]
    shared = [index.skill_ids[i] for i in text.by_weight if i in p.have]
    skill_gap = [index.gap(row, i) for i in missing]
    shared_tasks = [statement for statement, needs in text.task_skills if needs <= p.have]
    a_now = float(person.automation[s, 0])
    a_5y = float(person.automation[s, 5])
    t_now = float(index.automation[row, s, 0])
    t_5y = float(index.automation[row, s, 5])

    # Concrete first steps from the target's own tasks, tools and communities.
    steps: list[str] = []
    if target.venture:
        steps += target.venture.first_steps[:2]
    for gap in skill_gap[:2]:
        use = text.skill_use.get(gap.skill)
        where = f" — a {_lc(target.title)} uses it to: {use}" if use else ""
        steps.append(f"Build {_lc(gap.name)} (about {gap.learn_months:g} months){where}")
    if shared:
        names = ", ".join(_lc(pack.skills[sid].name) for sid in shared[:3])
        steps.append(f"Lead with what transfers: {names} ({coverage:.0%} of the target's time)")
    steps += [step for step in (text.tool_step, text.community_step) if step]

    if kind == "deepen":
        why = (
            f"Grow toward the {level.value} mix of the craft: more of your time on work that stays "
            f"human. Five-year automation exposure {a_5y:.0%} → {t_5y:.0%}."
        )
        title = f"Deepen your craft as {_lc(target.title)} ({level.value} level)"
    else:
        reasons = [f"five-year automation exposure {a_5y:.0%} → {t_5y:.0%}"]
        if not np.isnan(index.demand[row]):
            reasons.append(f"BLS projects {index.demand[row]:+.1f}% jobs for it over 2024–34")
        reasons.append(
            f"you already have the skills behind {coverage:.0%} of a "
            f"{_lc(target.title)}'s working time"
        )
        why = _uc("; ".join(reasons)) + (
            f"; the main gap is {_lc(skill_gap[0].name)}." if skill_gap else "."
        )
        title = {
            "adjacent": f"Move from {_lc(current_title)} to {_lc(target.title)}",
            "emerging": f"Take an AI-era role: {_lc(target.title)}",
            "owner": f"Build your own: {_lc(target.title)}",
        }[kind]
    venture = None
    if target.venture:
        v = target.venture
        venture = VentureRef(
            business_model=" ".join(v.business_model.split()),
            startup_effort=StartupEffortRef(
                level=v.startup_effort.level,
                months=v.startup_effort.months,
                capital=v.startup_effort.capital,
            ),
            risks=list(v.risks),
        )
    return Path(
        kind=kind,
        target=target.id,
        title=title,
        why=why,
        shared=[pack.skills[sid].name for sid in shared],
        shared_tasks=shared_tasks,
        skill_gap=skill_gap,
        first_steps=steps,
        exposure_change=ExposureChange(now=round(t_now - a_now, 4), in_5y=round(t_5y - a_5y, 4)),
        score=round(parts["score"], 4),
        score_parts={
            k: round(v, 4) for k, v in parts.items() if not k.startswith("_") and k != "score"
        },
        venture=venture,
        evidence=text.evidence,
    )


def _mean_known(values: FloatArray) -> float:
    return float("nan") if np.all(np.isnan(values)) else float(np.nanmean(values))


def _person(
    index: PathIndex,
    roles: list[tuple[Role, Seniority]],
    mix: TaskMix,
    figures: PersonFigures,
    s: int,
    goal: str | None,
    employment: str | None,
) -> Person:
    own_rows = [index.row_of[(role.id, level)] for role, level in roles]
    skills = index.skill_vector(mix)
    return Person(
        skills=skills,
        have=frozenset(np.flatnonzero(skills > 0).tolist()),
        automation_5y=float(figures.automation[s, 5]),
        level=SENIORITY_ORDER.index(roles[0][1]),
        demand=_mean_known(index.demand[own_rows]),
        wage=_mean_known(index.wage[own_rows]),
        roles={role.id for role, _ in roles},
        goal=goal,
        employment=employment,
    )


def rank_paths(
    pack: KnowledgePack,
    model: ExposureModel,
    roles: list[tuple[Role, Seniority]],
    person_mix: TaskMix,
    person: PersonFigures,
    scenario: str,
    goal: str | None = None,
    employment: str | None = None,
) -> list[Path]:
    """Deepen paths for the person's roles, then the best adjacent, emerging and owner moves,
    ranked together."""
    index = path_index(pack, model)
    s = SCENARIOS.index(scenario)
    p = _person(index, roles, person_mix, person, s, goal, employment)
    current_title = roles[0][0].title
    paths: list[Path] = []

    base = _base_parts(index, p, s)

    def add(kind: PathKind, rows: list[int], keep: int) -> None:
        parts = _scores(index, kind, rows, p, s, base)
        order = np.argsort(-parts["score"], kind="stable")
        if kind == "adjacent":
            # A sideways move must use the person's skills and improve something: exposure,
            # demand or pay.
            better = parts["gain"] + parts["demand"] + parts["pay"]
            keep_rows = (parts["_coverage"][order] >= MIN_ADJACENT_COVERAGE) & (
                better[order] >= MIN_ADJACENT_BENEFIT
            )
            order = order[keep_rows]
        for i in order[:keep]:
            row_parts = {k: float(v[i]) for k, v in parts.items()}
            paths.append(_build(index, kind, rows[i], p, person, s, row_parts, current_title))

    for role, level in roles:
        above = [
            lv for lv in role.seniority if SENIORITY_ORDER.index(lv) > SENIORITY_ORDER.index(level)
        ]
        add("deepen", [index.row_of[(role.id, above[0] if above else level)]], 1)
    kinds: tuple[PathKind, ...] = ("emerging", "adjacent", "owner")
    for kind in kinds:
        rows = index.candidates(kind, p.roles, roles[0][1])
        if rows:
            add(kind, rows, PATHS_PER_KIND)
    paths.sort(key=lambda path: -path.score)
    return paths


def rank_moves(
    pack: KnowledgePack,
    model: ExposureModel,
    role: Role,
    level: Seniority,
    kind: PathKind = "adjacent",
    scenario: str = "expected",
) -> list[tuple[str, float]]:
    """Every target of ``kind`` for someone doing ``role`` at ``level``, best first, with scores.

    The same scoring as ``rank_paths`` on the role's typical task mix, for evaluation and
    comparison; no goal or employment bonus.
    """
    index = path_index(pack, model)
    s = SCENARIOS.index(scenario)
    row = index.row_of[(role.id, level)]
    mix = index.mixes[row]
    p = _person(index, [(role, level)], mix, model.person(mix.rows, mix.shares), s, None, None)
    rows = index.candidates(kind, {role.id}, level)
    if not rows:
        return []
    scores = _scores(index, kind, rows, p, s)["score"]
    order = np.argsort(-scores, kind="stable")
    return [(index.targets[rows[i]][0].id, float(scores[i])) for i in order]
