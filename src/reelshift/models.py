"""Public data shapes: ``Profile`` in, ``Analysis`` out, one JSON schema."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reelshift.kb.schema import HumanFactors, Seniority

SCHEMA_VERSION = "2.0"

Scenario = Literal["slow", "expected", "fast"]
Employment = Literal["freelance", "staff", "owner"]
Sector = Literal[
    "features",
    "episodic",
    "commercials",
    "music-video",
    "documentary",
    "animation",
    "games",
    "corporate-social",
]
Goal = Literal["stay", "move-up", "move-sideways", "build-business"]
Category = Literal["high_risk", "adaptive", "resilient"]
Horizon = Literal["now", "2y", "5y", "later"]
PathKind = Literal["deepen", "broaden", "adjacent", "emerging", "owner"]
PathStep = Literal["up", "lateral", "back"]

CATEGORY_LABELS: dict[str, str] = {
    "high_risk": "High risk of disruption",
    "adaptive": "Adaptive transformation",
    "resilient": "Resilient",
}

ShortText = Annotated[str, Field(max_length=300)]


def _clean_text(value: object) -> object:
    """Drop control characters (they would reach terminals and logs) and trim."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    return value


_WORD = re.compile(r"\w")


def _has_word(text: str | None) -> bool:
    return bool(text and _WORD.search(text))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TaskInput(_Model):
    """One task the person does: a known task id, or their own words; optional share of time."""

    task_id: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$",
        description="'<role-id>:<task-id>'",
    )
    text: str | None = Field(default=None, max_length=500)
    share: float | None = Field(default=None, gt=0, le=1, description="Share of working time")

    _clean = field_validator("text", mode="before")(_clean_text)
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["task_id"],
                    "properties": {"task_id": {"type": "string", "minLength": 1}},
                },
                {
                    "required": ["text"],
                    "properties": {"text": {"type": "string", "pattern": "\\w"}},
                },
            ]
        },
    )

    @model_validator(mode="after")
    def _one_of(self) -> TaskInput:
        if not self.task_id and not _has_word(self.text):
            raise ValueError("a task needs task_id or text")
        return self


class Profile(_Model):
    """What a person tells ReelShift about their work."""

    title: str | None = Field(default=None, max_length=300, description="Job title, free text")
    description: str | None = Field(default=None, max_length=5000)
    roles: list[Annotated[str, Field(max_length=80)]] = Field(default=[], max_length=5)
    role_shares: list[Annotated[float, Field(gt=0, le=1)]] = Field(
        default=[],
        max_length=5,
        description="Share of working time of each of `roles`, in order (default: equal)",
    )
    tasks: list[TaskInput] = Field(default=[], max_length=60)
    tools: list[ShortText] = Field(default=[], max_length=60)
    seniority: Seniority | None = Field(
        default=None, description="Default: from the title, else mid"
    )
    employment: Employment | None = None
    sector: Sector | None = None
    region: str | None = Field(default=None, max_length=100)
    goal: Goal | None = None
    day_rate: float | None = Field(default=None, ge=0, le=1_000_000)
    hours_per_week: float = Field(default=40.0, gt=0, le=100)
    scenario: Scenario = "expected"

    _clean = field_validator("title", "description", "region", mode="before")(_clean_text)

    # The rule below, stated in the JSON Schema too, so a client can see it before sending.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["title"],
                    "properties": {"title": {"type": "string", "pattern": "\\w"}},
                },
                {
                    "required": ["description"],
                    "properties": {"description": {"type": "string", "pattern": "\\w"}},
                },
                {"required": ["roles"], "properties": {"roles": {"minItems": 1}}},
                {"required": ["tasks"], "properties": {"tasks": {"minItems": 1}}},
            ]
        },
    )

    @model_validator(mode="after")
    def _something(self) -> Profile:
        # A title or description counts when it has a letter or digit (the schema's \w).
        if not (_has_word(self.title) or _has_word(self.description) or self.roles or self.tasks):
            raise ValueError("describe the work: give a title, a description, roles or tasks")
        if self.role_shares and len(self.role_shares) != len(self.roles):
            raise ValueError("role_shares needs one share per role")
        return self


