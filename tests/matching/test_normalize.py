"""Normalisation: the same folding on both sides, and the words taken out of a title."""

from __future__ import annotations

import pytest

from reelshift.matching.normalize import (
    MAX_QUERY_CHARS,
    clean,
    extract_words,
    fold,
    normalize_title,
    segments,
    stem,
    tokens,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Colourist", "colorist"),
        ("DI COLOURIST", "di colorist"),
        ("Make-up artist", "makeup artist"),
        ("make up artist", "makeup artist"),
        ("1st A.C.", "first ac"),
        ("2nd Asst. Director", "second assistant director"),
        ("Production Co-ordinator", "production coordinator"),
        ("post-production supervisor", "post production supervisor"),
        ("Visual Effects Supervisor", "vfx supervisor"),
        ("3D Modeller", "3d modeler"),
        ("boom op", "boom operator"),
        ("Café colourist", "cafe colorist"),
        ("Ｃｏｌｏｕｒｉｓｔ", "colorist"),
    ],
)
def test_fold_meets_in_one_form(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_slashes_as_separators() -> None:
    assert fold("1st AC/focus-puller") == "first ac / focus puller"


def test_fold_drops_control_and_escape_characters() -> None:
    folded = fold("colourist\x1b[31m\x00\x07 DI\u202e")
    assert all(ch.isprintable() for ch in folded)
    assert "\x1b" not in folded and "colorist" in folded


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (["editor", "editors", "editing"], True),
        (["rotoscope", "rotoscoping"], True),
        (["designer", "designers", "design"], True),
        (["focus"], True),
        (["colorist", "editor"], False),
    ],
)
def test_stem(words: list[str], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_tokens_skip_stopwords() -> None:
    assert tokens(fold("I am a boom op on indie stuff")) == ["boom", "operat", "indi"]


def test_seniority_employment_and_sector_are_recorded() -> None:
    n = normalize_title("Senior freelance DI colourist, mostly commercials")
    assert (n.seniority, n.employment, n.sector) == ("senior", "freelance", "commercials")
    assert n.text == "di colorist"
    assert extract_words(fold("junior staff roto artist on features")) == (
        "junior",
        "staff",
        "features",
    )
    assert extract_words(fold("head of department, owner of a studio")) == ("head", "owner", None)


def test_segments_split_title_from_context() -> None:
    assert segments("DI colourist, mostly commercials") == ["di colorist", "mostly commercials"]
    assert segments("boom op on indie stuff") == ["boom operator", "indie stuff"]
    assert segments("D.P. for music videos. Also grade.")[0] == "dp"


def test_clean_bounds_and_sanitises() -> None:
    text, cut = clean("a" * (MAX_QUERY_CHARS + 10))
    assert cut and len(text) == MAX_QUERY_CHARS
    text, cut = clean("boom\x1b[2Jop\u200b\nline two\ttab")
    assert not cut and "\x1b" not in text and "\u200b" not in text
    assert "\n" in text and "\t" in text
