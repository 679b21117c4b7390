"""The industry view: every role's figures at a reference seniority level, and the same
figures weighted by how many people do each craft (its estimated headcount).

Rows are per role; the people view (``industry_view``) adds up crafts by department using the
midpoint of each craft's headcount range, so a craft of 15,000 people counts for more than one of
500. Headcounts are estimates (see each role's ``headcount.basis``), and every figure is at one
reference level per role, so the view describes the workforce's work, not any one person.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from pydantic import BaseModel, Field

from reelshift.exposure import (
    HORIZONS,
    SCENARIOS,
    TASK_HORIZON_EXPOSURE,
    Scenario,
    categorize,
    model_for,
)
from reelshift.kb.loader import KnowledgePack, builtin_pack
from reelshift.kb.schema import Seniority
from reelshift.models import Category, Horizons, RoleSummary, RoleTaskRef
from reelshift.paths import nearest_level, role_mix

CATEGORIES: tuple[Category, ...] = ("high_risk", "adaptive", "resilient")
CATEGORY_LABELS: dict[str, str] = {
    "high_risk": "high risk",
    "adaptive": "adaptive",
    "resilient": "resilient",
}
WIDTH = 80
"""The terminal width the plain views fit by default."""


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
    category_now: Category = Field(
        default="resilient", description="The category on today's figures (same thresholds)"
    )
    headcount: tuple[int, int] | None = Field(
        default=None, description="Estimated US headcount (low, high); None for non-crafts"
    )


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
            headcount=r.headcount.us_estimate if r.headcount else None,
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
                category_now=categorize(
                    fig.at("automation", scenario, "now"), fig.at("exposure", scenario, "now")
                ),
                headcount=role.headcount.us_estimate if role.headcount else None,
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


# -- the people view ------------------------------------------------------------------------------


class CategoryShares(BaseModel):
    """Shares of people (headcount midpoints) whose craft falls in each category; they add to 1."""

    high_risk: float
    adaptive: float
    resilient: float


class DepartmentView(BaseModel):
    department: str
    name: str
    crafts: int = Field(description="Crafts with a headcount, counted here")
    people: tuple[int, int] = Field(description="Sum of the crafts' headcount ranges (low, high)")
    people_mid: int = Field(description="Sum of the crafts' headcount midpoints (the weights)")
    now: CategoryShares
    in_5y: CategoryShares
    exposure_now: float = Field(description="Headcount-weighted share of working time exposed")
    exposure_5y: float
    automation_5y: float


class ExposedTask(BaseModel):
    """A task weighted by the people who do it: headcount x the task's share of their time."""

    task: str = Field(description="'<role-id>:<task-id>'")
    role: str
    title: str
    department: str
    statement: str
    people_time: float = Field(description="Full-time equivalents of work in this task")
    exposure_5y: float
    automation_5y: float
    exposed_fte_5y: float = Field(description="people_time x exposure in five years")


class IndustryView(BaseModel):
    """The whole workforce the pack's crafts cover, by department, weighted by headcount."""

    pack: str
    seniority: Seniority
    scenario: Scenario
    people: tuple[int, int]
    people_mid: int
    crafts: int
    not_counted: list[str] = Field(description="Roles without a headcount (AI-era and owner)")
    now: CategoryShares
    in_5y: CategoryShares
    exposure_now: float
    exposure_5y: float
    automation_5y: float
    departments: list[DepartmentView]
    top_tasks: list[ExposedTask]
    rows: list[IndustryRow]
    note: str


def _shares(weights: dict[str, float]) -> CategoryShares:
    total = sum(weights.values()) or 1.0
    return CategoryShares(**{c: round(weights.get(c, 0.0) / total, 4) for c in CATEGORIES})


def _weighted(rows: Sequence[IndustryRow], value: str) -> float:
    total = sum(_mid(r) for r in rows) or 1.0
    kind, _, horizon = value.partition(".")
    return round(sum(_mid(r) * float(getattr(getattr(r, kind), horizon)) for r in rows) / total, 4)


def _mid(row: IndustryRow) -> float:
    return (row.headcount[0] + row.headcount[1]) / 2 if row.headcount else 0.0


def industry_view(
    pack: KnowledgePack | None = None,
    seniority: Seniority = Seniority.mid,
    scenario: Scenario = "expected",
    top: int = 10,
) -> IndustryView:
    """Departments with their people, category shares now and in five years, and the tasks that
    carry the most exposed work across the industry."""
    pack = pack or builtin_pack()
    key = f"industry-view:{seniority.value}:{scenario}:{top}"
    cached = pack.derived.get(key)
    if isinstance(cached, IndustryView):
        return cached
    view = _industry_view(pack, seniority, scenario, top)
    pack.derived[key] = view
    return view


