"""The SQL repository: SQLite by default (a file in the user's data folder, WAL mode), PostgreSQL
when ``REELSHIFT_DATABASE_URL`` (or the ``url`` argument) says ``postgresql://...``.

The schema is owned by the Alembic migrations in ``store/migrations`` and applied by ``migrate()``,
which takes a lock first so that several server workers starting together do not race.

Profiles and analyses are stored sealed (``store/seal.py``): compressed and encrypted with a key
derived from the record's token, which the store never keeps. Deleting means gone: SQLite runs
with ``secure_delete`` and checkpoints its write-ahead log after deletes, so the deleted pages are
zeroed; on PostgreSQL a deleted row's bytes may survive in dead tuples until VACUUM reuses the
space (VACUUM does not zero them), but they are ciphertext without a key. The SQLite database and
its folder are created private to the user (0600 and 0700).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from reelshift.store.base import (
    MAX_TTL,
    DeleteOutcome,
    NewAnalysis,
    OwnerOutcome,
    Receipt,
    SavedAnalysis,
    SavedSummary,
    StoreError,
    Usage,
    data_dir,
    digest,
    looks_like_token,
    new_token,
    same_digest,
    utcnow,
)
from reelshift.store.seal import ENCODING, PLAIN, SealError, open_sealed, seal

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
    Column("profile", Text(), nullable=True),  # only rows saved before sealing (0001)
    Column("analysis", Text(), nullable=True),
    Column("payload", LargeBinary(), nullable=True),
    Column("encoding", String(24), nullable=True),
    Column("client", String(64), nullable=True),
    Column("size", Integer(), nullable=True),
    Index("ix_saved_analyses_token_digest", "token_digest", unique=True),
    Index("ix_saved_analyses_client", "client"),
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
    cursor.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten, not left in pages
    cursor.close()


def _private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by the user alone."""
    created = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if created or path.parent.name == "reelshift":
        with contextlib.suppress(OSError):
            path.parent.chmod(0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


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
                _private_file(path)
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
        payload = seal(token, rid, item.profile_json, item.analysis_json)
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
                        payload=payload,
                        encoding=ENCODING,
                        client=item.client[:64] or None,
                        size=len(payload),
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
        if m["encoding"] == ENCODING and m["payload"] is not None:
            try:
                profile_json, analysis_json = open_sealed(token, m["id"], bytes(m["payload"]))
            except SealError as exc:
                raise StoreError("the saved analysis is damaged and cannot be read") from exc
        else:
            profile_json, analysis_json = m["profile"] or "{}", m["analysis"] or "{}"
            self._seal_plain_row(token, m["id"], profile_json, analysis_json)
        return SavedAnalysis(
            id=m["id"],
            created_at=_aware(m["created_at"]) or utcnow(),
            expires_at=_aware(m["expires_at"]),
            summary=m["summary"],
            pack=m["pack"],
            schema_version=m["schema_version"],
            profile_json=profile_json,
            analysis_json=analysis_json,
        )

    def _seal_plain_row(self, token: str, rid: str, profile_json: str, analysis_json: str) -> None:
        """A record saved before sealing (migration 0001) is sealed the first time its owner's
        link is used: only then is its key known."""
        payload = seal(token, rid, profile_json, analysis_json)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(saved)
                    .where(saved.c.id == rid)
                    .values(
                        payload=payload,
                        encoding=ENCODING,
                        size=len(payload),
                        profile=None,
                        analysis=None,
                    )
                )
            self._checkpoint()
        except SQLAlchemyError:  # reading still works; sealing is retried on the next read
            pass

    def _owned(self, conn: Any, token: str, delete_token: str) -> tuple[OwnerOutcome, str]:
        """Whether the holder of ``delete_token`` owns the record behind ``token``. Expired
        records not yet purged still belong to their owner (they can delete them)."""
        row = conn.execute(
            select(saved.c.id, saved.c.delete_digest).where(saved.c.token_digest == digest(token))
        ).first()
        if row is None:
            return OwnerOutcome.not_found, ""
        if not same_digest(row.delete_digest, digest(delete_token)):
            return OwnerOutcome.forbidden, ""
        return OwnerOutcome.done, str(row.id)

    def update(self, token: str, delete_token: str, item: NewAnalysis) -> OwnerOutcome:
        if not looks_like_token(token):
            return OwnerOutcome.not_found
        try:
            with self.engine.begin() as conn:
                outcome, rid = self._owned(conn, token, delete_token)
                if outcome is not OwnerOutcome.done:
                    return outcome
                payload = seal(token, rid, item.profile_json, item.analysis_json)
                conn.execute(
                    update(saved)
                    .where(saved.c.id == rid)
                    .values(
                        summary=item.summary[:300],
                        pack=item.pack[:100],
                        schema_version=item.schema_version[:16],
                        payload=payload,
                        encoding=ENCODING,
                        size=len(payload),
                        profile=None,
                        analysis=None,
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not update the analysis ({type(exc).__name__})") from exc
        self._checkpoint()
        return OwnerOutcome.done

    def usage(self, client: str | None = None) -> Usage:
        size = func.coalesce(
            saved.c.size, func.length(saved.c.profile) + func.length(saved.c.analysis)
        )
        query = select(func.count(), func.coalesce(func.sum(size), 0)).where(self._live())
        if client is not None:
            query = query.where(saved.c.client == client)
        try:
            with self.engine.connect() as conn:
                records, total = conn.execute(query).one()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not measure the store ({type(exc).__name__})") from exc
        return Usage(int(records), int(total))

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
                outcome, rid = self._owned(conn, token, delete_token)
                if outcome is OwnerOutcome.not_found:
                    return DeleteOutcome.not_found
                if outcome is OwnerOutcome.forbidden:
                    return DeleteOutcome.forbidden
                conn.execute(delete(saved).where(saved.c.id == rid))
        except SQLAlchemyError as exc:
            raise StoreError(f"could not delete the analysis ({type(exc).__name__})") from exc
        self._checkpoint()
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
        purged = int(result.rowcount or 0)
        if purged:
            self._checkpoint()
        return purged

    def _checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the (securely deleted) database and truncate it,
        so deleted text does not linger in the log."""
        if self.dialect != "sqlite":
            return
        with contextlib.suppress(SQLAlchemyError), self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    # -- backup -----------------------------------------------------------------------------

    _EXPORTED = (
        "id",
        "token_digest",
        "delete_digest",
        "created_at",
        "expires_at",
        "summary",
        "pack",
        "schema_version",
        "profile",
        "analysis",
        "payload",
        "encoding",
        "client",
        "size",
    )

    def export_rows(self) -> Iterator[dict[str, object]]:
        query = select(*(saved.c[name] for name in self._EXPORTED)).order_by(saved.c.created_at)
        try:
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    out: dict[str, object] = {}
                    for name, value in row._mapping.items():
                        if isinstance(value, dt.datetime):
                            out[name] = (_aware(value) or value).isoformat()
                        elif isinstance(value, bytes | memoryview):
                            out[name] = base64.b64encode(bytes(value)).decode("ascii")
                        else:
                            out[name] = value
                    yield out
        except SQLAlchemyError as exc:
            raise StoreError(f"could not export analyses ({type(exc).__name__})") from exc

    def import_rows(self, rows: Iterable[dict[str, object]]) -> tuple[int, int]:
        added = skipped = 0
        try:
            with self.engine.begin() as conn:
                existing = set(conn.execute(select(saved.c.token_digest)).scalars())
                for raw in rows:
                    values = _row_values(raw)
                    if values["token_digest"] in existing:
                        skipped += 1
                        continue
                    conn.execute(saved.insert().values(**values))
                    existing.add(values["token_digest"])
                    added += 1
        except SQLAlchemyError as exc:
            raise StoreError(f"could not import analyses ({type(exc).__name__})") from exc
        return added, skipped

    def close(self) -> None:
        self.engine.dispose()


_REQUIRED_TEXT = ("id", "token_digest", "delete_digest", "summary", "pack", "schema_version")


def _row_values(raw: dict[str, object]) -> dict[str, Any]:
    """One exported record checked and converted back for insertion (StoreError if malformed)."""
    try:
        values: dict[str, Any] = {name: str(raw[name]) for name in _REQUIRED_TEXT}
        values["created_at"] = dt.datetime.fromisoformat(str(raw["created_at"]))
        expires = raw.get("expires_at")
        values["expires_at"] = dt.datetime.fromisoformat(str(expires)) if expires else None
        payload = raw.get("payload")
        values["payload"] = base64.b64decode(str(payload), validate=True) if payload else None
        values["encoding"] = str(raw.get("encoding") or PLAIN)
        values["client"] = str(raw["client"]) if raw.get("client") else None
        values["size"] = int(str(raw["size"])) if raw.get("size") is not None else None
        values["profile"] = str(raw["profile"]) if raw.get("profile") is not None else None
        values["analysis"] = str(raw["analysis"]) if raw.get("analysis") is not None else None
    except (KeyError, ValueError, TypeError) as exc:
        raise StoreError(f"not an exported ReelShift record ({exc})") from exc
    if values["payload"] is None and (values["profile"] is None or values["analysis"] is None):
        raise StoreError("not an exported ReelShift record (no content)")
    if len(values["token_digest"]) != 64 or len(values["delete_digest"]) != 64:
        raise StoreError("not an exported ReelShift record (bad digests)")
    return values
