"""Career paths against real and absurd career moves.

Run:  python benchmarks/career_eval.py [--write]

Reads benchmarks/data/career_moves.tsv (tab-separated, header row: from_role, from_level,
to_role, to_level, label, source, note). ``label`` is ``real`` (a real film/TV career move, with
its source) or ``absurd`` (a move a professional would call absurd or a step down, with the
reasoning). For each row, the paths a person doing ``from_role`` at ``from_level`` (or the role's
default level) is shown, with no goal or employment given, are ranked exactly as in an analysis;
a move is in the top 5 when one of the first five paths leads to ``to_role`` (and, for a move
within one role, to ``to_level``).

Reported: recall@5 of the real moves (target ≥ 0.8) and the absurd moves that appear in a top 5
(target: none). ``--write`` updates the career section of docs/validation.md.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "career_moves.tsv"
K = 5
RECALL_TARGET = 0.8
COLUMNS = ("from_role", "from_level", "to_role", "to_level", "label", "source", "note")


@dataclass(frozen=True)
class CareerMove:
    from_role: str
    from_level: str
    to_role: str
    to_level: str
    label: str
    source: str
    note: str


@dataclass
class Result:
    real: list[tuple[CareerMove, int | None]] = field(default_factory=list)
    absurd: list[tuple[CareerMove, int | None]] = field(default_factory=list)
    skipped: list[tuple[CareerMove, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        hits = sum(rank is not None and rank < K for _, rank in self.real)
        return hits / len(self.real) if self.real else float("nan")

    @property
    def absurd_shown(self) -> list[tuple[CareerMove, int]]:
        return [(m, rank) for m, rank in self.absurd if rank is not None and rank < K]


def read_moves(path: Path = DATA) -> list[CareerMove]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        CareerMove(*((row.get(c) or "").strip() for c in COLUMNS))
        for row in rows
        if (row.get("from_role") or "").strip() and not row["from_role"].startswith("#")
    ]


def ranked_for(pack: Any, model: Any) -> Callable[[str, str], list[tuple[str, str]]]:
    """(role, level) -> the (target, level) of every path shown, in order, as in an analysis."""
    from reelshift.api import resolve
    from reelshift.models import Profile
    from reelshift.paths import rank_paths

    cache: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def ranked(role: str, level: str) -> list[tuple[str, str]]:
        key = (role, level)
        if key not in cache:
            profile: dict[str, Any] = {"roles": [role]}
            if level:
                profile["seniority"] = level
            rp = resolve(pack, Profile.model_validate(profile))
            fig = model.person(rp.mix.rows, rp.mix.shares)
            paths = rank_paths(
                pack, model, [(r, lv) for r, lv, _ in rp.roles], rp.mix, fig, "expected"
            )
            cache[key] = [(p.target, p.level.value if p.level else "") for p in paths]
        return cache[key]

    return ranked


def position(move: CareerMove, ranked: list[tuple[str, str]]) -> int | None:
    """Where the move first appears among the ranked paths (0-based), or None."""
    for i, (target, level) in enumerate(ranked):
        if target != move.to_role:
            continue
        if move.to_role == move.from_role and move.to_level and level != move.to_level:
            continue  # a move within one role is a move to a level
        return i
    return None


def evaluate(moves: list[CareerMove], pack: Any = None) -> Result:
    from reelshift import builtin_pack
    from reelshift.exposure import model_for

    pack = pack or builtin_pack()
    ranked = ranked_for(pack, model_for(pack))
    levels = {"", "junior", "mid", "senior", "head"}
    result = Result()
    for move in moves:
        if move.label not in ("real", "absurd"):
            result.skipped.append((move, f"label {move.label!r}"))
            continue
        unknown = [r for r in (move.from_role, move.to_role) if r not in pack.roles]
        if unknown or move.from_level not in levels or move.to_level not in levels:
            result.skipped.append((move, f"not in the pack: {', '.join(unknown) or 'level'}"))
            continue
        rank = position(move, ranked(move.from_role, move.from_level))
        (result.real if move.label == "real" else result.absurd).append((move, rank))
    return result


def _node(role: str, level: str) -> str:
    return f"{role}@{level}" if level else role


def report(result: Result) -> list[str]:
    hits = sum(rank is not None and rank < K for _, rank in result.real)
    shown = result.absurd_shown
    lines = [
        f"{len(result.real)} real and {len(result.absurd)} absurd moves from "
        f"`benchmarks/data/career_moves.tsv` ({len(result.skipped)} skipped: a role or level "
        "not in the pack). Paths ranked as in an analysis of the `from` role at the `from` "
        "level, with no goal or employment given.",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| recall@{K} of real moves | {result.recall:.2f} ({hits}/{len(result.real)}) | "
        f"≥ {RECALL_TARGET:.1f} |",
        f"| absurd moves in a top {K} | {len(shown)} of {len(result.absurd)} | 0 |",
    ]
    missed = [(m, r) for m, r in result.real if r is None or r >= K]
    if missed:
        lines += ["", f"Real moves outside the top {K} (rank, or — when not shown at all):", ""]
        lines += [
            f"- {_node(m.from_role, m.from_level)} → {_node(m.to_role, m.to_level)}: "
            f"{'—' if r is None else r + 1}"
            for m, r in missed
        ]
    if shown:
        lines += ["", f"Absurd moves inside a top {K}:", ""]
        lines += [
            f"- {_node(m.from_role, m.from_level)} → {_node(m.to_role, m.to_level)}: rank {r + 1}"
            for m, r in shown
        ]
    if result.skipped:
        lines += [
            "",
            "Skipped: "
            + "; ".join(
                f"{_node(m.from_role, m.from_level)} → {_node(m.to_role, m.to_level)} ({why})"
                for m, why in result.skipped
            )
            + ".",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update docs/validation.md")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"skipped: the evaluation set is missing ({DATA})")
        return
    lines = report(evaluate(read_moves()))
    body = "\n".join(lines)
    print(body)
    if args.write:
        command = "python benchmarks/career_eval.py --write"
        write_section(ROOT / "docs" / "validation.md", "career", body, command)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
