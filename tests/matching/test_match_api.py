"""``reelshift.match``: the result model, what is extracted, odd input, and ``analyze``."""

from __future__ import annotations

import pytest

import reelshift
from reelshift import AmbiguousRoleError, MatchResult, UnknownRoleError, analyze
from reelshift.errors import OutsideFilmError
from reelshift.kb.loader import KnowledgePack


def test_match_returns_the_result_model() -> None:
    found = reelshift.match("DI colourist, mostly commercials")
    assert isinstance(found, MatchResult)
    assert found.status == "confident"
    top = found.candidates[0]
    assert (top.role, top.soc) == ("colorist", ["27-4032.00"])
    assert 0 <= top.score <= 100 and top.why and top.title
    assert found.sector == "commercials" and found.title == "di colorist"
    again = MatchResult.model_validate_json(found.model_dump_json())
    assert again == found


def test_extracts_level_employment_sector_tools_and_tasks(pack: KnowledgePack) -> None:
    found = reelshift.match(
        "Senior freelance colourist on features; shot matching, client sessions; "
        "I use Resolve and Midjourney",
        pack=pack,
    )
    assert found.candidates[0].role == "colorist"
    assert found.seniority is not None and found.seniority.value == "senior"
    assert (found.employment, found.sector) == ("freelance", "features")
    named = {t.text: t.tools for t in found.tools}
    assert "midjourney" in named and all(t.startswith("midjourney") for t in named["midjourney"])
    assert any(t.startswith("resolve-") for t in named["resolve"])
    matched = {t.text: t.task for t in found.tasks}
    assert matched["shot matching"] == "colorist:balance-match"
    assert matched["client sessions"] == "colorist:attended-sessions"
    assert all(t.statement for t in found.tasks if t.task)


def test_task_line_that_matches_nothing_is_listed_without_a_task() -> None:
    found = reelshift.match("gaffer, qqq zzz xxyy")
    assert found.candidates[0].role == "gaffer"
    assert [(t.text, t.task) for t in found.tasks] == [("qqq zzz xxyy", None)]


def test_ambiguous_lists_the_roles_to_choose_from() -> None:
    found = reelshift.match("subtitler")
    assert found.status == "ambiguous"
    assert {"captioner", "subtitle-translator"} <= {c.role for c in found.candidates}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x1b[31m\x07",
        "🎬🎥🎞️",
        "映画の編集者",
        "مونتير أفلام",
        "colourist " * 1200,  # about 10 kB
        "a" * 10_000,
        "<script>alert(1)</script> editor",
        "'; DROP TABLE roles; --",
    ],
)
def test_odd_input_gives_a_result_never_a_crash(text: str) -> None:
    found = reelshift.match(text)
    assert found.status in ("confident", "ambiguous", "unknown")
    assert all(ch.isprintable() or ch in "\n\t" for ch in found.query)
    dumped = found.model_dump_json()
    assert "\\u001b" not in dumped and "\\u0000" not in dumped
    if not text.strip() or not any(ch.isalnum() for ch in text):
        assert found.status == "unknown" and found.notes


def test_long_text_is_cut_and_says_so() -> None:
    found = reelshift.match("colourist " * 1200)
    assert found.candidates[0].role == "colorist"
    assert any("first" in n and "characters" in n for n in found.notes)


def test_control_characters_are_not_echoed() -> None:
    found = reelshift.match("boom op\x1b[2J\x07 on indie stuff")
    assert found.candidates[0].role == "boom-operator"
    assert "\x1b" not in found.query and "\x07" not in found.query


def test_analyze_uses_the_matcher() -> None:
    a = analyze({"title": "boom op on indie stuff"})
    assert a.roles[0].id == "boom-operator"
    with pytest.raises(AmbiguousRoleError) as amb:
        analyze({"title": "subtitler"})
    assert "subtitle-translator" in amb.value.choices
    with pytest.raises(UnknownRoleError) as unk:
        analyze({"title": "dental hygienist"})
    message = str(unk.value)
    # Outside film and video: said plainly, no film role offered as if it fitted.
    assert isinstance(unk.value, OutsideFilmError)
    assert "outside film and video" in message and "nearest crafts" not in message
    assert len(unk.value.choices) == 3
