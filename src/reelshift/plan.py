"""The action plan: tools to adopt, what to know and protect, and phased actions.

Advice is curated, not derived: tools come only from the pack's advice links on the person's own
tasks (``reelshift.advice``). A tool is advised to adopt only when its link assists the craft and
the tool is public and active; a substitute link becomes "know, price and protect" advice. Time
effects are model estimates given as whole-hour ranges (see docs/method.md, "The plan").
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from reelshift import exposure as ex
from reelshift.advice import ResolvedLink, evidence_label, task_links, used_tools
from reelshift.exposure import ExposureModel, FloatArray
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import LEVEL_ORDER, Agreement, Seniority
from reelshift.models import (
    ActionKind,
    Employment,
    HourRange,
    Path,
    Plan,
    PlanAction,
    PlanPhase,
    SkillAdvice,
    TaskResult,
    ToolAdvice,
    ToolRef,
    ToolStatusRef,
    TopicAdvice,
)

MAX_ADOPT = 5
MAX_SUBSTITUTES = 4
STOP_AUTOMATION_NOW = 0.15
"""Judgement: a task is worth no longer doing fully by hand when a recommendable tool is linked to
it and at least this share of it is automatable today."""
CHARGE_AUTOMATION_5Y = 0.15
"""Judgement: a task whose automation reaches this share in five years (and is rising) is one to
price by deliverable and expertise rather than by the hour."""
PLAN_HORIZON_YEARS = 2
"""The time effect's high end: what the fast adoption scenario reaches in two years."""
PHASE_ORDER: tuple[PlanPhase, ...] = ("90-days", "6-months", "2-years")
KIND_ORDER: tuple[ActionKind, ...] = ("protect", "charge", "adopt", "stop", "learn", "connect")
"""Within a phase: protecting and pricing one's own work come before new tools."""
PHASE_LIMIT = {"90-days": 8, "6-months": 7, "2-years": 4}

TIME_NOTE = (
    "Time effects are model estimates, not measurements: the hours a week of the linked tasks "
    "that the tool's capabilities reach, from the part they can do on their own today (low) to "
    "everything they reach in the fast adoption scenario in two years (high), rounded out to "
    "whole hours."
)


def hour_range(low: float, high: float) -> HourRange:
    """Whole hours, rounded outwards so the range holds the estimate; never tenths."""
    lo = max(0, math.floor(low + 1e-9))
    return _whole_hours(lo, max(lo, math.ceil(high - 1e-9)))


@functools.lru_cache(maxsize=4096)
def _whole_hours(lo: int, hi: int) -> HourRange:
    # Cached: a report builds a dozen of these, and the same few recur (immutable models).
    if hi == 0:
        text = "no time yet"
    elif hi <= 1 and lo == 0:
        text = "under 1 h a week"
    elif lo == hi:
        text = f"about {lo} h a week"
    else:
        text = f"{lo}–{hi} h a week"
    return HourRange(low=lo, high=hi, text=text)


@dataclass(frozen=True)
class PersonTasks:
    """What the plan needs about the person: their tasks with rows, shares and hours."""

    rows: list[int]
    task_ids: list[str]
    shares: list[float]
    per_week: float
    scenario: str
    level: Seniority
    employment: Employment | None
    tools: list[str]


def _cap_index(pack: KnowledgePack, model: ExposureModel) -> dict[str, int]:
    found = pack.derived.get("capability_index")
    if not isinstance(found, dict):
        found = pack.derived["capability_index"] = {
            cid: i for i, cid in enumerate(model.capability_ids)
        }
    return found


def _growth_floor(pack: KnowledgePack, model: ExposureModel, s: int) -> FloatArray:
    """max(Δr_c over five years, 0.05) per capability, for scenario index ``s`` (cached)."""
    key = f"growth_floor:{s}"
    found = pack.derived.get(key)
    if not isinstance(found, np.ndarray):
        found = pack.derived[key] = np.maximum(
            model.readiness[:, s, 5] - model.readiness[:, s, 0], 0.05
        )
    return found


