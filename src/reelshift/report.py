"""Assemble an ``Analysis`` from a resolved task mix: headline, tasks, hours, market, paths, plan,
evidence. Pure: the pack and the precomputed model in, pydantic models out."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from reelshift import exposure as ex
from reelshift.advice import task_links
from reelshift.exposure import ExposureModel, PersonFigures, context_for_sector
from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import Role, Seniority
from reelshift.market import outlook
from reelshift.models import (
    CATEGORY_LABELS,
    AgreementRef,
    AgreementTermRef,
    Analysis,
    CapabilityRef,
    ContextFigures,
    Headline,
    Horizons,
    HourBands,
    Hours,
    Margin,
    Market,
    OccupationFacts,
    PackInfo,
    Path,
    Plan,
    Profile,
    PublishedFigure,
    ReportSection,
    RoleDemandRef,
    RoleRef,
    ScenarioBand,
    SourceRef,
    TaskResult,
    Thresholds,
)
from reelshift.paths import TaskMix, rank_paths
from reelshift.plan import PersonTasks, build_plan, capability_sources, hour_range, tool_ref

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


def _pct_range(low: float, high: float, step: int = 5) -> str:
    """A share as a range rounded outwards to ``step`` percent: '15–25 %', or '10 %'."""
    lo = math.floor(low * 100 / step + 1e-9) * step
    hi = math.ceil(high * 100 / step - 1e-9) * step
    return f"{lo} %" if lo == hi else f"{lo}–{hi} %"


MIXED = "mixed"
MIXED_NAME = "No sector given (a mix of production contexts)"


def _margin(fig: PersonFigures) -> Margin:
    m = fig.margin()
    return Margin(
        line=m.line,
        figure=m.figure,
        threshold=m.threshold,
        value=round(m.value, 4),
        distance=round(m.distance, 4),
        near=m.near,
        by_scenario=m.by_scenario,
    )


def _other_contexts(
    pack: KnowledgePack, model: ExposureModel, rp: ResolvedProfile, own: str | None
) -> list[ContextFigures]:
    """The person's five-year figures in every other context (and with no sector)."""
    out = []
    for cid, name in [(None, MIXED_NAME), *((c.id, c.name) for c in pack.contexts.values())]:
        if cid == own:
            continue
        f = model.person(rp.mix.rows, rp.mix.shares, cid)
        out.append(
            ContextFigures(
                context=cid or MIXED,
                name=name,
                automation_5y=round(f.at("automation", "expected", "in_5y"), 4),
                exposure_5y=round(f.at("exposure", "expected", "in_5y"), 4),
                category=f.category(),
            )
        )
    return out


def _context_words(headline: Headline, context: str | None, others: list[ContextFigures]) -> str:
    """What the headline adds about the production context and a nearby category line."""
    words = []
    if context:
        words.append(f" These figures are for {context[:1].lower() + context[1:]}.")
    spread = sorted(others, key=lambda c: c.automation_5y)
    if spread:
        lo, hi = spread[0], spread[-1]
        if hi.automation_5y - lo.automation_5y >= 0.02:
            words.append(
                f" In {hi.name[:1].lower() + hi.name[1:]} the same work would be about "
                f"{hi.automation_5y:.0%} automated within five years; in "
                f"{lo.name[:1].lower() + lo.name[1:]}, about {lo.automation_5y:.0%}."
            )
    m = headline.margin
    if m is not None and m.near:
        side = "just above" if m.distance >= 0 else "just below"
        slow, fast = m.by_scenario["slow"], m.by_scenario["fast"]
        scenarios = (
            f": slow adoption gives {CATEGORY_LABELS[slow].lower()}, fast adoption "
            f"{CATEGORY_LABELS[fast].lower()}"
            if slow != fast
            else ""
        )
        words.append(
            f" You sit {side} the {m.line} ({m.value:.1%} against {m.threshold:.0%}), so the "
            f"category is a close call{scenarios}."
        )
    return "".join(words)


