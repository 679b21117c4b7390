"""The built-in pack's compiled form: fresh, and loading through it changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reelshift.kb import loader


def test_compiled_pack_is_fresh() -> None:
    if not loader.COMPILED.is_file():
        pytest.fail("kb/data/compiled.json is missing: run `reelshift kb compile`")
    assert loader._compiled(loader.BUILTIN_DIR) is not None, (
        "kb/data/compiled.json is stale: run `reelshift kb compile`"
    )


def test_compiled_and_yaml_loads_are_identical(tmp_path: Path) -> None:
    fast = loader.load_pack(cache=False)
    # A copy of the YAML outside the package is never read through compiled.json.
    copy = tmp_path / "data"
    shutil.copytree(loader.BUILTIN_DIR, copy, ignore=shutil.ignore_patterns("compiled.json"))
    slow = loader.load_pack([copy], include_builtin=False, cache=False)
    assert fast.meta == slow.meta
    for section in ("roles", "capabilities", "tools", "sources", "skills", "occupations", "guilds"):
        assert getattr(fast, section) == getattr(slow, section), section


def test_stale_compiled_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "compiled.json"
    stale.write_text('{"digest": "0", "files": {"skills/core.yaml": []}}', encoding="utf-8")
    monkeypatch.setattr(loader, "COMPILED", stale)
    assert loader._compiled(loader.BUILTIN_DIR) is None
    assert loader.load_pack(cache=False).skills, "skills still come from the YAML"
