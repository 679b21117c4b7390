"""Shared fixtures: tiny made-up packs written to a temporary directory."""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

# Tests never write to the user's own cache folder.
os.environ["REELSHIFT_CACHE_DIR"] = tempfile.mkdtemp(prefix="reelshift-test-cache-")

TINY: dict[str, Any] = {
    "pack.yaml": {"name": "tiny", "version": "0.0.1", "as_of": "2026-01-01"},
    "departments.yaml": [{"id": "post", "name": "Post"}],
    "skills/s.yaml": [
        {"id": "cutting", "name": "Cutting", "kind": "craft", "learn_months": 12},
        {"id": "talking", "name": "Talking to people", "kind": "human", "learn_months": 24},
        {"id": "prompting", "name": "Prompting", "kind": "ai", "learn_months": 3},
    ],
    "sources/s.yaml": [
        {"id": "SRC-A", "title": "Source A", "url": "https://example.org/a", "confidence": "high"},
        {"id": "SRC-B", "title": "Source B", "url": "https://example.org/b"},
    ],
    "capabilities/c.yaml": [
        {
            "id": "auto-cut",
            "name": "Automatic cutting",
            "description": "Cuts footage by itself.",
            "timeline": [
                {
                    "level": "demo",
                    "date": "2022",
                    "evidence": "A demo was shown.",
                    "sources": ["SRC-A"],
                },
                {
                    "level": "production",
                    "date": "2024-06",
                    "evidence": "Used on paid work.",
                    "tools": ["cutter"],
                    "sources": ["SRC-A"],
                },
            ],
        }
    ],
    "tools/t.yaml": [
        {
            "id": "cutter",
            "name": "Cutter",
            "vendor": "Acme",
            "released": "2024-06-01",
            "capabilities": ["auto-cut"],
            "price_tier": "subscription",
            "description": "Cuts things for you.",
            "sources": ["SRC-A"],
            "availability": "public",
            "status": {"state": "active"},
            "version": "Cutter 3",
            "runs_in": "standalone",
        },
        {
            "id": "old-splicer",
            "name": "Old Splicer",
            "vendor": "Acme",
            "released": "2019",
            "capabilities": ["auto-cut"],
            "price_tier": "one-off",
            "description": "An older cutting app, no longer sold.",
            "sources": ["SRC-A"],
            "availability": "public",
            "status": {"state": "discontinued", "since": "2025-03", "sources": ["SRC-A"]},
            "runs_in": "standalone",
        },
        {
            "id": "house-cutbot",
            "name": "House Cutbot",
            "vendor": "Bigstudio",
            "released": "2023",
            "capabilities": ["auto-cut"],
            "price_tier": "enterprise",
            "description": "A studio's own cutting system.",
            "sources": ["SRC-B"],
            "availability": "in-house",
            "status": {"state": "active"},
            "runs_in": "standalone",
        },
        {
            "id": "stand-in-voice",
            "name": "Stand-in Voice",
            "vendor": "Voiceco",
            "released": "2025",
            "capabilities": ["auto-cut"],
            "price_tier": "freemium",
            "description": "Talks to the director in a generated voice.",
            "sources": ["SRC-B"],
            "availability": "public",
            "status": {"state": "active"},
            "runs_in": "web-service",
        },
    ],
    "roles/cutter-person.yaml": {
        "id": "cutter-person",
        "title": "Cutter person",
        "department": "post",
        "description": "Cuts footage into programmes for clients.",
        "aliases": ["cutter", "film cutter"],
        "soc": {"codes": ["27-4032.00"]},
        "seniority": ["junior", "senior"],
        "sources": ["SRC-B"],
        "tools_note": "A made-up craft: one public tool is enough for the tests.",
        "headcount": {
            "us_estimate": [900, 1500],
            "basis": "A made-up estimate for the tests: no occupation is split, so no share.",
            "sources": ["SRC-B"],
        },
        "tasks": [
            {
                "id": "cut",
                "statement": "Cut the footage into a first assembly.",
                "share": {"junior": 0.8, "senior": 0.3},
                "capabilities": [{"id": "auto-cut", "weight": 0.8}],
                "human": {"judgement": 0.2},
                "human_core": "Choosing the performance.",
                "skills": ["cutting"],
                "sources": ["SRC-A"],
                "tools": [
                    {
                        "tool": "cutter",
                        "feature": "Auto Assembly",
                        "effect": "assist",
                        "note": "Lays out a first assembly from the takes.",
                        "sources": ["SRC-A"],
                    },
                    {
                        "tool": "old-splicer",
                        "feature": "Splice Assist",
                        "effect": "assist",
                        "sources": ["SRC-A"],
                    },
                    {
                        "tool": "house-cutbot",
                        "feature": "Cutbot",
                        "effect": "assist",
                        "sources": ["SRC-B"],
                    },
                ],
            },
            {
                "id": "talk",
                "statement": "Talk the director through the cut and agree changes.",
                "share": {"junior": 0.2, "senior": 0.7},
                "human": {"interpersonal": 0.9, "presence": 0.5},
                "human_core": "Trust with the director.",
                "skills": ["talking"],
                "tools": [
                    {
                        "tool": "stand-in-voice",
                        "feature": "Voice Double",
                        "effect": "substitute",
                        "note": "Clients use it for temp reads.",
                        "sources": ["SRC-B"],
                    }
                ],
            },
        ],
    },
}


