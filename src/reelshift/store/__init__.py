"""Saved analyses: a storage interface (``base``) and its SQL implementation (``sql``).

``open_repository(url)`` is the one entry point the web app uses; it imports SQLAlchemy lazily.
"""

from __future__ import annotations

from reelshift.store.base import (
    DeleteOutcome,
    NewAnalysis,
    OwnerOutcome,
    Receipt,
    Repository,
    SavedAnalysis,
    SavedSummary,
    StoreError,
    Usage,
)

__all__ = [
    "DeleteOutcome",
    "NewAnalysis",
    "OwnerOutcome",
    "Receipt",
    "Repository",
    "SavedAnalysis",
    "SavedSummary",
    "StoreError",
    "Usage",
    "open_repository",
]


def open_repository(url: str | None = None) -> Repository:
    """A repository for ``url`` (default: ``REELSHIFT_DATABASE_URL``, else SQLite)."""
    from reelshift.store.sql import SqlRepository

    return SqlRepository(url)
