"""The public surface and the one-way flow of data between stages."""

from __future__ import annotations

import ast
from pathlib import Path

import reelshift

SRC = Path(reelshift.__file__).parent


def test_all_is_sorted_and_complete() -> None:
    assert reelshift.__all__ == sorted(reelshift.__all__)
    for name in reelshift.__all__:
        assert hasattr(reelshift, name)


# Each stage may import only earlier stages (plus models, kb and errors).
STAGES = ["matching", "exposure", "advice", "paths", "market", "plan", "report", "render"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("reelshift.")
        ):
            names.add(node.module.split(".")[1])
    return names


def test_data_flows_one_way() -> None:
    for i, stage in enumerate(STAGES):
        target = SRC / stage
        files = list(target.rglob("*.py")) if target.is_dir() else [SRC / f"{stage}.py"]
        later = set(STAGES[i + 1 :]) | {"api", "cli", "web", "batch"}
        for f in files:
            bad = _imports(f) & later
            assert not bad, f"{f.relative_to(SRC)} imports later stage(s) {bad}"


def test_import_is_light() -> None:
    import subprocess
    import sys

    heavy = "('typer', 'rich', 'jinja2')"
    code = f"import sys, reelshift; print(','.join(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_package_docstring_example_runs() -> None:
    import doctest

    result = doctest.testmod(reelshift, verbose=False)
    assert result.attempted >= 3 and result.failed == 0