def _headline(fig: PersonFigures, scenario: str, tasks: list[TaskResult]) -> Headline:
    category = fig.category()
    # Ranges from slow to fast adoption, rounded outwards to 5 %: the model is not precise to
    # a percentage point, and the scenario spread is the honest size of its uncertainty.
    auto = _pct_range(fig.at("automation", "slow", "in_5y"), fig.at("automation", "fast", "in_5y"))
    assist = _pct_range(
        fig.at("augmentation", "slow", "in_5y"), fig.at("augmentation", "fast", "in_5y")
    )
    summary = (
        f"Roughly {auto} of your working time is in work AI tools could take over within five "
        f"years, and a further {assist} is likely to be AI-assisted (slow to fast adoption; a "
        "model estimate)."
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
        margin=_margin(fig),
    )


def _task_template(
    pack: KnowledgePack, model: ExposureModel, row: int, scenario: str, context: str | None
) -> TaskResult:
    """Everything about a task that does not depend on the person, built once per scenario and
    production context."""
    cache = pack.derived.setdefault("task_results", {})
    assert isinstance(cache, dict)
    key = (row, scenario, context)
    cached = cache.get(key)
    if isinstance(cached, TaskResult):
        return cached
    tid = model.task_ids[row]
    role, task = pack.task(tid)
    exposure, automation, augmentation = model.tasks(context)
    caps: list[CapabilityRef] = []
    sources = set(task.sources)
    for link in sorted(task.capabilities, key=lambda lk: -lk.weight):
        ci = model.capability_ids.index(link.id)
        level = model.level_now(link.id)
        csources = capability_sources(pack, link.id, level)
        sources.update(csources)
        caps.append(
            CapabilityRef(
                id=link.id,
                name=pack.capabilities[link.id].name,
                weight=link.weight,
                level_now=level,
                readiness=_horizons(model.readiness_for(context)[ci], scenario),
                sources=csources,
            )
        )
    # Tools reach a task only through the pack's advice links: advice first, then evidence.
    links = sorted(task_links(pack, tid), key=lambda r: (not r.recommendable, r.substitute))
    tools = [tool_ref(pack, r) for r in links]
    for ref in tools:
        sources.update(ref.sources)
    result = TaskResult(
        id=tid,
        role=role.id,
        statement=" ".join(task.statement.split()),
        share=0.0,
        hours_per_week=0.0,
        exposure=_horizons(exposure[row], scenario),
        automation=_horizons(automation[row], scenario),
        augmentation=_horizons(augmentation[row], scenario),
        horizon=model.task_horizon(row, scenario, context),  # type: ignore[arg-type]
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
    pack: KnowledgePack,
    model: ExposureModel,
    rp: ResolvedProfile,
    scenario: str,
    context: str | None,
) -> list[TaskResult]:
    hours = rp.profile.hours_per_week
    return [
        _task_template(pack, model, int(row), scenario, context).model_copy(
            update={
                "share": round(float(share), 4),
                "hours_per_week": round(float(share) * hours, 2),
                "matched_from": rp.matched_from.get(tid),
            }
        )
        for row, tid, share in zip(rp.mix.rows, rp.mix.task_ids, rp.mix.shares, strict=True)
    ]


_SLOW, _FAST = ex.SCENARIOS.index("slow"), ex.SCENARIOS.index("fast")
_AT = (0, 2, 5)  # years of now, in_2y, in_5y


def _hour_bands(low: np.ndarray, high: np.ndarray) -> HourBands:
    """Whole-hour ranges at now / +2 / +5 years from per-year low and high hour figures."""
    lo, hi = low.tolist(), high.tolist()
    return _bands(
        tuple(math.floor(lo[y] + 1e-9) for y in _AT) + tuple(math.ceil(hi[y] - 1e-9) for y in _AT)
    )


@functools.lru_cache(maxsize=4096)
def _bands(whole: tuple[int, ...]) -> HourBands:
    # Whole hours repeat across reports; the same immutable bands are reused.
    now, in_2y, in_5y = (hour_range(whole[i], whole[i + 3]) for i in range(3))
    return HourBands(now=now, in_2y=in_2y, in_5y=in_5y)


