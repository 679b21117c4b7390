"""The one-screen summary every report opens with, and the glossary of the model's words.

Shared by the terminal, Markdown, HTML/PDF and web reports so they say the same thing in the
same words: what the figures mean for the person, the three things to do first (the plan's
first-90-days actions), the one move worth considering (the top path) and how sure the
estimate is (the slow-fast band, and the category line when the person sits near it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reelshift.models import Analysis, Path, PlanAction

GLOSSARY: dict[str, str] = {
    "exposed": "the share of your working time in tasks AI tools can do or help with "
    "(automated plus assisted)",
    "automated": "work AI tools could do with you checking the result, so the hours billed "
    "for it shrink",
    "assisted": "work you still do, faster or better with AI tools (the model's 'augmentation')",
    "coverage": "the share of another role's working time whose skills you already have",
    "adoption pace": "slow, expected or fast: how quickly productions take the tools up",
}
"""Plain-words meanings of the model's terms: shown where the terms first appear."""


def glossary(a: Analysis) -> dict[str, str]:
    """The glossary with the category lines this analysis used (published thresholds)."""
    t = a.headline.thresholds
    return {
        **GLOSSARY,
        "High risk of disruption": f"{t.high_risk_automation_5y:.0%} or more of your working "
        "week could be automated within five years",
        "Adaptive transformation": f"below the high-risk line, but {t.adaptive_automation_5y:.0%}"
        f" or more automated, or {t.adaptive_exposure_5y:.0%} or more exposed, within five "
        "years: the work changes, most of it stays yours",
        "Resilient": "below both lines: AI tools reach only a small part of your work",
    }


CATEGORY_PLAIN = {
    "high_risk": "A large part of your work is the kind AI tools can take over. Expect the "
    "hours billed for it to shrink, and move your time towards what stays yours.",
    "adaptive": "Your work is changing: AI tools will take over or speed up a sizeable part of "
    "it, while most of it stays yours.",
    "resilient": "Most of your work stays yours: AI tools reach only a small part of it.",
}


@dataclass(frozen=True)
class Summary:
    """What a report says first, in plain words."""

    roles: str
    category: str
    label: str
    meaning: str
    week: str
    first: list[PlanAction]
    move: Path | None
    sure: list[str] = field(default_factory=list)


def roles_line(a: Analysis) -> str:
    """Role titles as the pack writes them (capitals and acronyms kept), with the level."""
    return " + ".join(f"{r.title}, {r.seniority_used.value}" for r in a.roles)


def week_line(a: Analysis) -> str:
    """One sentence, one meaning per number: hours of the working week in five years."""
    b = a.hours.bands
    return (
        f"Of your {a.hours.per_week:g}-hour working week, in five years: about "
        f"{_bare(b['automated'].in_5y.text)} automated, {_bare(b['assisted'].in_5y.text)} "
        f"assisted by AI, and {_bare(b['untouched'].in_5y.text)} untouched "
        "(slow to fast adoption; a model estimate)."
    )


def _bare(text: str) -> str:
    return text.removesuffix(" a week")


def first_actions(a: Analysis, n: int = 3) -> list[PlanAction]:
    """The plan's first-90-days actions, topped up from the six-month ones if there are few."""
    order = {"90-days": 0, "6-months": 1, "2-years": 2}
    ranked = sorted(a.plan.actions, key=lambda x: order[x.phase])
    return ranked[:n]


def sure_lines(a: Analysis) -> list[str]:
    """How sure the estimate is: the slow-fast band, the category line when near it."""
    h = a.headline
    slow, fast = h.bands["slow"], h.bands["fast"]
    lines = [
        "Automated share of your week in five years: "
        f"{slow.automation.in_5y:.0%} if productions adopt AI slowly, "
        f"{fast.automation.in_5y:.0%} if fast ({h.automation.in_5y:.0%} expected). "
        "It is a model estimate from the pack's task data, not a probability of losing work."
    ]
    m = h.margin
    if m is not None and m.near:
        cats = sorted(set(m.by_scenario.values()))
        side = "just above" if m.distance >= 0 else "just below"
        line = (
            f"You sit {side} the {re.sub(r' [(].*[)]$', '', m.line)} ({m.value:.1%} of your "
            f"week automated, against {m.threshold:.0%}), "
            "so the category is a close call"
        )
        if len(cats) > 1:
            by = {s: c for s, c in m.by_scenario.items()}
            line += (
                f": slow adoption puts you in {_cat(by.get('slow', h.category))}, fast "
                f"adoption in {_cat(by.get('fast', h.category))}"
            )
        lines.append(line + ".")
    others = sorted(h.other_contexts, key=lambda c: c.automation_5y)
    if others and others[0].automation_5y != others[-1].automation_5y:
        lo, hi = others[0], others[-1]
        lines.append(
            f"The same work would be about {lo.automation_5y:.0%} automated in "
            f"{_lower(lo.name)} and {hi.automation_5y:.0%} in {_lower(hi.name)}."
        )
    return lines


