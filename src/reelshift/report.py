"""Assemble an ``Analysis`` from a resolved task mix: headline, tasks, hours, market, paths, plan,
evidence. Pure: the pack and the precomputed model in, pydantic models out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from reelshift import exposure as ex
from reelshift.exposure import ExposureModel, PersonFigures
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role, Seniority, Tool
from reelshift.market import outlook
from reelshift.models import (
    CATEGORY_LABELS,
    AgreementRef,
    AgreementTermRef,
    Analysis,
    CapabilityRef,
    Headline,
    Horizons,
    Hours,
    Market,
    OccupationFacts,
    PackInfo,
    Plan,
    Profile,
    RoleRef,
    ScenarioBand,
    SkillAdvice,
    SourceRef,
    TaskResult,
    Thresholds,
    ToolAdvice,
    ToolRef,
    TopicAdvice,
)
from reelshift.paths import TaskMix, rank_paths

TOOLS_PER_CAPABILITY = 3

CAVEAT_MODEL = (
    "Exposure is a model estimate of how much of your working time AI capabilities can do or "
    "assist, built from the knowledge pack's task data; it is not a probability of losing work."
)


@dataclass(frozen=True)
class ResolvedProfile:
    """The output of the matching stage: which roles, at which level, which tasks and shares."""

    profile: Profile
    roles: list[tuple[Role, Seniority, str]]  # role, level used, how it was matched
    mix: TaskMix
    matched_from: dict[str, str]  # task id -> the person's own words
    caveats: list[str]


def _horizons(arr: np.ndarray, scenario: str) -> Horizons:
    row = arr[ex.SCENARIOS.index(scenario)]
    # Validated construction: pydantic-core checks these faster than model_construct copies them.
    return Horizons(
        now=round(float(row[0]), 4), in_2y=round(float(row[2]), 4), in_5y=round(float(row[5]), 4)
    )


def _tool_ref(tool: Tool) -> ToolRef:
    return ToolRef(
        id=tool.id,
        name=tool.name,
        vendor=tool.vendor,
        released=tool.released,
        price_tier=tool.price_tier,
        sources=list(tool.sources),
    )


def _capability_sources(pack: KnowledgePack, cid: str) -> list[str]:
    return sorted({s for p in pack.capabilities[cid].timeline for s in p.sources})


def _headline(fig: PersonFigures, scenario: str, tasks: list[TaskResult]) -> Headline:
    category = fig.category()
    a5 = fig.at("automation", scenario, "in_5y")  # type: ignore[arg-type]
    g5 = fig.at("augmentation", scenario, "in_5y")  # type: ignore[arg-type]
    summary = (
        f"About {a5:.0%} of your working time is in work AI tools "
        f"could take over within five years, and a further {g5:.0%} is likely to be AI-assisted "
        f"({scenario} adoption)."
    )
    drivers = sorted(tasks, key=lambda t: -t.share * t.automation.in_5y)[:3]
    bands = {
        s: ScenarioBand(
            exposure=_horizons(fig.exposure, s),
            automation=_horizons(fig.automation, s),
            augmentation=_horizons(fig.augmentation, s),
        )
        for s in ex.SCENARIOS
    }
    return Headline(
        category=category,
        label=CATEGORY_LABELS[category],
        summary=summary,
        scenario=scenario,
        exposure=bands[scenario].exposure,  # type: ignore[index]
        automation=bands[scenario].automation,  # type: ignore[index]
        augmentation=bands[scenario].augmentation,  # type: ignore[index]
        bands=bands,
        thresholds=Thresholds(
            high_risk_automation_5y=ex.HIGH_RISK_AUTOMATION,
            adaptive_automation_5y=ex.ADAPTIVE_AUTOMATION,
            adaptive_exposure_5y=ex.ADAPTIVE_EXPOSURE,
        ),
        drivers=[t.id for t in drivers if t.automation.in_5y > 0],
    )


def _task_template(
    pack: KnowledgePack, model: ExposureModel, row: int, scenario: str
) -> TaskResult:
    """Everything about a task that does not depend on the person, built once per scenario."""
    cache = pack.derived.setdefault("task_results", {})
    assert isinstance(cache, dict)
    key = (row, scenario)
    cached = cache.get(key)
    if isinstance(cached, TaskResult):
        return cached
    tid = model.task_ids[row]
    role, task = pack.task(tid)
    caps: list[CapabilityRef] = []
    tools: list[ToolRef] = []
    sources = set(task.sources)
    for link in sorted(task.capabilities, key=lambda lk: -lk.weight):
        ci = model.capability_ids.index(link.id)
        csources = _capability_sources(pack, link.id)
        sources.update(csources)
        caps.append(
            CapabilityRef(
                id=link.id,
                name=pack.capabilities[link.id].name,
                weight=link.weight,
                level_now=model.level_now(link.id),
                readiness=_horizons(model.readiness[ci], scenario),
                sources=csources,
            )
        )
        for tool in reversed(pack.tools_by_capability.get(link.id, [])[-TOOLS_PER_CAPABILITY:]):
            if tool.id not in {t.id for t in tools}:
                tools.append(_tool_ref(tool))
                sources.update(tool.sources)
    result = TaskResult(
        id=tid,
        role=role.id,
        statement=" ".join(task.statement.split()),
        share=0.0,
        hours_per_week=0.0,
        exposure=_horizons(model.exposure[row], scenario),
        automation=_horizons(model.automation[row], scenario),
        augmentation=_horizons(model.augmentation[row], scenario),
        horizon=model.task_horizon(row, scenario),  # type: ignore[arg-type]
        human_factors=task.human,
        human_share=round(float(model.human[row]), 4),
        capabilities=caps,
        tools=tools,
        stays_human=" ".join(task.human_core.split()),
        skills=list(task.skills),
        sources=sorted(sources),
    )
    cache[key] = result
    return result


def _task_results(
    pack: KnowledgePack, model: ExposureModel, rp: ResolvedProfile, scenario: str
) -> list[TaskResult]:
    hours = rp.profile.hours_per_week
    return [
        _task_template(pack, model, int(row), scenario).model_copy(
            update={
                "share": round(float(share), 4),
                "hours_per_week": round(float(share) * hours, 2),
                "matched_from": rp.matched_from.get(tid),
            }
        )
        for row, tid, share in zip(rp.mix.rows, rp.mix.task_ids, rp.mix.shares, strict=True)
    ]


def _hours(fig: PersonFigures, per_week: float, scenario: str) -> Hours:
    auto = _horizons(fig.automation * per_week, scenario)
    assist = _horizons(fig.augmentation * per_week, scenario)
    untouched = Horizons(
        **{
            k: round(per_week - getattr(auto, k) - getattr(assist, k), 2)
            for k in ("now", "in_2y", "in_5y")
        }
    )
    return Hours(
        per_week=per_week,
        automated=Horizons(**{k: round(v, 2) for k, v in auto.model_dump().items()}),
        assisted=Horizons(**{k: round(v, 2) for k, v in assist.model_dump().items()}),
        untouched=untouched,
    )


def _market(pack: KnowledgePack, roles: list[Role], fig: PersonFigures) -> Market:
    seen: list[str] = []
    for role in roles:
        for code in role.soc.codes:
            if code[:7] in pack.occupations and code[:7] not in seen:
                seen.append(code[:7])
    occupations = [
        OccupationFacts(**pack.occupations[soc].model_dump(exclude={"soc"}), soc=soc)
        for soc in seen
    ]
    note = (
        "US figures for the broad occupation the role is filed under. OEWS counts wage and salary "
        "jobs only (many film crafts are mostly freelance); BLS projections include the "
        "self-employed."
        if occupations
        else "No labour-market figures in the pack for this role's occupation."
    )
    return Market(occupations=occupations, note=note, outlook=outlook(pack, roles, fig))


def _plan(
    pack: KnowledgePack,
    model: ExposureModel,
    rp: ResolvedProfile,
    tasks: list[TaskResult],
    hybrid_title: str | None,
) -> Plan:
    per_week = rp.profile.hours_per_week
    s = ex.SCENARIOS.index(rp.profile.scenario)
    known_tools = {t.casefold() for t in rp.profile.tools}

    # Tools to adopt: for the person's most assisted tasks, the newest tool per capability.
    advice: dict[str, ToolAdvice] = {}
    for t in sorted(tasks, key=lambda t: -t.share * t.exposure.now):
        for cap in t.capabilities:
            tools = pack.tools_by_capability.get(cap.id, [])
            if not tools:
                continue
            # Prefer a tool a person can pick up; in-house enterprise systems only for staff.
            usable = [
                t for t in tools if t.price_tier != "enterprise" or rp.profile.employment == "staff"
            ]
            if not usable:
                continue
            tool = usable[-1]
            if tool.name.casefold() in known_tools:
                continue
            saved = per_week * t.share * cap.weight * cap.readiness.now
            if tool.id in advice:
                item = advice[tool.id]
                advice[tool.id] = item.model_copy(
                    update={
                        "for_tasks": [*item.for_tasks, t.id],
                        "hours_saved_per_week": round(item.hours_saved_per_week + saved, 2),
                    }
                )
            else:
                advice[tool.id] = ToolAdvice(
                    tool=_tool_ref(tool),
                    for_tasks=[t.id],
                    capability=cap.id,
                    hours_saved_per_week=round(saved, 2),
                )
    adopt = sorted(advice.values(), key=lambda a: -a.hours_saved_per_week)[:5]

    # Literacy: capabilities whose growth over five years touches most of the person's time.
    growth: dict[str, float] = defaultdict(float)
    touched: dict[str, list[str]] = defaultdict(list)
    for row, tid, share in zip(rp.mix.rows, rp.mix.task_ids, rp.mix.shares, strict=True):
        for ci in np.nonzero(model.weights[row])[0].tolist():
            cid = model.capability_ids[ci]
            r = model.readiness[ci, s]
            growth[cid] += float(share * model.weights[row, ci] * max(r[5] - r[0], 0.05))
            touched[cid].append(pack.task(tid)[1].id.replace("-", " "))
    literacy = []
    for cid in sorted(growth, key=lambda c: -growth[c])[:4]:
        ci = model.capability_ids.index(cid)
        literacy.append(
            TopicAdvice(
                capability=cid,
                name=pack.capabilities[cid].name,
                why=f"It reaches your tasks: {', '.join(touched[cid][:3])}.",
                level_now=model.level_now(cid),
                level_in_5y_readiness=round(float(model.readiness[ci, s, 5]), 3),
            )
        )

    # Human skills: the skills of the tasks where people stay in charge, weighted by time.
    human_weight: dict[str, float] = defaultdict(float)
    human_tasks: dict[str, list[str]] = defaultdict(list)
    for t in tasks:
        for sid in t.skills:
            if pack.skills[sid].kind in ("human", "craft"):
                human_weight[sid] += t.share * t.human_share
                human_tasks[sid].append(t.id.split(":", 1)[1].replace("-", " "))
    human_skills = [
        SkillAdvice(
            skill=sid,
            name=pack.skills[sid].name,
            why=f"It carries the human core of: {', '.join(human_tasks[sid][:3])}.",
        )
        for sid in sorted(human_weight, key=lambda k: -human_weight[k])[:4]
    ]

    top_craft = human_skills[0].name.lower() if human_skills else "your craft"
    top_cap = literacy[0].name.lower() if literacy else "the AI tools in your tasks"
    hybrid = f"Pair {top_craft} with hands-on command of {top_cap}" + (
        f", the profile of {_article(hybrid_title)} {hybrid_title}." if hybrid_title else "."
    )
    communities = list(dict.fromkeys(c for role, _, _ in rp.roles for c in role.communities))
    communities += [
        f"{a.guild}: know the AI terms of the {a.agreement}"
        for a in {
            a.id: a for r, _, _ in rp.roles for a in pack.agreements_by_role.get(r.id, [])
        }.values()
    ]
    return Plan(
        adopt_tools=adopt,
        literacy=literacy,
        human_skills=human_skills,
        hybrid=hybrid,
        communities=communities,
    )


def _agreements(pack: KnowledgePack, roles: list[Role]) -> list[AgreementRef]:
    found: dict[str, AgreementRef] = {}
    for role in roles:
        for agreement in pack.agreements_by_role.get(role.id, []):
            if agreement.id in found:
                found[agreement.id].roles.append(role.id)
                continue
            found[agreement.id] = AgreementRef(
                id=agreement.id,
                guild=agreement.guild,
                agreement=agreement.agreement,
                term=agreement.term,
                ratified=agreement.ratified,
                roles=[role.id],
                terms=[
                    AgreementTermRef(text=t.text, sources=list(t.sources)) for t in agreement.terms
                ],
                note=agreement.note,
            )
    return list(found.values())


def _source_refs(pack: KnowledgePack) -> dict[str, SourceRef]:
    refs = pack.derived.get("source_refs")
    if not isinstance(refs, dict):
        refs = pack.derived["source_refs"] = {
            s.id: SourceRef(id=s.id, title=s.title, url=s.url, confidence=s.confidence, date=s.date)
            for s in pack.sources.values()
        }
    return refs


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"


def build_analysis(pack: KnowledgePack, model: ExposureModel, rp: ResolvedProfile) -> Analysis:
    scenario = rp.profile.scenario
    fig = model.person(rp.mix.rows, rp.mix.shares)
    tasks = _task_results(pack, model, rp, scenario)
    headline = _headline(fig, scenario, tasks)
    roles = [role for role, _, _ in rp.roles]
    paths = rank_paths(
        pack,
        model,
        [(r, lv) for r, lv, _ in rp.roles],
        rp.mix,
        fig,
        scenario,
        goal=rp.profile.goal,
        employment=rp.profile.employment,
    )
    hybrid = next((p.target for p in paths if p.kind == "emerging"), None)
    plan = _plan(pack, model, rp, tasks, pack.roles[hybrid].title.lower() if hybrid else None)
    market = _market(pack, roles, fig)

    agreements = _agreements(pack, roles)
    source_ids: set[str] = {sid for a in agreements for t in a.terms for sid in t.sources}
    for t in tasks:
        source_ids.update(t.sources)
    for role in roles:
        source_ids.update(role.sources)
    for occ in market.occupations:
        source_ids.update(occ.sources)
    for p in paths:
        source_ids.update(p.evidence)
    refs = _source_refs(pack)
    sources = [refs[sid] for sid in sorted(source_ids) if sid in refs]
    return Analysis(
        profile=rp.profile,
        roles=[
            RoleRef(
                id=role.id,
                title=role.title,
                department=role.department,
                kind=role.kind,
                soc=list(role.soc.codes),
                seniority_used=level,
                matched_by=how,
            )
            for role, level, how in rp.roles
        ],
        headline=headline,
        tasks=tasks,
        hours=_hours(fig, rp.profile.hours_per_week, scenario),
        market=market,
        paths=paths,
        plan=plan,
        agreements=agreements,
        sources=sources,
        pack=PackInfo(name=pack.meta.name, version=pack.meta.version, as_of=pack.meta.as_of),
        caveats=[CAVEAT_MODEL, *rp.caveats],
    )
