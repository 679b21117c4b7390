"""Signed, short-lived questionnaire state in the URL."""

from __future__ import annotations

from reelshift.web import flowstate

SECRET = b"k" * 32


def test_round_trip_and_url_safe() -> None:
    data = {"describe": "colourist, mostly commercials", "role": "colorist", "ticked": ["a", "b"]}
    token = flowstate.sign(SECRET, data)
    assert all(c.isalnum() or c in "-_." for c in token)
    assert flowstate.unsign(SECRET, token) == data


def test_altered_foreign_and_expired_tokens_read_as_none() -> None:
    token = flowstate.sign(SECRET, {"role": "colorist"}, now=1_000_000.0)
    _body, mac = token.split(".")
    other = flowstate.sign(SECRET, {"role": "editor"}, now=1_000_000.0).split(".")[0]
    assert flowstate.unsign(SECRET, f"{other}.{mac}", now=1_000_001.0) is None
    assert flowstate.unsign(b"x" * 32, token, now=1_000_001.0) is None
    assert flowstate.unsign(SECRET, token, now=1_000_001.0) == {"role": "colorist"}
    late = 1_000_000.0 + flowstate.LIFETIME_SECONDS + 1
    assert flowstate.unsign(SECRET, token, now=late) is None
    for junk in ("", ".", "abc", "a.b.c", "!!!.???", "x" * 20_000):
        assert flowstate.unsign(SECRET, junk) is None
