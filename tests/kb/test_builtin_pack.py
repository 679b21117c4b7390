"""The built-in pack: sound, complete enough, every fact sourced."""

from __future__ import annotations

from reelshift.kb.loader import builtin_pack
from reelshift.kb.schema import LEVEL_ORDER
from reelshift.kb.validate import check_pack


def test_builtin_pack_passes_every_check() -> None:
    problems = check_pack(builtin_pack())
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_minimum_content() -> None:
    pack = builtin_pack()
    assert len(pack.capabilities) >= 15
    assert len(pack.tools) >= 25
    for role in pack.roles.values():
        # Owner pivots describe a business built on a craft's tasks; crafts need the full picture.
        assert len(role.tasks) >= (5 if role.kind == "owner" else 8), role.id
        assert role.aliases, role.id
        for task in role.tasks:
            assert task.human_core and task.skills


def test_every_capability_has_dated_sourced_points() -> None:
    pack = builtin_pack()
    for cap in pack.capabilities.values():
        assert cap.timeline and all(p.sources for p in cap.timeline), cap.id
        levels = [LEVEL_ORDER.index(p.level) for p in cap.timeline]
        assert levels == sorted(levels), cap.id


def test_judgement_settings_carry_reasoning() -> None:
    meta = builtin_pack().meta
    assert meta.model is not None
    assert len(meta.model.readiness_reasoning) > 100
    assert len(meta.model.years_per_level_reasoning) > 100
