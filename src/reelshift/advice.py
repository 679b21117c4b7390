"""Advice links resolved against the pack: which tools reach a task, and which may be advised.

A tool reaches a task only through an explicit advice link on the task (``tasks[].tools`` in a
role file), which names the feature doing the work and whether it assists the person's craft or
substitutes for their own work or likeness. Only a link that is ``assist`` to a ``public``,
``active`` tool is ever advised as something to adopt; every other link is evidence, shown with a
label that says why ("in-house at Netflix", "discontinued 2025-04").

Pure functions over the pack; results are cached in ``pack.derived`` because a task's links do not
depend on the person. The plan (``reelshift.plan``) and the career paths both use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role, Tool, ToolLink

LIKENESS_CAPABILITIES = frozenset({"voice-synthesis", "dubbing-lipsync", "digital-replica"})
"""Capabilities that reproduce a person (voice, face, body), not only their output: a substitute
link through one of them calls for consent and likeness terms, not only licensing of the work."""


@dataclass(frozen=True)
class ResolvedLink:
    """One advice link on one task, with the tool it names."""

    task_id: str  # "<role-id>:<task-id>"
    link: ToolLink
    tool: Tool

    @property
    def recommendable(self) -> bool:
        """May be advised to adopt: it assists the craft and anyone can use it today."""
        return self.link.effect == "assist" and self.tool.recommendable

    @property
    def substitute(self) -> bool:
        return self.link.effect == "substitute"

    @property
    def likeness(self) -> bool:
        """A substitute that reproduces the person (their voice or likeness)."""
        return self.substitute and bool(LIKENESS_CAPABILITIES & set(self.tool.capabilities))


def task_links(pack: KnowledgePack, task_id: str) -> tuple[ResolvedLink, ...]:
    """Every advice link of a task whose tool is in the pack, in the order the pack lists them."""
    cache = pack.derived.setdefault("advice_links", {})
    assert isinstance(cache, dict)
    found = cache.get(task_id)
    if found is None:
        _, task = pack.task(task_id)
        found = tuple(
            ResolvedLink(task_id, link, pack.tools[link.tool])
            for link in task.tools
            if link.tool in pack.tools
        )
        cache[task_id] = found
    return found


def recommendable_links(pack: KnowledgePack, task_id: str) -> list[ResolvedLink]:
    """The links of a task that may be advised to adopt (public, active, assist)."""
    return [r for r in task_links(pack, task_id) if r.recommendable]


def role_tools(pack: KnowledgePack, role: Role) -> list[Tool]:
    """Distinct tools linked to any of a role's tasks (every effect and state), in pack order."""
    seen: dict[str, Tool] = {}
    for task in role.tasks:
        for r in task_links(pack, f"{role.id}:{task.id}"):
            seen.setdefault(r.tool.id, r.tool)
    return list(seen.values())


def evidence_label(pack: KnowledgePack, r: ResolvedLink) -> str:
    """Why a link is evidence rather than advice, in a few words; empty when it is advice."""
    tool = r.tool
    parts: list[str] = []
    status = tool.status
    if status is None:
        parts.append("status not stated")
    elif status.state == "superseded":
        after = pack.tools.get(status.superseded_by or "")
        parts.append(
            f"superseded by {after.name if after else status.superseded_by}"
            + (f" ({status.since})" if status.since else "")
        )
    elif status.state != "active":
        parts.append(status.state + (f" {status.since}" if status.since else ""))
    if tool.availability == "in-house":
        parts.append(f"in-house at {tool.vendor}")
    elif tool.availability == "enterprise":
        parts.append("enterprise contracts only")
    elif tool.availability == "research":
        parts.append("research, not a product")
    elif tool.availability is None:
        parts.append("availability not stated")
    if r.substitute:
        parts.append(
            "stands in for your own voice or likeness"
            if r.likeness
            else "stands in for your own work"
        )
    return "; ".join(parts)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w+&/ ]", " ", text.casefold())).strip()


def tool_names(tool: Tool) -> set[str]:
    """The normalised names a person may write for a tool: its name and aliases."""
    return {n for n in (_norm(x) for x in (tool.name, *tool.aliases)) if n}


MIN_HOST_NAME = 4
"""A name shorter than this ('AI', 'MC') must match a tool's name or alias exactly."""


