"""What changed: between two knowledge packs, and between two analyses of the same person.

A pack diff lists the changes a reader cares about (tools added, retired or superseded, new
maturity points, agreements, roles and tasks added or split, figures that moved), each with the
roles it touches. An analysis diff compares two analyses as JSON documents — so an analysis saved
under an older schema can still be compared — and explains each difference with the pack changes
that touch the same tasks, capabilities, tools and roles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role

ChangeKind = Literal[
    "tool-added",
    "tool-removed",
    "tool-status",
    "tool-version",
    "capability-added",
    "capability-point",
    "capability-outlook",
    "agreement-added",
    "agreement-superseded",
    "agreement-terms",
    "role-added",
    "role-removed",
    "task-added",
    "task-removed",
    "task-changed",
    "advice-link",
    "occupation-figures",
    "ladder-edge",
    "role-figures",
]

FIGURE_STEP = 0.01
"""Changes in a share of working time smaller than this (one point) are not reported."""


class PackChange(BaseModel):
    """One change between two packs, in words, with what it touches."""

    kind: ChangeKind
    subject: str = Field(description="The id of the tool, capability, agreement, role or task")
    text: str
    roles: list[str] = Field(default=[], description="Role ids the change touches")


class PackDiff(BaseModel):
    old: str = Field(description="Name and version of the older pack")
    new: str
    old_as_of: str
    new_as_of: str
    changes: list[PackChange]


def _label(pack: KnowledgePack) -> str:
    return f"{pack.meta.name} {pack.meta.version}"


def _roles_using(
    pack: KnowledgePack, capability: str | None = None, tool: str | None = None
) -> set[str]:
    found = set()
    for role in pack.roles.values():
        for task in role.tasks:
            if capability and any(link.id == capability for link in task.capabilities):
                found.add(role.id)
            if tool and any(link.tool == tool for link in task.tools):
                found.add(role.id)
    return found


def _tool_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    for tid in sorted(new.tools.keys() - old.tools.keys()):
        t = new.tools[tid]
        yield PackChange(
            kind="tool-added",
            subject=tid,
            text=f"Added tool {t.name} ({t.vendor}, released {t.released}).",
            roles=sorted(_roles_using(new, tool=tid)),
        )
    for tid in sorted(old.tools.keys() - new.tools.keys()):
        t = old.tools[tid]
        yield PackChange(
            kind="tool-removed",
            subject=tid,
            text=f"Removed tool {t.name} ({t.vendor}).",
            roles=sorted(_roles_using(old, tool=tid)),
        )
    for tid in sorted(old.tools.keys() & new.tools.keys()):
        a, b = old.tools[tid], new.tools[tid]
        touched = sorted(_roles_using(old, tool=tid) | _roles_using(new, tool=tid))
        state_a = a.status.state if a.status else None
        state_b = b.status.state if b.status else None
        if state_b is not None and state_a != state_b:
            since = f" since {b.status.since}" if b.status and b.status.since else ""
            by = ""
            if b.status and b.status.superseded_by:
                successor = new.tools.get(b.status.superseded_by)
                by = f" by {successor.name if successor else b.status.superseded_by}"
            yield PackChange(
                kind="tool-status",
                subject=tid,
                text=f"{b.name} is now {state_b}{by}{since}.",
                roles=touched,
            )
        if b.version and a.version != b.version:
            yield PackChange(
                kind="tool-version",
                subject=tid,
                text=f"{b.name}: current version {b.version}"
                + (f" (was {a.version})." if a.version else "."),
                roles=touched,
            )


def _capability_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    for cid, cap in new.capabilities.items():
        roles = sorted(_roles_using(new, capability=cid))
        before = old.capabilities.get(cid)
        if before is None:
            yield PackChange(
                kind="capability-added",
                subject=cid,
                text=f"Added capability {cap.name}.",
                roles=roles,
            )
            continue
        seen = {(p.level, p.date) for p in before.timeline}
        for point in cap.timeline:
            if (point.level, point.date) not in seen:
                yield PackChange(
                    kind="capability-point",
                    subject=cid,
                    text=f"{cap.name}: {point.level.value} level dated {point.date}. "
                    + " ".join(point.evidence.split()),
                    roles=roles,
                )
        if cap.outlook != before.outlook and cap.outlook is not None:
            o = cap.outlook
            pace = o.years_per_level.get("expected")
            ceiling = f", ceiling {o.ceiling:.2f} in attended high-end work" if o.ceiling else ""
            yield PackChange(
                kind="capability-outlook",
                subject=cid,
                text=f"{cap.name}: outlook set to {pace:g} years a level (expected){ceiling}.",
                roles=roles,
            )


def _agreement_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    for aid, a in new.guilds.items():
        before = old.guilds.get(aid)
        if before is None:
            yield PackChange(
                kind="agreement-added",
                subject=aid,
                text=f"{a.guild}: {a.agreement}"
                + (f", ratified {a.ratified}." if a.ratified else "."),
                roles=sorted(a.roles),
            )
        elif a.superseded_by and not before.superseded_by:
            successor = new.guilds.get(a.superseded_by)
            yield PackChange(
                kind="agreement-superseded",
                subject=aid,
                text=f"{a.guild}: {a.agreement} is replaced by "
                f"{successor.agreement if successor else a.superseded_by}.",
                roles=sorted(set(a.roles) | set(before.roles)),
            )
        elif [t.text for t in a.terms] != [t.text for t in before.terms]:
            yield PackChange(
                kind="agreement-terms",
                subject=aid,
                text=f"{a.guild}: the AI terms of the {a.agreement} were revised.",
                roles=sorted(a.roles),
            )


def _task_signature(role: Role) -> dict[str, tuple[Any, ...]]:
    return {
        t.id: (
            tuple(sorted(t.share.items())),
            tuple(sorted((c.id, c.weight) for c in t.capabilities)),
            tuple(sorted(t.human.model_dump().items())),
        )
        for t in role.tasks
    }


def _role_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    for rid in sorted(new.roles.keys() - old.roles.keys()):
        yield PackChange(
            kind="role-added", subject=rid, text=f"Added role {new.roles[rid].title}.", roles=[rid]
        )
    for rid in sorted(old.roles.keys() - new.roles.keys()):
        yield PackChange(
            kind="role-removed",
            subject=rid,
            text=f"Removed role {old.roles[rid].title}.",
            roles=[rid],
        )
    for rid in sorted(old.roles.keys() & new.roles.keys()):
        a, b = old.roles[rid], new.roles[rid]
        sig_a, sig_b = _task_signature(a), _task_signature(b)
        for tid in sorted(sig_b.keys() - sig_a.keys()):
            yield PackChange(
                kind="task-added",
                subject=f"{rid}:{tid}",
                text=f"{b.title}: new task — "
                + _short(next(t.statement for t in b.tasks if t.id == tid)),
                roles=[rid],
            )
        for tid in sorted(sig_a.keys() - sig_b.keys()):
            yield PackChange(
                kind="task-removed",
                subject=f"{rid}:{tid}",
                text=f"{a.title}: task '{tid}' removed or split.",
                roles=[rid],
            )
        for tid in sorted(sig_a.keys() & sig_b.keys()):
            if sig_a[tid] != sig_b[tid]:
                yield PackChange(
                    kind="task-changed",
                    subject=f"{rid}:{tid}",
                    text=f"{b.title}: task '{tid}' re-weighted (shares, capabilities or human "
                    "factors).",
                    roles=[rid],
                )
        links_a = {(f"{rid}:{t.id}", link.tool, link.feature) for t in a.tasks for link in t.tools}
        links_b = {(f"{rid}:{t.id}", link.tool, link.feature) for t in b.tasks for link in t.tools}
        added = sorted(links_b - links_a)
        removed = sorted(links_a - links_b)
        if added or removed:
            parts = []
            if added:
                parts.append("linked " + ", ".join(sorted({f for _, _, f in added})))
            if removed:
                parts.append("unlinked " + ", ".join(sorted({f for _, _, f in removed})))
            yield PackChange(
                kind="advice-link",
                subject=rid,
                text=f"{b.title}: tool advice {'; '.join(parts)}.",
                roles=[rid],
            )


_OCCUPATION_FIELDS = {
    "employment_2024": ("US wage-and-salary jobs (May 2024)", "{:,.0f}"),
    "median_wage_2024": ("median wage (May 2024)", "${:,.0f}"),
    "projected_change_2024_34_pct": ("projected change 2024–34", "{:+.1f}%"),
}


def _occupation_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    def fmt(field: str, value: float | None) -> str:
        return "not stated" if value is None else _OCCUPATION_FIELDS[field][1].format(value)

    for soc, occ in sorted(new.occupations.items()):
        before = old.occupations.get(soc)
        moved = []
        for field, (label, _) in _OCCUPATION_FIELDS.items():
            a = getattr(before, field) if before else None
            b = getattr(occ, field)
            if a != b:
                moved.append(f"{label} {fmt(field, a)} → {fmt(field, b)}")
        if moved:
            roles = sorted(
                r.id for r in new.roles.values() if any(c[:7] == soc for c in r.soc.codes)
            )
            yield PackChange(
                kind="occupation-figures",
                subject=soc,
                text=f"{occ.title} ({soc}): " + "; ".join(moved) + ".",
                roles=roles,
            )


def _ladder_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    def edges(pack: KnowledgePack, ladder: str) -> set[tuple[str, str]]:
        lad = pack.ladders.get(ladder)
        return {(e.from_, e.to) for e in lad.edges} if lad else set()

    for lid, ladder in sorted(new.ladders.items()):
        added = sorted(edges(new, lid) - edges(old, lid))
        if added:
            roles = sorted({node.split("@")[0] for pair in added for node in pair})
            yield PackChange(
                kind="ladder-edge",
                subject=lid,
                text=f"{ladder.name}: {len(added)} career move(s) recorded.",
                roles=roles,
            )


def _figure_changes(old: KnowledgePack, new: KnowledgePack) -> Iterable[PackChange]:
    """Roles whose five-year figures moved by a point or more (mid level, expected adoption)."""
    from reelshift.industry import industry

    before = {row.role: row for row in industry(old)}
    for row in industry(new):
        was = before.get(row.role)
        if was is None:
            continue
        moved = [
            f"{name} {label} {getattr(getattr(was, name), h):.0%} → "
            f"{getattr(getattr(row, name), h):.0%}"
            for name in ("automation", "exposure")
            for h, label in (("now", "now"), ("in_5y", "in 5 years"))
            if abs(getattr(getattr(row, name), h) - getattr(getattr(was, name), h)) >= FIGURE_STEP
        ]
        if was.category != row.category:
            moved.append(f"category {was.category} → {row.category}")
        if moved:
            yield PackChange(
                kind="role-figures",
                subject=row.role,
                text=f"{row.title}: " + "; ".join(moved) + ".",
                roles=[row.role],
            )


def diff_packs(old: KnowledgePack, new: KnowledgePack) -> PackDiff:
    """Every change a reader cares about between ``old`` and ``new``."""
    changes: list[PackChange] = []
    for part in (
        _tool_changes,
        _capability_changes,
        _agreement_changes,
        _role_changes,
        _occupation_changes,
        _ladder_changes,
        _figure_changes,
    ):
        changes.extend(part(old, new))
    return PackDiff(
        old=_label(old),
        new=_label(new),
        old_as_of=old.meta.as_of,
        new_as_of=new.meta.as_of,
        changes=changes,
    )


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


# --- Analyses -------------------------------------------------------------------------------

HORIZON_KEYS = ("now", "in_2y", "in_5y")
MEASURES = ("exposure", "automation", "augmentation")


class FigureChange(BaseModel):
    measure: str
    horizon: str
    old: float
    new: float

    @property
    def delta(self) -> float:
        return self.new - self.old


class TaskChange(BaseModel):
    task: str
    statement: str
    status: Literal["changed", "added", "removed"]
    figures: list[FigureChange] = []
    tools_added: list[str] = []
    tools_removed: list[str] = []
    because: list[str] = Field(default=[], description="Pack changes that touch this task")


class AnalysisDiff(BaseModel):
    """What moved for one person between two analyses, and which pack changes explain it."""

    old_pack: str
    new_pack: str
    old_schema: str
    new_schema: str
    category_old: str
    category_new: str
    headline: list[FigureChange]
    tasks: list[TaskChange]
    paths_added: list[str]
    paths_removed: list[str]
    agreements_added: list[str]
    agreements_removed: list[str]
    explained_by: list[PackChange] = Field(
        default=[], description="Pack changes that touch the person's roles"
    )

    @property
    def unchanged(self) -> bool:
        return (
            self.category_old == self.category_new
            and not self.headline
            and not self.tasks
            and not (self.paths_added or self.paths_removed)
            and not (self.agreements_added or self.agreements_removed)
        )


def _figures(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FigureChange]:
    out = []
    for measure in MEASURES:
        a, b = old.get(measure) or {}, new.get(measure) or {}
        for h in HORIZON_KEYS:
            if h in a and h in b and abs(float(b[h]) - float(a[h])) >= FIGURE_STEP:
                out.append(FigureChange(measure=measure, horizon=h, old=a[h], new=b[h]))
    return out


def _tool_names(task: Mapping[str, Any]) -> set[str]:
    """Tool names on a task, in any schema version (a flat tool, or a tool inside a link)."""
    names = set()
    for item in task.get("tools") or []:
        tool = item.get("tool") if isinstance(item.get("tool"), dict) else item
        name = tool.get("name") or tool.get("id")
        if name:
            names.add(str(name))
    return names


def _pack_label(analysis: Mapping[str, Any]) -> str:
    pack = analysis.get("pack") or {}
    return f"{pack.get('name', '?')} {pack.get('version', '?')}"


def diff_analyses(
    old: Mapping[str, Any], new: Mapping[str, Any], changes: Iterable[PackChange] = ()
) -> AnalysisDiff:
    """Compare two analyses given as JSON documents (``Analysis.model_dump(mode="json")``)."""
    roles = {r.get("id") for r in list(old.get("roles") or []) + list(new.get("roles") or [])}
    relevant = [c for c in changes if roles & set(c.roles)]
    old_tasks = {t["id"]: t for t in old.get("tasks") or []}
    new_tasks = {t["id"]: t for t in new.get("tasks") or []}
    task_changes: list[TaskChange] = []
    for tid in list(new_tasks) + [t for t in old_tasks if t not in new_tasks]:
        a, b = old_tasks.get(tid), new_tasks.get(tid)
        task = b or a or {}
        caps = {c.get("id") for c in (task.get("capabilities") or [])}
        tools_a = _tool_names(a or {})
        tools_b = _tool_names(b or {})
        because = [
            c.text
            for c in relevant
            if c.subject == tid
            or c.subject in caps
            or (c.kind.startswith("tool") and c.subject in {*tools_a, *tools_b})
        ]
        if a is None or b is None:
            task_changes.append(
                TaskChange(
                    task=tid,
                    statement=str(task.get("statement", "")),
                    status="added" if a is None else "removed",
                    because=because,
                )
            )
            continue
        figures = _figures(a, b)
        if figures or tools_a != tools_b:
            task_changes.append(
                TaskChange(
                    task=tid,
                    statement=str(b.get("statement", "")),
                    status="changed",
                    figures=figures,
                    tools_added=sorted(tools_b - tools_a),
                    tools_removed=sorted(tools_a - tools_b),
                    because=because,
                )
            )
    old_paths = {p.get("target") for p in old.get("paths") or []}
    new_paths = {p.get("target") for p in new.get("paths") or []}
    old_agr = {a.get("id") for a in old.get("agreements") or []}
    new_agr = {a.get("id") for a in new.get("agreements") or []}
    old_head, new_head = old.get("headline") or {}, new.get("headline") or {}
    return AnalysisDiff(
        old_pack=_pack_label(old),
        new_pack=_pack_label(new),
        old_schema=str(old.get("schema_version", "?")),
        new_schema=str(new.get("schema_version", "?")),
        category_old=str(old_head.get("category", "?")),
        category_new=str(new_head.get("category", "?")),
        headline=_figures(old_head, new_head),
        tasks=task_changes,
        paths_added=sorted(str(p) for p in new_paths - old_paths),
        paths_removed=sorted(str(p) for p in old_paths - new_paths),
        agreements_added=sorted(str(a) for a in new_agr - old_agr),
        agreements_removed=sorted(str(a) for a in old_agr - new_agr),
        explained_by=relevant,
    )


# --- Pack history ---------------------------------------------------------------------------

HISTORY = Path(__file__).parent / "kb" / "data" / "history.json"
"""Every release of the built-in pack: the diff from the release before it, oldest first.
Written by ``reelshift kb changelog``; read to explain an analysis made on an older pack."""


def read_history(path: Path = HISTORY) -> list[PackDiff]:
    if not path.is_file():
        return []
    return [PackDiff.model_validate(item) for item in json.loads(path.read_text("utf-8"))]


def record_release(diff: PackDiff, path: Path = HISTORY) -> list[PackDiff]:
    """Add (or replace) the history entry for ``diff.new``; returns the whole history."""
    history = [d for d in read_history(path) if d.new != diff.new] + [diff]
    payload = [d.model_dump(mode="json") for d in history]
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return history


def changes_since(pack_label: str, history: list[PackDiff] | None = None) -> list[PackChange]:
    """Every recorded change after the pack an analysis was made on (``"name version"``)."""
    history = read_history() if history is None else history
    start = next((i for i, d in enumerate(history) if d.old == pack_label), None)
    if start is None:
        # Made on the current pack (nothing since) or on one the history does not know.
        known_new = {d.new for d in history}
        return [] if pack_label in known_new or not history else list(_all(history))
    return list(_all(history[start:]))


def _all(history: list[PackDiff]) -> Iterable[PackChange]:
    for diff in history:
        yield from diff.changes
