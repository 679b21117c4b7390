"""Pydantic models of knowledge-pack entries.

The pack is plain YAML under ``kb/data``; these models are its schema. Every entry that states a
fact carries ``sources`` (ids from the bibliography). Numbers that are the project's own judgement
(maturity readiness, capability weights, human factors, learning times) are documented as such in
``docs/pack-format.md`` and ``docs/method.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SOURCE_ID_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"
SOC_PATTERN = r"^\d{2}-\d{4}(\.\d{2})?$"

EntryId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN, max_length=40)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class Seniority(StrEnum):
    junior = "junior"
    mid = "mid"
    senior = "senior"
    head = "head"


SENIORITY_ORDER: tuple[Seniority, ...] = (
    Seniority.junior,
    Seniority.mid,
    Seniority.senior,
    Seniority.head,
)


class Level(StrEnum):
    """Maturity levels of a capability, in order."""

    research = "research"
    demo = "demo"
    prosumer = "prosumer"
    production = "production"
    commodity = "commodity"


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _partial_date(value: object) -> str:
    """Accept a date known to the year, month or day ("2023", "2023-03", "2023-03-21").

    YAML turns 2023-03-21 into a date and 2023 into an int; both come back as text.
    """
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2023, 2023-03 or 2023-03-21, got {value!r}")
    text = value.strip()
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise ValueError(f"expected a date like 2023, 2023-03 or 2023-03-21, got {value!r}")
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError as exc:
        raise ValueError(f"not a real date: {value!r}") from exc
    return text


DateText = Annotated[str, BeforeValidator(_partial_date)]


def date_start(text: str) -> dt.date:
    """First day of the period a partial date names."""
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))


def year_fraction(text: str | dt.date) -> float:
    """A (partial) date as a decimal year: 2023-07-01 -> 2023.496."""
    d = date_start(text) if isinstance(text, str) else text
    start = dt.date(d.year, 1, 1)
    days = (dt.date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Entry):
    id: SourceId
    title: str = Field(min_length=3)
    publisher: str = ""
    date: DateText | None = None
    url: str = Field(min_length=3, description="URL, or 'repo: owner/name — path' for a data file")
    confidence: Literal["high", "medium", "low"] = "medium"
    note: str = ""


class Skill(_Entry):
    id: EntryId
    name: str
    kind: Literal["craft", "technical", "human", "ai", "business"]
    learn_months: Annotated[float, Field(gt=0, le=120)] = Field(
        description="Judgement: months of focused practice to reach working proficiency."
    )
    description: str = ""


class Department(_Entry):
    id: EntryId
    name: str
    description: str = ""


class MaturityPoint(_Entry):
    level: Level
    date: DateText
    evidence: str = Field(min_length=10)
    tools: list[EntryId] = []
    sources: list[SourceId] = Field(min_length=1)


HeldBackBy = Literal["quality", "legal", "union-terms", "trust", "cost", "integration", "physical"]


class Outlook(_Entry):
    """Project judgement on how a capability climbs from here: pace, ceiling and brakes."""

    years_per_level: dict[Literal["slow", "expected", "fast"], Annotated[float, Field(gt=0, le=20)]]
    ceiling: Fraction | None = Field(
        default=None,
        description="Highest readiness in attended high-end work (features, high-end episodic), "
        "where a client in the room and a large screen hold output to a higher bar",
    )
    held_back_by: list[HeldBackBy] = Field(
        default=[], description="What slows it: quality, legal, union terms, trust, cost, ..."
    )
    reasoning: str = Field(min_length=20)
    sources: list[SourceId] = []


class Context(_Entry):
    """A production context (budget tier and turnaround) that shifts how far tools reach.

    ``level_shift`` moves every capability's maturity position (in levels) for work in this
    context: low-budget, fast-turnaround work accepts output that attended high-end work does
    not. ``ceilings`` applies each capability's outlook ceiling (attended high-end work).
    """

    id: EntryId
    name: str
    sectors: list[str] = Field(description="Profile sectors read as this context")
    level_shift: Annotated[float, Field(ge=-2.0, le=2.0)] = 0.0
    ceilings: bool = False
    reasoning: str = Field(min_length=20)
    sources: list[SourceId] = []


class RoleDemand(_Entry):
    """Whole-job effects: positions productions drop or merge because tools do the job's work.

    Kept apart from task exposure: a craft can have little of its own time exposed and still
    lose positions (a production records with dialogue isolation instead of hiring a boom
    operator). Estimates are the project's judgement from the cited evidence.
    """

    role: EntryId
    risk: Literal["low", "medium", "high"]
    positions_at_risk_pct: tuple[float, float] = Field(
        description="Estimated share of the craft's positions at risk over five years (low, high)"
    )
    where: str = Field(min_length=10, description="Which productions drop or merge the position")
    how: str = Field(min_length=20, description="What replaces it, and the reasoning")
    tools: list[EntryId] = []
    sources: list[SourceId] = Field(min_length=1)


PublishedIndexId = Literal[
    "gpts-gpt4-beta", "gpts-human-beta", "microsoft-applicability", "aioe", "meritforge-2026"
]


class PublishedIndex(_Entry):
    """A published per-occupation AI figure, shown beside ReelShift's own; never used in it."""

    soc: Annotated[str, Field(pattern=SOC_PATTERN)] = Field(
        description="The code as the index files it (8-digit O*NET-SOC for GPTs are GPTs)"
    )
    index: PublishedIndexId
    scale: Literal["share", "z-score", "score-100"] = Field(
        description="share: 0-1; z-score: mean 0, sd 1 across occupations; score-100: 0-100"
    )
    value: float
    title: str = Field(min_length=3, description="The occupation's title in the index")
    sources: list[SourceId] = Field(min_length=1)

    @property
    def id(self) -> str:
        """One figure per code and index: the key the loader files it under."""
        return f"{self.soc}/{self.index}"