def used_tools(names: Iterable[str], tools: Iterable[Tool]) -> set[str]:
    """Ids of ``tools`` the person says they use (case and punctuation ignored): a name or alias
    equal to what they wrote, or one that contains it as whole words — a feature of an
    application they named ('DaVinci Resolve' has 'DaVinci Resolve Magic Mask', 'Premiere' has
    'Adobe Premiere Text-Based Editing')."""
    written = {_norm(n) for n in names}
    written.discard("")
    if not written:  # most profiles name no tools: skip normalising every tool's names
        return set()
    hosts = [f" {w} " for w in written if len(w) >= MIN_HOST_NAME]
    found = set()
    for t in tools:
        own = tool_names(t)
        if own & written or any(h in f" {n} " for n in own for h in hosts):
            found.add(t.id)
    return found


def advice_markdown(pack: KnowledgePack) -> str:
    """``docs/advice.md``: every craft role's advice links, so the pack's advice can be reviewed
    at a glance: what each role is told to adopt (feature and task), what is evidence only, and
    what stands in for the person's own work."""
    from reelshift.kb.validate import MIN_CRAFT_TOOLS  # the rule kb check applies

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    crafts = [r for r in pack.roles.values() if r.kind == "craft"]
    links = [
        r for role in crafts for t in role.tasks for r in task_links(pack, f"{role.id}:{t.id}")
    ]
    lines = [
        "# Advice in the knowledge pack",
        "",
        f"Generated from pack {pack.meta.name} {pack.meta.version} ({pack.meta.as_of}) by "
        "`reelshift kb advice --out docs/advice.md`; do not edit by hand.",
        "",
        "For every craft role: the tools it is told to adopt (public, active, assisting the "
        "craft), each with the named feature and the task it serves; the tools linked only as "
        "evidence (in-house, enterprise, research, restricted, discontinued or superseded); and "
        "the tools that stand in for the person's own work or likeness, which become "
        '"know, price and protect" advice. See [method.md](method.md#7-the-plan).',
        "",
        f"{len(crafts)} craft roles; {len(links)} advice links to "
        f"{len({r.tool.id for r in links})} tools; "
        f"{sum(r.recommendable for r in links)} links advised to adopt, "
        f"{sum(r.substitute for r in links)} substitute links.",
        "",
    ]
    departments = {d.id: d.name for d in pack.departments.values()}
    for dept in sorted({r.department for r in crafts}, key=lambda d: departments.get(d, d)):
        lines += [f"## {departments.get(dept, dept)}", ""]
        for role in sorted((r for r in crafts if r.department == dept), key=lambda r: r.title):
            mine = [r for t in role.tasks for r in task_links(pack, f"{role.id}:{t.id}")]
            adopt = [r for r in mine if r.recommendable]
            count = len({r.tool.id for r in adopt})
            lines += [f"### {role.title} (`{role.id}`)", ""]
            flag = "" if count >= MIN_CRAFT_TOOLS or role.tools_note else " — **below the rule**"
            lines.append(f"{count} public, active tools advised to adopt{flag}.")
            if role.tools_note:
                lines += ["", f"Tools note: {cell(role.tools_note)}"]
            lines.append("")
            statements = {f"{role.id}:{t.id}": t.statement for t in role.tasks}
            tasks = {f"{role.id}:{t.id}": t for t in role.tasks}
            if adopt:
                lines += [
                    "| Task | Adopt: feature — tool | Version, where it runs | Capability shared "
                    "with the task | Sources |"
                ]
                lines += ["|---|---|---|---|---|"]
                for r in adopt:
                    t = r.tool
                    caps = {c.id for c in tasks[r.task_id].capabilities}
                    shared = ", ".join(c for c in t.capabilities if c in caps)
                    lines.append(
                        f"| {cell(statements[r.task_id])[:90]} | {cell(r.link.feature)} — "
                        f"{cell(t.name)} | {cell(t.version or '—')}, {t.runs_in} | "
                        f"{shared or '**none**: time effect falls back to the task'} | "
                        f"{', '.join(r.link.sources)} |"
                    )
                lines.append("")
            evidence = [r for r in mine if not r.recommendable and not r.substitute]
            if evidence:
                lines += ["Evidence only:", ""]
                lines += [
                    f"- {cell(r.link.feature)} — {cell(r.tool.name)} "
                    f"({evidence_label(pack, r)}), for: {cell(statements[r.task_id])[:90]}"
                    for r in evidence
                ]
                lines.append("")
            subs = [r for r in mine if r.substitute]
            if subs:
                lines += ["Know, price and protect (substitute links):", ""]
                lines += [
                    f"- {cell(r.link.feature)} — {cell(r.tool.name)}"
                    + (f" ({evidence_label(pack, r)})" if evidence_label(pack, r) else "")
                    + f", for: {cell(statements[r.task_id])[:90]}"
                    for r in subs
                ]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
