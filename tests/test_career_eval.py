"""The built-in pack's career paths against the evaluation set of real and absurd moves
(benchmarks/data/career_moves.tsv, scored by benchmarks/career_eval.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _career_eval() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # the script imports its neighbour ``sections``
    try:
        spec = importlib.util.spec_from_file_location("career_eval", BENCH / "career_eval.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["career_eval"] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


ce = _career_eval()


@pytest.fixture(scope="module")
def result() -> object:
    if not ce.DATA.is_file():
        pytest.skip(f"the career evaluation set is missing: {ce.DATA}")
    return ce.evaluate(ce.read_moves())


def test_real_moves_are_in_the_top_five(result: object) -> None:
    assert len(result.real) >= 20, "too few real moves to measure"  # type: ignore[attr-defined]
    missed = [
        f"{m.from_role}@{m.from_level or '-'} -> {m.to_role}@{m.to_level or '-'}"
        for m, rank in result.real  # type: ignore[attr-defined]
        if rank is None or rank >= ce.K
    ]
    assert result.recall >= ce.RECALL_TARGET, missed  # type: ignore[attr-defined]


def test_no_absurd_move_in_a_top_five(result: object) -> None:
    assert result.absurd, "no absurd moves to check"  # type: ignore[attr-defined]
    shown = [
        f"{m.from_role}@{m.from_level or '-'} -> {m.to_role} (rank {rank + 1})"
        for m, rank in result.absurd_shown  # type: ignore[attr-defined]
    ]
    assert not shown, shown


def test_position_matches_levels_within_one_role() -> None:
    move = ce.CareerMove("colorist", "junior", "colorist", "mid", "real", "X", "")
    assert ce.position(move, [("editor", "mid"), ("colorist", "senior")]) is None
    assert ce.position(move, [("editor", "mid"), ("colorist", "mid")]) == 1
    cross = ce.CareerMove("editor", "mid", "director", "senior", "real", "X", "")
    assert ce.position(cross, [("director", "mid")]) == 0