class Capability(_Entry):
    id: EntryId
    name: str
    description: str = Field(min_length=10)
    timeline: list[MaturityPoint] = Field(min_length=1)
    outlook: Outlook | None = None


Availability = Literal["public", "enterprise", "in-house", "research"]
"""Who can use a tool: anyone (``public``), companies under contract (``enterprise``), only the
company that built it (``in-house``), or no one yet (``research``)."""

RunsIn = Literal["nle-feature", "plugin", "standalone", "web-service", "api", "hardware", "model"]
"""Where a tool does its work: a feature inside an editing/grading/audio application, a plug-in,
a standalone application, a web service, a developer API, a device, or a model people run."""


class ToolStatus(_Entry):
    """A tool's state as of the pack date, with the date and source of any change."""

    state: Literal["active", "restricted", "discontinued", "superseded"]
    since: DateText | None = Field(
        default=None, description="When it changed (required unless active)"
    )
    superseded_by: EntryId | None = Field(
        default=None, description="The tool id that replaced it (for 'superseded')"
    )
    note: str = ""
    sources: list[SourceId] = []


class Tool(_Entry):
    id: EntryId
    name: str
    vendor: str
    released: DateText
    capabilities: list[EntryId] = Field(min_length=1)
    price_tier: Literal["free", "freemium", "subscription", "one-off", "enterprise", "bundled"]
    description: str = Field(min_length=10)
    sources: list[SourceId] = Field(min_length=1)
    aliases: list[str] = Field(
        default=[], description="Names people write for it ('Avid', 'Resolve'), for matching"
    )
    availability: Availability | None = Field(
        default=None, description="Required in the built-in pack (kb check)"
    )
    status: ToolStatus | None = Field(
        default=None, description="Required in the built-in pack (kb check)"
    )
    version: str = Field(
        default="", description="Current version or model name as of the pack date"
    )
    runs_in: RunsIn | None = Field(
        default=None, description="Required in the built-in pack (kb check)"
    )

    @property
    def recommendable(self) -> bool:
        """Whether a person can be told to try it: public and active."""
        return (
            self.availability == "public"
            and self.status is not None
            and self.status.state == "active"
        )


class ToolLink(_Entry):
    """Advice link: this tool's named feature does (part of) this task, checked against a source.

    Capabilities drive exposure; tool links are the evidence and the advice. ``assist`` means the
    feature helps the person do their own craft; ``substitute`` means it stands in for the
    person's own work or likeness (a synthetic voice for a voice actor, generated music for a
    composer), so it is never advised as something to adopt.
    """

    tool: EntryId
    feature: str = Field(min_length=3, description="The named feature doing the work")
    effect: Literal["assist", "substitute"]
    note: str = Field(default="", description="How the feature serves this task, in a line")
    sources: list[SourceId] = Field(min_length=1)


