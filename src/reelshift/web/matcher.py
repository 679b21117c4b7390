"""A thin adapter over the title matcher, so the web app works with either matcher API.

``reelshift.match(text)`` (the newer matcher, when present) or
``reelshift.matching.match_title(pack, text)``: both give a status, ranked candidates and the
seniority/employment/sector words found in the text. This module only reshapes their answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import reelshift
from reelshift.kb.loader import KnowledgePack

Status = Literal["confident", "ambiguous", "unknown"]
MATCH_TEXT_CHARS = 300  # the matcher reads a title, not an essay


@dataclass(frozen=True)
class RoleCandidate:
    role: str
    title: str
    department: str
    score: float
    why: str


@dataclass(frozen=True)
class MatchOutcome:
    status: Status
    candidates: list[RoleCandidate]
    seniority: str | None = None
    employment: str | None = None
    sector: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> str | None:
        return self.candidates[0].role if self.candidates else None


def match_text(text: str) -> str:
    """The part of a description the title matcher reads: its first line, trimmed."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:MATCH_TEXT_CHARS]


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def _reshape(pack: KnowledgePack, found: Any) -> MatchOutcome:
    status = str(_field(found, "status") or "unknown")
    if status not in ("confident", "ambiguous", "unknown"):
        status = "ambiguous" if status in ("choose", "candidates") else "unknown"
    cands: list[RoleCandidate] = []
    for c in _field(found, "candidates") or []:
        rid = _field(c, "role_id", "role", "id")
        if not isinstance(rid, str) or rid not in pack.roles:
            continue
        role = pack.roles[rid]
        score = _field(c, "score")
        why = _field(c, "why", "reason", "explanation")
        cands.append(
            RoleCandidate(
                rid,
                role.title,
                pack.departments[role.department].name
                if role.department in pack.departments
                else role.department,
                float(score) if isinstance(score, int | float) else 0.0,
                str(why) if why else "",
            )
        )
    if status == "confident" and not cands:
        status = "unknown"

    def text_or_none(*names: str) -> str | None:
        value = _field(found, *names)
        return str(value) if value else None

    return MatchOutcome(
        status,  # type: ignore[arg-type]
        cands,
        seniority=text_or_none("seniority"),
        employment=text_or_none("employment"),
        sector=text_or_none("sector"),
    )


def match_role(pack: KnowledgePack, text: str) -> MatchOutcome:
    """Candidate roles for a free-text description of someone's work."""
    query = match_text(text)
    if not query:
        return MatchOutcome("unknown", [])
    newer = getattr(reelshift, "match", None)
    if callable(newer):

        def call() -> Any:
            try:
                return newer(query, pack=pack)
            except TypeError:
                return newer(query)

        try:
            found = call()
        except reelshift.AmbiguousRoleError as exc:
            found = {
                "status": "ambiguous",
                "candidates": [{"role": c} for c in exc.choices],
            }
        except reelshift.UnknownRoleError as exc:
            found = {"status": "unknown", "candidates": [{"role": c} for c in exc.choices]}
        return _reshape(pack, found)
    from reelshift.matching import match_title

    return _reshape(pack, match_title(pack, query))