def _hours(fig: PersonFigures, per_week: float, scenario: str) -> Hours:
    auto = _horizons(fig.automation * per_week, scenario)
    assist = _horizons(fig.augmentation * per_week, scenario)
    untouched = Horizons(
        **{
            k: round(per_week - getattr(auto, k) - getattr(assist, k), 2)
            for k in ("now", "in_2y", "in_5y")
        }
    )
    a_hours, g_hours = fig.automation * per_week, fig.augmentation * per_week
    rest = per_week - a_hours - g_hours
    return Hours(
        per_week=per_week,
        automated=Horizons(**{k: round(v, 2) for k, v in auto.model_dump().items()}),
        assisted=Horizons(**{k: round(v, 2) for k, v in assist.model_dump().items()}),
        untouched=untouched,
        bands={
            "automated": _hour_bands(a_hours[_SLOW], a_hours[_FAST]),
            "assisted": _hour_bands(g_hours[_SLOW], g_hours[_FAST]),
            # Faster adoption leaves fewer hours untouched: fast is the low end.
            "untouched": _hour_bands(rest[_FAST], rest[_SLOW]),
        },
    )


def _market(
    pack: KnowledgePack, roles: list[Role], fig: PersonFigures, employment: str | None
) -> Market:
    seen: list[str] = []
    for role in roles:
        for code in role.soc.codes:
            if code[:7] in pack.occupations and code[:7] not in seen:
                seen.append(code[:7])
    occupations = [
        OccupationFacts(**pack.occupations[soc].model_dump(exclude={"soc"}), soc=soc)
        for soc in seen
    ]
    loose = [r.title for r in roles if r.soc.fit == "loose"]
    note = (
        "US figures for the broad BLS occupation the role is filed under, not for the craft "
        "itself: its median pay and outlook cover everyone in that occupation, and a craft can "
        "sit well above or below them. OEWS counts wage and salary jobs only (many film crafts "
        "are mostly freelance); BLS projections include the self-employed."
        + (
            f" The occupation only roughly covers {', '.join(loose)}, so read these figures as "
            "context, not as the craft's own."
            if loose
            else ""
        )
        if occupations
        else "No labour-market figures in the pack for this role's occupation: BLS does not "
        "measure it separately."
    )
    return Market(
        occupations=occupations,
        note=note,
        outlook=outlook(pack, roles, fig, employment),
        published=_published(pack, roles),
    )


def _published(pack: KnowledgePack, roles: list[Role]) -> list[PublishedFigure]:
    """Published per-occupation indices for the roles' own codes (8-digit, then 6-digit)."""
    codes = list(dict.fromkeys(k for r in roles for c in r.soc.codes for k in (c, c[:7])))
    return [
        PublishedFigure(**fig.model_dump(exclude={"id"}))
        for code in codes
        for key, fig in pack.published.items()
        if key.split("/")[0] == code
    ]


def _role_demand(pack: KnowledgePack, roles: list[Role]) -> list[RoleDemandRef]:
    return [
        RoleDemandRef(
            role=d.role,
            risk=d.risk,
            positions_at_risk_pct=d.positions_at_risk_pct,
            where=" ".join(d.where.split()),
            how=" ".join(d.how.split()),
            tools=list(d.tools),
            sources=list(d.sources),
        )
        for r in roles
        if (d := pack.role_demand.get(r.id)) is not None
    ]


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


SECTION_ORDER: tuple[ReportSection, ...] = ("tasks", "plan", "market", "paths", "agreements")


