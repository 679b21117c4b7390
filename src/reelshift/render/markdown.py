"""Markdown report."""

from __future__ import annotations

from reelshift.models import Analysis


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render(a: Analysis) -> str:
    h = a.headline
    roles = ", ".join(f"{r.title} ({r.seniority_used.value})" for r in a.roles)
    lines = [
        f"# ReelShift analysis: {_cell(roles)}",
        "",
        f"**{h.label}.** {_cell(h.summary)}",
        "",
        "| | now | in 2 years | in 5 years |",
        "|---|---:|---:|---:|",
    ]
    for name, hz in (
        ("Exposed", h.exposure),
        ("Automation", h.automation),
        ("Augmentation", h.augmentation),
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
        "| Task | Time | Automation 5y | Augmentation 5y | Horizon | Tools | What stays human |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for t in sorted(a.tasks, key=lambda x: -x.share):
        tools = ", ".join(f"{x.name} ({x.released})" for x in t.tools[:3]) or "—"
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
        "| | now | in 2 years | in 5 years |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {hz.now:.1f} | {hz.in_2y:.1f} | {hz.in_5y:.1f} |"
            for name, hz in (
                ("Automated", hrs.automated),
                ("AI-assisted", hrs.assisted),
                ("Untouched", hrs.untouched),
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
            f"Change in automation exposure: now {p.exposure_change.now:+.0%}, "
            f"in 5 years {p.exposure_change.in_5y:+.0%}."
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
    lines += ["## Action plan", "", "**Tools to adopt now**", ""]
    lines += [
        f"- {_cell(x.tool.name)} ({_cell(x.tool.vendor)}, {x.tool.released}): about "
        f"{x.hours_saved_per_week:.1f} h/week across {len(x.for_tasks)} of your tasks"
        for x in plan.adopt_tools
    ] or ["- none"]
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
    lines += ["", "## Sources", ""]
    lines += [
        f"- **{s.id}**: {_cell(s.title)}. <{s.url}> ({s.confidence} confidence)" for s in a.sources
    ]
    lines += ["", "## Caveats", ""]
    lines += [f"- {_cell(c)}" for c in a.caveats]
    lines += ["", f"Knowledge pack {a.pack.name} {a.pack.version}, as of {a.pack.as_of}.", ""]
    return "\n".join(lines)