def _industry_view(
    pack: KnowledgePack, seniority: Seniority, scenario: Scenario, top: int
) -> IndustryView:
    model = model_for(pack)
    s = SCENARIOS.index(scenario)
    rows = industry(pack, seniority, scenario)
    counted = [r for r in rows if r.headcount]
    departments: list[DepartmentView] = []
    for dept in pack.departments.values():
        group = [r for r in counted if r.department == dept.id]
        if not group:
            continue
        now: dict[str, float] = {}
        later: dict[str, float] = {}
        for r in group:
            now[r.category_now] = now.get(r.category_now, 0.0) + _mid(r)
            later[r.category] = later.get(r.category, 0.0) + _mid(r)
        departments.append(
            DepartmentView(
                department=dept.id,
                name=dept.name,
                crafts=len(group),
                people=(
                    sum(r.headcount[0] for r in group if r.headcount),
                    sum(r.headcount[1] for r in group if r.headcount),
                ),
                people_mid=round(sum(_mid(r) for r in group)),
                now=_shares(now),
                in_5y=_shares(later),
                exposure_now=_weighted(group, "exposure.now"),
                exposure_5y=_weighted(group, "exposure.in_5y"),
                automation_5y=_weighted(group, "automation.in_5y"),
            )
        )
    tasks: list[ExposedTask] = []
    for r in counted:
        role = pack.roles[r.role]
        level_total = sum(t.share.get(r.seniority, 0.0) for t in role.tasks) or 1.0
        for task in role.tasks:
            share = task.share.get(r.seniority, 0.0) / level_total
            if share <= 0:
                continue
            row = model.task_row[f"{role.id}:{task.id}"]
            exposure = float(model.exposure[row, s, HORIZONS["in_5y"]])
            people_time = _mid(r) * share
            tasks.append(
                ExposedTask(
                    task=f"{role.id}:{task.id}",
                    role=role.id,
                    title=role.title,
                    department=role.department,
                    statement=" ".join(task.statement.split()),
                    people_time=round(people_time, 1),
                    exposure_5y=round(exposure, 4),
                    automation_5y=round(float(model.automation[row, s, HORIZONS["in_5y"]]), 4),
                    exposed_fte_5y=round(people_time * exposure, 1),
                )
            )
    # "Exposed" is the model's own line for a task (its horizon): exposure of at least
    # TASK_HORIZON_EXPOSURE within five years. Among those, the work of more people ranks first.
    tasks = [t for t in tasks if t.exposure_5y >= TASK_HORIZON_EXPOSURE]
    tasks.sort(key=lambda t: (-t.exposed_fte_5y, t.task))
    now_all: dict[str, float] = {}
    later_all: dict[str, float] = {}
    for r in counted:
        now_all[r.category_now] = now_all.get(r.category_now, 0.0) + _mid(r)
        later_all[r.category] = later_all.get(r.category, 0.0) + _mid(r)
    return IndustryView(
        pack=f"{pack.meta.name} {pack.meta.version} ({pack.meta.as_of})",
        seniority=seniority,
        scenario=scenario,
        people=(sum(d.people[0] for d in departments), sum(d.people[1] for d in departments)),
        people_mid=round(sum(_mid(r) for r in counted)),
        crafts=len(counted),
        not_counted=[r.role for r in rows if not r.headcount],
        now=_shares(now_all),
        in_5y=_shares(later_all),
        exposure_now=_weighted(counted, "exposure.now"),
        exposure_5y=_weighted(counted, "exposure.in_5y"),
        automation_5y=_weighted(counted, "automation.in_5y"),
        departments=departments,
        top_tasks=tasks[:top],
        rows=rows,
        note=(
            "Headcounts are estimates of US people per craft (each role's headcount basis), "
            "weighted at their midpoints; each craft's figures are at one reference level "
            f"({seniority.value}, or its nearest level) and the {scenario} adoption pace. "
            "Categories use the published thresholds on five-year figures; 'now' applies "
            "them to today's figures. Exposure is a model estimate, not a probability of "
            "losing work."
        ),
    )


# -- plain-text tables that fit a terminal --------------------------------------------------------


