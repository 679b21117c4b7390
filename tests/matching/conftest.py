"""Fixtures for the matcher: the built-in pack, and the same pack with the model switched off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reelshift.kb.loader import KnowledgePack, builtin_pack, load_pack
from reelshift.matching import embed


@pytest.fixture(scope="session")
def pack() -> KnowledgePack:
    return builtin_pack()


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgePack]:
    """A fresh copy of the built-in pack matched without the embedding model."""
    monkeypatch.setenv("REELSHIFT_SEMANTIC", "off")
    embed.reset()
    yield load_pack()
    embed.reset()
