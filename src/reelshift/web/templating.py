"""Jinja environment of the web app: autoescaped, with static URLs that carry a content hash."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, get_args

import jinja2
from markupsafe import Markup

from reelshift.kb.schema import Seniority
from reelshift.models import Employment, Goal, Sector, TaskResult
from reelshift.plan import short_task
from reelshift.render.summary import glossary, published_for, summarize
from reelshift.web import charts

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# Labels for the model's own choices; the values come from the model, so a choice added there
# without a label here fails at import, not on a page.
_SENIORITY_LABELS = {
    "junior": "Junior",
    "mid": "Mid-level",
    "senior": "Senior",
    "head": "Head of department",
}
_EMPLOYMENT_LABELS = {"freelance": "Freelance", "staff": "Staff", "owner": "Own business"}
_SECTOR_LABELS = {
    "features": "Feature films",
    "episodic": "Episodic TV and streaming",
    "commercials": "Commercials",
    "music-video": "Music videos",
    "documentary": "Documentary",
    "animation": "Animation",
    "games": "Games",
    "corporate-social": "Corporate and social",
}
_GOAL_LABELS = {
    "stay": "Stay and grow in my craft",
    "move-up": "Move up",
    "move-sideways": "Move sideways",
    "build-business": "Build a business of my own",
}
_SCENARIO_LABELS = {"expected": "Expected", "slow": "Slow", "fast": "Fast"}

SENIORITIES = [(s.value, _SENIORITY_LABELS[s.value]) for s in Seniority]
EMPLOYMENTS = [(v, _EMPLOYMENT_LABELS[v]) for v in get_args(Employment)]
SECTORS = [(v, _SECTOR_LABELS[v]) for v in get_args(Sector)]
GOALS = [(v, _GOAL_LABELS[v]) for v in get_args(Goal)]
# Expected first: it is the default a person sees.
SCENARIOS = [(v, _SCENARIO_LABELS[v]) for v in ("expected", "slow", "fast")]
CATEGORIES = [
    ("high_risk", "High risk of disruption"),
    ("adaptive", "Adaptive transformation"),
    ("resilient", "Resilient"),
]
HORIZON_LABELS = {
    "now": "Exposed now",
    "2y": "Within 2 years",
    "5y": "Within 5 years",
    "later": "Later",
}
PATH_KINDS = {
    "deepen": "Next level of your craft",
    "broaden": "Broaden your work",
    "adjacent": "Adjacent role",
    "emerging": "AI-era role",
    "owner": "Your own business",
}


def _static_hashes() -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
        for p in STATIC.iterdir()
        if p.is_file()
    }


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _signed_pct(x: float) -> str:
    text = f"{x:+.0%}"
    return "±0%" if text in ("+0%", "-0%") else text.replace("-", "−")


def _hours(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x else "0"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _task_label(tid: str, by_id: dict[str, TaskResult]) -> str:
    """A task's short name: its first clause, never cut mid-sentence."""
    task = by_id.get(tid)
    if task is None:
        return tid.split(":", 1)[-1].replace("-", " ")
    return short_task(task.statement).strip("“”")


def _taskbar(t: TaskResult) -> Markup:
    return charts.task_bar(t.automation.in_5y, t.augmentation.in_5y)


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    hashes = _static_hashes()

    def static(name: str) -> str:
        return f"/static/{name}?v={hashes.get(name, '0')}"

    env.globals.update(
        static=static,
        seniorities=SENIORITIES,
        employments=EMPLOYMENTS,
        sectors=SECTORS,
        goals=GOALS,
        scenarios=SCENARIOS,
        categories=CATEGORIES,
        horizon_labels=HORIZON_LABELS,
        path_kinds=PATH_KINDS,
        goal_labels=dict(GOALS),
        summarize=summarize,
        glossary=glossary,
        published_for=published_for,
    )
    env.filters.update(
        pct=_pct,
        signed_pct=_signed_pct,
        hours=_hours,
        slug=_slug,
        task_label=_task_label,
        taskbar=_taskbar,
    )
    return env


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    return env.get_template(name).render(context)
