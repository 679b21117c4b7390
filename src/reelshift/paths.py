"""Career paths: where a person can move, what it gains and what it costs.

A move is scored from pack data alone: the change in five-year automation exposure (gain), BLS
demand and pay (pay also by seniority level, a pack judgement), the share of the target's working
time whose skills the person already has (coverage), the learning time of the skills they lack,
weighted by how much the target uses them (cost), and where the move sits on the pack's career
ladders (a documented promotion or sideways move ranks high; a step back down is penalised and
labelled). Moves are asymmetric because coverage and cost are measured on the target's skill mix.

Everything about the targets is computed once per pack (``PathIndex``); for a person, scoring every
target is a few vector operations, and only the paths shown are built as models.
"""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from reelshift.advice import recommendable_links
from reelshift.exposure import SCENARIOS, ExposureModel, PersonFigures
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import SENIORITY_ORDER, LadderEdge, Role, Seniority, ladder_node
from reelshift.models import (
    ExposureChange,
    Milestone,
    Path,
    PathKind,
    PathStep,
    SkillGap,
    StartupEffortRef,
    VentureRef,
)

# Score weights (project judgement, docs/method.md).
GAIN_WEIGHT = 1.5  # per unit of five-year automation exposure removed
LOSS_WEIGHT = 3.0  # per unit added: a move into more exposure is penalised twice as hard
DEMAND_WEIGHT = 2.0  # per unit (100 points) of difference in 2024-34 projected growth
PAY_WEIGHT = 0.3  # per unit of log pay ratio (occupation median × level multiplier)
COVERAGE_WEIGHT = 1.0  # per share of the target's time whose skills the person has
SPECIFIC_SHARE = 0.5  # of the coverage part, the share weighted by how specific each skill is
COST_PER_MONTH = 0.02  # per month of learning, weighted by how much the target uses the skill
SENIORITY_STEP = 0.15  # per seniority level the target sits above the person
LADDER_UP = 0.35  # a documented promotion from the person's role (a career-ladder `up` edge)
LADDER_LATERAL = 0.15  # a documented sideways move (a ladder `lateral` edge)
LADDER_SKIP = 0.15  # per rung skipped when the target is further up the ladder than the next step
STEP_BACK = 0.5  # per rung down the person's own ladders
CLIENT_SIDE_WEIGHT = 0.3  # freelancers: per share of the target's time on business skills
INTERNAL_BONUS = 0.1  # staff: a move within their own department

PATHS_PER_KIND = 3
MIN_COVERAGE = 0.3
"""The skill floor: a move must use the person's skills for at least this share of the target's
working time, unless the pack's ladders document it or it is an owner pivot that grows out of the
person's own role (``venture.suits``)."""
MIN_ADJACENT_COVERAGE = 0.5
"""A move to another craft that the ladders do not document must stay in the person's own
department and use their skills for at least half of the target's time: the skill data alone is
too coarse to propose a move across departments (shared planning and collaboration skills would
send a music editor to first assistant director)."""
MIN_ADJACENT_BENEFIT = 0.03
"""A sideways move the ladders do not document must gain at least this much from exposure, demand
and pay together (about two points of five-year automation exposure, a one-and-a-half-point
better BLS outlook, or a tenth more pay)."""
HUMAN_SKILL_COVERAGE = 0.5
"""Weight of a human skill (rather than a craft, technical, AI or business one) in coverage."""
FIRST_STEP_MONTHS = 6.0
"""A skill that takes longer than this to learn is a milestone, not a first step."""
MAX_GAPS = 8
BRIDGE_MIN = 0.1
"""An AI-era role is offered only when one of the person's tasks uses bridging skills (below) that
the target spends at least this share of its time on."""
BRIDGE_MAX_SHARE = 0.25
"""A skill used by more than this share of the pack's roles is too common to bridge into a role."""

# How a person's goal and employment shift each route (judgement, docs/method.md). A route is
# "up" (the next level of one's craft, or a ladder promotion), "broaden" (a head of department's
# growth), "lateral" (another craft), "emerging" (an AI-era role), "owner" or "back".
GOAL_BONUS: dict[str, dict[str, float]] = {
    "stay": {"up": 0.3, "broaden": 0.3, "lateral": -0.1, "emerging": -0.1, "owner": -0.2},
    "move-up": {"up": 0.4, "broaden": 0.2, "lateral": -0.05, "owner": -0.1},
    "move-sideways": {"up": -0.1, "broaden": -0.1, "lateral": 0.25, "emerging": 0.25, "back": 0.3},
    "build-business": {"up": -0.1, "broaden": -0.1, "lateral": -0.1, "owner": 0.6},
}
EMPLOYMENT_BONUS: dict[str, dict[str, float]] = {
    "freelance": {"owner": 0.15},
    "staff": {"up": 0.1, "broaden": 0.05, "owner": -0.15},
    "owner": {"owner": 0.2},
}

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TaskMix:
    """Task rows and shares for one role at one seniority level (or a person's own mix)."""

    rows: npt.NDArray[np.intp]
    shares: FloatArray
    task_ids: list[str]


def nearest_level(role: Role, wanted: Seniority) -> Seniority:
    if wanted in role.seniority:
        return wanted
    order = {s: i for i, s in enumerate(SENIORITY_ORDER)}
    return min(role.seniority, key=lambda s: (abs(order[s] - order[wanted]), -order[s]))


def role_mix(model: ExposureModel, role: Role, level: Seniority) -> TaskMix:
    ids, shares = [], []
    for task in role.tasks:
        share = task.share.get(level, 0.0)
        if share > 0:
            ids.append(f"{role.id}:{task.id}")
            shares.append(share)
    arr = np.array(shares)
    rows = np.array([model.task_row[t] for t in ids], dtype=np.intp)
    return TaskMix(rows, arr / arr.sum(), ids)


@dataclass(frozen=True)
class Rung:
    """One documented move out of a role, from the pack's career ladders."""

    to: str
    to_level: Seniority | None
    from_level: Seniority | None
    kind: str  # "up" | "lateral"
    years: tuple[float, float]
    ladder: str
    sources: tuple[str, ...]


