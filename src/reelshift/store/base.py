"""Saved analyses: the storage interface the rest of ReelShift sees.

A saved analysis is reached only through a private **token** (256 random bits, shown once). The
store keeps only a SHA-256 digest of it, and of a separate **delete token** that lets the owner
remove the record, so a copy of the database does not hand out working links. An expired or
deleted record is gone for every caller: ``get`` answers ``None``.

Implementations: ``reelshift.store.sql.SqlRepository`` (SQLite by default, PostgreSQL by URL).
Nothing outside ``reelshift.store`` imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

TOKEN_BYTES = 32  # 256 bits: far beyond guessing
MAX_TTL = dt.timedelta(days=3650)


def new_token() -> str:
    """A fresh URL-safe token with 256 bits of randomness (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What the store keeps instead of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def looks_like_token(token: str) -> bool:
    """Cheap check before touching the database: tokens are 43 URL-safe base64 characters."""
    return 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token)


def data_dir() -> Path:
    """The user's data folder for ReelShift (``REELSHIFT_DATA_DIR`` overrides it)."""
    if env := os.environ.get("REELSHIFT_DATA_DIR"):
        return Path(env)
    if sys.platform == "win32":  # pragma: no cover - not tested on Windows here
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":  # pragma: no cover
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "reelshift"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class NewAnalysis:
    """What the caller hands to ``save``: JSON text, validated before it gets here."""

    profile_json: str
    analysis_json: str
    summary: str  # a short, non-identifying label, e.g. "Rotoscope artist (junior)"
    pack: str  # knowledge pack name@version the analysis was made with
    schema_version: str
    client: str = ""  # a digest naming the client that saved it, for quotas (never an address)


@dataclass(frozen=True)
class Receipt:
    """What ``save`` returns. The two tokens exist only here; the store keeps their digests."""

    id: str
    token: str
    delete_token: str
    created_at: dt.datetime
    expires_at: dt.datetime | None


@dataclass(frozen=True)
class SavedAnalysis:
    id: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    summary: str
    pack: str
    schema_version: str
    profile_json: str
    analysis_json: str


@dataclass(frozen=True)
class SavedSummary:
    """A listing entry: no tokens, no profile."""

    id: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    summary: str
    pack: str


class DeleteOutcome(StrEnum):
    deleted = "deleted"
    not_found = "not_found"  # no such token, or already deleted, or expired
    forbidden = "forbidden"  # the record exists but the delete token is wrong


class OwnerOutcome(StrEnum):
    done = "done"
    not_found = "not_found"
    forbidden = "forbidden"


@dataclass(frozen=True)
class Usage:
    """Live records and the bytes their sealed payloads take."""

    records: int
    bytes: int


class StoreError(Exception):
    """The store could not be reached or refused the operation."""


@runtime_checkable
class Repository(Protocol):
    """Save, get, list and delete saved analyses."""

    def migrate(self) -> None:
        """Bring the schema up to date (safe to call from several processes at once)."""

    def save(self, item: NewAnalysis, ttl: dt.timedelta | None = None) -> Receipt:
        """Store ``item``; it expires after ``ttl`` (never when ``None``)."""

    def get(self, token: str) -> SavedAnalysis | None:
        """The analysis behind a token, or ``None`` if unknown, deleted or expired."""

    def list(self, limit: int = 50, offset: int = 0) -> list[SavedSummary]:
        """Live analyses, newest first, without tokens or profiles."""

    def delete(self, token: str, delete_token: str) -> DeleteOutcome:
        """Remove the analysis if ``delete_token`` belongs to it."""

    def update(self, token: str, delete_token: str, item: NewAnalysis) -> OwnerOutcome:
        """Replace the analysis behind ``token`` (its owner proves it with ``delete_token``);
        the link stays the same."""

    def usage(self, client: str | None = None) -> Usage:
        """Live records and bytes, overall or for one client digest."""

    def export_rows(self) -> Iterator[dict[str, object]]:
        """Every record as a JSON-ready dict (sealed payloads stay sealed), for backup."""

    def import_rows(self, rows: Iterable[dict[str, object]]) -> tuple[int, int]:
        """Add exported records; returns (added, skipped as already present)."""

    def purge_expired(self) -> int:
        """Remove expired records; returns how many."""

    def close(self) -> None:
        """Release connections."""