class Horizons(_Model):
    now: float
    in_2y: float
    in_5y: float


class ScenarioBand(_Model):
    exposure: Horizons
    automation: Horizons
    augmentation: Horizons


class Thresholds(_Model):
    high_risk_automation_5y: float
    adaptive_automation_5y: float
    adaptive_exposure_5y: float


class Margin(_Model):
    """How far the person sits from the nearest category line (published, global thresholds)."""

    line: str = Field(description="The nearest category line")
    figure: Literal["automation", "exposure"]
    threshold: float
    value: float = Field(description="The person's expected five-year figure it is compared with")
    distance: float = Field(description="value - threshold: above the line when positive")
    near: bool = Field(description="Within three points of working time of the line")
    by_scenario: dict[Scenario, Category] = Field(
        description="The category the slow, expected and fast adoption scenarios give"
    )


class ContextFigures(_Model):
    """The person's five-year figures if their work were in another production context."""

    context: str = Field(description="Context id, or 'mixed' for no sector")
    name: str
    automation_5y: float
    exposure_5y: float
    category: Category


class Headline(_Model):
    category: Category
    label: str
    summary: str
    scenario: Scenario
    exposure: Horizons
    automation: Horizons
    augmentation: Horizons
    bands: dict[Scenario, ScenarioBand]
    thresholds: Thresholds
    drivers: list[str] = Field(description="Task ids contributing most to automation in 5 years")
    margin: Margin | None = None
    context: str = Field(
        default="mixed",
        description="The production context the figures are for (from the sector; 'mixed' when "
        "no sector was given)",
    )
    context_name: str = "No sector given (a mix of production contexts)"
    other_contexts: list[ContextFigures] = Field(
        default=[], description="The same work in the other production contexts"
    )


class RoleRef(_Model):
    id: str
    title: str
    department: str
    kind: str
    soc: list[str]
    seniority_used: Seniority
    matched_by: str


class RoleTaskRef(_Model):
    id: str
    statement: str


class RoleSummary(_Model):
    """One role of the knowledge pack, as `reelshift roles` and `GET /api/v1/roles` list it."""

    id: str
    title: str
    department: str
    kind: str
    soc: list[str]
    aliases: list[str]
    seniority: list[str]
    tasks: list[RoleTaskRef]
    headcount: tuple[int, int] | None = Field(
        default=None, description="Estimated US headcount (low, high) of a craft; an estimate"
    )


ToolEffect = Literal["assist", "substitute"]
ToolState = Literal["active", "restricted", "discontinued", "superseded", "unknown"]


class ToolStatusRef(_Model):
    """A tool's state as of the pack date."""

    state: ToolState
    since: str | None = None
    superseded_by: str | None = Field(default=None, description="Tool id of the successor")


class ToolRef(_Model):
    """A tool as an advice link shows it on a task: the feature doing the work and the facts a
    user needs to judge it (who can use it, whether it is current, where it runs)."""

    id: str
    name: str
    vendor: str
    released: str
    price_tier: str
    feature: str = Field(description="The named feature doing the task's work")
    effect: ToolEffect = Field(
        description="assist: helps the person's own craft; substitute: stands in for their own "
        "work or likeness (never advised to adopt)"
    )
    note: str = ""
    availability: str | None = Field(description="public, enterprise, in-house or research")
    status: ToolStatusRef
    version: str = ""
    runs_in: str | None = None
    recommendable: bool = Field(
        description="Public, active and assisting: the only tools ever advised to adopt"
    )
    label: str = Field(
        default="",
        description="Why it is evidence, not advice ('in-house at Netflix', 'discontinued "
        "2025-04'); empty when recommendable",
    )
    sources: list[str]


class CapabilityRef(_Model):
    id: str
    name: str
    weight: float
    level_now: str
    readiness: Horizons
    sources: list[str]