@dataclass
class Ladders:
    """The pack's ladders as lookups: moves out of each role, and who sits above whom."""

    out: dict[str, list[Rung]] = field(default_factory=dict)
    into: dict[str, list[tuple[str, Rung]]] = field(default_factory=dict)
    up_dist: dict[str, dict[str, int]] = field(default_factory=dict)
    """role -> {role above it: the fewest `up` edges on a ladder route between them}. Sideways
    edges keep the level (a camera operator and a drone operator are peers), so a
    route may cross them; a route needs at least one `up` edge."""
    reach: dict[str, set[str]] = field(default_factory=dict)
    """role -> every role a ladder route (of any edges) leads to from it."""


def _ladders(pack: KnowledgePack) -> Ladders:
    lad = Ladders()
    graph: dict[str, list[tuple[str, int]]] = {}
    for ladder in pack.ladders.values():
        for edge in ladder.edges:
            src, rung = _rung(edge, ladder.name)
            if src not in pack.roles or rung.to not in pack.roles:
                continue  # kb check reports unknown roles; ranking skips them
            lad.out.setdefault(src, []).append(rung)
            lad.into.setdefault(rung.to, []).append((src, rung))
            if src != rung.to:
                graph.setdefault(src, []).append((rung.to, 1 if rung.kind == "up" else 0))
    for start in graph:
        lad.up_dist[start] = _ups(graph, start)
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt, _ in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        lad.reach[start] = seen - {start}
    return lad


def _ups(graph: dict[str, list[tuple[str, int]]], start: str) -> dict[str, int]:
    """Fewest `up` edges from ``start`` to every role reachable with at least one (0-1 BFS over
    (role, climbed yet) states)."""
    best: dict[tuple[str, bool], int] = {(start, False): 0}
    queue = deque([(start, False, 0)])
    while queue:
        node, climbed, d = queue.popleft()
        if best.get((node, climbed), d) < d:
            continue
        for nxt, up in graph.get(node, ()):
            state, nd = (nxt, climbed or bool(up)), d + up
            if nd < best.get(state, nd + 1):
                best[state] = nd
                if up:
                    queue.append((nxt, state[1], nd))
                else:
                    queue.appendleft((nxt, state[1], nd))
    return {node: d for (node, climbed), d in best.items() if climbed and node != start}


def _rung(edge: LadderEdge, ladder: str) -> tuple[str, Rung]:
    """The role an edge leaves from, and the move it documents."""
    src, src_level = ladder_node(edge.from_)
    to, to_level = ladder_node(edge.to)
    return src, Rung(to, to_level, src_level, edge.kind, edge.years, ladder, tuple(edge.sources))


class PathIndex:
    """Every (role, level) a person could move to, as vectors over the pack's skills."""

    def __init__(self, pack: KnowledgePack, model: ExposureModel) -> None:
        self.pack = pack
        self.model = model
        self.skill_ids = list(pack.skills)
        self.skill_col = {sid: i for i, sid in enumerate(self.skill_ids)}
        self.learn = np.array([pack.skills[s].learn_months for s in self.skill_ids])
        self.human = np.array([pack.skills[s].kind == "human" for s in self.skill_ids])
        self.business = np.array([pack.skills[s].kind == "business" for s in self.skill_ids])
        # Human skills (collaboration, leadership) transfer everywhere, so they say less about
        # whether a particular move fits; they count half towards coverage.
        self.transfer = np.where(self.human, HUMAN_SKILL_COVERAGE, 1.0)
        # Skill weights of every task: a task's time is split evenly over its skills.
        self.task_skills = np.zeros((len(model.task_ids), len(self.skill_ids)))
        for row, tid in enumerate(model.task_ids):
            _, task = pack.task(tid)
            for sid in task.skills:
                self.task_skills[row, self.skill_col[sid]] += 1.0 / len(task.skills)
        # How specific a skill is: the log of how rare it is among the pack's roles. A skill most
        # roles use (collaboration, client communication) says little about what a move demands.
        used_by = np.zeros(len(self.skill_ids))
        for role in pack.roles.values():
            for sid in {s for t in role.tasks for s in t.skills}:
                used_by[self.skill_col[sid]] += 1
        self.specificity = np.log((len(pack.roles) + 1) / np.maximum(used_by, 1))
        # A bridge into an AI-era role runs through a skill that says something about the work:
        # not a human skill, and not one more than a quarter of the pack's roles use (reviewing
        # AI output or provenance basics are part of many crafts' tasks, not a foothold).
        self.bridging = ~self.human & (used_by <= BRIDGE_MAX_SHARE * len(pack.roles))

        self.targets: list[tuple[Role, Seniority]] = []
        self.mixes: list[TaskMix] = []
        for role in pack.roles.values():
            for level in role.seniority:
                self.targets.append((role, level))
                self.mixes.append(role_mix(model, role, level))
        self.row_of = {(r.id, lv): i for i, (r, lv) in enumerate(self.targets)}
        self.skills = np.array([m.shares @ self.task_skills[m.rows] for m in self.mixes])
        self.business_share = self.skills @ self.business.astype(float)
        self.cache: dict[object, object] = {}
        self.level_index = np.array([SENIORITY_ORDER.index(lv) for _, lv in self.targets])
        self.demand = np.array(
            [_mean_fact(pack, r, "projected_change_2024_34_pct") for r, _ in self.targets]
        )
        self.suits = [
            set(role.venture.suits) if role.venture else set() for role, _ in self.targets
        ]
        settings = pack.meta.model
        pay_by_level = dict(settings.pay_by_level) if settings else {}
        self.level_pay = np.array([pay_by_level.get(lv, 1.0) for _, lv in self.targets])
        # One level's worth of pay: the geometric mean ratio between consecutive levels. A ladder
        # promotion is worth at least this much, even between crafts filed under one occupation.
        ratios = [pay_by_level.get(lv, 1.0) for lv in SENIORITY_ORDER]
        self.level_step = math.log(ratios[-1] / ratios[0]) / (len(ratios) - 1)
        self.wage = np.array([_mean_fact(pack, r, "median_wage_2024") for r, _ in self.targets])
        self.automation = np.array(
            [np.tensordot(m.shares, model.automation[m.rows], axes=1) for m in self.mixes]
        )  # (target, scenario, year)
        self.ladders = _ladders(pack)

    def gap(self, row: int, skill: int) -> SkillGap:
        """The (shared, immutable) description of one missing skill for one target."""
        key = ("gap", row, skill)
        found = self.cache.get(key)
        if not isinstance(found, SkillGap):
            sid = self.skill_ids[skill]
            found = self.cache[key] = SkillGap(
                skill=sid,
                name=self.pack.skills[sid].name,
                learn_months=self.pack.skills[sid].learn_months,
                weight=round(float(self.skills[row, skill]), 3),
            )
        return found

    def skill_vector(self, mix: TaskMix) -> FloatArray:
        return np.asarray(mix.shares @ self.task_skills[mix.rows], dtype=np.float64)


