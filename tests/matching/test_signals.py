"""Each ranking signal on its own, and the decision to abstain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reelshift.kb.loader import KnowledgePack, load_pack
from reelshift.matching import match_text
from reelshift.matching.bm25 import BM25
from reelshift.matching.index import get_index
from reelshift.matching.rank import CONFIDENT_SCORE, is_typo


def test_bm25_ranks_the_document_with_the_rare_word() -> None:
    bm = BM25([["boom", "operator"], ["camera", "operator"], ["camera", "assistant", "focus"]])
    s = bm.scores(["boom", "operator"])
    assert s.argmax() == 0 and s[0] > s[1] > 0 == s[2]
    assert np.all((s >= 0) & (s <= 1))


def test_bm25_word_no_document_has_lowers_every_score() -> None:
    bm = BM25([["boom", "operator"], ["camera", "operator"]])
    assert bm.scores(["boom", "dental"])[0] < bm.scores(["boom"])[0]
    assert not bm.scores([]).any()


@pytest.mark.parametrize(
    ("typo", "word", "expected"),
    [
        ("colorsit", "colorist", True),  # swap
        ("gafer", "gaffer", True),  # missing letter
        ("gripp", "grip", True),  # doubled letter
        ("directer", "director", True),  # vowel for vowel
        ("compsoitor", "compositor", True),
        ("waiter", "writer", False),  # a real word one unrelated letter away
        ("editor", "editor", False),
        ("cat", "chart", False),
    ],
)
def test_typo_model(typo: str, word: str, expected: bool) -> None:
    assert is_typo(typo, word) is expected


def _tiny(
    make_pack: Callable[[dict[str, Any]], Path],
    tiny_files: dict[str, Any],
    same_work: bool = False,
) -> KnowledgePack:
    """Two roles sharing the alias 'cutter'. With ``same_work`` they have the same tasks in the
    same department (an analysis of either says the same); otherwise the second is in another
    department."""
    if not same_work:
        tiny_files["departments.yaml"] = [
            *tiny_files["departments.yaml"],
            {"id": "sound", "name": "Sound"},
        ]
    tiny_files["roles/sound-person.yaml"] = {
        **tiny_files["roles/cutter-person.yaml"],
        "id": "sound-person",
        "title": "Sound person",
        "description": "Records the sound on location and mixes it for the programme.",
        "aliases": ["sound recordist", "location mixer", "cutter"],
        "ambiguous_aliases": ["cutter"],
        **({} if same_work else {"department": "sound"}),
    }
    return load_pack([make_pack(tiny_files)], include_builtin=False)


def test_shared_alias_of_roles_with_the_same_analysis_is_analysed(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    """A near-tie that does not matter is not asked about: the other role is named as close."""
    pack = _tiny(make_pack, tiny_files, same_work=True)
    shared = match_text(pack, "cutter")
    assert shared.status == "confident" and len(shared.mix) == 1
    assert "also close: sound person" in shared.understood.casefold()


def test_exact_alias_is_confident_and_shared_alias_is_ambiguous(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    pack = _tiny(make_pack, tiny_files)
    found = match_text(pack, "Film Cutter")
    assert found.status == "confident" and found.candidates[0].role == "cutter-person"
    assert found.candidates[0].signals["name"] == 1.0
    assert "known title" in found.candidates[0].why
    shared = match_text(pack, "cutter")
    assert shared.status == "ambiguous"
    assert {c.role for c in shared.candidates} == {"cutter-person", "sound-person"}


def test_fuzzy_name_signal_reads_typos(pack: KnowledgePack) -> None:
    found = match_text(pack, "colorsit")
    assert found.candidates[0].role == "colorist"
    assert "read 'colorsit' as 'colorist'" in found.candidates[0].why


def test_lexical_signal_reads_task_descriptions(no_model: KnowledgePack) -> None:
    found = match_text(no_model, "I pull focus and keep the shot sharp on features")
    assert not found.semantic
    assert found.candidates[0].role == "first-assistant-camera"
    assert found.candidates[0].signals["lexical"] > 0.2


def test_semantic_signal_is_present_and_favours_the_right_role(pack: KnowledgePack) -> None:
    found = match_text(pack, "colour grader")
    assert found.semantic
    top = found.candidates[0]
    assert top.role == "colorist" and top.signals["semantic"] > 0.5


def test_index_is_built_once_and_cached_on_the_pack(pack: KnowledgePack) -> None:
    first = get_index(pack)
    match_text(pack, "gaffer")
    assert get_index(pack) is first and pack.derived["match_index"] is first
    assert len(first.role_ids) == len(pack.roles)


def test_partial_title_is_never_confident(pack: KnowledgePack) -> None:
    """'graphic designer' is only part of 'motion graphics designer': ask, do not assume."""
    found = match_text(pack, "graphic designer")
    assert found.status != "confident"


@pytest.mark.parametrize(
    "title",
    ["dental hygienist", "software engineer", "funeral director", "registered nurse", "plumber"],
)
def test_non_film_titles_are_unknown_with_closest_crafts(pack: KnowledgePack, title: str) -> None:
    found = match_text(pack, title)
    assert found.status == "unknown"
    assert found.candidates and all(c.score < CONFIDENT_SCORE * 100 for c in found.candidates)
    # Said plainly: outside film and video, not "pick the closest film role".
    assert found.reason == "outside-film"
    assert any("outside film and video" in n for n in found.notes)


def test_without_the_model_matching_still_works_and_says_so(no_model: KnowledgePack) -> None:
    found = match_text(no_model, "DI colourist, mostly commercials")
    assert found.status == "confident" and found.candidates[0].role == "colorist"
    assert not found.semantic
    assert "semantic" not in found.candidates[0].signals
    assert "REELSHIFT_SEMANTIC=off" in found.candidates[0].why
    assert any("switched off" in n for n in found.notes)


def test_a_setting_outside_film_is_never_confident() -> None:
    import reelshift

    outside = reelshift.match("hairdresser in a salon")
    assert outside.status != "confident"
    assert any("outside film and video" in n for n in outside.notes)
    inside = reelshift.match("hair stylist on film sets")
    assert inside.status == "confident" and inside.candidates[0].role == "hair-stylist"
