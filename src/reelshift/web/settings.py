"""Settings of the web app, read from the environment (``REELSHIFT_*``) or given in code."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from reelshift.store.base import data_dir


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


def _secret_key() -> bytes:
    """``REELSHIFT_SECRET_KEY``, else a key kept in the data folder (shared by all workers)."""
    if env := os.environ.get("REELSHIFT_SECRET_KEY"):
        return env.encode()
    path = data_dir() / "secret_key"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker won the race
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


@dataclass
class Settings:
    """Knobs of one app instance. ``from_env()`` is what ``reelshift serve`` uses."""

    database_url: str | None = None
    max_body_bytes: int = 128 * 1024
    rate_analyze_per_minute: int = 120  # per client, per worker; 0 turns the limit off
    rate_save_per_minute: int = 20
    save_ttl_days: int = 365  # 0: saved analyses never expire
    secret_key: bytes = field(default_factory=lambda: secrets.token_urlsafe(48).encode())
    migrate_on_startup: bool = True

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("REELSHIFT_DATABASE_URL") or None,
            max_body_bytes=_int("REELSHIFT_MAX_BODY_BYTES", 128 * 1024),
            rate_analyze_per_minute=_int("REELSHIFT_RATE_ANALYZE", 120),
            rate_save_per_minute=_int("REELSHIFT_RATE_SAVE", 20),
            save_ttl_days=_int("REELSHIFT_SAVE_DAYS", 365),
            secret_key=_secret_key(),
        )