class CapabilityLink(_Entry):
    id: EntryId
    weight: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        description="Judgement: the share of this task the capability could do once fully mature."
    )


class HumanFactors(_Entry):
    """Judgement, each 0..1: how much of the task needs a person for this reason."""

    presence: Fraction = 0.0
    interpersonal: Fraction = 0.0
    judgement: Fraction = 0.0
    accountability: Fraction = 0.0


class Task(_Entry):
    id: EntryId
    statement: str = Field(min_length=15)
    share: dict[Seniority, Fraction]
    capabilities: list[CapabilityLink] = []
    human: HumanFactors
    human_core: str = Field(min_length=10, description="What stays human about this task.")
    skills: list[EntryId] = Field(min_length=1)
    sources: list[SourceId] = []
    tools: list[ToolLink] = Field(
        default=[], description="Advice links: the tools whose named feature does this work"
    )


class OnetCrosswalk(_Entry):
    codes: list[Annotated[str, Field(pattern=SOC_PATTERN)]] = []
    fit: Literal["close", "loose"] = Field(
        default="close",
        description="'loose' when the occupation only roughly covers the role, so its wages and "
        "projections say little about the role itself (they are then not used to rank paths)",
    )
    note: str = ""


class StartupEffort(_Entry):
    level: Literal["low", "medium", "high"]
    months: Annotated[float, Field(gt=0, le=60)] = Field(
        description="Judgement: months from first step to first paying customer"
    )
    capital: str = Field(min_length=3, description="What it costs to start, in words")


class Venture(_Entry):
    """What makes an owner/creator pivot a business: how it earns, what it takes, what can fail."""

    business_model: str = Field(min_length=20)
    startup_effort: StartupEffort
    risks: list[str] = Field(min_length=2)
    suits: list[EntryId] = Field(min_length=1, description="Role ids it grows out of")
    first_steps: list[str] = Field(min_length=2)


class FreelanceShare(_Entry):
    """The share of a craft's people who work freelance or self-employed, with its source."""

    value: Fraction
    basis: str = Field(min_length=20, description="What the figure counts, and for whom")
    sources: list[SourceId] = Field(min_length=1)


class Headcount(_Entry):
    """An estimate of how many people in the US do this craft (not a count).

    ``soc`` and ``share`` state the basis: the share of that occupation's people (OEWS May 2024
    wage-and-salary jobs, grossed up by BLS's self-employed share of the occupation) who do this
    craft in film and video. The share is the project's judgement unless ``basis`` cites a
    source for it. ``kb check`` recomputes the range from the occupation and the share.
    """

    us_estimate: tuple[int, int] = Field(description="People in the US (low, high): an estimate")
    soc: Annotated[str, Field(pattern=r"^\d{2}-\d{4}$")] | None = Field(
        default=None, description="The 6-digit SOC occupation whose employment is split"
    )
    share: tuple[Fraction, Fraction] | None = Field(
        default=None, description="Share of the occupation's people in this craft (low, high)"
    )
    basis: str = Field(min_length=40, description="How the estimate was made, in words")
    freelance_share: FreelanceShare | None = None
    sources: list[SourceId] = Field(min_length=1)

    @property
    def midpoint(self) -> float:
        return (self.us_estimate[0] + self.us_estimate[1]) / 2


class Replacement(_Entry):
    """A retired role id this role succeeds, so saved profiles and ``--role`` keep working."""

    id: EntryId = Field(description="The retired role id")
    primary: bool = Field(
        default=True,
        description="A profile naming the retired id is analysed as this role (one primary per "
        "retired id, when several roles split it)",
    )
    tasks: dict[EntryId, EntryId] = Field(
        default={}, description="The retired role's task ids -> this role's task ids"
    )
    note: str = Field(min_length=20, description="Why the id was retired; shown in the analysis")