def link_reach(pack: KnowledgePack, model: ExposureModel, row: int, r: ResolvedLink) -> FloatArray:
    """Share of a task a tool's capabilities reach, by scenario and year (3 × 6).

    The capabilities the tool and the task share, combined like task exposure; when they share
    none (a curated link whose capability the task does not list), the task's own exposure."""
    cache = pack.derived.setdefault("link_reach", {})
    assert isinstance(cache, dict)
    key = (row, r.tool.id)
    found = cache.get(key)
    if found is None:  # person-independent: computed once per task row and tool
        index = _cap_index(pack, model)
        cols = [
            index[c] for c in r.tool.capabilities if c in index and model.weights[row, index[c]]
        ]
        if cols:
            wr = model.weights[row, cols][:, None, None] * model.readiness[cols]
            found = 1.0 - np.prod(1.0 - wr, axis=0)
        else:
            found = model.exposure[row]
        cache[key] = found
    return found  # type: ignore[no-any-return]


def tool_ref(pack: KnowledgePack, r: ResolvedLink) -> ToolRef:
    """How a link shows a tool: the feature, the facts, and a label when it is evidence only."""
    cache = pack.derived.setdefault("tool_refs", {})
    assert isinstance(cache, dict)
    key = (r.task_id, r.tool.id, r.link.feature)
    found = cache.get(key)
    if found is None:  # person-independent, immutable in practice: built once per pack
        found = cache[key] = _tool_ref(pack, r)
    return found


def _tool_ref(pack: KnowledgePack, r: ResolvedLink) -> ToolRef:
    tool, link = r.tool, r.link
    st = tool.status
    return ToolRef(
        id=tool.id,
        name=tool.name,
        vendor=tool.vendor,
        released=tool.released,
        price_tier=tool.price_tier,
        feature=link.feature,
        effect=link.effect,
        note=" ".join(link.note.split()),
        availability=tool.availability,
        status=ToolStatusRef(
            state=st.state if st else "unknown",
            since=st.since if st else None,
            superseded_by=st.superseded_by if st else None,
        ),
        version=tool.version,
        runs_in=tool.runs_in,
        recommendable=r.recommendable,
        label="" if r.recommendable else evidence_label(pack, r),
        sources=list(dict.fromkeys([*link.sources, *tool.sources, *(st.sources if st else [])])),
    )


def feature_in(t: ToolRef | ToolAdvice, own: bool = False) -> str:
    """'Magic Mask in DaVinci Resolve'; just the tool when its name already says the feature
    ('ElevenLabs AI Dubbing'); 'its Magic Mask' for a tool the person has. For advice with
    several linked features, the first two ('Magic Mask and Depth Map in DaVinci Resolve')."""
    ref = t.tool if isinstance(t, ToolAdvice) else t
    return _feature_in(ref.feature, ref.name, own)


@functools.lru_cache(maxsize=4096)
def _feature_in(feature: str, name: str, own: bool) -> str:
    # 'Avid Media Composer (ScriptSync, PhraseFind)' reads as 'Avid Media Composer' in a
    # sentence that names the feature.
    short = re.sub(r"\s*\([^)]*\)$", "", name) or name
    if feature.casefold() in short.casefold():
        return "it" if own else short
    return f"its {feature}" if own else f"{feature} in {short}"


def _by(t: ToolRef) -> str:
    return "" if t.vendor.casefold() in t.name.casefold() else f" ({t.vendor})"


@functools.lru_cache(maxsize=8192)
def short_task(statement: str, limit: int = 70) -> str:
    """A task statement as a short quoted name: its first clause, cut at a comma when long."""
    text = " ".join(statement.split()).rstrip(".")
    head = text.split(": ", 1)[0]
    if 20 <= len(head) < len(text):
        text = head
    if len(text) > limit:
        cut = max(text.rfind(", ", 0, limit), text.rfind(" and ", 0, limit))
        # A clause, never a cut mid-sentence: without a clause break the statement stays whole.
        text = text[:cut] if cut >= 25 else text
    return f"“{text.rstrip(' ,;:—')}”"


@dataclass
class _Gathered:
    links: list[ResolvedLink]
    tasks: list[str]
    low: float = 0.0
    high: float = 0.0