class TaskResult(_Model):
    id: str
    role: str
    statement: str
    share: float
    hours_per_week: float
    exposure: Horizons
    automation: Horizons
    augmentation: Horizons
    horizon: Horizon
    human_factors: HumanFactors
    human_share: float
    capabilities: list[CapabilityRef]
    tools: list[ToolRef] = Field(
        description="The pack's advice links on this task: advice when recommendable, else "
        "labelled evidence"
    )
    stays_human: str
    skills: list[str]
    sources: list[str]
    matched_from: str | None = None


class HourRange(_Model):
    """A model estimate in whole hours a week, low to high, and how to say it."""

    low: int = Field(ge=0)
    high: int = Field(ge=0)
    text: str = Field(description="e.g. '1–3 h a week', 'under 1 h a week'")


class HourBands(_Model):
    """Whole-hour ranges from the slow to the fast adoption scenario, at each horizon."""

    now: HourRange
    in_2y: HourRange
    in_5y: HourRange


class Hours(_Model):
    """Hours a week. The exact figures are the model's; show the whole-hour ``bands``."""

    per_week: float
    automated: Horizons
    assisted: Horizons
    untouched: Horizons
    bands: dict[Literal["automated", "assisted", "untouched"], HourBands] = Field(
        description="Slow-to-fast adoption ranges in whole hours: what a report shows"
    )


class OccupationFacts(_Model):
    soc: str
    title: str
    employment_2024: int | None
    median_wage_2024: int | None
    projected_change_2024_34_pct: float | None
    openings_per_year_k: float | None
    employment_2022: int | None = None
    self_employed_pct_2024: float | None = None
    sources: list[str]
    note: str = ""


class Band(_Model):
    """A model estimate with its spread: low, expected and high, in percent."""

    low: float
    expected: float
    high: float


class Outlook(_Model):
    """Five-year market outlook for the person's occupation: a small documented model."""

    horizon_years: int
    demand_pct: Band = Field(description="Change in paid working hours demanded for the work")
    rate_pct: Band = Field(
        description="Change in typical freelance rates, or staff pay (see rate_basis)"
    )
    rate_basis: Literal["freelance", "staff"] = "freelance"
    change_2022_24_pct: float | None = Field(
        default=None,
        description="OEWS wage-and-salary employment change of the occupation, May 2022-May 2024",
    )
    top_end_pct: Band = Field(description="Change for senior and head-of-department work")
    direction: Literal["falling", "flat", "rising"]
    drivers: list[str]
    assumptions: list[str]


class PublishedFigure(_Model):
    """A published per-occupation AI index for an occupation the person's role is filed under."""

    soc: str
    title: str = Field(description="The occupation's title in the index")
    index: str = Field(
        description="gpts-gpt4-beta, gpts-human-beta, microsoft-applicability, aioe or "
        "meritforge-2026"
    )
    scale: Literal["share", "z-score", "score-100"]
    value: float
    sources: list[str]


class Market(_Model):
    occupations: list[OccupationFacts]
    note: str
    outlook: Outlook | None = None
    published: list[PublishedFigure] = Field(
        default=[],
        description="What others publish for the person's occupations, each on its own scale: "
        "shown beside ReelShift's figures, never averaged with them",
    )


class SkillGap(_Model):
    skill: str
    name: str
    learn_months: float
    weight: float = Field(description="How much of the target role's time uses this skill")


class ExposureChange(_Model):
    now: float
    in_5y: float


class StartupEffortRef(_Model):
    level: str
    months: float
    capital: str


class VentureRef(_Model):
    business_model: str
    startup_effort: StartupEffortRef
    risks: list[str]


class Milestone(_Model):
    at: Literal["6 months", "2 years"]
    text: str


