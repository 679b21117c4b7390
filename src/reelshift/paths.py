"""Career paths: where a person can move, what it gains and what it costs.

A move is scored from pack data alone: the change in five-year automation exposure (gain), the
share of the target's working time whose skills the person already has (coverage), and the
learning time of the skills they lack, weighted by how much the target uses them (cost). Moves are
asymmetric because coverage and cost are measured on the target's skill mix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from reelshift.exposure import ExposureModel, PersonFigures
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import SENIORITY_ORDER, Role, Seniority
from reelshift.models import ExposureChange, Path, SkillGap

# Score weights (project judgement, docs/method.md).
GAIN_WEIGHT = 1.0
COVERAGE_WEIGHT = 0.5
COST_PER_MONTH = 0.02
PATHS_PER_KIND = 3


@dataclass(frozen=True)
class TaskMix:
    """Task rows and shares for one role at one seniority level (or a person's own mix)."""

    rows: np.ndarray
    shares: np.ndarray
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
    return TaskMix(np.array([model.task_row[t] for t in ids]), arr / arr.sum(), ids)


def skill_weights(pack: KnowledgePack, mix: TaskMix) -> dict[str, float]:
    """Share of working time behind each skill (a task's share is split over its skills)."""
    weights: dict[str, float] = defaultdict(float)
    for tid, share in zip(mix.task_ids, mix.shares, strict=True):
        _, task = pack.task(tid)
        for sid in task.skills:
            weights[sid] += float(share) / len(task.skills)
    return dict(weights)


def _figures(model: ExposureModel, mix: TaskMix) -> PersonFigures:
    return model.person(mix.rows, mix.shares)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _move(
    pack: KnowledgePack,
    model: ExposureModel,
    kind: str,
    person_skills: dict[str, float],
    person: PersonFigures,
    target: Role,
    level: Seniority,
    scenario: str,
    current_title: str,
) -> Path:
    mix = role_mix(model, target, level)
    target_skills = skill_weights(pack, mix)
    fig = _figures(model, mix)
    covered = sum(w for s, w in target_skills.items() if s in person_skills)
    gaps = sorted(
        (s for s in target_skills if s not in person_skills),
        key=lambda s: -target_skills[s] * pack.skills[s].learn_months,
    )
    cost = sum(target_skills[s] * pack.skills[s].learn_months for s in gaps)
    a_now = person.at("automation", scenario, "now")  # type: ignore[arg-type]
    a_5y = person.at("automation", scenario, "in_5y")  # type: ignore[arg-type]
    t_now = fig.at("automation", scenario, "now")  # type: ignore[arg-type]
    t_5y = fig.at("automation", scenario, "in_5y")  # type: ignore[arg-type]
    gain = a_5y - t_5y
    score = GAIN_WEIGHT * gain + COVERAGE_WEIGHT * covered - COST_PER_MONTH * cost

    shared = sorted(
        (s for s in target_skills if s in person_skills), key=lambda s: -target_skills[s]
    )
    skill_gap = [
        SkillGap(
            skill=s,
            name=pack.skills[s].name,
            learn_months=pack.skills[s].learn_months,
            weight=round(target_skills[s], 3),
        )
        for s in gaps
    ]

    # Concrete first steps from the target's own tasks, tools and communities.
    steps: list[str] = []
    for gap in skill_gap[:2]:
        uses = [
            pack.task(t)[1].statement for t in mix.task_ids if gap.skill in pack.task(t)[1].skills
        ]
        where = f" — a {target.title.lower()} uses it to: {_short(uses[0], 80)}" if uses else ""
        steps.append(f"Build {gap.name.lower()} (about {gap.learn_months:g} months){where}")
    if shared:
        names = ", ".join(pack.skills[s].name.lower() for s in shared[:3])
        steps.append(f"Lead with what transfers: {names} ({covered:.0%} of the target's time)")
    aug = model.augmentation[mix.rows, 1, 0] * mix.shares
    if len(aug):
        top_tid = mix.task_ids[int(np.argmax(aug))]
        _, top_task = pack.task(top_tid)
        for link in sorted(top_task.capabilities, key=lambda lk: -lk.weight):
            tools = pack.tools_by_capability.get(link.id, [])
            if tools:
                tool = tools[-1]
                steps.append(
                    f"Try {tool.name} ({tool.vendor}) on this part of the work: "
                    f"{_short(top_task.statement, 70)}"
                )
                break
    if target.communities:
        steps.append(f"Meet people already doing it: {target.communities[0]}")

    evidence = sorted(
        {sid for t in mix.task_ids for sid in pack.task(t)[1].sources} | set(target.sources)
    )
    if kind == "deepen":
        why = (
            f"Grow toward the {level.value} mix of the craft: more of your time on work that stays "
            f"human. Five-year automation exposure {a_5y:.0%} → {t_5y:.0%}."
        )
        title = f"Deepen your craft as {target.title.lower()} ({level.value} level)"
    else:
        why = (
            f"Five-year automation exposure {a_5y:.0%} → {t_5y:.0%}; you already have the skills "
            f"behind {covered:.0%} of a {target.title.lower()}'s working time"
            + (f"; the main gap is {skill_gap[0].name.lower()}." if skill_gap else ".")
        )
        title = (
            f"Move from {current_title.lower()} to {target.title.lower()}"
            if kind == "adjacent"
            else f"Take an AI-era role: {target.title.lower()}"
        )
    return Path(
        kind=kind,
        target=target.id,
        title=title,
        why=why,
        shared=[pack.skills[s].name for s in shared],
        skill_gap=skill_gap,
        first_steps=steps,
        exposure_change=ExposureChange(now=round(t_now - a_now, 4), in_5y=round(t_5y - a_5y, 4)),
        score=round(score, 4),
        evidence=evidence,
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
    person_skills = skill_weights(pack, person_mix)
    own = {role.id for role, _ in roles}
    current_title = roles[0][0].title
    paths: list[Path] = []
    for role, level in roles:
        above = [
            s for s in role.seniority if SENIORITY_ORDER.index(s) > SENIORITY_ORDER.index(level)
        ]
        paths.append(
            _move(
                pack,
                model,
                "deepen",
                person_skills,
                person,
                role,
                above[0] if above else level,
                scenario,
                current_title,
            )
        )
    for kind, wanted_kind in (("emerging", "emerging"), ("adjacent", "craft")):
        options = []
        for target in pack.roles.values():
            if target.id in own or target.kind != wanted_kind:
                continue
            level = nearest_level(target, roles[0][1])
            options.append(
                _move(
                    pack, model, kind, person_skills, person, target, level, scenario, current_title
                )
            )
        options.sort(key=lambda p: -p.score)
        paths.extend(options[:PATHS_PER_KIND])
    paths.sort(key=lambda p: -p.score)
    return paths
