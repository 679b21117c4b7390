"""The SQL repository: SQLite by default (a file in the user's data folder, WAL mode), PostgreSQL
when ``REELSHIFT_DATABASE_URL`` (or the ``url`` argument) says ``postgresql://...``.

The schema is owned by the Alembic migrations in ``store/migrations`` and applied by ``migrate()``,
which takes a lock first so that several server workers starting together do not race.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    or_,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from reelshift.store.base import (
    MAX_TTL,
    DeleteOutcome,
    NewAnalysis,
    Receipt,
    SavedAnalysis,
    SavedSummary,
    StoreError,
    data_dir,
    digest,
    looks_like_token,
    new_token,
    same_digest,
    utcnow,
)

MIGRATIONS = Path(__file__).parent / "migrations"
PG_LOCK_ID = 0x5EE15 + 0x1F7  # an arbitrary constant for pg_advisory_xact_lock

metadata = MetaData()
saved = Table(
    "saved_analyses",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_digest", String(64), nullable=False),
    Column("delete_digest", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("summary", String(300), nullable=False),
    Column("pack", String(100), nullable=False),
    Column("schema_version", String(16), nullable=False),
    Column("profile", Text(), nullable=False),
    Column("analysis", Text(), nullable=False),
    Index("ix_saved_analyses_token_digest", "token_digest", unique=True),
    Index("ix_saved_analyses_expires_at", "expires_at"),
    Index("ix_saved_analyses_created_at", "created_at"),
)


def default_url() -> str:
    if env := os.environ.get("REELSHIFT_DATABASE_URL"):
        return env
    return f"sqlite:///{data_dir() / 'reelshift.db'}"


def normalize_url(url: str | None) -> str:
    """Accept ``postgres://`` and ``postgresql://`` and use the psycopg 3 driver for them."""
    url = url or default_url()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a saved analysis survives a crash
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class SqlRepository:
    """``Repository`` over SQLAlchemy Core."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalize_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        self._lock_path: Path | None = None
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                path = Path(database)
                path.parent.mkdir(parents=True, exist_ok=True)
                self._lock_path = path.with_name(path.name + ".migrate.lock")
            kwargs = {"connect_args": {"check_same_thread": False, "timeout": 10}}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    # -- schema -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self._lock_path is None or sys.platform == "win32":  # pragma: no cover
            yield
            return
        import fcntl

        with open(self._lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self._file_lock(), self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_ID})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"could not prepare the database ({type(exc).__name__})") from exc

    def revision(self) -> str | None:
        """The schema revision the database is at."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # -- records ----------------------------------------------------------------------------

    def save(self, item: NewAnalysis, ttl: dt.timedelta | None = None) -> Receipt:
        now = utcnow()
        if ttl is not None:
            ttl = min(ttl, MAX_TTL)
        expires = now + ttl if ttl is not None else None
        token, delete_token = new_token(), new_token()
        rid = secrets.token_hex(8)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    saved.insert().values(
                        id=rid,
                        token_digest=digest(token),
                        delete_digest=digest(delete_token),
                        created_at=now,
                        expires_at=expires,
                        summary=item.summary[:300],
                        pack=item.pack[:100],
                        schema_version=item.schema_version[:16],
                        profile=item.profile_json,
                        analysis=item.analysis_json,
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not save the analysis ({type(exc).__name__})") from exc
        return Receipt(rid, token, delete_token, now, expires)

    def _live(self) -> Any:
        return or_(saved.c.expires_at.is_(None), saved.c.expires_at > utcnow())

    def get(self, token: str) -> SavedAnalysis | None:
        if not looks_like_token(token):
            return None
        try:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(saved).where(saved.c.token_digest == digest(token), self._live())
                ).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not read the analysis ({type(exc).__name__})") from exc
        if row is None:
            return None
        m = row._mapping
        return SavedAnalysis(
            id=m["id"],
            created_at=_aware(m["created_at"]) or utcnow(),
            expires_at=_aware(m["expires_at"]),
            summary=m["summary"],
            pack=m["pack"],
            schema_version=m["schema_version"],
            profile_json=m["profile"],
            analysis_json=m["analysis"],
        )

    def list(self, limit: int = 50, offset: int = 0) -> list[SavedSummary]:
        limit = max(0, min(limit, 1000))
        query = (
            select(
                saved.c.id, saved.c.created_at, saved.c.expires_at, saved.c.summary, saved.c.pack
            )
            .where(self._live())
            .order_by(saved.c.created_at.desc(), saved.c.id)
            .limit(limit)
            .offset(max(0, offset))
        )
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not list analyses ({type(exc).__name__})") from exc
        return [
            SavedSummary(
                r.id, _aware(r.created_at) or utcnow(), _aware(r.expires_at), r.summary, r.pack
            )
            for r in rows
        ]

    def delete(self, token: str, delete_token: str) -> DeleteOutcome:
        if not looks_like_token(token):
            return DeleteOutcome.not_found
        try:
            with self.engine.begin() as conn:
                row = conn.execute(
                    select(saved.c.id, saved.c.delete_digest).where(
                        saved.c.token_digest == digest(token), self._live()
                    )
                ).first()
                if row is None:
                    return DeleteOutcome.not_found
                if not same_digest(row.delete_digest, digest(delete_token)):
                    return DeleteOutcome.forbidden
                conn.execute(delete(saved).where(saved.c.id == row.id))
        except SQLAlchemyError as exc:
            raise StoreError(f"could not delete the analysis ({type(exc).__name__})") from exc
        return DeleteOutcome.deleted

    def purge_expired(self) -> int:
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    delete(saved).where(
                        saved.c.expires_at.is_not(None), saved.c.expires_at <= utcnow()
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not purge expired analyses ({type(exc).__name__})") from exc
        return int(result.rowcount or 0)

    def close(self) -> None:
        self.engine.dispose()