class Path(_Model):
    kind: PathKind = Field(
        description="deepen: the next level of your own craft; broaden: a head of department's "
        "growth without a level above; adjacent: another craft; emerging: an AI-era role; owner: "
        "your own business"
    )
    target: str
    level: Seniority | None = Field(default=None, description="The target's seniority level")
    step: PathStep = Field(
        default="lateral",
        description="up: a promotion (a career-ladder step or the next level); lateral: a "
        "sideways move; back: a step down, shown only with its reason",
    )
    step_reason: str = Field(default="", description="Why the move counts as up, lateral or back")
    years: list[float] | None = Field(
        default=None,
        description="Typical years at the current step before this move (low, high), from the "
        "pack's career ladders",
    )
    coverage: float = Field(
        default=0.0, description="Share of the target's working time whose skills you already have"
    )
    bridge: str = Field(default="", description="Which of your own tasks leads to the target")
    title: str
    why: str
    shared: list[str] = Field(description="Skills the person already has that the target uses")
    shared_tasks: list[str] = Field(
        default=[], description="Target tasks whose skills the person already has"
    )
    skill_gap: list[SkillGap]
    first_steps: list[str] = Field(description="Things you can start within 90 days")
    milestones: list[Milestone] = Field(
        default=[], description="Where the move should stand after six months and two years"
    )
    exposure_change: ExposureChange
    score: float
    score_parts: dict[str, float] = Field(
        default={}, description="What the score is made of: gains minus costs, by part"
    )
    venture: VentureRef | None = None
    evidence: list[str] = Field(description="Source ids behind the target's figures")


class ToolAdvice(_Model):
    """A tool the plan names for the person's own tasks, through the pack's advice links."""

    tool: ToolRef = Field(description="The tool, with the feature of its first link")
    features: list[str] = Field(default=[], description="Every linked feature, in order")
    for_tasks: list[str] = Field(description="The person's task ids it is linked to")
    time_effect: HourRange = Field(
        description="Model estimate: hours a week of those tasks its features reach, from what "
        "it does today to the fast scenario in two years"
    )
    already_used: bool = Field(default=False, description="The person named it among their tools")


class TopicAdvice(_Model):
    capability: str
    name: str
    why: str
    level_now: str
    level_in_5y_readiness: float


class SkillAdvice(_Model):
    skill: str
    name: str
    why: str


PlanPhase = Literal["90-days", "6-months", "2-years"]
ActionKind = Literal["adopt", "learn", "charge", "protect", "stop", "connect"]


class PlanAction(_Model):
    """One thing to do, when, of which kind, and which of the person's tasks it comes from."""

    phase: PlanPhase
    kind: ActionKind
    text: str
    tasks: list[str] = Field(default=[], description="Task ids of the person it comes from")
    tools: list[str] = Field(default=[], description="Tool ids it names")
    sources: list[str] = []


class Plan(_Model):
    adopt_tools: list[ToolAdvice] = Field(
        description="Public, active tools whose linked feature assists the person's own tasks, "
        "ranked by time effect; never a tool they already use"
    )
    already_use: list[ToolAdvice] = Field(
        default=[], description="Tools the person named that are linked to their tasks"
    )
    substitutes: list[ToolAdvice] = Field(
        default=[],
        description="Tools that stand in for the person's own work or likeness: know, price "
        "and protect, never adopt. time_effect: hours of the person's tasks they compete for",
    )
    actions: list[PlanAction] = Field(
        default=[], description="Phased actions: first 90 days, 6 months, 2 years"
    )
    literacy: list[TopicAdvice]
    human_skills: list[SkillAdvice]
    hybrid: str
    communities: list[str]
    note: str = Field(default="", description="How the time effects were estimated")


class AgreementTermRef(_Model):
    text: str
    sources: list[str]


class AgreementRef(_Model):
    """A guild or union agreement's AI terms that cover one of the person's roles."""

    id: str
    guild: str
    agreement: str
    term: str
    ratified: str | None
    roles: list[str] = Field(description="Which of the person's roles it covers")
    terms: list[AgreementTermRef]
    note: str = ""


ReportSection = Literal["tasks", "plan", "market", "paths", "agreements"]