def _cat(category: str) -> str:
    return {
        "high_risk": "high risk of disruption",
        "adaptive": "adaptive transformation",
        "resilient": "resilient",
    }.get(category, category)


def _lower(name: str) -> str:
    """A context name in running text: first letter lowered unless it opens an acronym."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def summarize(a: Analysis) -> Summary:
    h = a.headline
    return Summary(
        roles=roles_line(a),
        category=h.category,
        label=h.label,
        meaning=CATEGORY_PLAIN.get(h.category, h.summary),
        week=week_line(a),
        first=first_actions(a),
        move=a.paths[0] if a.paths else None,
        sure=sure_lines(a),
    )


def glossary_line() -> str:
    """The glossary in one line, for the terminal and Markdown."""
    keys = ("exposed", "automated", "assisted")
    return "Words: " + "; ".join(f"{k}: {GLOSSARY[k]}" for k in keys) + "."


@dataclass(frozen=True)
class Published:
    """A published per-occupation figure shown beside ReelShift's own, with its source."""

    text: str
    source: str


def published_for(a: Analysis) -> list[Published]:
    """Published per-occupation figures beside ReelShift's, each with why it reads differently.

    One line per index (both GPTs-are-GPTs ratings in one), on the index's own scale: shown,
    never averaged with ReelShift's own figures.
    """
    ours = a.headline.exposure.now
    figs = a.market.published
    by = {(f.soc, f.index): f for f in figs}
    out: list[Published] = []
    for f in figs:
        if f.index == "gpts-gpt4-beta":
            human = by.get((f.soc, "gpts-human-beta"))
            rated = f"{f.value:.0%} by GPT-4's ratings" + (
                f", {human.value:.0%} by human raters" if human else ""
            )
            side = "higher" if f.value > ours else "lower"
            out.append(
                Published(
                    f"GPTs are GPTs (2023): of the tasks of {f.title}, {rated} are exposed to "
                    f"language models. It is {side} than ReelShift's {ours:.0%} of your week "
                    "exposed "
                    "today because it rates every task of the whole occupation for what a "
                    "language model could speed up, without weighting tasks by time or by who "
                    "signs the work off.",
                    f.sources[0],
                )
            )
        elif f.index == "microsoft-applicability":
            out.append(
                Published(
                    f"Microsoft's AI applicability (2025): {f.value:.2f} on a 0–1 scale for "
                    f"{f.title}. It measures what people already did with a chat assistant (Bing "
                    "Copilot, 2024), not what image, video and sound tools can do, so it follows "
                    "text and office work more than hands-on picture and sound work.",
                    f.sources[0],
                )
            )
        elif f.index == "aioe":
            out.append(
                Published(
                    f"AI Occupational Exposure (Felten, Raj and Seamans): {f.value:+.2f} for "
                    f"{f.title}, where 0 is the average occupation. A ranking of how far the "
                    "occupation's abilities overlap with AI applications of the late 2010s, "
                    "not a share of anyone's work.",
                    f.sources[0],
                )
            )
        elif f.index == "meritforge-2026":
            out.append(
                Published(
                    f"MeritForge AI Career Threat Index 2026.3: {f.value:.0f} out of 100 for its "
                    f"role {f.title}. A peer's score from its own rubric (task automation, tool "
                    "maturity, adoption), not a share of working time.",
                    f.sources[0],
                )
            )
    return out


def published_brief(a: Analysis) -> str:
    """The published figures in one line, for the one-screen summary."""
    parts = []
    for f in a.market.published:
        if f.index == "gpts-gpt4-beta":
            parts.append(f"GPTs are GPTs {f.value:.0%} of tasks (GPT-4)")
        elif f.index == "gpts-human-beta":
            parts.append(f"{f.value:.0%} (human raters)")
        elif f.index == "microsoft-applicability":
            parts.append(f"Microsoft applicability {f.value:.2f} of 1")
        elif f.index == "aioe":
            parts.append(f"AIOE {f.value:+.2f} (0 = average)")
        elif f.index == "meritforge-2026":
            parts.append(f"MeritForge {f.value:.0f}/100")
    if not parts:
        return ""
    return (
        "Others' figures for your occupation, each a different measure: "
        + ", ".join(parts)
        + " (why they differ: --full)."
    )