def _reach_hours(
    pack: KnowledgePack, model: ExposureModel, row: int, r: ResolvedLink
) -> tuple[float, float]:
    """Share of a task's hours a link's tool reaches: (on its own today, fast scenario in two
    years). Person-independent, so cached per task row and tool."""
    cache = pack.derived.setdefault("reach_hours", {})
    assert isinstance(cache, dict)
    key = (row, r.tool.id)
    found = cache.get(key)
    if found is None:
        reach = link_reach(pack, model, row, r)
        slow, fast = ex.SCENARIOS.index("slow"), ex.SCENARIOS.index("fast")
        found = cache[key] = (
            float(reach[slow, 0]) * (1.0 - float(model.human[row])),
            float(reach[fast, PLAN_HORIZON_YEARS]),
        )
    return found


def _gather(
    pack: KnowledgePack, model: ExposureModel, person: PersonTasks
) -> tuple[dict[str, _Gathered], dict[str, _Gathered]]:
    """The person's recommendable links and substitute links, by tool, with the hours of their
    tasks each tool reaches (low: on its own today; high: fast scenario, two years)."""
    adopt: dict[str, _Gathered] = {}
    subs: dict[str, _Gathered] = {}
    for row, tid, share in zip(person.rows, person.task_ids, person.shares, strict=True):
        hours = person.per_week * share
        for r in task_links(pack, tid):
            found = adopt if r.recommendable else subs if r.substitute else None
            if found is None:
                continue
            g = found.get(r.tool.id)
            if g is None:
                g = found[r.tool.id] = _Gathered([], [])
            g.links.append(r)
            if tid not in g.tasks:
                low, high = _reach_hours(pack, model, row, r)
                g.tasks.append(tid)
                g.low += hours * low
                g.high += hours * high
    return adopt, subs


def _advice(pack: KnowledgePack, g: _Gathered, used: bool) -> ToolAdvice:
    return ToolAdvice(
        tool=tool_ref(pack, g.links[0]),
        features=list(dict.fromkeys(r.link.feature for r in g.links)),
        for_tasks=g.tasks,
        time_effect=hour_range(g.low, g.high),
        already_used=used,
    )


def _ranked(found: dict[str, _Gathered]) -> list[_Gathered]:
    return sorted(found.values(), key=lambda g: (-(g.low + g.high), g.links[0].tool.id))


# --- Actions --------------------------------------------------------------------------------


