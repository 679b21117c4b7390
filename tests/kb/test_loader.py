"""Loading packs: layering and the parsed-pack cache."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from reelshift.kb.loader import load_pack


def test_cache_is_used_and_invalidated(
    make_pack: Any, tiny_files: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REELSHIFT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_pack(tiny_files)
    first = load_pack([root], include_builtin=False)
    cached = list((tmp_path / "cache" / "reelshift").glob("pack-*.pickle"))
    assert len(cached) == 1
    again = load_pack([root], include_builtin=False)
    assert again.tools.keys() == first.tools.keys()

    # Editing a file changes the fingerprint: the edit is seen, not the stale cache.
    tools = tiny_files["tools/t.yaml"]
    tools[0]["name"] = "Cutter Pro"
    path = root / "tools" / "t.yaml"
    path.write_text(yaml.safe_dump(tools))
    later = time.time() + 5
    os.utime(path, (later, later))
    assert load_pack([root], include_builtin=False).tools["cutter"].name == "Cutter Pro"


def test_damaged_cache_is_ignored(
    make_pack: Any, tiny_files: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REELSHIFT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_pack(tiny_files)
    load_pack([root], include_builtin=False)
    for f in (tmp_path / "cache" / "reelshift").glob("pack-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert "cutter" in load_pack([root], include_builtin=False).tools


def test_no_cache_setting(
    make_pack: Any, tiny_files: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REELSHIFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REELSHIFT_NO_CACHE", "1")
    load_pack([make_pack(tiny_files)], include_builtin=False)
    assert not (tmp_path / "cache").exists()


def test_missing_directory_is_a_pack_error(tmp_path: Path) -> None:
    from reelshift.errors import PackError

    with pytest.raises(PackError, match="pack directory not found"):
        load_pack([tmp_path / "nope"])
