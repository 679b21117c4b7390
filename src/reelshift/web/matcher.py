"""The confirm step's view of the matcher: what ``reelshift.match`` understood from the text,
reshaped for the templates (candidates with their department, the mix of a hybrid, the
understood level, sector, region and tools, and why nothing fits when nothing does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reelshift.kb.loader import KnowledgePack

Status = Literal["confident", "ambiguous", "unknown"]
MATCH_TEXT_CHARS = 600  # a description of the work, not an essay


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
    region: str | None = None
    tools: list[str] = field(default_factory=list)
    mix: list[tuple[str, float]] = field(default_factory=list)
    """The role(s) to analyse and their shares, best first (several for a hybrid)."""
    reason: str | None = None
    """For 'unknown': outside-film, not-covered or unreadable."""
    understood: str = ""
    confidence: float = 0.0

    @property
    def best(self) -> str | None:
        if self.mix:
            return self.mix[0][0]
        return self.candidates[0].role if self.candidates else None


def match_text(text: str) -> str:
    """The part of a description the matcher reads: its first characters, lines kept apart."""
    return text.strip()[:MATCH_TEXT_CHARS]


def match_role(pack: KnowledgePack, text: str) -> MatchOutcome:
    """Candidate roles for a free-text description of someone's work."""
    query = match_text(text)
    if not query:
        return MatchOutcome("unknown", [], reason="unreadable")
    from reelshift.matching import match_text as match
    from reelshift.matching.rank import named_tools

    found = match(pack, query)
    cands: list[RoleCandidate] = []
    for c in found.candidates:
        role = pack.roles.get(c.role)
        if role is None:
            continue
        department = pack.departments.get(role.department)
        cands.append(
            RoleCandidate(
                c.role,
                role.title,
                department.name if department else role.department,
                c.score,
                c.why,
            )
        )
    understood = found.understood.replace(" Re-run with --role to change.", "")
    return MatchOutcome(
        found.status,
        cands,
        seniority=found.seniority.value if found.seniority else None,
        employment=found.employment,
        sector=found.sector,
        region=found.region,
        tools=named_tools(pack, found),
        mix=[(m.role, m.share) for m in found.mix],
        reason=found.reason,
        understood=understood,
        confidence=found.confidence,
    )