def _mean_fact(pack: KnowledgePack, role: Role, field: str) -> float:
    """Mean of an occupation fact over the role's SOC codes that have it; NaN when none do, or
    when the crosswalk is only a loose fit for the role."""
    if role.soc.fit == "loose":
        return float("nan")
    values = [
        getattr(pack.occupations[code[:7]], field)
        for code in role.soc.codes
        if code[:7] in pack.occupations and getattr(pack.occupations[code[:7]], field) is not None
    ]
    return float(np.mean(values)) if values else float("nan")


def path_index(pack: KnowledgePack, model: ExposureModel) -> PathIndex:
    index = pack.derived.get("paths")
    if not isinstance(index, PathIndex):
        index = pack.derived["paths"] = PathIndex(pack, model)
    return index


def _lc(name: str) -> str:
    """A name in running text: first letter lowered, unless it opens an acronym (VFX, DI)."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _uc(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, n: int = 90) -> str:
    """A statement's first clause when it is long; never cut mid-sentence with an ellipsis."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= n:
        return text
    cut = max(text.rfind(sep, 0, n) for sep in (": ", "; ", ", ", " and "))
    return text[:cut].rstrip(" ,;:") if cut >= 25 else text


# Acronyms said letter by letter start with a vowel sound when their first letter does (an FX
# artist, an LED stage); the few said as words do not (a LUT).
_SPOKEN_AS_WORDS = {"LUT"}


def _a(text: str) -> str:
    """The indefinite article by sound: an editor, an FX artist, an LED stage, a LUT creator."""
    word = text.split(" ", 1)[0].strip("(")
    if len(word) > 1 and word.isupper() and word not in _SPOKEN_AS_WORDS:
        vowel_sound = word[0] in "AEFHILMNORSX"
    else:  # a unit driver, a user: a "you" sound is a consonant
        low = text.lower()
        vowel_sound = low[:1] in "aeiou" and not low.startswith(("uni", "use", "usu", "eu", "one"))
    return ("an " if vowel_sound else "a ") + text


LEVEL_NAMES = {
    Seniority.junior: "junior level",
    Seniority.mid: "mid level",
    Seniority.senior: "senior level",
    Seniority.head: "head of department",
}


def _at_level(title: str, level: Seniority) -> str:
    """'senior colourist'; 'director of photography at head-of-department level'."""
    if level == Seniority.head:
        return f"{title} at head-of-department level"
    return f"{'mid-level' if level == Seniority.mid else level.value} {title}"


def _ladder_name(name: str) -> str:
    return name if name.lower().endswith("ladder") else f"{name} ladder"


def _years(years: tuple[float, float]) -> str:
    lo, hi = years
    return f"{lo:g} years" if lo == hi else f"{lo:g}–{hi:g} years"


@dataclass(frozen=True)
class Person:
    """What ranking needs to know about the person, computed once per analysis."""

    skills: FloatArray
    have: frozenset[int]  # skill columns the person uses
    automation_5y: float
    level: int
    seniority: Seniority
    demand: float
    wage: float
    level_pay: float
    roles: list[tuple[Role, Seniority]]
    role_ids: frozenset[str]
    departments: frozenset[str]
    task_rows: npt.NDArray[np.intp]
    task_ids: list[str]
    goal: str | None
    employment: str | None


@dataclass(frozen=True)
class Move:
    """One candidate target for a person, with where it sits on the ladders."""

    row: int
    kind: PathKind
    step: PathStep
    reason: str
    rung: Rung | None  # the documented move behind it, if any
    skipped: int  # rungs skipped on the way up (0 for the next step); rungs down for a step back


ROUTES = ("up", "broaden", "lateral", "emerging", "owner", "back")


@dataclass(frozen=True)
class MoveSet:
    """A person's candidate moves with the arrays scoring needs, computed once per set of roles
    and levels (they do not depend on the person's tasks, goal or employment)."""

    moves: list[Move]
    rows: npt.NDArray[np.intp]
    step_up: npt.NDArray[np.bool_]  # the next step up (pay at least one level step)
    step_back: npt.NDArray[np.bool_]
    documented: npt.NDArray[np.bool_]
    ladder: FloatArray  # the ladder part
    route: npt.NDArray[np.intp]  # index into ROUTES
    adjacent: FloatArray  # 1.0 for another craft role
    internal: FloatArray  # 1.0 for another craft role in one of the person's departments
    on_the_job: list[tuple[int, float]]  # (move, months learnt on the job) for ladder moves
    own: npt.NDArray[np.bool_]  # the next level or broadening of the person's own role
    owner: npt.NDArray[np.bool_]
    owner_fits: npt.NDArray[np.bool_]  # an owner pivot whose venture suits one of the roles
    sideways: npt.NDArray[np.bool_]  # another craft, not further up the ladders
    emerging: npt.NDArray[np.bool_]


