"""Retired role ids and the roles that succeed them.

A role that turned out to be two jobs is split, and a role whose id misnamed the work is renamed.
Saved analyses, ``--role`` and ``role-id:task-id`` inputs that name the old id keep working: the
successor role declares ``replaces: [{id: old-id, ...}]`` and these functions map old ids to new
ones, with a note the analysis shows. The declarations are checked by ``kb check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reelshift.kb.loader import KnowledgePack
from reelshift.models import Profile


@dataclass(frozen=True)
class Retired:
    """One retired role id: the role it is analysed as, every successor, and why."""

    id: str
    primary: str
    successors: tuple[str, ...]
    note: str
    tasks: dict[str, str]
    """Old task id -> the successor's full task id (``role-id:task-id``)."""


def retired_roles(pack: KnowledgePack) -> dict[str, Retired]:
    """Every retired role id the pack's roles declare, keyed by the old id.

    A retired id that is a live role again (an overlay brought it back) is not retired.
    """
    cached = pack.derived.get("retired")
    if isinstance(cached, dict):
        return cached
    found: dict[str, list[tuple[str, bool, str, dict[str, str]]]] = {}
    for role in pack.roles.values():
        for rep in role.replaces:
            if rep.id in pack.roles:
                continue
            moved = {old: f"{role.id}:{new}" for old, new in rep.tasks.items()}
            found.setdefault(rep.id, []).append((role.id, rep.primary, rep.note, moved))
    result: dict[str, Retired] = {}
    for old, entries in sorted(found.items()):
        primaries = [e for e in entries if e[1]] or entries
        primary = primaries[0]
        tasks: dict[str, str] = {}
        for entry in entries:
            for k, v in entry[3].items():
                tasks.setdefault(k, v)
        result[old] = Retired(
            id=old,
            primary=primary[0],
            successors=tuple([primary[0]] + [e[0] for e in entries if e[0] != primary[0]]),
            note=" ".join(primary[2].split()),
            tasks=tasks,
        )
    pack.derived["retired"] = result
    return result


def successor_note(pack: KnowledgePack, old: str) -> str:
    """The caveat an analysis shows when a profile names a retired role id."""
    info = retired_roles(pack)[old]
    title = pack.roles[info.primary].title
    others = [pack.roles[r] for r in info.successors[1:] if r in pack.roles]
    also = (
        "; " + ", ".join(f"use --role {r.id} for {r.title.lower()}" for r in others)
        if others
        else ""
    )
    return (
        f"The role id '{old}' was retired and is analysed as {title} ({info.primary}): "
        f"{info.note}{also}."
    ).replace("..", ".")


def upgrade_role_id(pack: KnowledgePack, rid: str) -> str:
    """The live role id for ``rid``: itself, or the primary successor of a retired id."""
    if rid in pack.roles:
        return rid
    info = retired_roles(pack).get(rid)
    return info.primary if info else rid


def upgrade_task_id(pack: KnowledgePack, full_id: str) -> str:
    """The live task id for ``role-id:task-id``, following a retired role's task map."""
    rid, sep, tid = full_id.partition(":")
    if not sep or rid in pack.roles:
        return full_id
    info = retired_roles(pack).get(rid)
    if info is None:
        return full_id
    return info.tasks.get(tid, f"{info.primary}:{tid}")


def upgrade_profile(pack: KnowledgePack, profile: Profile) -> tuple[Profile, list[str]]:
    """``profile`` with retired role and task ids replaced by their successors, and a note for
    each replacement (the analysis shows it, so the person knows what their old id became)."""
    retired = retired_roles(pack)
    named = {rid for rid in profile.roles if rid not in pack.roles and rid in retired}
    named |= {
        item.task_id.partition(":")[0]
        for item in profile.tasks
        if item.task_id
        and item.task_id.partition(":")[0] not in pack.roles
        and item.task_id.partition(":")[0] in retired
    }
    if not named:
        return profile, []
    roles: list[str] = []
    shares: list[float] = []
    for i, rid in enumerate(profile.roles):
        new = upgrade_role_id(pack, rid)
        share = profile.role_shares[i] if profile.role_shares else 1.0
        if new in roles:  # an old and a new id for the same role: one role, time added up
            shares[roles.index(new)] += share
            continue
        roles.append(new)
        shares.append(share)
    tasks = [
        item.model_copy(update={"task_id": upgrade_task_id(pack, item.task_id)})
        if item.task_id
        else item
        for item in profile.tasks
    ]
    update: dict[str, object] = {"roles": roles, "tasks": tasks}
    if profile.role_shares:
        total = sum(shares) or 1.0
        update["role_shares"] = [min(1.0, s / total) for s in shares]
    notes = [successor_note(pack, old) for old in sorted(named)]
    return profile.model_copy(update=update), notes