def table(
    headers: Sequence[Sequence[str]],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    right: Sequence[bool],
) -> list[str]:
    """Rows of text cells as lines: each cell wrapped to its column (never cut), numbers right
    aligned, two spaces between columns. ``headers`` may span several lines."""

    def cell_lines(text: str, width: int) -> list[str]:
        return textwrap.wrap(text, width, break_on_hyphens=False) or [""]

    def join(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    lines = [join(h) for h in headers]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        wrapped = [cell_lines(c, w) for c, w in zip(row, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            lines.append(join([w[i] if i < len(w) else "" for w in wrapped]))
    return lines


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _people(pair: tuple[int, int] | None) -> str:
    return f"{pair[0]:,}-{pair[1]:,}" if pair else "-"


def _fit(widths: list[int], flexible: int, width: int) -> list[int]:
    """Give the flexible column whatever the fixed columns leave of ``width``."""
    used = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
    widths[flexible] = max(12, width - used)
    return widths


def industry_text(view: IndustryView, wide: bool = False, width: int = WIDTH) -> str:
    """The people view as plain text: departments, totals and the most exposed tasks; with
    ``wide``, also every craft's own row (for terminals wider than 80 columns)."""
    out = [
        f"Industry view: {view.people[0]:,}-{view.people[1]:,} people in {view.crafts} crafts "
        "(US, estimated)",
        f"Share of people in each category, now and in 5 years ({view.scenario} adoption)",
        "",
    ]
    widths = _fit([0, 15, 4, 4, 4, 4, 4, 4], 0, width)
    # One label over each pair of now / 5y columns.
    spans = ["High risk".center(10), "Adaptive".center(10), "Resilient".center(10)]
    headers = [
        ["Department", "People (est.)", "now", "5y", "now", "5y", "now", "5y"],
    ]
    body = []
    for d in view.departments:
        cells = [d.name, _people(d.people)]
        for c in CATEGORIES:
            cells += [_pct(getattr(d.now, c)), _pct(getattr(d.in_5y, c))]
        body.append(cells)
    total = ["All crafts", _people(view.people)]
    for c in CATEGORIES:
        total += [_pct(getattr(view.now, c)), _pct(getattr(view.in_5y, c))]
    right = [False, True, True, True, True, True, True, True]
    lines = [(" " * (widths[0] + widths[1] + 4) + "  ".join(spans)).rstrip()]
    lines += table(headers, body, widths, right)
    lines.append("  ".join("-" * w for w in widths))
    lines += table([], [total], widths, right)[1:]
    out += lines
    out += [
        "",
        f"Working time exposed, people-weighted: {_pct(view.exposure_now)} now, "
        f"{_pct(view.exposure_5y)} in 5 years ({_pct(view.automation_5y)} automated).",
        "",
        "Most exposed tasks across the industry: tasks at least "
        f"{TASK_HORIZON_EXPOSURE:.0%} exposed in 5 years,",
        "ranked by the work exposed: people in the craft x the task's share of their time",
        "x its exposure, in full-time equivalents (FTE)",
        "",
    ]
    twidths = _fit([3, 0, 7, 7], 1, width)
    trows = [
        [f"{i}.", f"{t.title}: {t.statement}", f"{t.exposed_fte_5y:,.0f}", _pct(t.exposure_5y)]
        for i, t in enumerate(view.top_tasks, 1)
    ]
    out += table([["", "Task", "FTE", "Exposed"]], trows, twidths, [True, False, True, True])
    if wide:
        out += ["", "Every craft", ""]
        rwidths = [26, 34, 17, 10, 10, 9, 9, 9]
        rheaders = [
            [
                "Department",
                "Role",
                "People (est.)",
                "Category",
                "Category",
                "Exposed",
                "Exposed",
                "Automated",
            ],
            ["", "", "", "now", "in 5y", "now", "in 5y", "in 5y"],
        ]
        names = {d.department: d.name for d in view.departments}
        rrows = [
            [
                names.get(r.department, r.department),
                r.title,
                _people(r.headcount),
                CATEGORY_LABELS[r.category_now],
                CATEGORY_LABELS[r.category],
                _pct(r.exposure.now),
                _pct(r.exposure.in_5y),
                _pct(r.automation.in_5y),
            ]
            for r in view.rows
            if r.headcount
        ]
        out += table(rheaders, rrows, rwidths, [False, False, True, False, False, True, True, True])
    out += ["", *textwrap.wrap(view.note, width)]
    if view.not_counted:
        out += [
            "",
            *textwrap.wrap(
                f"Not counted (AI-era and owner roles have no headcount): "
                f"{len(view.not_counted)} roles; `reelshift industry --json` lists them.",
                width,
            ),
        ]
    out.append("`--wide` adds every craft's row; `--json` gives everything as data.")
    return "\n".join(out)


def roles_text(
    summaries: Sequence[RoleSummary], pack: KnowledgePack, wide: bool = False, width: int = WIDTH
) -> str:
    """Every role as plain text, by department: id, title and estimated people; ``wide`` adds
    kind, SOC codes and the number of tasks."""
    names = {d.id: d.name for d in pack.departments.values()}
    order = list(pack.departments)
    ordered = sorted(
        summaries,
        key=lambda r: (order.index(r.department) if r.department in order else 99, r.id),
    )
    id_width = min(34, max((len(r.id) for r in summaries), default=10))
    if wide:
        widths = [id_width, 44, 9, 24, 5, 15]
        headers = [["Id", "Title", "Kind", "SOC", "Tasks", "People (est.)"]]
        right = [False, False, False, False, True, True]
    else:
        widths = _fit([id_width, 0, 15], 1, width)
        headers = [["Id", "Title", "People (est.)"]]
        right = [False, False, True]
    out = [f"{len(summaries)} roles (people: estimated US headcount of each craft)"]
    current = None
    for r in ordered:
        if r.department != current:
            current = r.department
            out += ["", names.get(current, current), *table(headers, [], widths, right)]
        cells = [r.id, r.title]
        if wide:
            cells += [r.kind, ", ".join(r.soc) or "-", str(len(r.tasks))]
        cells.append(_people(r.headcount))
        out += table([], [cells], widths, right)[1:]
    out += ["", "`--wide` adds kind, SOC codes and tasks; `--json` gives everything as data."]
    return "\n".join(out)
