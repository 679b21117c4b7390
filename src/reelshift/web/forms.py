"""The questionnaire: form fields in, a ``Profile`` out, with a clear message for each problem.

The form is plain HTML that works without JavaScript: every step posts all fields back, so
nothing the person typed is lost when something needs fixing.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role, Seniority
from reelshift.models import Profile, TaskInput
from reelshift.paths import nearest_level
from reelshift.plan import short_task
from reelshift.web.templating import EMPLOYMENTS, GOALS, SCENARIOS, SECTORS, SENIORITIES

MAX_EXTRA_TASKS = 20
MAX_ROLES = 3
MAX_TOOLS = 40
FIELD_NAMES = {
    "title": "Title",
    "description": "Description",
    "region": "Region",
    "tools": "Tools",
    "tasks": "Tasks",
    "hours_per_week": "Working hours a week",
    "day_rate": "Day rate",
    "seniority": "Seniority",
    "employment": "Employment",
    "sector": "Sector",
    "goal": "Goal",
    "scenario": "Adoption pace",
}


def _one_of(value: str, options: list[tuple[str, str]]) -> str:
    return value if value in {v for v, _ in options} else ""


@dataclass
class Questionnaire:
    """Everything the questionnaire holds, as text, exactly as the person left it."""

    describe: str = ""
    role: str = ""
    also_roles: list[str] = field(default_factory=list)
    """Further roles of a hybrid (the first is ``role``)."""
    seniority: str = ""
    employment: str = ""
    sector: str = ""
    region: str = ""
    goal: str = ""
    hours_per_week: str = "40"
    day_rate: str = ""
    scenario: str = "expected"
    ticked: list[str] = field(default_factory=list)
    shares: dict[str, str] = field(default_factory=dict)
    extra_tasks: str = ""
    tools: list[str] = field(default_factory=list)
    other_tools: str = ""
    had_tasks: bool = False  # the task table was on the page that was posted


def _get(form: FormData, name: str, limit: int) -> str:
    value = form.get(name)
    return value[:limit].strip() if isinstance(value, str) else ""


def read_form(form: FormData, pack: KnowledgePack) -> Questionnaire:
    q = Questionnaire(
        describe=_get(form, "describe", 5000),
        seniority=_one_of(_get(form, "seniority", 20), SENIORITIES),
        employment=_one_of(_get(form, "employment", 20), EMPLOYMENTS),
        sector=_one_of(_get(form, "sector", 30), SECTORS),
        region=_get(form, "region", 100),
        goal=_one_of(_get(form, "goal", 30), GOALS),
        hours_per_week=_get(form, "hours_per_week", 10) or "40",
        day_rate=_get(form, "day_rate", 20),
        scenario=_one_of(_get(form, "scenario", 20), SCENARIOS) or "expected",
        extra_tasks=_get(form, "extra_tasks", 3000),
        other_tools=_get(form, "other_tools", 1000),
    )
    # The role. An explicit pick from the full list always wins over the pre-selected
    # candidate; then the candidates ticked (several for a hybrid) or a change of role; then
    # the role the page was showing.
    picked = [
        v[:80] for v in form.getlist("new_role") if isinstance(v, str) and v[:80] in pack.roles
    ]
    also = [
        v[:80] for v in form.getlist("also_role") if isinstance(v, str) and v[:80] in pack.roles
    ]
    other = _get(form, "other_role", 80)
    current = _get(form, "role", 80)
    if other in pack.roles:
        q.role = other
    elif picked:
        q.role, also = picked[0], [*picked[1:], *also]
    elif current in pack.roles:
        q.role = current
    q.also_roles = [r for r in dict.fromkeys(also) if r != q.role][: MAX_ROLES - 1]
    q.seniority = q.seniority or _one_of(_get(form, "seniority_hint", 20), SENIORITIES)
    q.employment = q.employment or _one_of(_get(form, "employment_hint", 20), EMPLOYMENTS)
    q.sector = q.sector or _one_of(_get(form, "sector_hint", 30), SECTORS)
    q.ticked = [v for v in form.getlist("task") if isinstance(v, str)][:80]
    for key, value in form.multi_items():
        if key.startswith("share:") and isinstance(value, str) and len(q.shares) < 80:
            q.shares[key[len("share:") :][:200]] = value[:10].strip()
    q.had_tasks = any(k.startswith("share:") for k in form)
    q.tools = [v[:300] for v in form.getlist("tools") if isinstance(v, str)][:MAX_TOOLS]
    return q


def level_for(role: Role, seniority: str) -> Seniority:
    return nearest_level(role, Seniority(seniority or "mid"))


def default_shares(role: Role) -> dict[str, dict[str, int]]:
    """Typical share of time of each task at each level, in whole percent."""
    out: dict[str, dict[str, int]] = {}
    for task in role.tasks:
        out[f"{role.id}:{task.id}"] = {
            s.value: round(task.share.get(nearest_level(role, s), 0.0) * 100) for s in Seniority
        }
    return out


def task_rows(
    role: Role, q: Questionnaire, reset: bool, others: tuple[str, ...] = (), weight: float = 1.0
) -> list[dict[str, Any]]:
    """One row per task of the role: ticked and share from the form, or the level's defaults
    (times ``weight``, the role's share of a hybrid; ``others`` are the hybrid's other roles)."""
    level = Seniority(q.seniority or "mid")
    defaults = default_shares(role)
    if weight != 1.0:
        defaults = {
            tid: {k: round(v * weight) for k, v in by_level.items()}
            for tid, by_level in defaults.items()
        }
    allowed = (role.id, *others)
    keep = (
        q.had_tasks
        and not reset
        and all(t.split(":", 1)[0] in allowed for t in q.shares)
        and any(t.startswith(f"{role.id}:") for t in q.shares)
    )
    rows = []
    for task in role.tasks:
        tid = f"{role.id}:{task.id}"
        typical = defaults[tid][level.value]
        if keep:
            share = q.shares.get(tid, str(typical))
            checked = tid in q.ticked
        else:
            share, checked = str(typical), typical > 0
        rows.append(
            {
                "id": tid,
                "statement": " ".join(task.statement.split()),
                "share": share,
                "checked": checked,
                "defaults_json": json.dumps(defaults[tid], separators=(",", ":")),
            }
        )
    return rows


def hybrid_rows(pack: KnowledgePack, q: Questionnaire, reset: bool) -> list[dict[str, Any]]:
    """Task rows of every chosen role; a hybrid's roles share the time equally by default."""
    ids = [r for r in [q.role, *q.also_roles] if r in pack.roles]
    weight = 1.0 / len(ids) if ids else 1.0
    rows: list[dict[str, Any]] = []
    for rid in ids:
        others = tuple(r for r in ids if r != rid)
        for row in task_rows(pack.roles[rid], q, reset, others, weight):
            row["role_title"] = pack.roles[rid].title if len(ids) > 1 else ""
            rows.append(row)
    return rows


