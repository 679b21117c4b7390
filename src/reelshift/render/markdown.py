"""Markdown report."""

from __future__ import annotations

from reelshift.models import Analysis, ToolAdvice, ToolRef
from reelshift.render.summary import glossary, glossary_line, published_for, summarize

PHASES = {"90-days": "First 90 days", "6-months": "Within 6 months", "2-years": "Within 2 years"}
SECTIONS = {
    "tasks": "Your tasks",
    "plan": "Action plan",
    "market": "Market",
    "paths": "Paths",
    "agreements": "Guild and union terms",
}
RUNS_IN = {
    "nle-feature": "inside an editing, grading or audio application",
    "plugin": "plug-in",
    "standalone": "standalone application",
    "web-service": "web service",
    "api": "developer API",
    "hardware": "hardware",
    "model": "model",
}


def _tool_facts(t: ToolRef) -> str:
    bits = [t.vendor, t.version or f"released {t.released}", RUNS_IN.get(t.runs_in or "", "")]
    return ", ".join(b for b in [*bits, t.price_tier] if b)


def _by(t: ToolRef) -> str:
    return "" if t.vendor.casefold() in t.name.casefold() else f" ({_cell(t.vendor)})"


def _task_tools(tools: list[ToolRef]) -> str:
    """Advice first; anything else only with its label (in-house, discontinued, substitute)."""
    parts = [f"{t.feature} ({t.name})" for t in tools if t.recommendable][:3]
    parts += [f"{t.name} — {t.label}" for t in tools if not t.recommendable][:2]
    return "; ".join(parts) or "—"


def _advice_line(x: ToolAdvice, names: dict[str, str]) -> str:
    t = x.tool
    tasks = "; ".join(names.get(tid, tid) for tid in x.for_tasks[:3])
    note = f" {_cell(t.note)}" if t.note else ""
    features = ", ".join(x.features) or t.feature
    return (
        f"- **{_cell(features)}** in {_cell(t.name)} ({_cell(_tool_facts(t))}): "
        f"{x.time_effect.text} of your tasks (model estimate), for {_cell(tasks)}.{note} "
        f"[{', '.join(t.sources[:3])}]"
    )


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _url(url: str) -> str:
    return f"<{url}>" if url.startswith(("http://", "https://")) else _cell(url)