def _move_set(index: PathIndex, p: Person) -> MoveSet:
    key = ("moveset", tuple(sorted((r.id, lv) for r, lv in p.roles)))
    cached = index.cache.get(key)
    if isinstance(cached, MoveSet):
        return cached
    moves = _moves(index, p)
    ladder = np.array(
        [
            (LADDER_UP if m.rung.kind == "up" else LADDER_LATERAL)
            if m.rung is not None
            # The next level of one's own craft is the first rung of its ladder, documented
            # or not.
            else LADDER_UP
            if m.kind == "deepen"
            else (-STEP_BACK if m.step == "back" else -LADDER_SKIP) * m.skipped
            for m in moves
        ]
    )
    adjacent = [m.kind == "adjacent" for m in moves]
    found = MoveSet(
        moves=moves,
        rows=np.array([m.row for m in moves], dtype=np.intp),
        step_up=np.array([m.step == "up" and m.skipped == 0 for m in moves]),
        step_back=np.array([m.step == "back" for m in moves]),
        documented=np.array([m.rung is not None for m in moves]),
        ladder=ladder,
        route=np.array([ROUTES.index(_route(m.kind, m.step)) for m in moves], dtype=np.intp),
        adjacent=np.array(adjacent, dtype=float),
        internal=np.array(
            [
                a and index.targets[m.row][0].department in p.departments
                for a, m in zip(adjacent, moves, strict=True)
            ],
            dtype=float,
        ),
        on_the_job=[
            (i, 12.0 * m.rung.years[0])
            for i, m in enumerate(moves)
            if m.rung is not None and m.kind != "deepen"
        ],
        own=np.array([m.kind in ("deepen", "broaden") for m in moves]),
        owner=np.array([m.kind == "owner" for m in moves]),
        owner_fits=np.array(
            [m.kind == "owner" and bool(p.role_ids & index.suits[m.row]) for m in moves]
        ),
        sideways=np.array([m.kind == "adjacent" and m.step != "up" for m in moves]),
        emerging=np.array([m.kind == "emerging" for m in moves]),
    )
    index.cache[key] = found
    return found


def _route(kind: PathKind, step: PathStep) -> str:
    if step == "back":
        return "back"
    if kind in ("broaden", "emerging", "owner"):
        return kind
    return "up" if step == "up" else "lateral"


def _moves(index: PathIndex, p: Person) -> list[Move]:
    """Every target the person could move to: the next level (or broadening) of each own role,
    and one row per other role, at the ladder's level or the nearest to the person's."""
    lad = index.ladders
    moves: list[Move] = []
    for role, level in p.roles:
        here = SENIORITY_ORDER.index(level)
        above = [lv for lv in role.seniority if SENIORITY_ORDER.index(lv) > here]
        own = [r for r in lad.out.get(role.id, []) if r.to == role.id and r.from_level == level]
        target_level: Seniority | None
        if own and own[0].to_level and own[0].to_level in role.seniority:
            rung: Rung | None = own[0]
            target_level = own[0].to_level
        else:
            rung, target_level = None, above[0] if above else None
        if target_level is None:
            # At the top of a craft, a head of department (or a senior in a craft without a
            # head level) grows the job itself; below that, the next step is on the ladders.
            if level in (Seniority.senior, Seniority.head):
                reason = (
                    "you run the department: grow the job itself"
                    if level == Seniority.head
                    else "you are at the top level of this craft: grow the job itself"
                )
                row = index.row_of[(role.id, level)]
                moves.append(Move(row, "broaden", "lateral", reason, None, 0))
        else:
            reason = f"the next level of your own craft: {level.value} → {target_level.value}"
            if rung is not None:
                reason += f", typically after {_years(rung.years)} at your level"
            row = index.row_of[(role.id, target_level)]
            moves.append(Move(row, "deepen", "up", reason, rung, 0))
    seen = set(p.role_ids)
    direct: dict[str, tuple[Rung, str]] = {}
    for role, _ in p.roles:
        for rung in lad.out.get(role.id, []):
            if rung.to not in seen and rung.to not in direct:
                direct[rung.to] = (rung, role.title)
    for target in index.pack.roles.values():
        if target.id in seen:
            continue
        kind: PathKind = "adjacent" if target.kind == "craft" else target.kind
        found = direct.get(target.id)
        if found is not None:
            rung, own_title = found
            to_level = rung.to_level if rung.to_level in target.seniority else None
            row = index.row_of[(target.id, to_level or nearest_level(target, p.seniority))]
            verb = "a step up" if rung.kind == "up" else "a sideways move"
            step: PathStep = "up" if rung.kind == "up" else "lateral"
            reason = (
                f"{verb} on the {_ladder_name(rung.ladder)} from {_lc(own_title)}, "
                f"typically after {_years(rung.years)} at your step"
            )
            moves.append(Move(row, kind, step, reason, rung, 0))
            continue
        row = index.row_of[(target.id, nearest_level(target, p.seniority))]
        above_me = [
            (lad.up_dist[r.id][target.id], r)
            for r, _ in p.roles
            if target.id in lad.up_dist.get(r.id, {})
        ]
        # A step back: the ladders lead from the target up to the person's role; or the target
        # is a stepping stone (people are promoted out of it) whose routes lead to the person's
        # role and none lead back (a 2nd AC's routes lead to DIT; roto is where matchmovers
        # come from). The reverse of a plain sideways move is not a step back.
        stone = bool(lad.up_dist.get(target.id))
        below = [
            r
            for r, _ in p.roles
            if (r.id in lad.up_dist.get(target.id, {}) and not above_me)
            or (
                stone
                and r.id in lad.reach.get(target.id, ())
                and target.id not in lad.reach.get(r.id, ())
            )
        ]
        if below:
            reason = (
                f"a step back: the ladders lead from {_lc(target.title)} to "
                f"{_lc(below[0].title)}, not the other way"
            )
            # How far down: promotions from the target to the person's role (at least one).
            down = min(lad.up_dist.get(target.id, {}).get(r.id, 1) for r in below)
            moves.append(Move(row, kind, "back", reason, None, down))
        elif above_me:
            dist, mine = min(above_me, key=lambda x: x[0])
            reason = (
                f"a step up from {_lc(mine.title)} after a sideways move on the ladders"
                if dist == 1
                else f"{dist} steps up the ladders from {_lc(mine.title)}"
            )
            moves.append(Move(row, kind, "up", reason, None, dist - 1))
        else:
            moves.append(Move(row, kind, "lateral", "", None, 0))
    return moves