def share_total(rows: list[dict[str, Any]]) -> int:
    total = 0.0
    for r in rows:
        if r["checked"]:
            with contextlib.suppress(ValueError):
                total += float(r["share"])
    return round(total)


def tool_choices(pack: KnowledgePack, role: Role, q: Questionnaire) -> list[dict[str, Any]]:
    """The AI tools the pack links to this role's tasks, newest first."""
    seen: dict[str, str] = {}
    for task in role.tasks:
        for link in sorted(task.capabilities, key=lambda lk: -lk.weight):
            for tool in reversed(pack.tools_by_capability.get(link.id, [])[-3:]):
                seen.setdefault(tool.name, tool.released)
    names = sorted(seen, key=lambda n: seen[n], reverse=True)[:16]
    chosen = set(q.tools)
    return [{"name": n, "checked": n in chosen} for n in names]


def _validation_messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = [str(p) for p in err["loc"]]
        name = FIELD_NAMES.get(loc[0], loc[0].replace("_", " ").capitalize()) if loc else "Form"
        out.append(f"{name}: {err['msg']}.")
    return out


def to_profile(pack: KnowledgePack, q: Questionnaire) -> tuple[Profile | None, list[str]]:
    """Build the profile the questionnaire describes, or say what is wrong with it."""
    errors: list[str] = []
    role = pack.roles.get(q.role)
    if role is None:
        return None, ["Choose your role."]
    chosen = [role, *(pack.roles[r] for r in q.also_roles if r in pack.roles)]
    statements = {f"{r.id}:{t.id}": t.statement for r in chosen for t in r.tasks}
    tasks: list[TaskInput] = []
    for tid in q.ticked:
        if tid not in statements:
            continue
        raw = q.shares.get(tid, "").strip().rstrip("%")
        label = statements[tid]
        short = short_task(label).strip("“”")  # its first clause, never cut mid-sentence
        try:
            pct = float(raw) if raw else 0.0
        except ValueError:
            errors.append(f"The share for “{short}” must be a number from 0 to 100.")
            continue
        if not 0 <= pct <= 100:
            errors.append(f"The share for “{short}” must be between 0 and 100%.")
            continue
        if pct > 0:
            tasks.append(TaskInput(task_id=tid, share=pct / 100))
    extra = [line.strip() for line in q.extra_tasks.splitlines() if line.strip()]
    if len(extra) > MAX_EXTRA_TASKS:
        errors.append(f"List at most {MAX_EXTRA_TASKS} extra tasks.")
    for line in extra[:MAX_EXTRA_TASKS]:
        if len(line) > 500:
            errors.append("Each extra task must be at most 500 characters.")
            continue
        tasks.append(TaskInput(text=line))
    if not tasks:
        errors.append("Tick at least one task and give it a share of your time above 0%.")
    tools = list(dict.fromkeys([*q.tools, *(t.strip() for t in q.other_tools.split(","))]))
    tools = [t for t in tools if t][:MAX_TOOLS]
    try:
        hours = float(q.hours_per_week)
    except ValueError:
        errors.append("Working hours a week must be a number.")
        hours = 40.0
    day_rate: float | None = None
    if q.day_rate:
        try:
            day_rate = float(q.day_rate)
        except ValueError:
            errors.append("Day rate must be a number.")
    if errors:
        return None, errors
    data: dict[str, Any] = {
        "description": q.describe or None,
        "roles": [r.id for r in chosen],
        "tasks": tasks,
        "tools": tools,
        "seniority": q.seniority or None,
        "employment": q.employment or None,
        "sector": q.sector or None,
        "region": q.region or None,
        "goal": q.goal or None,
        "day_rate": day_rate,
        "hours_per_week": hours,
        "scenario": q.scenario,
    }
    try:
        return Profile.model_validate(data), []
    except ValidationError as exc:
        return None, _validation_messages(exc)