class _Actions:
    """Collects actions; keeps each one's tasks, tools and sources for explanation."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(
        self,
        phase: PlanPhase,
        kind: ActionKind,
        text: str,
        tasks: list[str] | None = None,
        tools: list[str] | None = None,
        sources: list[str] | None = None,
    ) -> None:
        self.items.append(
            {
                "phase": phase,
                "kind": kind,
                "text": text,
                "tasks": list(dict.fromkeys(tasks or [])),
                "tools": list(dict.fromkeys(tools or [])),
                "sources": list(dict.fromkeys(sources or [])),
            }
        )

    def ordered(self) -> list[PlanAction]:
        out: list[PlanAction] = []
        for phase in PHASE_ORDER:
            mine = [a for a in self.items if a["phase"] == phase]
            mine.sort(key=lambda a: KIND_ORDER.index(a["kind"]))
            out += [PlanAction(**a) for a in mine[: PHASE_LIMIT[phase]]]
        return out


def _unit(person: PersonTasks) -> str:
    """What a head of department runs: the department, or for an owner the company."""
    return "company" if person.employment == "owner" else "department"


def _kit_clause(price_tier: str, vendor: str, employment: Employment | None) -> str:
    paid = price_tier in ("subscription", "one-off", "enterprise")
    if employment == "freelance":
        if paid:
            return " If it earns its keep, treat the licence as kit and put it in your kit list."
        if price_tier == "bundled":
            return f" It comes with {vendor}'s application, so it costs you no new licence."
        return " Try it on a personal project before a paid job."
    if employment == "staff":
        if paid:
            return " Ask for a seat from the department's software or training budget."
        return " It needs no new purchase: ask to pilot it on one project."
    if employment == "owner":
        return " Pilot it on one job, then cost the seats into your quotes."
    return ""


def _adopt_actions(
    acts: _Actions,
    pack: KnowledgePack,
    adopt: list[ToolAdvice],
    already: list[ToolAdvice],
    person: PersonTasks,
) -> None:
    statements = {tid: pack.task(tid)[1].statement for tid in person.task_ids}
    covered: set[str] = {tid for adv in already for tid in adv.for_tasks}
    for i, adv in enumerate(adopt):
        t = adv.tool
        first = short_task(statements[adv.for_tasks[0]])
        what = feature_in(adv)
        if set(adv.for_tasks) <= covered:
            # Same work as a tool above: an alternative, not one more thing to adopt.
            what = f"{what}, an alternative for the same work,"
        covered.update(adv.for_tasks)
        if person.level == Seniority.head:
            text = (
                f"Have your team pilot {what} for {first}, report what it saves and where it "
                f"fails, then decide how the {_unit(person)} uses it"
            )
        else:
            text = f"Try {what} for {first}"
        text += f" ({adv.time_effect.text} of your tasks, model estimate)."
        if t.note:
            text += f" {t.note.rstrip('.')}."
        text += _kit_clause(t.price_tier, t.vendor, person.employment)
        link_sources = [s for s in t.sources[:2]]
        acts.add(
            "90-days" if i < 3 else "6-months",
            "adopt",
            text,
            adv.for_tasks,
            [t.id],
            link_sources,
        )


def _stop_actions(
    acts: _Actions,
    pack: KnowledgePack,
    tasks: dict[str, TaskResult],
    usable: list[ToolAdvice],
) -> None:
    """Hand work a recommendable tool already does on the person's tasks."""
    by_task: dict[str, ToolAdvice] = {}
    for adv in usable:
        for tid in adv.for_tasks:
            by_task.setdefault(tid, adv)
    candidates = [
        t for tid, t in tasks.items() if tid in by_task and t.automation.now >= STOP_AUTOMATION_NOW
    ]
    candidates.sort(key=lambda t: -t.share * t.automation.now)
    for t in candidates[:2]:
        adv = by_task[t.id]
        keep = t.stays_human.rstrip(".")
        acts.add(
            "6-months",
            "stop",
            f"Stop doing {short_task(t.statement)} fully by hand: "
            f"{feature_in(adv.tool)} does part of it "
            f"({t.automation.now:.0%} of this task is automatable today, model estimate). "
            f"Put the time into what stays yours: {keep[:1].lower() + keep[1:]}.",
            [t.id],
            [adv.tool.id],
        )


def _charge_actions(
    acts: _Actions, tasks: dict[str, TaskResult], person: PersonTasks, subs: list[ToolAdvice]
) -> None:
    rising = [
        t
        for t in tasks.values()
        if t.automation.in_5y >= CHARGE_AUTOMATION_5Y and t.automation.in_5y > t.automation.now
    ]
    rising.sort(key=lambda t: -t.share * t.automation.in_5y)
    if rising:
        top = rising[:2]
        names = " and ".join(
            f"{short_task(t.statement, 50)} ({t.automation.now:.0%} automatable today, "
            f"{t.automation.in_5y:.0%} in five years)"
            for t in top
        )
        ids = [t.id for t in top]
        if person.employment == "staff":
            acts.add(
                "6-months",
                "charge",
                f"At your next review, make your case on outcomes, not hours, for {names}, "
                "a model estimate: what you deliver with the tools — turnaround, versions, "
                "quality — is what to be paid for.",
                ids,
            )
        elif person.employment == "owner":
            acts.add(
                "90-days",
                "charge",
                f"Price {names} as deliverables with a set scope, not hours (a model estimate). "
                "Keep the margin the tools create instead of cutting rates across the board, and "
                "say in quotes which steps are AI-assisted.",
                ids,
            )
        else:
            lead = "Quote" if person.employment == "freelance" else "Where you bill for it, quote"
            acts.add(
                "90-days",
                "charge",
                f"{lead} {names} by the deliverable and your expertise, not by the hour (a model "
                "estimate): hourly billing hands every hour a tool saves to the client.",
                ids,
            )
    if subs:
        what = "voice, likeness or work" if any(_likeness(s) for s in subs) else "work"
        acts.add(
            "90-days",
            "charge",
            f"Price any use of your {what} beyond the job as a separate licence: name the "
            "project, media, term and fee, and price AI training or synthetic reuse separately "
            "— or refuse it.",
            [tid for s in subs for tid in s.for_tasks],
            [s.tool.id for s in subs],
        )