class SourceRef(_Model):
    id: str
    title: str
    url: str
    confidence: str
    date: str | None = None
    sections: list[ReportSection] = Field(
        default=[], description="The parts of the report this source stands behind"
    )


class PackInfo(_Model):
    name: str
    version: str
    as_of: str


class RoleDemandRef(_Model):
    """Positions productions drop or merge because tools do the job's work (an estimate)."""

    role: str
    risk: Literal["low", "medium", "high"]
    positions_at_risk_pct: tuple[float, float] = Field(
        description="Estimated share of the craft's positions at risk over five years (low, high)"
    )
    where: str
    how: str
    tools: list[str]
    sources: list[str]


class Analysis(_Model):
    """A complete, explained analysis of one profile."""

    schema_version: str = SCHEMA_VERSION
    profile: Profile
    roles: list[RoleRef]
    headline: Headline
    tasks: list[TaskResult]
    hours: Hours
    market: Market
    paths: list[Path]
    plan: Plan
    agreements: list[AgreementRef] = Field(
        default=[], description="Guild and union terms on AI that cover the person's roles"
    )
    role_demand: list[RoleDemandRef] = Field(
        default=[],
        description="Whole-job effects: positions productions drop or merge, kept apart from "
        "task exposure",
    )
    sources: list[SourceRef]
    pack: PackInfo
    caveats: list[str]


# --- Matching: free text -> roles and tasks -------------------------------------------------

MatchStatus = Literal["confident", "ambiguous", "unknown"]


class RoleCandidate(_Model):
    """A role the text may describe, with the evidence for it."""

    role: str = Field(description="Role id, usable with --role")
    title: str
    score: float = Field(ge=0, le=100, description="Fused match score, 0-100")
    soc: list[str] = Field(description="O*NET-SOC codes of the role")
    why: str = Field(description="What matched, in words")
    signals: dict[str, float] = Field(
        default={}, description="Each ranking signal's value for this role, 0-1"
    )


class ToolMention(_Model):
    """A tool from the knowledge pack named in the text."""

    text: str = Field(description="The words that named it")
    tools: list[str] = Field(description="Tool ids in the pack")


class TaskLineMatch(_Model):
    """A part of the text that describes work, and the known task it matched (if any)."""

    text: str
    task: str | None = Field(default=None, description="'<role-id>:<task-id>'")
    statement: str | None = None
    score: float = Field(default=0.0, ge=0, le=100)


class RoleShare(_Model):
    """One role of the analysis the text leads to, and its share of the person's time."""

    role: str
    title: str
    share: float = Field(gt=0, le=1)


MatchReason = Literal["outside-film", "not-covered", "unreadable"]


class MatchResult(_Model):
    """What ``reelshift.match`` understood from one free-text query."""

    query: str = Field(description="The text as read (control characters removed)")
    status: MatchStatus
    candidates: list[RoleCandidate] = Field(
        description="Best first; for 'unknown', the closest crafts"
    )
    title: str = Field(description="The part of the text read as the job title, normalised")
    seniority: Seniority | None = None
    employment: Employment | None = None
    sector: Sector | None = None
    tools: list[ToolMention] = []
    tasks: list[TaskLineMatch] = []
    semantic: bool = Field(description="Whether the embedding model contributed")
    notes: list[str] = Field(default=[], description="Anything the reader should know")
    confidence: float = Field(
        default=0.0, ge=0, le=1, description="How sure the reading is: score and lead, 0-1"
    )
    mix: list[RoleShare] = Field(
        default=[],
        description="For 'confident': the role(s) to analyse with shares (several for a hybrid)",
    )
    reason: MatchReason | None = Field(
        default=None,
        description="For 'unknown': outside film and video, film work the pack does not cover "
        "yet, or text that could not be read",
    )
    region: str | None = None
    years: int | None = Field(default=None, description="Years of experience the text states")
    understood: str = Field(default="", description="What was understood, in one sentence")

    @property
    def best(self) -> RoleCandidate | None:
        return self.candidates[0] if self.candidates else None
