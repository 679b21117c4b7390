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
    # Connections and time (docs/web.md, "Production setup").
    max_connections: int = 200  # concurrent connections and requests per worker; 0: no cap
    keep_alive_seconds: int = 5
    body_timeout_seconds: float = 20.0  # a request body must arrive within this
    forwarded_allow_ips: str = ""  # proxies whose X-Forwarded-* headers are believed
    allowed_hosts: tuple[str, ...] = ("*",)  # Host headers accepted; "*" accepts any
    public_url: str = ""  # base of share links, e.g. https://reelshift.example.org
    # Storage quotas and retention.
    max_saves_per_client: int = 200  # live saved analyses per client; 0: no limit
    max_store_bytes: int = 2_000_000_000  # all live saved analyses; 0: no limit
    purge_every_minutes: int = 60
    # PDF rendering: a small pool, a short queue, and a per-client limit.
    pdf_workers: int = 1
    pdf_queue: int = 4
    rate_pdf_per_minute: int = 6

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("REELSHIFT_DATABASE_URL") or None,
            max_body_bytes=_int("REELSHIFT_MAX_BODY_BYTES", 128 * 1024),
            rate_analyze_per_minute=_int("REELSHIFT_RATE_ANALYZE", 120),
            rate_save_per_minute=_int("REELSHIFT_RATE_SAVE", 20),
            save_ttl_days=_int("REELSHIFT_SAVE_DAYS", 365),
            secret_key=_secret_key(),
            max_connections=_int("REELSHIFT_MAX_CONNECTIONS", 200),
            keep_alive_seconds=_int("REELSHIFT_KEEP_ALIVE", 5),
            body_timeout_seconds=float(_int("REELSHIFT_BODY_TIMEOUT", 20)),
            forwarded_allow_ips=os.environ.get("REELSHIFT_FORWARDED_ALLOW_IPS", "").strip(),
            allowed_hosts=_hosts(os.environ.get("REELSHIFT_ALLOWED_HOSTS", LOCAL_HOSTS)),
            public_url=_public_url(os.environ.get("REELSHIFT_PUBLIC_URL", "")),
            max_saves_per_client=_int("REELSHIFT_MAX_SAVES_PER_CLIENT", 200),
            max_store_bytes=_int("REELSHIFT_MAX_STORE_BYTES", 2_000_000_000),
            purge_every_minutes=_int("REELSHIFT_PURGE_MINUTES", 60),
            pdf_workers=max(1, _int("REELSHIFT_PDF_WORKERS", 1)),
            pdf_queue=max(1, _int("REELSHIFT_PDF_QUEUE", 4)),
            rate_pdf_per_minute=_int("REELSHIFT_RATE_PDF", 6),
        )


LOCAL_HOSTS = "localhost,127.0.0.1,[::1]"
"""Host names a locally run server answers to when REELSHIFT_ALLOWED_HOSTS is not set."""


def _hosts(raw: str) -> tuple[str, ...]:
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    return hosts or ("*",)


def _public_url(raw: str) -> str:
    """A base URL for share links: http(s)://host[:port][/path], no trailing slash."""
    raw = raw.strip().rstrip("/")
    if raw and not raw.startswith(("http://", "https://")):
        raise SystemExit(f"REELSHIFT_PUBLIC_URL must start with http:// or https://, got {raw!r}")
    return raw