def _likeness(adv: ToolAdvice) -> bool:
    return "voice or likeness" in adv.tool.label


def _protect_actions(
    acts: _Actions,
    pack: KnowledgePack,
    subs: list[ToolAdvice],
    agreements: list[Agreement],
    person: PersonTasks,
) -> None:
    statements = {tid: pack.task(tid)[1].statement for tid in person.task_ids}
    ask = (
        "Find out whether your employer or its clients use it, and on what terms."
        if person.employment == "staff"
        else "Ask your clients whether they use it, and on what terms."
    )
    for adv in subs[:2]:
        t = adv.tool
        where = f" {t.note.rstrip('.')}." if t.note else ""
        acts.add(
            "90-days",
            "protect",
            f"Know {feature_in(adv)}{_by(t)}: it can stand in for your own "
            f"{'voice or likeness' if _likeness(adv) else 'work'} in "
            f"{short_task(statements[adv.for_tasks[0]])}.{where} {ask}",
            adv.for_tasks,
            [t.id],
            t.sources[:2],
        )
    if agreements:
        # One action for all the agreements that cover the role, each with its first AI term.
        who = {
            "staff": " Ask your steward or representative how they apply to your job.",
            "freelance": " Check which agreement covers each booking before you sign.",
        }.get(person.employment or "", "")
        terms = "; ".join(
            f"the {ag.agreement} ({ag.guild}): " + _lower_first(_sentence(ag.terms[0].text))
            for ag in agreements[:3]
        )
        acts.add(
            "90-days",
            "protect",
            f"Know the AI terms of the agreements that cover your work — {terms}.{who}",
            sources=[sid for ag in agreements[:3] for sid in ag.terms[0].sources],
        )
    if not subs:
        return
    sub_tasks = [tid for s in subs for tid in s.for_tasks]
    sub_tools = [s.tool.id for s in subs]
    if any(_likeness(s) for s in subs):
        acts.add(
            "90-days",
            "protect",
            "Consent to any digital replica or synthetic copy of your voice or likeness only in "
            "writing, for a named project and use, paid for each use; strike blanket clauses.",
            sub_tasks,
            sub_tools,
        )
    if person.employment == "staff":
        acts.add(
            "6-months",
            "protect",
            "Ask your employer in writing whether your work is used to train AI models, and "
            "what the agreement that covers you says about it.",
            sub_tasks,
            sub_tools,
        )
    else:
        acts.add(
            "90-days",
            "protect",
            "Add a no-training clause to your contracts and deal memos: what you deliver may not "
            "be used to train or fine-tune AI models without separate written consent and pay.",
            sub_tasks,
            sub_tools,
        )
    if not agreements:
        where = (
            "ask for them in your contract of employment"
            if person.employment == "staff"
            else "write them into your own contracts"
        )
        acts.add(
            "6-months",
            "protect",
            "No guild or union agreement in the pack covers your role: the AI terms (consent, "
            f"no training, credit) are yours to secure — {where}.",
            sub_tasks,
        )
    acts.add(
        "6-months",
        "protect",
        "Keep a dated record of your human-made work — session and project files, drafts, "
        "takes — so you can show authorship when a client, guild or platform asks.",
        sub_tasks,
    )


def _learn_actions(
    acts: _Actions, literacy: list[TopicAdvice], touched: dict[str, list[str]], person: PersonTasks
) -> None:
    how = {
        Seniority.junior: "Get hands-on with it: entry-level work is where these tools land first.",
        Seniority.head: f"Learn enough to judge its output and set how your {_unit(person)} uses "
        "it.",
    }.get(person.level, "Learn where it fails as well as what it does well.")
    budget = {
        "staff": " Use your training budget or ask for one.",
        "freelance": " Do it between bookings, on a test project with your own footage; a course "
        "you pay for to keep your skills current is usually a business expense.",
        "owner": " Make it part of how the business trains people.",
    }.get(person.employment or "", "")
    for topic in literacy[:2]:
        acts.add(
            "6-months",
            "learn",
            f"Learn what {_lower_first(topic.name)} can and cannot do ({topic.level_now} "
            f"today). {how}{budget}",
            touched.get(topic.capability, [])[:3],
        )


