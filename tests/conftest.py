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
        }
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
            },
            {
                "id": "talk",
                "statement": "Talk the director through the cut and agree changes.",
                "share": {"junior": 0.2, "senior": 0.7},
                "human": {"interpersonal": 0.9, "presence": 0.5},
                "human_core": "Trust with the director.",
                "skills": ["talking"],
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
def make_pack(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    counter = iter(range(1000))

    def make(files: dict[str, Any]) -> Path:
        return write_pack(tmp_path / f"pack{next(counter)}", files)

    return make