def render(a: Analysis) -> str:
    h = a.headline
    roles = ", ".join(f"{r.title} ({r.seniority_used.value})" for r in a.roles)
    s = summarize(a)
    words = glossary(a)
    lines = [
        f"# ReelShift analysis: {_cell(roles)}",
        "",
        f"**{h.label}** ({_cell(words.get(h.label, ''))}). {_cell(s.meaning)}",
        "",
        _cell(s.week),
        "",
        "**Three things to do first**",
        "",
        *[f"{i}. {_cell(x.text)}" for i, x in enumerate(s.first, 1)],
        "",
    ]
    if s.move is not None:
        lines += [
            f"**One move worth considering:** {_cell(s.move.title)}. {_cell(s.move.why)}",
            "",
        ]
    lines += ["**How sure**", "", *[f"- {_cell(x)}" for x in s.sure]]
    lines += [f"- {_cell(p.text)} [{p.source}]" for p in published_for(a)]
    lines.append("")
    lines += [f"_{_cell(glossary_line())}_", "", "## In detail", "", _cell(h.summary), ""]
    lines += [
        "| | now | in 2 years | in 5 years |",
        "|---|---:|---:|---:|",
    ]
    for name, hz in (
        ("Exposed", h.exposure),
        ("Automated", h.automation),
        ("Assisted", h.augmentation),
    ):
        lines.append(f"| {name} | {_pct(hz.now)} | {_pct(hz.in_2y)} | {_pct(hz.in_5y)} |")
    lines += [
        "",
        "Five-year automation by adoption scenario: "
        + ", ".join(f"{s} {_pct(b.automation.in_5y)}" for s, b in h.bands.items())
        + ".",
        "",
        "## Your tasks",
        "",
        "| Task | Time | Automated in 5 years | Assisted in 5 years | Horizon | Tools "
        "| What stays human |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for t in sorted(a.tasks, key=lambda x: -x.share):
        tools = _task_tools(t.tools)
        lines.append(
            f"| {_cell(t.statement)} | {_pct(t.share)} | {_pct(t.automation.in_5y)} | "
            f"{_pct(t.augmentation.in_5y)} | {t.horizon} | {_cell(tools)} | "
            f"{_cell(t.stays_human)} |"
        )
    hrs = a.hours
    lines += [
        "",
        "## Hours a week",
        "",
        f"Out of {hrs.per_week:g} hours; whole-hour ranges from slow to fast adoption "
        "(a model estimate).",
        "",
        "| | now | in 2 years | in 5 years |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {hz.now.text} | {hz.in_2y.text} | {hz.in_5y.text} |"
            for name, hz in (
                ("Automated", hrs.bands["automated"]),
                ("AI-assisted", hrs.bands["assisted"]),
                ("Untouched", hrs.bands["untouched"]),
            )
        ),
        "",
        "## Paths",
        "",
    ]
    for p in a.paths:
        lines.append(f"### {_cell(p.title)} ({p.kind})")
        lines.append("")
        lines.append(_cell(p.why))
        lines.append("")
        lines.append(
            "Automated share of the week, against staying where you are: now "
            f"{p.exposure_change.now:+.0%}, in 5 years {p.exposure_change.in_5y:+.0%}."
        )
        if p.skill_gap:
            gaps = ", ".join(f"{g.name} (~{g.learn_months:g} months)" for g in p.skill_gap[:4])
            lines.append(f"Skill gap: {_cell(gaps)}.")
        if p.venture:
            v = p.venture
            effort = v.startup_effort
            lines.append(
                f"Business model: {_cell(v.business_model)} Start-up effort: {effort.level} "
                f"(about {effort.months:g} months; {_cell(effort.capital)})."
            )
            lines.append(f"Risks: {_cell('; '.join(r.rstrip('.') for r in v.risks))}.")
        lines.append("")
        lines += [f"- {_cell(s)}" for s in p.first_steps]
        lines.append("")
    plan = a.plan
    names = {t.id: _cell(t.statement) for t in a.tasks}
    lines += ["## Action plan", "", "**Tools to adopt** (public, active, assisting your craft)", ""]
    lines += [_advice_line(x, names) for x in plan.adopt_tools] or [
        "- none: no public, active tool in the pack assists your tasks that you do not use already"
    ]
    if plan.already_use:
        lines += ["", "**Tools you already use**", ""]
        lines += [_advice_line(x, names) for x in plan.already_use]
    if plan.substitutes:
        lines += [
            "",
            "**Know, price and protect** (tools that can stand in for your own work or likeness)",
            "",
        ]
        lines += [
            f"- **{_cell(x.tool.feature)}** in {_cell(x.tool.name)}{_by(x.tool)}: "
            f"{_cell(x.tool.label)}; reaches {x.time_effect.text} of your tasks. "
            f"{_cell(x.tool.note)} [{', '.join(x.tool.sources[:3])}]"
            for x in plan.substitutes
        ]
    for phase, label in PHASES.items():
        items = [x for x in plan.actions if x.phase == phase]
        if items:
            lines += ["", f"**{label}**", ""]
            lines += [
                f"- *{x.kind}*: {_cell(x.text)}"
                + (f" (from: {'; '.join(names.get(t, t) for t in x.tasks[:3])})" if x.tasks else "")
                for x in items
            ]
    if plan.note:
        lines += ["", f"_{_cell(plan.note)}_"]
    lines += ["", "**Technical literacy**", ""]
    lines += [f"- {_cell(x.name)} ({x.level_now} today): {_cell(x.why)}" for x in plan.literacy]
    lines += ["", "**Human skills to deepen**", ""]
    lines += [f"- {_cell(x.name)}: {_cell(x.why)}" for x in plan.human_skills]
    lines += ["", f"**Hybrid profile**: {_cell(plan.hybrid)}", "", "**Communities**", ""]
    lines += [f"- {_cell(c)}" for c in plan.communities] or ["- none listed"]
    if a.agreements:
        lines += ["", "## Guild and union terms on AI", ""]
        for ag in a.agreements:
            term = f" ({_cell(ag.term)})" if ag.term else ""
            lines += [f"**{_cell(ag.guild)}: {_cell(ag.agreement)}**{term}", ""]
            lines += [f"- {_cell(t.text)} [{', '.join(t.sources)}]" for t in ag.terms]
            lines.append("")
    if a.market.outlook:
        ol = a.market.outlook
        lines += [
            "",
            f"## Market outlook, next {ol.horizon_years} years",
            "",
            "A small documented model (see method), not a forecast of your income.",
            "",
            "| | low | expected | high |",
            "|---|---:|---:|---:|",
        ]
        for name, b in (
            ("Demand for the work", ol.demand_pct),
            ("Freelance rates", ol.rate_pct),
            ("Top-end work", ol.top_end_pct),
        ):
            lines.append(f"| {name} | {b.low:+.1f}% | {b.expected:+.1f}% | {b.high:+.1f}% |")
        lines += ["", *[f"- {_cell(d)}" for d in ol.drivers]]
        lines += ["", "Assumptions:", "", *[f"- {_cell(x)}" for x in ol.assumptions]]
    if a.market.occupations:
        lines += [
            "",
            "## Market (US)",
            "",
            "| Occupation | Jobs 2024 | Median wage | Outlook 2024–34 |",
            "|---|---:|---:|---:|",
        ]
        for o in a.market.occupations:
            jobs = f"{o.employment_2024:,}" if o.employment_2024 else "—"
            wage = f"${o.median_wage_2024:,}" if o.median_wage_2024 else "—"
            outlook = (
                f"{o.projected_change_2024_34_pct:+.1f}%"
                if o.projected_change_2024_34_pct is not None
                else "—"
            )
            lines.append(f"| {_cell(o.title)} ({o.soc}) | {jobs} | {wage} | {outlook} |")
        lines += ["", _cell(a.market.note)]
    lines += ["", "## Sources", "", "Each part of the report lists only the sources behind it.", ""]
    for key, title in SECTIONS.items():
        group = [src for src in a.sources if key in src.sections]
        if group:
            lines += [f"**{title}**", ""]
            lines += [
                f"- **{src.id}**: {_cell(src.title)}. {_url(src.url)} ({src.confidence} confidence)"
                for src in group
            ]
            lines.append("")
    lines += ["## Words used", ""]
    lines += [f"- **{_cell(k)}**: {_cell(v)}" for k, v in words.items()]
    lines += ["", "## Caveats", ""]
    lines += [f"- {_cell(c)}" for c in a.caveats]
    lines += ["", f"Knowledge pack {a.pack.name} {a.pack.version}, as of {a.pack.as_of}.", ""]
    return "\n".join(lines)
