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
from reelshift.models import ExposureChange, Path, PathKind, SkillGap

# Score weights (project judgement, docs/method.md).
GAIN_WEIGHT = 1.0
COVERAGE_WEIGHT = 0.5
COST_PER_MONTH = 0.02
PATHS_PER_KIND = 3

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
        self.automation = np.array(
            [np.tensordot(m.shares, model.automation[m.rows], axes=1) for m in self.mixes]
        )  # (target, scenario, year)

    def skill_vector(self, mix: TaskMix) -> FloatArray:
        return np.asarray(mix.shares @ self.task_skills[mix.rows], dtype=np.float64)

    def candidates(self, kind: str, exclude: set[str], level: Seniority) -> list[int]:
        wanted = "emerging" if kind == "emerging" else "craft"
        return [
            self.row_of[(role.id, nearest_level(role, level))]
            for role in self.pack.roles.values()
            if role.kind == wanted and role.id not in exclude
        ]


def path_index(pack: KnowledgePack, model: ExposureModel) -> PathIndex:
    index = pack.derived.get("paths")
    if not isinstance(index, PathIndex):
        index = pack.derived["paths"] = PathIndex(pack, model)
    return index


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _scores(
    index: PathIndex, rows: list[int], person_skills: FloatArray, a5: float, s: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    have = person_skills > 0
    target = index.skills[rows]
    coverage = target[:, have].sum(axis=1)
    cost = target[:, ~have] @ index.learn[~have]
    gain = a5 - index.automation[rows, s, 5]
    score = GAIN_WEIGHT * gain + COVERAGE_WEIGHT * coverage - COST_PER_MONTH * cost
    return score, coverage, cost


MAX_GAPS = 8


@dataclass(frozen=True)
class _TargetText:
    """Person-independent parts of a path to one target, built on first use."""

    evidence: list[str]
    skill_use: dict[str, str]  # skill id -> a statement of a target task that uses it
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
    text = _TargetText(evidence, skill_use, tool_step, community)
    index.cache[key] = text
    return text


def _build(
    index: PathIndex,
    kind: PathKind,
    row: int,
    person_skills: FloatArray,
    person: PersonFigures,
    s: int,
    score: float,
    coverage: float,
    current_title: str,
) -> Path:
    pack = index.pack
    target, level = index.targets[row]
    weights = index.skills[row]
    text = _target_text(index, row, s)

    missing = np.flatnonzero((weights > 0) & (person_skills == 0))
    missing = missing[np.argsort(-(weights * index.learn)[missing], kind="stable")][:MAX_GAPS]
    common = np.flatnonzero((weights > 0) & (person_skills > 0))
    common = common[np.argsort(-weights[common], kind="stable")]
    shared = [index.skill_ids[i] for i in common]
    skill_gap = [
        SkillGap.model_construct(
            skill=index.skill_ids[i],
            name=pack.skills[index.skill_ids[i]].name,
            learn_months=pack.skills[index.skill_ids[i]].learn_months,
            weight=round(float(weights[i]), 3),
        )
        for i in missing
    ]
    a_now = float(person.automation[s, 0])
    a_5y = float(person.automation[s, 5])
    t_now = float(index.automation[row, s, 0])
    t_5y = float(index.automation[row, s, 5])

    # Concrete first steps from the target's own tasks, tools and communities.
    steps: list[str] = []
    for gap in skill_gap[:2]:
        use = text.skill_use.get(gap.skill)
        where = f" — a {target.title.lower()} uses it to: {use}" if use else ""
        steps.append(f"Build {gap.name.lower()} (about {gap.learn_months:g} months){where}")
    if shared:
        names = ", ".join(pack.skills[sid].name.lower() for sid in shared[:3])
        steps.append(f"Lead with what transfers: {names} ({coverage:.0%} of the target's time)")
    steps += [step for step in (text.tool_step, text.community_step) if step]

    if kind == "deepen":
        why = (
            f"Grow toward the {level.value} mix of the craft: more of your time on work that stays "
            f"human. Five-year automation exposure {a_5y:.0%} → {t_5y:.0%}."
        )
        title = f"Deepen your craft as {target.title.lower()} ({level.value} level)"
    else:
        why = (
            f"Five-year automation exposure {a_5y:.0%} → {t_5y:.0%}; you already have the skills "
            f"behind {coverage:.0%} of a {target.title.lower()}'s working time"
            + (f"; the main gap is {skill_gap[0].name.lower()}." if skill_gap else ".")
        )
        title = (
            f"Move from {current_title.lower()} to {target.title.lower()}"
            if kind == "adjacent"
            else f"Take an AI-era role: {target.title.lower()}"
        )
    return Path.model_construct(
        kind=kind,
        target=target.id,
        title=title,
        why=why,
        shared=[pack.skills[sid].name for sid in shared],
        skill_gap=skill_gap,
        first_steps=steps,
        exposure_change=ExposureChange.model_construct(
            now=round(t_now - a_now, 4), in_5y=round(t_5y - a_5y, 4)
        ),
        score=round(score, 4),
        evidence=text.evidence,
    )


def rank_paths(
    pack: KnowledgePack,
    model: ExposureModel,
    roles: list[tuple[Role, Seniority]],
    person_mix: TaskMix,
    person: PersonFigures,
    scenario: str,
) -> list[Path]:
    """Deepen paths for the person's roles, then the best adjacent and emerging moves."""
    index = path_index(pack, model)
    s = SCENARIOS.index(scenario)
    person_skills = index.skill_vector(person_mix)
    a5 = float(person.automation[s, 5])
    own = {role.id for role, _ in roles}
    current_title = roles[0][0].title
    paths: list[Path] = []
    for role, level in roles:
        above = [
            lv for lv in role.seniority if SENIORITY_ORDER.index(lv) > SENIORITY_ORDER.index(level)
        ]
        row = index.row_of[(role.id, above[0] if above else level)]
        score, coverage, _ = _scores(index, [row], person_skills, a5, s)
        paths.append(
            _build(
                index,
                "deepen",
                row,
                person_skills,
                person,
                s,
                float(score[0]),
                float(coverage[0]),
                current_title,
            )
        )
    kinds: tuple[PathKind, ...] = ("emerging", "adjacent")
    for kind in kinds:
        rows = index.candidates(kind, own, roles[0][1])
        if not rows:
            continue
        score, coverage, _ = _scores(index, rows, person_skills, a5, s)
        for i in np.argsort(-score)[:PATHS_PER_KIND]:
            paths.append(
                _build(
                    index,
                    kind,
                    rows[i],
                    person_skills,
                    person,
                    s,
                    float(score[i]),
                    float(coverage[i]),
                    current_title,
                )
            )
    paths.sort(key=lambda p: -p.score)
    return paths