def _sources_by_section(
    pack: KnowledgePack,
    roles: list[Role],
    tasks: list[TaskResult],
    plan: Plan,
    market: Market,
    paths: list[Path],
    agreements: list[AgreementRef],
    market_extra: Iterable[str] = (),
) -> list[SourceRef]:
    """Only the sources behind what the report shows, each with the sections it supports."""
    # source id -> bit mask of SECTION_ORDER; the tasks' sources, the most, are set in one go.
    marks: dict[str, int] = dict.fromkeys(
        set().union(*(t.sources for t in tasks), *(r.sources for r in roles)), 1
    )

    def mark(ids: Iterable[str], bit: int) -> None:
        for sid in ids:
            marks[sid] = marks.get(sid, 0) | bit

    for adv in (*plan.adopt_tools, *plan.already_use, *plan.substitutes):
        mark(adv.tool.sources, 2)
    for action in plan.actions:
        mark(action.sources, 2)
    for occ in market.occupations:
        mark(occ.sources, 4)
    for pub in market.published:
        mark(pub.sources, 4)
    mark(market_extra, 4)
    for p in paths:
        # The target role's own sources; its tasks' sources belong to its own analysis.
        target = pack.roles.get(p.target)
        mark(target.sources if target and target.sources else p.evidence, 8)
    for a in agreements:
        for term in a.terms:
            mark(term.sources, 16)
    refs = _source_refs(pack)
    # The same source in the same sections recurs across reports: copy it once per pack.
    cache = pack.derived.setdefault("source_refs_by_section", {})
    assert isinstance(cache, dict)
    out: list[SourceRef] = []
    for sid in sorted(marks):
        if sid not in refs:
            continue
        key = (sid, marks[sid])
        ref = cache.get(key)
        if ref is None:
            sections = [n for i, n in enumerate(SECTION_ORDER) if marks[sid] >> i & 1]
            ref = cache[key] = refs[sid].model_copy(update={"sections": sections})
        out.append(ref)
    return out


def build_analysis(pack: KnowledgePack, model: ExposureModel, rp: ResolvedProfile) -> Analysis:
    scenario = rp.profile.scenario
    ctx = context_for_sector(pack.contexts, rp.profile.sector)
    context = ctx.id if ctx else None
    fig = model.person(rp.mix.rows, rp.mix.shares, context)
    tasks = _task_results(pack, model, rp, scenario, context)
    headline = _headline(fig, scenario, tasks)
    others = _other_contexts(pack, model, rp, context)
    headline = headline.model_copy(
        update={
            "context": context or MIXED,
            "context_name": ctx.name if ctx else MIXED_NAME,
            "other_contexts": others,
            "summary": headline.summary
            + _context_words(headline, ctx.name if ctx else None, others),
        }
    )
    roles = [role for role, _, _ in rp.roles]
    # Paths compare roles on one footing, the mixed default: a move is judged by the work, not by
    # the budget tier the person happens to work in now.
    base_fig = fig if context is None else model.person(rp.mix.rows, rp.mix.shares)
    paths = rank_paths(
        pack,
        model,
        [(r, lv) for r, lv, _ in rp.roles],
        rp.mix,
        base_fig,
        scenario,
        goal=rp.profile.goal,
        employment=rp.profile.employment,
    )
    in_force = list(
        {a.id: a for r in roles for a in pack.agreements_by_role.get(r.id, [])}.values()
    )
    plan = build_plan(
        pack,
        model,
        PersonTasks(
            rows=[int(r) for r in rp.mix.rows],
            task_ids=list(rp.mix.task_ids),
            shares=[float(x) for x in rp.mix.shares],
            per_week=rp.profile.hours_per_week,
            scenario=scenario,
            level=rp.roles[0][1],
            employment=rp.profile.employment,
            tools=list(rp.profile.tools),
        ),
        tasks,
        paths,
        in_force,
        list(dict.fromkeys(c for role in roles for c in role.communities)),
    )
    market = _market(pack, roles, fig, rp.profile.employment)
    role_demand = _role_demand(pack, roles)
    agreements = _agreements(pack, roles)
    sources = _sources_by_section(
        pack,
        roles,
        tasks,
        plan,
        market,
        paths,
        agreements,
        [*(sid for d in role_demand for sid in d.sources), *(ctx.sources if ctx else [])],
    )
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
        role_demand=role_demand,
        sources=sources,
        pack=PackInfo(name=pack.meta.name, version=pack.meta.version, as_of=pack.meta.as_of),
        caveats=[CAVEAT_MODEL, *rp.caveats],
    )