def _connect_actions(
    acts: _Actions,
    pack: KnowledgePack,
    communities: list[str],
    person: PersonTasks,
    paths: list[Path],
    adopt: list[ToolAdvice],
    rising: list[str],
) -> None:
    if communities:
        acts.add(
            "6-months",
            "connect",
            f"Connect with {communities[0]}: compare notes with colleagues on which AI-assisted "
            "steps they actually use, and on what terms.",
        )
    if person.employment == "freelance" and adopt:
        acts.add(
            "6-months",
            "connect",
            f"Tell your regular clients what you now offer with {feature_in(adopt[0])} — "
            "faster turnarounds or more versions — and what stays your own work.",
            adopt[0].for_tasks,
            [adopt[0].tool.id],
        )
    move = next((p for p in paths if p.kind in ("emerging", "adjacent")), None)
    if move is not None:
        target = pack.roles[move.target].title if move.target in pack.roles else move.title
        lead = {
            "staff": f"Look for an internal move towards {target}",
            "owner": f"Decide whether the business should offer {target} work",
        }.get(person.employment or "", f"Start moving towards {target}")
        step = " ".join(move.first_steps[0].split()) if move.first_steps else ""
        acts.add(
            "2-years",
            "connect",
            f"{lead} (see Paths). First step: {step}" if step else f"{lead} (see Paths).",
            rising[:2],
        )
    if person.level == Seniority.head:
        acts.add(
            "2-years",
            "protect",
            f"Set your {_unit(person)}'s AI rules: which tools it uses, how consent and credit "
            "work, "
            "and what clients and crew are told.",
        )


# --- The plan --------------------------------------------------------------------------------


def build_plan(
    pack: KnowledgePack,
    model: ExposureModel,
    person: PersonTasks,
    tasks: list[TaskResult],
    paths: list[Path],
    agreements: list[Agreement],
    communities: list[str],
) -> Plan:
    s = ex.SCENARIOS.index(person.scenario)
    by_id = {t.id: t for t in tasks}

    found, substituting = _gather(pack, model, person)
    used = used_tools(person.tools, (g.links[0].tool for g in found.values()))
    ranked = _ranked(found)
    adopt = [_advice(pack, g, False) for g in ranked if g.links[0].tool.id not in used]
    adopt = adopt[:MAX_ADOPT]
    already = [_advice(pack, g, True) for g in ranked if g.links[0].tool.id in used]
    subs = [_advice(pack, g, False) for g in _ranked(substituting)]
    subs = subs[:MAX_SUBSTITUTES]

    # Literacy: capabilities whose growth over five years touches most of the person's time.
    # Σ_i s_i · w_ic · max(Δr_c, 0.05), one matrix product over the person's task rows.
    weights = model.weights[person.rows]
    growth = ((np.asarray(person.shares) @ weights) * _growth_floor(pack, model, s)).tolist()
    top = sorted(
        (c for c, g in enumerate(growth) if g > 0),
        key=lambda c: (-growth[c], model.capability_ids[c]),
    )[:4]
    columns = weights[:, top].T.tolist()
    touched: dict[str, list[str]] = {
        model.capability_ids[ci]: [tid for tid, w in zip(person.task_ids, col, strict=True) if w]
        for ci, col in zip(top, columns, strict=True)
    }
    literacy = []
    for ci in top:
        cid = model.capability_ids[ci]
        names = [short_task(by_id[t].statement, 50) for t in touched[cid][:3]]
        literacy.append(
            TopicAdvice(
                capability=cid,
                name=pack.capabilities[cid].name,
                why=f"It reaches your tasks: {'; '.join(names)}.",
                level_now=model.level_now(cid),
                level_in_5y_readiness=round(float(model.readiness[ci, s, 5]), 3),
            )
        )

    # Human skills: the skills of the tasks where people stay in charge, weighted by time.
    human_weight: dict[str, float] = defaultdict(float)
    human_tasks: dict[str, list[str]] = defaultdict(list)
    for t in tasks:
        for sid in t.skills:
            if sid in pack.skills and pack.skills[sid].kind in ("human", "craft"):
                human_weight[sid] += t.share * t.human_share
                human_tasks[sid].append(short_task(t.statement, 50))
    human_order = sorted(human_weight, key=lambda k: (-human_weight[k], k))
    human_skills = [
        SkillAdvice(
            skill=sid,
            name=pack.skills[sid].name,
            why=f"It carries the human core of: {'; '.join(human_tasks[sid][:3])}.",
        )
        for sid in human_order[:4]
    ]

    hybrid = _hybrid(pack, human_order, human_tasks, adopt, already, literacy, paths)

    acts = _Actions()
    _protect_actions(acts, pack, subs, agreements, person)
    statements = {tid: by_id[tid].statement for tid in person.task_ids}
    for adv in already[:2]:
        acts.add(
            "90-days",
            "adopt",
            f"You already have {feature_in(adv)}: use it for "
            f"{short_task(statements[adv.for_tasks[0]])}"
            + (f" — {adv.tool.note.rstrip('.')}." if adv.tool.note else "."),
            adv.for_tasks,
            [adv.tool.id],
        )
    _adopt_actions(acts, pack, adopt, already, person)
    _stop_actions(acts, pack, by_id, [*already, *adopt])  # what they have comes first
    _charge_actions(acts, by_id, person, subs)
    _learn_actions(acts, literacy, touched, person)
    if hybrid:
        acts.add("2-years", "learn", f"Build the hybrid: {hybrid}", _hybrid_tasks(adopt, already))
    rising = [t.id for t in sorted(tasks, key=lambda t: -t.share * t.automation.in_5y)]
    _connect_actions(acts, pack, communities, person, paths, adopt, rising)

    return Plan(
        adopt_tools=adopt,
        already_use=already,
        substitutes=subs,
        actions=acts.ordered(),
        literacy=literacy,
        human_skills=human_skills,
        hybrid=hybrid,
        communities=communities,
        note=TIME_NOTE,
    )


