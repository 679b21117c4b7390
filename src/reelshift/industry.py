"""The industry view: every role's figures at a reference seniority level."""

from __future__ import annotations

from pydantic import BaseModel

from reelshift.exposure import HORIZONS, SCENARIOS, Scenario, model_for
from reelshift.kb.loader import KnowledgePack, builtin_pack
from reelshift.kb.schema import Seniority
from reelshift.models import Category, Horizons, RoleSummary, RoleTaskRef
from reelshift.paths import nearest_level, role_mix


class IndustryRow(BaseModel):
    role: str
    title: str
    department: str
    kind: str
    seniority: Seniority
    exposure: Horizons
    automation: Horizons
    augmentation: Horizons
    category: Category
    soc: list[str]


def role_summaries(pack: KnowledgePack | None = None) -> list[RoleSummary]:
    """Every role with its id, department, SOC codes, aliases, levels and tasks."""
    pack = pack or builtin_pack()
    return [
        RoleSummary(
            id=r.id,
            title=r.title,
            department=r.department,
            kind=r.kind,
            soc=list(r.soc.codes),
            aliases=list(r.aliases),
            seniority=[s.value for s in r.seniority],
            tasks=[
                RoleTaskRef(id=f"{r.id}:{t.id}", statement=" ".join(t.statement.split()))
                for t in r.tasks
            ],
        )
        for r in pack.roles.values()
    ]


def industry(
    pack: KnowledgePack | None = None,
    seniority: Seniority = Seniority.mid,
    scenario: Scenario = "expected",
) -> list[IndustryRow]:
    """One row per role (at ``seniority``, or the role's nearest level), by department."""
    pack = pack or builtin_pack()
    model = model_for(pack)
    s = SCENARIOS.index(scenario)
    rows = []
    for role in pack.roles.values():
        level = nearest_level(role, seniority)
        mix = role_mix(model, role, level)
        fig = model.person(mix.rows, mix.shares)

        def h(arr: object) -> Horizons:
            return Horizons(**{k: round(float(arr[s, y]), 4) for k, y in HORIZONS.items()})  # type: ignore[index]

        rows.append(
            IndustryRow(
                role=role.id,
                title=role.title,
                department=role.department,
                kind=role.kind,
                seniority=level,
                exposure=h(fig.exposure),
                automation=h(fig.automation),
                augmentation=h(fig.augmentation),
                category=fig.category(),
                soc=list(role.soc.codes),
            )
        )
    order = list(pack.departments)
    rows.sort(key=lambda r: (order.index(r.department) if r.department in order else 99, r.role))
    return rows


def roles_markdown(pack: KnowledgePack | None = None) -> str:
    """``docs/roles.md``: every role, its tasks and their exposure, from the pack and the model."""
    pack = pack or builtin_pack()
    model = model_for(pack)
    s = SCENARIOS.index("expected")
    lines = [
        "# Roles in the knowledge pack",
        "",
        f"Generated from pack {pack.meta.name} {pack.meta.version} ({pack.meta.as_of}) by "
        "`reelshift kb doc --out docs/roles.md`; do not edit by hand.",
        "",
        "Figures are for the expected adoption scenario: automation (A) and augmentation (G)",
        "of each task in five years, and its share of working time at the role's reference",
        "level. See [method.md](method.md).",
        "",
    ]
    rows = industry(pack)
    departments = {d.id: d.name for d in pack.departments.values()}
    current = None
    for row in rows:
        if row.department != current:
            current = row.department
            lines += [f"## {departments.get(current, current)}", ""]
        role = pack.roles[row.role]
        soc = ", ".join(role.soc.codes) or "none"
        lines += [
            f"### {role.title} (`{role.id}`)",
            "",
            " ".join(role.description.split()),
            "",
            f"- Category at {row.seniority.value} level: **{row.category.replace('_', ' ')}** — "
            f"automation {row.automation.now:.0%} now, {row.automation.in_5y:.0%} in five years; "
            f"exposure {row.exposure.in_5y:.0%} in five years",
            f"- Levels: {', '.join(lv.value for lv in role.seniority)}; O*NET-SOC: {soc}",
            f"- Also called: {', '.join(role.aliases) or '—'}",
            "",
            f"| Task | Share ({row.seniority.value}) | A 5y | G 5y | Capabilities |",
            "|---|---:|---:|---:|---|",
        ]
        for task in role.tasks:
            r = model.task_row[f"{role.id}:{task.id}"]
            caps = ", ".join(f"{c.id} ({c.weight:g})" for c in task.capabilities) or "—"
            statement = " ".join(task.statement.split()).replace("|", "\\|")
            lines.append(
                f"| {statement} | {task.share.get(row.seniority, 0.0):.0%} | "
                f"{model.automation[r, s, 5]:.0%} | {model.augmentation[r, s, 5]:.0%} | {caps} |"
            )
        lines.append("")
    return "\n".join(lines)