def write_pack(root: Path, files: dict[str, Any]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            continue
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tiny_files() -> dict[str, Any]:
    """A deep copy of the tiny pack's files, to modify before writing."""
    return copy.deepcopy(TINY)


@pytest.fixture
def career_files() -> dict[str, Any]:
    """A deep copy of TINY_CAREER (TINY plus a small career ladder), to modify before writing."""
    return copy.deepcopy(TINY_CAREER)


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    counter = iter(range(1000))

    def make(files: dict[str, Any]) -> Path:
        return write_pack(tmp_path / f"pack{next(counter)}", files)

    return make


def _role(
    rid: str, title: str, levels: list[str], tasks: list[dict[str, Any]], **extra: Any
) -> Any:
    return {
        "id": rid,
        "title": title,
        "department": "post",
        "description": f"{title}: a made-up role for career-path tests.",
        "soc": {"codes": ["27-4032.00"]},
        "seniority": levels,
        "tasks": tasks,
        # Crafts carry an estimated headcount (kb check); emerging and owner roles need none.
        **({} if extra.get("kind", "craft") != "craft" else {"headcount": _HEADCOUNT}),
        **extra,
    }


_HEADCOUNT = {
    "us_estimate": [500, 800],
    "basis": "A made-up estimate for the career-path tests, with no occupation split.",
    "sources": ["SRC-A"],
}


def _task(tid: str, share: dict[str, float], skills: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "statement": f"Do the {tid} part of the work, properly.",
        "share": share,
        "human": extra.pop("human", {"judgement": 0.3}),
        "human_core": "Judging what the work needs.",
        "skills": skills,
        **extra,
    }


def _venture(suits: list[str]) -> dict[str, Any]:
    return {
        "business_model": "Sells finished work to clients by the project.",
        "startup_effort": {"level": "medium", "months": 9, "capital": "A room and a workstation"},
        "risks": ["Clients may not come.", "Rates may fall."],
        "suits": suits,
        "first_steps": ["Ask two past clients what they would buy.", "Price one package."],
    }


TINY_CAREER: dict[str, Any] = {
    **TINY,
    "pack.yaml": {
        **TINY["pack.yaml"],
        "model": {
            "readiness": {
                "research": 0.05,
                "demo": 0.15,
                "prosumer": 0.4,
                "production": 0.7,
                "commodity": 0.9,
            },
            "readiness_reasoning": "Made up for tests.",
            "years_per_level": {"slow": 8.0, "expected": 3.0, "fast": 1.75},
            "years_per_level_reasoning": "Made up for tests.",
            "pay_by_level": {"junior": 0.7, "mid": 1.0, "senior": 1.4, "head": 1.9},
            "pay_by_level_reasoning": "Made up for tests.",
        },
    },
    "skills/career.yaml": [
        {"id": "grading", "name": "Grading", "kind": "craft", "learn_months": 36},
        {"id": "budgeting", "name": "Budgeting", "kind": "business", "learn_months": 18},
        {"id": "pipeline", "name": "Pipeline", "kind": "technical", "learn_months": 4},
    ],
    "roles/assistant-cutter.yaml": _role(
        "assistant-cutter",
        "Assistant cutter",
        ["junior", "mid"],
        [
            _task(
                "log",
                {"junior": 0.7, "mid": 0.5},
                ["cutting", "pipeline"],
                capabilities=[{"id": "auto-cut", "weight": 0.9}],
                human={"judgement": 0.1},
            ),
            _task("sync", {"junior": 0.3, "mid": 0.5}, ["cutting"]),
        ],
    ),
    "roles/cutting-supervisor.yaml": _role(
        "cutting-supervisor",
        "Cutting supervisor",
        ["senior", "head"],
        [
            _task("supervise", {"senior": 0.5, "head": 0.7}, ["cutting", "budgeting", "talking"]),
            _task("review", {"senior": 0.5, "head": 0.3}, ["cutting", "pipeline"]),
        ],
    ),
    "roles/colour-person.yaml": _role(
        "colour-person",
        "Colour person",
        ["junior", "mid", "senior"],
        [
            _task("grade", {"junior": 0.8, "mid": 0.7, "senior": 0.6}, ["grading"]),
            _task("chat", {"junior": 0.2, "mid": 0.3, "senior": 0.4}, ["talking"]),
        ],
    ),
    "roles/ai-look-wrangler.yaml": _role(
        "ai-look-wrangler",
        "AI look wrangler",
        ["mid"],
        [
            _task("wrangle", {"mid": 0.6}, ["prompting", "grading"]),
            _task("match", {"mid": 0.4}, ["grading"]),
        ],
        kind="emerging",
    ),
    "roles/ai-chatter.yaml": _role(
        "ai-chatter",
        "AI chatter",
        ["mid"],
        [_task("chatter", {"mid": 1.0}, ["prompting", "talking"])],
        kind="emerging",
    ),
    "roles/cut-shop.yaml": _role(
        "cut-shop",
        "Cutting shop",
        ["senior"],
        [_task("sell", {"senior": 1.0}, ["cutting", "budgeting"])],
        kind="owner",
        venture=_venture(["cutter-person", "assistant-cutter"]),
    ),
    "roles/kit-rental.yaml": _role(
        "kit-rental",
        "Kit rental",
        ["senior"],
        [_task("rent", {"senior": 1.0}, ["cutting", "budgeting"])],
        kind="owner",
        venture=_venture(["colour-person"]),
    ),
    "ladders/post.yaml": [
        {
            "id": "post-ladder",
            "department": "post",
            "name": "Cutting room",
            "edges": [
                {
                    "from": "assistant-cutter",
                    "to": "cutter-person",
                    "kind": "up",
                    "years": [2, 4],
                    "sources": ["SRC-A"],
                },
                {
                    "from": "cutter-person@junior",
                    "to": "cutter-person@senior",
                    "kind": "up",
                    "years": [3, 6],
                    "sources": ["SRC-A"],
                },
                {
                    "from": "cutter-person",
                    "to": "cutting-supervisor",
                    "kind": "up",
                    "years": [5, 10],
                    "sources": ["SRC-B"],
                },
                {
                    "from": "cutter-person",
                    "to": "colour-person",
                    "kind": "lateral",
                    "years": [2, 5],
                    "judgement": "Cutters who grade their own cuts move across.",
                },
            ],
        }
    ],
}
"""TINY plus a small career ladder: assistant cutter → cutter → cutting supervisor, a sideways
move to colour, two AI-era roles (one a colour person has a bridge to, one sharing only a human
skill), and two owner pivots (one that grows out of cutting, one that does not)."""
