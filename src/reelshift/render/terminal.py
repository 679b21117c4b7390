"""The readable terminal report (Rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reelshift.industry import IndustryRow
from reelshift.kb.loader import KnowledgePack
from reelshift.models import Analysis, ToolRef
from reelshift.plan import short_task
from reelshift.render.summary import (
    glossary,
    glossary_line,
    published_brief,
    published_for,
    summarize,
)

CATEGORY_STYLE = {"high_risk": "bold red", "adaptive": "bold yellow", "resilient": "bold green"}


def pct(x: float) -> str:
    return f"{x:.0%}"


def _bar(value: float, width: int = 12) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "·" * (width - filled)


def render(a: Analysis, console: Console, full: bool = False) -> None:
    """The summary (about one screen); with ``full``, every section after it."""
    render_summary(a, console, full)
    if full:
        render_full(a, console)


def render_summary(a: Analysis, console: Console, full: bool = False) -> None:
    s = summarize(a)
    head = Text()
    head.append(s.label, style=CATEGORY_STYLE[s.category])
    head.append(f" ({glossary(a)[s.label]})\n" if s.label in glossary(a) else "\n", style="dim")
    head.append(s.meaning + "\n")
    head.append(s.week)
    console.print(
        Panel(
            head,
            title=Text(f"ReelShift: {s.roles}"),
            subtitle=f"pack {a.pack.version}, {a.pack.as_of}",
        )
    )
    body = Text()
    body.append("Three things to do first\n", style="bold")
    for i, x in enumerate(s.first, 1):
        body.append(f"{i}. ", style="cyan")
        body.append(f"{x.text}\n")
    if s.move is not None:
        body.append("One move worth considering\n", style="bold")
        body.append(f"{s.move.title}. ", style="bold")
        body.append(f"{s.move.why}\n")
    body.append("How sure\n", style="bold")
    for line in s.sure:
        body.append(f"• {line}\n")
    if full:
        for p in published_for(a):
            body.append(f"• {p.text} [{p.source}]\n")
    elif brief := published_brief(a):
        body.append(f"• {brief}\n")
    body.append(glossary_line(), style="dim")
    console.print(body)
    if not full:
        console.print(
            Text(
                "Tasks, tools, paths, the full plan, market and sources: add --full "
                "(or write --md, --html or --pdf).",
                style="dim",
            )
        )


def render_full(a: Analysis, console: Console) -> None:
    h = a.headline
    # The summary above said it in plain words; here the model's own account, in full.
    console.print(Panel(Text(h.summary), title="In detail", title_align="left"))

    t = Table(title="Share of your working time", show_edge=False)
    t.add_column("")
    for col in ("now", "in 2 years", "in 5 years"):
        t.add_column(col, justify="right")
    for name, hz in (
        ("exposed", h.exposure),
        ("automated", h.automation),
        ("assisted", h.augmentation),
    ):
        t.add_row(name, pct(hz.now), pct(hz.in_2y), pct(hz.in_5y))
    band = h.bands
    t.add_row(
        "automated in 5 years, slow–fast",
        "",
        "",
        f"{pct(band['slow'].automation.in_5y)}–{pct(band['fast'].automation.in_5y)}",
    )
    console.print(t)

    tt = Table(title="Your tasks", show_lines=False)
    tt.add_column("task", overflow="fold", ratio=4)
    tt.add_column("time", justify="right")
    tt.add_column("automated in 5y", justify="left")
    tt.add_column("assisted in 5y", justify="right")
    tt.add_column("when", justify="right")
    tt.add_column("tools", overflow="fold", ratio=2)
    for task in sorted(a.tasks, key=lambda x: -x.share):
        tt.add_row(
            task.statement,
            pct(task.share),
            f"{_bar(task.automation.in_5y)} {pct(task.automation.in_5y)}",
            pct(task.augmentation.in_5y),
            task.horizon,
            _task_tools(task.tools),
        )
    # Rich markup is off for data: tool names and statements come from packs and users.
    console.print(tt)

    hb = a.hours.bands
    console.print(
        Text.assemble(
            ("Hours a week", "bold"),
            f" (of {a.hours.per_week:g}) in 5 years, slow to fast adoption: "
            f"{hb['automated'].in_5y.text} automated, {hb['assisted'].in_5y.text} AI-assisted, "
            f"{hb['untouched'].in_5y.text} untouched (model estimate).",
        )
    )

    stays = [
        f"• {t.stays_human}" for t in sorted(a.tasks, key=lambda x: -x.share * x.human_share)[:3]
    ]
    console.print(Panel("\n".join(stays), title="What stays human"))

    pt = Table(title="Paths", show_lines=True)
    pt.add_column("kind")
    pt.add_column("path", overflow="fold", ratio=3)
    pt.add_column("automated in 5y, change", justify="right")
    pt.add_column("first steps", overflow="fold", ratio=4)
    for p in a.paths[:6]:
        pt.add_row(
            p.kind,
            f"[bold]{_esc(p.title)}[/]\n{_esc(p.why)}",
            f"{p.exposure_change.in_5y:+.0%}",
            "\n".join(f"• {_esc(s)}" for s in p.first_steps[:3]),
        )
    console.print(pt)

    plan = a.plan
    if plan.adopt_tools or plan.already_use:
        at = Table(title="Tools for your tasks (public, active, assisting your craft)")
        for col in ("tool and feature", "for your tasks", "time (model)", "facts"):
            at.add_column(col, overflow="fold")
        for adv in [*plan.adopt_tools, *plan.already_use]:
            ref = adv.tool
            used = " (you use it)" if adv.already_used else ""
            at.add_row(
                Text(f"{', '.join(adv.features) or ref.feature} — {ref.name}{used}"),
                Text("; ".join(_task_name(a, tid) for tid in adv.for_tasks[:3])),
                adv.time_effect.text,
                Text(_facts(ref)),
            )
        console.print(at)
    if plan.substitutes:
        sub = [
            f"• {x.tool.feature} — {x.tool.name}"
            + ("" if x.tool.vendor.casefold() in x.tool.name.casefold() else f" ({x.tool.vendor})")
            + f": {x.tool.label}. "
            + (x.tool.note or "")
            for x in plan.substitutes
        ]
        console.print(Panel(Text("\n".join(sub)), title="Know, price and protect"))
    phases = {
        "90-days": "First 90 days",
        "6-months": "Within 6 months",
        "2-years": "Within 2 years",
    }
    steps = Text()
    for phase, label in phases.items():
        items = [x for x in plan.actions if x.phase == phase]
        if not items:
            continue
        steps.append(f"{label}\n", style="bold")
        for x in items:
            steps.append(f"  {x.kind.upper():8}", style="cyan")
            steps.append(x.text)
            if x.tasks:  # which of the person's tasks the action comes from
                names = "; ".join(_task_name(a, tid) for tid in x.tasks[:2])
                steps.append(f" (from: {names})", style="dim")
            steps.append("\n")
    steps.append("Hybrid: ", style="bold")
    steps.append(plan.hybrid or "—")
    console.print(Panel(steps, title="Action plan"))
    if plan.note:
        console.print(Text(plan.note, style="dim"))

    for ag in a.agreements:
        body = "\n".join(f"• {_esc(t.text)}" for t in ag.terms)
        title = f"{_esc(ag.guild)}: {_esc(ag.agreement)}" + (
            f" ({_esc(ag.term)})" if ag.term else ""
        )
        console.print(Panel(body, title=title, title_align="left"))

    if a.market.outlook:
        ol = a.market.outlook
        rows = [
            ("Demand for the work", ol.demand_pct),
            ("Freelance rates", ol.rate_pct),
            ("Top-end work", ol.top_end_pct),
        ]
        ot = Table(title=f"Market outlook, next {ol.horizon_years} years (model, not a forecast)")
        for col in ("", "low", "expected", "high"):
            ot.add_column(col, justify="right" if col else "left")
        for name, b in rows:
            ot.add_row(name, f"{b.low:+.1f}%", f"{b.expected:+.1f}%", f"{b.high:+.1f}%")
        console.print(ot)
        console.print("[dim]" + _esc("; ".join(ol.drivers)) + ".[/]")

    if a.market.occupations:
        mt = Table(title="Market (US, BLS)", show_edge=False)
        for col in ("occupation", "jobs 2024", "median wage", "outlook 2024–34"):
            mt.add_column(col)
        for o in a.market.occupations:
            mt.add_row(
                f"{o.title} ({o.soc})",
                f"{o.employment_2024:,}" if o.employment_2024 else "—",
                f"${o.median_wage_2024:,}" if o.median_wage_2024 else "—",
                f"{o.projected_change_2024_34_pct:+.1f}%"
                if o.projected_change_2024_34_pct is not None
                else "—",
            )
        console.print(mt)
    # Sources by section: each part lists only the sources behind it.
    sections = {
        "tasks": "Your tasks",
        "plan": "Action plan",
        "market": "Market",
        "paths": "Paths",
        "agreements": "Guild and union terms",
    }
    listing = Text()
    listing.append(f"{len(a.sources)} sources behind this report, by section\n", style="bold")
    for key, title in sections.items():
        group = [src for src in a.sources if key in src.sections]
        if not group:
            continue
        listing.append(f"{title}\n", style="bold")
        for src in group:
            listing.append(f"  {src.id}", style="cyan")
            listing.append(f" {src.title}. {src.url}\n")
    console.print(listing)
    for caveat in a.caveats:
        console.print(f"[dim]{_esc(caveat)}[/]")


def _task_tools(tools: Sequence[ToolRef]) -> Text:
    """Advice first, then labelled evidence: never an unlabelled in-house or retired tool."""
    parts = [f"{t.feature} ({t.name})" for t in tools if t.recommendable][:3]
    parts += [f"{t.name}: {t.label}" for t in tools if not t.recommendable][:2]
    return Text("; ".join(parts) or "—")


def _task_name(a: Analysis, tid: str) -> str:
    found = next((t.statement for t in a.tasks if t.id == tid), None)
    return short_task(found).strip("“”") if found else tid


def _facts(t: ToolRef) -> str:
    where = {
        "nle-feature": "inside an editing/grading/audio app",
        "plugin": "plug-in",
        "standalone": "standalone app",
        "web-service": "web service",
        "api": "developer API",
        "hardware": "hardware",
        "model": "model",
    }.get(t.runs_in or "", "")
    bits = [t.vendor, t.version or f"released {t.released}", where, t.price_tier]
    return ", ".join(b for b in bits if b)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def industry_table(rows: Sequence[IndustryRow], pack: KnowledgePack) -> Group:
    t = Table(title="Industry view (expected adoption)")
    for col in (
        "department",
        "role",
        "level",
        "exposed now",
        "automation 2y",
        "automation 5y",
        "category",
    ):
        t.add_column(col)
    for r in rows:
        t.add_row(
            pack.departments[r.department].name
            if r.department in pack.departments
            else r.department,
            r.title,
            r.seniority.value,
            pct(r.exposure.now),
            pct(r.automation.in_2y),
            pct(r.automation.in_5y),
            Text(r.category, style=CATEGORY_STYLE[r.category]),
        )
    return Group(t)