def _parts(index: PathIndex, p: Person, ms: MoveSet, s: int) -> dict[str, FloatArray]:
    """Every part of the score for each move; the parts add up to the score."""
    rows = ms.rows
    skills = index.skills[rows]
    have = p.skills > 0
    coverage = skills[:, have] @ index.transfer[have]
    # Sharing a craft's rare skills says more about fit than sharing common ones: half of the
    # coverage part weighs each skill of the target by how specific it is.
    spec = skills * index.specificity
    specific = spec[:, have].sum(axis=1) / np.maximum(spec.sum(axis=1), 1e-9)
    fitness = (1 - SPECIFIC_SHARE) * coverage + SPECIFIC_SHARE * specific
    missing = skills[:, ~have]
    learn = index.learn[~have]
    cost = missing @ learn
    for i, months in ms.on_the_job:
        # On a documented route the years at one's step are when the next step's skills are
        # learnt, on the job: only learning beyond the typical minimum years counts.
        cost[i] = missing[i] @ np.maximum(learn - months, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        demand = np.nan_to_num((index.demand[rows] - p.demand) / 100.0)
        level_pay = np.log(index.level_pay[rows] / p.level_pay)
        # Occupation medians where both are known (and the crosswalk is close), times the level
        # multiplier; the level multiplier alone where they are not.
        pay = np.log(index.wage[rows] * index.level_pay[rows] / (p.wage * p.level_pay))
        pay = np.where(np.isnan(pay), level_pay, pay)
    # A documented promotion is a pay step even between crafts under one occupation code.
    pay = np.where(ms.step_up, np.maximum(pay, index.level_step), pay)
    pay = np.where(ms.step_back, np.minimum(pay, -index.level_step), pay)
    gain = p.automation_5y - index.automation[rows, s, 5]
    goal = GOAL_BONUS.get(p.goal or "", {})
    work = EMPLOYMENT_BONUS.get(p.employment or "", {})
    bonus = np.array([goal.get(r, 0.0) + work.get(r, 0.0) for r in ROUTES])
    fit = bonus[ms.route]
    if p.employment == "freelance":
        # Client-side moves: roles that spend their time buying, budgeting and managing work.
        fit = fit + CLIENT_SIDE_WEIGHT * index.business_share[rows] * ms.adjacent
    elif p.employment == "staff":
        fit = fit + INTERNAL_BONUS * ms.internal
    parts: dict[str, FloatArray] = {
        "gain": np.where(gain > 0, GAIN_WEIGHT * gain, LOSS_WEIGHT * gain),
        "demand": DEMAND_WEIGHT * demand,
        "pay": PAY_WEIGHT * pay,
        "coverage": COVERAGE_WEIGHT * fitness,
        "learning": -COST_PER_MONTH * cost,
        "seniority": -SENIORITY_STEP * np.maximum(index.level_index[rows] - p.level, 0),
        "ladder": ms.ladder,
        "fit": fit,
    }
    score: FloatArray = sum(parts.values())  # type: ignore[assignment]
    # A move the ladders document is one people make: it is always shown, if last. Its ladder
    # part lifts a negative total (a move into more exposed work) to zero, visibly.
    lift = np.where(ms.documented, np.maximum(-score, 0.0), 0.0)
    parts["ladder"] = parts["ladder"] + lift
    parts["score"] = score + lift
    parts["_coverage"] = coverage
    parts["_benefit"] = parts["gain"] + parts["demand"] + parts["pay"]
    return parts


def _bridges(
    index: PathIndex, p: Person, rows: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """For each target, the person's task that leads there most directly (the one whose bridging
    skills the target spends most time on) and that share of the target's time."""
    own = index.task_skills[p.task_rows] * index.bridging  # (tasks, skills)
    overlap = (own > 0).astype(float) @ index.skills[rows].T  # (tasks, targets)
    best = np.argmax(overlap, axis=0)
    return best.astype(np.intp), overlap[best, np.arange(len(rows))]


def _eligible(
    p: Person, ms: MoveSet, parts: dict[str, FloatArray], bridge: FloatArray
) -> npt.NDArray[np.bool_]:
    """Which moves may be shown at all."""
    coverage = parts["_coverage"]
    floor = coverage >= MIN_COVERAGE
    # Another craft the ladders do not place: own department, half the skills, and a gain.
    sideways_ok = (
        (coverage >= MIN_ADJACENT_COVERAGE)
        & (ms.internal > 0)
        & (parts["_benefit"] >= MIN_ADJACENT_BENEFIT)
    )
    # An AI-era role needs a concrete bridge: one of the person's own tasks using a craft,
    # technical or AI skill the target spends real time on.
    other = ms.documented | (
        floor & np.where(ms.sideways, sideways_ok, True) & (~ms.emerging | (bridge >= BRIDGE_MIN))
    )
    # A step down is shown only as a less exposed track, when asked for, above the floor.
    back = (p.goal == "move-sideways") & (parts["gain"] > 0) & floor
    ok = np.where(
        ms.own, True, np.where(ms.owner, ms.owner_fits, np.where(ms.step_back, back, other))
    )
    return np.asarray(ok & (parts["score"] >= 0), dtype=np.bool_)


def _person(
    index: PathIndex,
    roles: list[tuple[Role, Seniority]],
    mix: TaskMix,
    figures: PersonFigures,
    s: int,
    goal: str | None,
    employment: str | None,
) -> Person:
    own_rows = [index.row_of[(role.id, level)] for role, level in roles]
    skills = index.skill_vector(mix)
    return Person(
        skills=skills,
        have=frozenset(np.flatnonzero(skills > 0).tolist()),
        automation_5y=float(figures.automation[s, 5]),
        level=SENIORITY_ORDER.index(roles[0][1]),
        seniority=roles[0][1],
        demand=_mean_known(index.demand[own_rows]),
        wage=_mean_known(index.wage[own_rows]),
        level_pay=float(np.mean(index.level_pay[own_rows])),
        roles=list(roles),
        role_ids=frozenset(role.id for role, _ in roles),
        departments=frozenset(role.department for role, _ in roles),
        task_rows=mix.rows,
        task_ids=list(mix.task_ids),
        goal=goal,
        employment=employment,
    )


def _mean_known(values: FloatArray) -> float:
    known = [float(v) for v in values if not math.isnan(v)]
    return sum(known) / len(known) if known else float("nan")


@dataclass(frozen=True)
class Ranked:
    """The moves a person may be shown, best first, with their scores and parts."""

    moves: list[Move]
    parts: dict[str, FloatArray]
    order: list[int]  # indexes into moves, in display order
    bridge_task: npt.NDArray[np.intp]
    bridge_share: FloatArray


def _rank(index: PathIndex, p: Person, s: int) -> Ranked:
    ms = _move_set(index, p)
    moves = ms.moves
    parts = _parts(index, p, ms, s)
    bridge_task, bridge_share = _bridges(index, p, ms.rows)
    ok = _eligible(p, ms, parts, bridge_share)
    score = parts["score"]
    candidates: list[int] = []
    count: dict[str, int] = {}
    backs = 0
    for i in np.argsort(-score, kind="stable").tolist():
        m = moves[i]
        if not ok[i]:
            continue
        if m.step == "back":
            if backs:
                continue
            backs += 1
        elif m.kind not in ("deepen", "broaden") and m.rung is None:
            # Ladder moves are all kept; of the others, the best few of each kind. Staff see
            # internal routes first: one business idea, not three.
            limit = 1 if m.kind == "owner" and p.employment == "staff" else PATHS_PER_KIND
            if count.get(m.kind, 0) >= limit:
                continue
            count[m.kind] = count.get(m.kind, 0) + 1
        candidates.append(i)
    business = p.goal == "build-business"
    # A step back is never the top move; with the goal to build a business, the owner pivots
    # that fit the person's craft come first.
    candidates.sort(
        key=lambda i: (
            moves[i].step == "back",
            not (business and moves[i].kind == "owner"),
            -float(score[i]),
        )
    )
    return Ranked(moves, parts, candidates, bridge_task, bridge_share)


@dataclass(frozen=True)
class _TargetText:
    """Person-independent parts of a path to one target, built on first use."""

    evidence: list[str]
    skill_use: dict[str, str]  # skill id -> a statement of a target task that uses it
    by_weight: list[int]  # the target's skills, most used first
    by_gap: list[int]  # the target's skills, most specific to it first; human skills last
    task_skills: list[tuple[str, frozenset[int]]]  # each task's statement and skill columns
    tool_step: str | None
    community: str | None


def _tool_step(index: PathIndex, task_ids: list[str], shares: FloatArray) -> str | None:
    """A tool whose named feature assists one of these tasks, for the person to try on their own
    work: only links the advice module says may be advised (assist, public, active), from the
    most time-weighted task that has one."""
    for i in np.argsort(-shares, kind="stable").tolist():
        for r in recommendable_links(index.pack, task_ids[i]):
            note = " ".join(r.link.note.split()).rstrip(".")
            name = re.sub(r"\s*\([^)]*\)", "", r.tool.name)  # "Otter.ai (Otter Notetaker)"
            feature = re.sub(r"\s*\([^)]*\)", "", r.link.feature)
            what = name if feature.lower() in r.tool.name.lower() else f"{name} ({feature})"
            return f"Try {what} on your own material" + (f": {_lc(note)}" if note else "")
    return None


def _target_text(index: PathIndex, row: int) -> _TargetText:
    key = ("text", row)
    cached = index.cache.get(key)
    if isinstance(cached, _TargetText):
        return cached
    pack = index.pack
    target, _ = index.targets[row]
    mix = index.mixes[row]
    skill_use: dict[str, str] = {}
    for i in np.argsort(-mix.shares, kind="stable").tolist():
        _, task = pack.task(mix.task_ids[i])
        for sid in task.skills:
            skill_use.setdefault(sid, _short(task.statement, 110))
    evidence = sorted(
        {sid for t in mix.task_ids for sid in pack.task(t)[1].sources} | set(target.sources)
    )
    weights = index.skills[row]
    used = [i for i in range(len(weights)) if weights[i] > 0]
    by_weight = sorted(used, key=lambda i: -weights[i])
    by_gap = sorted(used, key=lambda i: (bool(index.human[i]), -weights[i] * index.specificity[i]))
    task_skills = [
        (
            " ".join(pack.task(tid)[1].statement.split()),
            frozenset(index.skill_col[sid] for sid in pack.task(tid)[1].skills),
        )
        for tid in mix.task_ids
    ]
    community = target.communities[0] if target.communities else None
    text = _TargetText(
        evidence,
        skill_use,
        by_weight,
        by_gap,
        task_skills,
        _tool_step(index, mix.task_ids, mix.shares),
        community,
    )
    index.cache[key] = text
    return text


def _steps_and_milestones(
    index: PathIndex,
    move: Move,
    gaps: list[SkillGap],
    text: _TargetText,
    current_title: str,
    p: Person,
) -> tuple[list[str], list[Milestone]]:
    """First steps a person can start within 90 days, and where they should stand at six months
    and two years. A skill that takes longer than FIRST_STEP_MONTHS is a milestone."""
    target, level = index.targets[move.row]
    title = _lc(target.title)
    who = _at_level(title, level) if move.kind == "deepen" else title
    steps: list[str] = []
    six: list[str] = []
    two: list[str] = []
    project = False
    if target.venture:
        # An owner pivot starts with the venture's own first steps (data, per business).
        steps += [" ".join(s.split()) for s in target.venture.first_steps[:2]]
    main = next((g for g in gaps if not index.human[index.skill_col[g.skill]]), None)
    if not target.venture and main is not None and main.skill in text.skill_use:
        steps.append(
            f"Test project: on a job or a piece of your own, do this part of {_a(who)}'s "
            f"work — {text.skill_use[main.skill]}"
        )
        project = True
    short = [g for g in gaps if g.learn_months <= FIRST_STEP_MONTHS]
    long = [g for g in gaps if g.learn_months > FIRST_STEP_MONTHS]
    # A course is a first step only for one of the target's three most specific gaps: a quick
    # skill the target barely uses is not where a move starts.
    if short and short[0] in gaps[:3]:
        g = short[0]
        use = " and use it on that test project" if project else ""
        steps.append(
            f"Start on {_lc(g.name)} with a short course or tutorials{use} (about "
            f"{g.learn_months:g} months to working level)"
        )
        soon = [x for x in short if x in gaps[:4]]
        six.append("Working level in " + ", ".join(_lc(x.name) for x in soon))
    # Employment changes the route: staff move inside the company, freelancers through the
    # people who book them.
    internal = move.kind == "deepen" or target.department in p.departments
    if p.employment == "staff" and move.kind in ("deepen", "adjacent") and internal:
        steps.append(
            "An internal route: raise it at your next review and ask your head of department "
            "what the step would take in-house"
        )
    elif p.employment == "freelance" and move.kind in ("deepen", "adjacent"):
        steps.append(
            f"Tell the producers and heads of department who book you that you now take "
            f"{who} work, starting with smaller jobs"
        )
    if move.rung is not None or move.kind == "deepen":
        steps.append(
            f"Ask {_a(who)} you have worked with how they made the step, and what they would "
            "want to see from you first"
        )
    elif text.community:
        steps.append(f"Meet people already doing it: {text.community}")
    if text.tool_step:
        steps.append(text.tool_step)
    # Two years makes a skill of up to two years' learning; a longer one is under way by then.
    ready = [g for g in long if g.learn_months <= 24]
    under_way = [g for g in long if g.learn_months > 24]
    if ready:
        two.append(
            "Working level in "
            + ", ".join(f"{_lc(x.name)} (about {x.learn_months:g} months)" for x in ready[:3])
        )
    if under_way:
        two.append(
            "Well under way with "
            + ", ".join(f"{_lc(x.name)} (about {x.learn_months:g} months)" for x in under_way[:2])
        )
    if target.venture:
        effort = target.venture.startup_effort
        first = f"A first paying customer (the pack's estimate: about {effort.months:g} months)"
        (six if effort.months <= 6 else two).insert(0, first)
    elif move.step == "up":
        six.append(f"Done part of {_a(who)}'s work on a real job, with a credit to show for it")
        if move.rung is not None:
            now = _lc(current_title)
            now = _at_level(now, p.seniority) if move.kind == "deepen" else now
            two.insert(
                0,
                f"Working as {_a(who)}, if the usual {_years(move.rung.years)} as {now} are "
                "behind you",
            )
    else:
        six.append(f"A finished piece of {_a(who)}'s work to show the people who hire for it")
    milestones = [Milestone(at="6 months", text=t) for t in six[:2]]
    milestones += [Milestone(at="2 years", text=t) for t in two[:2]]
    return steps[:5], milestones


def _broaden_steps(
    index: PathIndex, p: Person, role: Role, s: int
) -> tuple[list[str], list[Milestone]]:
    """A head of department's growth: bigger shows, AI pipeline oversight, mentoring, formats."""
    pack, model = index.pack, index.model
    steps: list[str] = []
    own = [i for i, tid in enumerate(p.task_ids) if tid.startswith(f"{role.id}:")]
    if own:
        rows = p.task_rows[own]
        reach = model.augmentation[rows, s, 5] + model.automation[rows, s, 5]
        _, task = pack.task(p.task_ids[own[int(np.argmax(reach))]])
        whose = "your department" if p.seniority == Seniority.head else "your part of the work"
        steps.append(
            f"Oversee how AI is used in {whose} on your next show: decide which tools may do "
            f"this work, who checks the output and what the crew is told — "
            f"{_short(task.statement, 90)}"
        )
        tool = _tool_step(index, [p.task_ids[i] for i in own], np.ones(len(own)))
        if tool:
            steps.append(tool)
    below = sorted({src for src, rung in index.ladders.into.get(role.id, []) if src != role.id})
    if below:
        names = " or ".join(_lc(pack.roles[r].title) for r in below[:2])
        steps.append(f"Mentor {_a(names)} toward the step up into your craft")
    else:
        steps.append("Mentor a junior in your department toward their next step")
    steps.append(
        "Take on a bigger show or a format you have not run a department on (series, features, "
        "commercials, animation or games): your judgement carries over, the pipeline differs"
    )
    milestones = [
        Milestone(
            at="6 months",
            text="A written AI-use note for your department on one show: which tools, on which "
            "tasks, checked by whom",
        ),
        Milestone(
            at="2 years",
            text="Credits across a second format or a larger budget level, and someone you "
            "mentored stepping up",
        ),
    ]
    return steps, milestones


def _build(
    index: PathIndex,
    p: Person,
    ranked: Ranked,
    i: int,
    person: PersonFigures,
    s: int,
) -> Path:
    pack = index.pack
    move = ranked.moves[i]
    row = move.row
    parts = {k: float(v[i]) for k, v in ranked.parts.items()}
    target, level = index.targets[row]
    text = _target_text(index, row)
    coverage = parts["_coverage"]
    own_role = next((r for r, _ in p.roles if r.id == target.id), p.roles[0][0])
    current_title = own_role.title

    # Small per-target lists, precomputed in order; plain Python beats numpy at this size.
    missing = [c for c in text.by_gap if c not in p.have][:MAX_GAPS]
    shared = [index.skill_ids[c] for c in text.by_weight if c in p.have]
    skill_gap = [index.gap(row, c) for c in missing]
    shared_tasks = [statement for statement, needs in text.task_skills if needs <= p.have]
    a_now = float(person.automation[s, 0])
    a_5y = float(person.automation[s, 5])
    t_now = float(index.automation[row, s, 0])
    t_5y = float(index.automation[row, s, 5])
    main = next((g for g in skill_gap if not index.human[index.skill_col[g.skill]]), None)

    bridge = ""
    if move.kind in ("emerging", "adjacent", "owner") and len(p.task_ids):
        _, task = pack.task(p.task_ids[int(ranked.bridge_task[i])])
        bridge = f"Your own work leads there: {_short(task.statement, 100)}"

    if move.kind == "broaden":
        steps, milestones = _broaden_steps(index, p, target, s)
        title = f"Broaden your work as {_a(_lc(target.title))}"
        why = (
            f"{_uc(move.reason)} — bigger shows, oversight of how AI is used in your department, "
            f"mentoring, and other formats. Five-year automation exposure {a_5y:.0%}."
        )
    else:
        steps, milestones = _steps_and_milestones(index, move, skill_gap, text, current_title, p)
        reasons = [move.reason] if move.reason else []
        reasons.append(f"five-year automation exposure {a_5y:.0%} → {t_5y:.0%}")
        occupation = _occupation_title(pack, target)
        if move.kind == "adjacent" and occupation and not np.isnan(index.demand[row]):
            # BLS measures broad occupations, not crafts: name the one the figure is for.
            reasons.append(
                f"BLS projects {index.demand[row]:+.1f}% jobs over 2024–34 for {occupation}, "
                "the broad occupation it is filed under"
            )
        if move.kind != "deepen":
            reasons.append(
                f"you already have the skills behind {coverage:.0%} of "
                f"{_a(_lc(target.title))}'s working time"
            )
        why = _uc("; ".join(reasons)) + (f"; the main gap is {_lc(main.name)}." if main else ".")
        if move.kind == "emerging" and bridge:
            why += f" {bridge}."
        # The level is named when the ladder names it (a coordinator joins VFX production at
        # junior level); otherwise the target is at the person's level or the nearest it has.
        named = move.rung is not None and move.rung.to_level is not None
        other_level = f" ({LEVEL_NAMES[level]})" if named and level != p.seniority else ""
        title = {
            "deepen": f"Step up: {_at_level(_lc(target.title), level)}",
            "adjacent": f"Move from {_lc(current_title)} to {_lc(target.title)}{other_level}",
            "emerging": f"Take an AI-era role: {_lc(target.title)}{other_level}",
            "owner": f"Build your own: {_lc(target.title)}",
        }[move.kind]
        if move.step == "back":
            title = f"Step back to {_lc(target.title)}: a less exposed track"
    venture = None
    if target.venture:
        v = target.venture
        venture = VentureRef(
            business_model=" ".join(v.business_model.split()),
            startup_effort=StartupEffortRef(
                level=v.startup_effort.level,
                months=v.startup_effort.months,
                capital=v.startup_effort.capital,
            ),
            risks=list(v.risks),
        )
    evidence = text.evidence
    if move.rung is not None and move.rung.sources:
        evidence = sorted(set(evidence) | set(move.rung.sources))
    return Path(
        kind=move.kind,
        target=target.id,
        level=level,
        step=move.step,
        step_reason=move.reason,
        years=list(move.rung.years) if move.rung is not None else None,
        coverage=round(coverage, 4),
        bridge=bridge,
        title=title,
        why=why,
        shared=[pack.skills[sid].name for sid in shared],
        shared_tasks=shared_tasks,
        skill_gap=skill_gap,
        first_steps=steps,
        milestones=milestones,
        exposure_change=ExposureChange(now=round(t_now - a_now, 4), in_5y=round(t_5y - a_5y, 4)),
        score=round(parts["score"], 4),
        score_parts={
            k: round(v, 4) for k, v in parts.items() if not k.startswith("_") and k != "score"
        },
        venture=venture,
        evidence=evidence,
    )


def rank_paths(
    pack: KnowledgePack,
    model: ExposureModel,
    roles: list[tuple[Role, Seniority]],
    person_mix: TaskMix,
    person: PersonFigures,
    scenario: str,
    goal: str | None = None,
    employment: str | None = None,
) -> list[Path]:
    """The next step of each of the person's roles, the moves the ladders document, and the best
    other adjacent, emerging and owner moves, ranked together."""
    index = path_index(pack, model)
    s = SCENARIOS.index(scenario)
    p = _person(index, roles, person_mix, person, s, goal, employment)
    ranked = _rank(index, p, s)
    return [_build(index, p, ranked, i, person, s) for i in ranked.order]


def rank_moves(
    pack: KnowledgePack,
    model: ExposureModel,
    role: Role,
    level: Seniority,
    kind: PathKind = "adjacent",
    scenario: str = "expected",
) -> list[tuple[str, float]]:
    """Every target of ``kind`` for someone doing ``role`` at ``level``, best first, with scores.

    The same scoring as ``rank_paths`` on the role's typical task mix, before any move is left
    out, for evaluation and comparison; no goal or employment bonus.
    """
    index = path_index(pack, model)
    s = SCENARIOS.index(scenario)
    row = index.row_of[(role.id, level)]
    mix = index.mixes[row]
    figures = model.person(mix.rows, mix.shares)
    p = _person(index, [(role, level)], mix, figures, s, None, None)
    ms = _move_set(index, p)
    moves = ms.moves
    scores = _parts(index, p, ms, s)["score"]
    picked = [i for i, m in enumerate(moves) if m.kind == kind]
    picked.sort(key=lambda i: -float(scores[i]))
    return [(index.targets[moves[i].row][0].id, float(scores[i])) for i in picked]


def _occupation_title(pack: KnowledgePack, role: Role) -> str | None:
    """The BLS occupation a role's figures come from (its first close-fit SOC code with data)."""
    if role.soc.fit == "loose":
        return None
    for code in role.soc.codes:
        occ = pack.occupations.get(code[:7])
        if occ is not None and occ.projected_change_2024_34_pct is not None:
            return occ.title
    return None
