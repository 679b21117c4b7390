"""``analyze(profile) -> Analysis``: run the stages in order, nothing more.

profile → matching (roles, level, tasks) → exposure → paths → report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from reelshift.errors import (
    AmbiguousRoleError,
    InputError,
    NotCoveredError,
    OutsideFilmError,
    UnknownRoleError,
    UnreadableError,
)
from reelshift.exposure import SCENARIOS, model_for
from reelshift.kb.loader import KnowledgePack, builtin_pack, load_pack
from reelshift.kb.schema import Role, Seniority
from reelshift.kb.successors import upgrade_profile
from reelshift.matching import match_task, match_text, suggest_roles
from reelshift.matching.rank import named_tools
from reelshift.models import Analysis, MatchResult, Profile
from reelshift.paths import TaskMix, nearest_level
from reelshift.report import ResolvedProfile, build_analysis

_UNKNOWN_ERRORS: dict[str | None, type[UnknownRoleError]] = {
    "outside-film": OutsideFilmError,
    "not-covered": NotCoveredError,
    "unreadable": UnreadableError,
}


def unknown_message(text: str, found: MatchResult) -> str:
    """The one-line answer to a text that cannot be analysed, by reason."""
    shown = text.strip().replace("\n", " ")[:80]
    crafts = ", ".join(f"{c.title} ({c.role})" for c in found.candidates[:3])
    if found.reason == "unreadable":
        why = found.notes[-1].split(";")[0] if found.notes else "it has no words to read"
        return (
            f"'{shown}' could not be read ({why}); describe your work in a few words, e.g. "
            "'boom operator on features', or pass --role (see `reelshift roles`)"
        )
    if found.reason == "outside-film":
        return (
            f"'{shown}' reads as work outside film and video; ReelShift analyses film and video "
            "crafts only, so it has no analysis for this. If you also work in film or video, "
            "describe that work, or pass --role (see `reelshift roles`)"
        )
    return (
        f"'{shown}' reads as film or video work that the knowledge pack does not cover yet"
        + (f"; the nearest crafts are {crafts}" if crafts else "")
        + ". Pass --role if one of them is close enough, or see `reelshift roles`"
    )


def _context(pack: KnowledgePack, found: MatchResult) -> dict[str, Any]:
    return {
        "seniority": found.seniority.value if found.seniority else None,
        "employment": found.employment,
        "sector": found.sector,
        "region": found.region,
        "tools": named_tools(pack, found),
    }


def _resolve_roles(
    pack: KnowledgePack, profile: Profile
) -> tuple[list[tuple[Role, str]], list[float], dict[str, Any]]:
    """The roles a profile names (ids, or its text read by the matcher), their shares of time,
    and the context the text states (level, employment, sector, region, tools)."""
    extracted: dict[str, Any] = {}
    text = profile.title or profile.description or ""
    found = match_text(pack, text) if text.strip() else None
    if found is not None:
        extracted = _context(pack, found)
    if profile.roles:
        roles = []
        for rid in profile.roles:
            role = pack.roles.get(rid)
            if role is None:
                closest = suggest_roles(pack, rid)
                raise UnknownRoleError(
                    f"unknown role id '{rid}'; closest: {', '.join(closest)}", choices=closest
                )
            roles.append((role, "role id"))
        return roles, list(profile.role_shares), extracted
    if found is None:
        return [], [], extracted
    ids = [c.role for c in found.candidates]
    if found.status == "confident" and found.mix:
        how = f"title '{found.title}'" if len(found.mix) == 1 else "description (mixed roles)"
        return (
            [(pack.roles[m.role], how) for m in found.mix],
            [m.share for m in found.mix],
            extracted,
        )
    if found.status == "ambiguous":
        raise AmbiguousRoleError(
            f"'{text}' fits several roles: {', '.join(ids)}; choose one with --role", choices=ids
        )
    error = _UNKNOWN_ERRORS.get(found.reason, UnknownRoleError)
    raise error(unknown_message(text, found), choices=ids)


def resolve(pack: KnowledgePack, profile: Profile) -> ResolvedProfile:
    """The matching stage: roles, seniority and the task mix with shares that add up to 1."""
    model = model_for(pack)
    # Retired role ids (a split or renamed role) name their successor, with a note saying so.
    profile, successor_notes = upgrade_profile(pack, profile)
    roles, role_shares, extracted = _resolve_roles(pack, profile)
    caveats: list[str] = list(successor_notes)
    wanted = profile.seniority or Seniority(extracted.get("seniority") or "mid")
    # What the person wrote fills in what they did not choose explicitly, also when they
    # picked the role themselves.
    filled: dict[str, Any] = {
        key: extracted[key]
        for key in ("employment", "sector", "region")
        if getattr(profile, key) is None and extracted.get(key)
    }
    named: list[str] = extracted.get("tools", [])
    known = {t.casefold() for t in profile.tools}
    more = [n for n in dict.fromkeys(named) if n.casefold() not in known]
    if more:
        filled["tools"] = [*profile.tools, *more][:60]
    if profile.seniority is None and extracted.get("seniority"):
        filled["seniority"] = wanted
    if role_shares and not profile.role_shares and len(role_shares) == len(roles):
        filled["roles"] = [r.id for r, _ in roles]
        filled["role_shares"] = role_shares
    if filled:
        profile = profile.model_copy(update=filled)

    chosen: list[tuple[str, float | None, str | None]] = []  # task id, explicit share, words
    for item in profile.tasks:
        if item.task_id:
            if ":" not in item.task_id:
                raise InputError(f"task id '{item.task_id}' should look like 'role-id:task-id'")
            rid = item.task_id.split(":", 1)[0]
            if item.task_id not in model.task_row:
                role = pack.roles.get(rid)
                options = [f"{rid}:{t.id}" for t in role.tasks] if role else []
                raise InputError(
                    f"unknown task id '{item.task_id}'"
                    + (f"; tasks of {rid}: {', '.join(options[:8])}" if options else ""),
                    choices=options,
                )
            chosen.append((item.task_id, item.share, None))
            if rid not in {r.id for r, _ in roles}:
                roles.append((pack.roles[rid], "task id"))
            continue
        assert item.text is not None
        scope = [r.id for r, _ in roles] or list(pack.roles)
        hits = match_task(pack, item.text, scope)
        if not hits:
            example = pack.roles[scope[0]].tasks[0].statement if len(scope) == 1 else ""
            raise InputError(
                f"the task '{item.text[:80]}' matches none of the known tasks of "
                f"{', '.join(scope) if len(scope) <= 3 else 'any role'}"
                + (f"; describe it like: '{' '.join(example.split())[:80]}'" if example else "")
            )
        tid = hits[0][0]
        chosen.append((tid, item.share, item.text))
        rid = tid.split(":", 1)[0]
        if rid not in {r.id for r, _ in roles}:
            roles.append((pack.roles[rid], "task text"))

    if not roles:
        raise InputError("describe the work: give a title, --role or --task")

    levels: dict[str, Seniority] = {}
    for role, _ in roles:
        level = nearest_level(role, wanted)
        levels[role.id] = level
        if level != wanted:
            caveats.append(
                f"{role.title} has no {wanted.value} level in the pack; the {level.value} task mix "
                f"is used."
            )

    ids: list[str] = []
    shares: list[float] = []
    matched_from: dict[str, str] = {}
    if chosen:
        for tid, explicit, words in chosen:
            if tid in ids:
                continue
            role, task = pack.task(tid)
            typical = task.share.get(levels[role.id], 0.0) or min(
                (v for v in task.share.values() if v > 0), default=0.05
            )
            ids.append(tid)
            shares.append(explicit if explicit is not None else typical)
            if words:
                matched_from[tid] = words
        if any(e is not None for _, e, _ in chosen) and abs(sum(shares) - 1) > 0.01:
            caveats.append("The task shares given did not add up to 100%; they were scaled.")
    else:
        weights = (
            role_shares
            if len(role_shares) == len(roles) and sum(role_shares) > 0
            else [1.0] * len(roles)
        )
        for (role, _), weight in zip(roles, weights, strict=True):
            level = levels[role.id]
            role_total = sum(task.share.get(level, 0.0) for task in role.tasks) or 1.0
            for task in role.tasks:
                share = task.share.get(level, 0.0)
                if share > 0:
                    ids.append(f"{role.id}:{task.id}")
                    # Each role's tasks fill its share of the person's time.
                    shares.append(weight * share / role_total)
    arr = np.array(shares, dtype=float)
    mix = TaskMix(np.array([model.task_row[t] for t in ids], dtype=np.intp), arr / arr.sum(), ids)
    return ResolvedProfile(
        profile=profile,
        roles=[(role, levels[role.id], how) for role, how in roles],
        mix=mix,
        matched_from=matched_from,
        caveats=caveats,
    )


PackArg = KnowledgePack | str | PathLike[str] | Sequence[str | PathLike[str]] | None


def resolve_pack(pack: PackArg) -> KnowledgePack:
    """The built-in pack, a loaded pack, or the built-in pack with directories laid over it."""
    if pack is None:
        return builtin_pack()
    if isinstance(pack, KnowledgePack):
        return pack
    dirs = [pack] if isinstance(pack, str | PathLike) else list(pack)
    return load_pack([Path(d) for d in dirs])


def analyze(profile: Profile | Mapping[str, Any], pack: PackArg = None) -> Analysis:
    """Analyse one person's work. ``profile`` is a ``Profile`` or a dict of its fields.

    ``pack`` is a loaded ``KnowledgePack``, or one or more directories of an organisation's own
    pack to lay over the built-in one (validated the same way).

    Raises ``InputError`` (or a subclass) with a one-line message for input it cannot use, and
    ``PackError`` for a pack that does not load.
    """
    if not isinstance(profile, Profile):
        profile = Profile.model_validate(profile)
    pack = resolve_pack(pack)
    if profile.scenario not in SCENARIOS:  # pragma: no cover - the model already checks it
        raise InputError(f"unknown scenario '{profile.scenario}'")
    resolved = resolve(pack, profile)
    return build_analysis(pack, model_for(pack), resolved)