def _hybrid_tasks(adopt: list[ToolAdvice], already: list[ToolAdvice]) -> list[str]:
    top = (adopt or already)[:1]
    return list(top[0].for_tasks) if top else []


def _hybrid(
    pack: KnowledgePack,
    human_order: list[str],
    human_tasks: dict[str, list[str]],
    adopt: list[ToolAdvice],
    already: list[ToolAdvice],
    literacy: list[TopicAdvice],
    paths: list[Path],
) -> str:
    """A real combination for this person: their strongest craft or human skill, the AI
    capability they can command on their own tasks, and a role their paths actually reach."""
    craft = next((s for s in human_order if pack.skills[s].kind == "craft"), None)
    craft = craft or (human_order[0] if human_order else None)
    if craft is None:
        return ""
    skill = pack.skills[craft].name
    where = human_tasks[craft][0] if human_tasks[craft] else ""
    text = f"Your {_lower_first(skill)}" + (f" (the core of {where})" if where else "")
    tool = (adopt or already)[:1]
    if tool:
        text += f", plus hands-on command of {feature_in(tool[0])}"
    elif literacy:
        text += f", plus a working grasp of {literacy[0].name.lower()}"
    move = next(
        (p for p in paths if p.kind in ("emerging", "adjacent") and p.shared),
        None,
    )
    if move is not None:
        target = pack.roles[move.target].title if move.target in pack.roles else move.title
        gap = f"; the gap is {move.skill_gap[0].name}" if move.skill_gap else ""
        text += (
            f" — the mix that {_article(target)} {target} move needs (see Paths): you already "
            f"have {', '.join(move.shared[:2])}{gap}"
        )
    return text + "."


def _sentence(text: str) -> str:
    """Pack prose as one line without its final full stop, to sit inside a sentence."""
    return " ".join(text.split()).rstrip(".")


def _lower_first(text: str) -> str:
    """'Colour grading' -> 'colour grading'; 'ACES pipelines' stays as written."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"


def capability_sources(pack: KnowledgePack, cid: str, level_now: str) -> list[str]:
    """Sources of a capability's maturity points up to its current level (not the timeline's
    later history of higher levels, which the pack date excludes anyway)."""
    levels = [lv.value for lv in LEVEL_ORDER]
    top = levels.index(level_now) if level_now in levels else len(levels) - 1
    return sorted(
        {
            s
            for p in pack.capabilities[cid].timeline
            if LEVEL_ORDER.index(p.level) <= top
            for s in p.sources
        }
    )
