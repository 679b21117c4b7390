"""Generated documentation stays in step with the pack and the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelshift.industry import roles_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_roles_doc_is_current() -> None:
    path = DOCS / "roles.md"
    if not path.exists():
        pytest.skip("docs/roles.md is not in this checkout")
    assert path.read_text(encoding="utf-8").rstrip() == roles_markdown().rstrip(), (
        "docs/roles.md is stale: run `reelshift kb doc --out docs/roles.md`"
    )


def test_method_doc_states_the_thresholds_in_code() -> None:
    from reelshift import exposure

    text = (DOCS / "method.md").read_text(encoding="utf-8")
    assert f"A(+5y) ≥ {exposure.HIGH_RISK_AUTOMATION:.2f}" in text
    assert f"A(+5y) ≥ {exposure.ADAPTIVE_AUTOMATION:.2f}" in text
    assert f"E(+5y) ≥ {exposure.ADAPTIVE_EXPOSURE:.2f}" in text


def test_published_schema_is_current() -> None:
    import json

    from reelshift.models import Analysis

    published = json.loads((DOCS / "analysis.schema.json").read_text(encoding="utf-8"))
    assert published == Analysis.model_json_schema(), (
        "docs/analysis.schema.json is stale: run `reelshift schema > docs/analysis.schema.json`"
    )


def test_advice_doc_is_current() -> None:
    from reelshift.advice import advice_markdown
    from reelshift.kb.loader import builtin_pack

    path = DOCS / "advice.md"
    assert path.read_text(encoding="utf-8").rstrip() == advice_markdown(builtin_pack()).rstrip(), (
        "docs/advice.md is stale: run `reelshift kb advice --out docs/advice.md`"
    )
