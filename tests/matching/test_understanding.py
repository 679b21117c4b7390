"""Issue 11: reading sentences, hybrids with shares, context kept, tools as evidence, and the
three honest outcomes when there is nothing to analyse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reelshift import analyze
from reelshift.errors import NotCoveredError, OutsideFilmError, UnreadableError
from reelshift.kb.loader import KnowledgePack
from reelshift.matching import match_text
from reelshift.matching.index import get_index
from reelshift.matching.normalize import fold
from reelshift.matching.rank import _agent_titles, _correct
from reelshift.matching.understand import level_from_text, parts, region_in, shares, years_in


@pytest.mark.parametrize(
    ("text", "years", "level"),
    [
        ("20 years in, still cutting docs", 20, "senior"),
        ("Key grip, 20+ years, features", 20, "senior"),
        ("I am working like editor since 10 years", 10, "senior"),
        ("Junior compositor, 2 years experience", 2, "mid"),
        ("just started as a runner in a post house", None, "junior"),
        ("fresh out of uni, nuke basics", None, "junior"),
        ("gaffer on features", None, None),
    ],
)
def test_level_from_years_and_starting_out(text: str, years: int | None, level: str | None) -> None:
    assert years_in(text) == years
    assert level_from_text(text) == level


def test_region_needs_in_before_ambiguous_short_forms() -> None:
    assert region_in(fold("colour grader in Auckland, mostly TVCs")) == "Auckland, New Zealand"
    assert region_in(fold("trailer editor at an agency in LA")) == "Los Angeles, US"
    assert region_in(fold("I shoot la la land style musicals")) is None  # 'la' is not LA here
    assert region_in(fold("give us a call")) is None


def test_parts_and_shares_follow_the_words() -> None:
    got = parts("mostly editing, sometimes colour grading")
    assert [(p.text, p.weight) for p in got] == [("editing", 2.0), ("colour grading", 0.5)]
    assert shares([p.weight for p in got], [p.explicit for p in got]) == [0.8, 0.2]
    got = parts("70% editing 30% motion graphics")
    assert shares([p.weight for p in got], [p.explicit for p in got]) == [0.7, 0.3]
    # later clauses that list tasks or tools are not crafts of their own
    assert [p.text for p in parts("Foley artist, feet and props, 10 years")] == ["Foley artist"]
    # what follows a preposition is the work's object
    assert [p.text for p in parts("I design sounds for films and trailers")] == ["I design sounds"]


def test_first_person_verbs_imply_titles(pack: KnowledgePack) -> None:
    index = get_index(pack)
    assert "trailers cutter" in _agent_titles(index, "i cut trailers", True)
    assert {"writer", "director"} <= set(_agent_titles(index, "i write and direct", True))
    assert "focus puller" in _agent_titles(index, "i pull focus", True)
    # everyday verbs whose -er noun is jargon for something else imply nothing
    assert _agent_titles(index, "i run the production office", True) == []


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I grade commercials and music videos in Resolve", "colorist"),
        ("I cut trailers", "trailer-editor"),
        ("I pull focus on features, sometimes second unit", "first-assistant-camera"),
        ("I swing a boom on indie features and the odd commercial", "boom-operator"),
        ("wedding videographer", "videographer"),  # a sector word does not push it out
    ],
)
def test_sentences_are_analysed_straight_away(pack: KnowledgePack, text: str, role: str) -> None:
    found = match_text(pack, text)
    assert found.status == "confident", found.candidates
    assert [m.role for m in found.mix] == [role]
    assert found.understood.startswith("Read as ") and found.understood.endswith("to change.")
    assert 0 < found.confidence <= 1


def test_understood_names_level_sector_tools_and_the_close_role(pack: KnowledgePack) -> None:
    found = match_text(pack, "I grade commercials and music videos in Resolve, 20 years in")
    assert found.understood.startswith(
        "Read as colourist (DI and grading), senior, commercials, uses Resolve"
    )
    assert found.years == 20 and found.seniority is not None


def test_hybrid_with_shares(pack: KnowledgePack) -> None:
    found = match_text(pack, "editor and colourist, mostly music videos")
    assert found.status == "confident"
    assert {m.role for m in found.mix} == {"editor", "colorist"}
    assert sum(m.share for m in found.mix) == pytest.approx(1.0, abs=0.01)
    assert found.understood.startswith("Read as a mix: ")
    weighted = match_text(pack, "mostly editing, sometimes colour grading")
    assert [(m.role, m.share) for m in weighted.mix] == [("editor", 0.8), ("colorist", 0.2)]


def test_hybrid_analysis_mixes_the_roles_by_share() -> None:
    a = analyze({"title": "mostly editing, sometimes colour grading"})
    assert [r.id for r in a.roles] == ["editor", "colorist"]
    by_role: dict[str, float] = {}
    for t in a.tasks:
        by_role[t.role] = by_role.get(t.role, 0.0) + t.share
    assert by_role["editor"] == pytest.approx(0.8, abs=0.02)
    assert by_role["colorist"] == pytest.approx(0.2, abs=0.02)


def test_context_is_kept_when_the_role_is_given() -> None:
    a = analyze({"title": "20 years in, freelance, commercials in London", "roles": ["gaffer"]})
    p = a.profile
    assert p.roles == ["gaffer"] and p.seniority is not None and p.seniority.value == "senior"
    assert (p.employment, p.sector, p.region) == ("freelance", "commercials", "London, UK")


def test_tools_named_are_kept_for_the_plan(pack: KnowledgePack) -> None:
    from reelshift.api import resolve
    from reelshift.models import Profile

    resolved = resolve(pack, Profile(title="senior colourist, commercials, I grade in Resolve"))
    assert "Resolve" in resolved.profile.tools


def test_spelling_correction_never_replaces_a_tool_or_a_word_of_task_text(
    pack: KnowledgePack,
) -> None:
    index = get_index(pack)
    assert _correct(index, "avid") is None
    assert _correct(index, "backend") is None  # not 'backed' from some task text
    assert _correct(index, "colorsit") == "colorist"


def test_three_honest_outcomes(pack: KnowledgePack) -> None:
    outside = match_text(pack, "I'm a nurse on a hospital ward")
    assert (outside.status, outside.reason) == ("unknown", "outside-film")
    assert outside.mix == []
    covered = match_text(pack, "projectionist at a cinema")
    assert (covered.status, covered.reason) == ("unknown", "not-covered")
    assert covered.candidates  # the nearest crafts are named
    for text in ("", "😀😀😀", "你好世界", "\x00\x01\x02", "asdf qwrt zxcv"):
        found = match_text(pack, text)
        assert (found.status, found.reason) == ("unknown", "unreadable"), text
    with pytest.raises(OutsideFilmError, match="outside film and video"):
        analyze({"title": "primary school teacher"})
    with pytest.raises(NotCoveredError, match="nearest crafts"):
        analyze({"title": "projectionist at a cinema"})
    with pytest.raises(UnreadableError, match="could not be read"):
        analyze({"title": "asdf qwrt zxcv"})


def test_long_input_keeps_a_clear_result(pack: KnowledgePack) -> None:
    found = match_text(pack, "I cut trailers. " * 700)  # about 11 kB
    assert found.status in ("confident", "ambiguous", "unknown")
    assert any("only the first" in n for n in found.notes)


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=300))
def test_every_outcome_is_consistent(text: str) -> None:
    from reelshift.kb.loader import builtin_pack

    found = match_text(builtin_pack(), text)
    if found.status == "confident":
        assert found.mix and abs(sum(m.share for m in found.mix) - 1) < 0.01
        assert found.reason is None and found.understood
    elif found.status == "ambiguous":
        assert len(found.candidates) >= 2 and not found.mix
    else:
        assert found.reason in ("outside-film", "not-covered", "unreadable") and not found.mix
    assert 0 <= found.confidence <= 1