class Role(_Entry):
    id: EntryId
    title: str
    department: EntryId
    kind: Literal["craft", "emerging", "owner"] = "craft"
    venture: Venture | None = Field(default=None, description="Required for kind 'owner'")
    description: str = Field(min_length=20)
    aliases: list[str] = []
    ambiguous_aliases: list[str] = Field(
        default=[], description="Aliases knowingly shared with other roles (e.g. 'DP')."
    )
    soc: OnetCrosswalk
    seniority: list[Seniority] = Field(min_length=1)
    tasks: list[Task] = Field(min_length=1)
    sources: list[SourceId] = []
    communities: list[str] = Field(
        default=[], description="Guilds, groups and events for this craft."
    )
    tools_note: str = Field(
        default="",
        description="Why the role has fewer than three public AI-assisted tools, when it has",
    )
    headcount: Headcount | None = Field(
        default=None, description="Estimated US headcount (required for crafts in kb check)"
    )
    replaces: list[Replacement] = Field(
        default=[], description="Retired role ids this role succeeds"
    )


LadderKind = Literal["up", "lateral"]


class LadderEdge(_Entry):
    """One real career move: ``from`` and ``to`` are role ids, optionally ``role@level``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: str = Field(alias="from", min_length=2)
    to: str = Field(min_length=2)
    kind: LadderKind = Field(description="'up': a promotion; 'lateral': a sideways move")
    years: tuple[float, float] = Field(
        description="Typical years at the 'from' step before the move (low, high)"
    )
    sources: list[SourceId] = []
    judgement: str = Field(
        default="", description="The project's reasoning, when no source states the move"
    )


class Ladder(_Entry):
    """A department's career progressions and common lateral moves."""

    id: EntryId
    department: EntryId
    name: str
    edges: list[LadderEdge] = Field(min_length=1)
    note: str = ""


def ladder_node(text: str) -> tuple[str, Seniority | None]:
    """``"colorist@junior"`` -> ("colorist", junior); ``"editor"`` -> ("editor", None)."""
    role, _, level = text.partition("@")
    return role, Seniority(level) if level else None


class Occupation(_Entry):
    """Labour-market facts for one SOC occupation (US, from BLS)."""

    soc: Annotated[str, Field(pattern=r"^\d{2}-\d{4}$")]
    title: str
    employment_2024: int | None = Field(default=None, description="OEWS May 2024, wage and salary")
    median_wage_2024: int | None = Field(
        default=None, description="OEWS May 2024 annual median, USD"
    )
    projected_change_2024_34_pct: float | None = None
    openings_per_year_k: float | None = None
    employment_2022: int | None = Field(
        default=None, description="OEWS May 2022, wage and salary (before the 2023 strikes)"
    )
    self_employed_pct_2024: float | None = Field(
        default=None, description="BLS Employment Projections: share self-employed in 2024"
    )
    sources: list[SourceId] = Field(min_length=1)
    note: str = ""


class AgreementTerm(_Entry):
    text: str = Field(min_length=10)
    sources: list[SourceId] = Field(min_length=1)


class Agreement(_Entry):
    """A guild or union agreement's terms on AI, and the roles it covers."""

    id: EntryId
    guild: str
    agreement: str
    term: str = ""
    ratified: DateText | None = None
    roles: list[EntryId] = []
    terms: list[AgreementTerm] = Field(min_length=1)
    note: str = ""
    superseded_by: EntryId | None = Field(
        default=None,
        description="The agreement that replaced this one; a superseded agreement is history, "
        "never shown as the terms in force",
    )


class ModelSettings(_Entry):
    """The exposure model's parameters. All are project judgements, documented in docs/method.md."""

    readiness: dict[Level, Fraction]
    readiness_reasoning: str
    years_per_level: dict[Literal["slow", "expected", "fast"], Annotated[float, Field(gt=0)]]
    years_per_level_reasoning: str
    pay_by_level: dict[Seniority, Annotated[float, Field(gt=0, le=5)]] = Field(
        default={},
        description="Judgement: pay at each seniority level relative to the occupation's median "
        "wage, so that moves within one occupation (two crafts under one SOC code, or a step up "
        "within a craft) still differ in pay. Empty: levels do not change pay.",
    )
    pay_by_level_reasoning: str = ""


class PackMeta(_Entry):
    name: str
    version: str
    as_of: DateText
    description: str = ""
    model: ModelSettings | None = None
