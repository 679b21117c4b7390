"""Sealed storage, deleting that means gone, private files, quotas, update in place, and export
and import between SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from reelshift.store import NewAnalysis, OwnerOutcome, StoreError, open_repository
from reelshift.store.base import digest, new_token
from reelshift.store.sql import SqlRepository, saved

PG_URL = os.environ.get("REELSHIFT_TEST_POSTGRES_URL")
MARKER = "ZEBRA-CROSSING-7731"


def item(summary: str = "Colourist (mid)", client: str = "", marker: str = MARKER) -> NewAnalysis:
    return NewAnalysis(
        profile_json=json.dumps({"title": f"colourist {marker}"}),
        analysis_json=json.dumps({"headline": {"summary": f"about {marker}"}}),
        summary=summary,
        pack="reelshift-builtin 0.2.0",
        schema_version="2.0",
        client=client,
    )


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS saved_analyses"))
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlRepository]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'saved.db'}"
    else:
        if not PG_URL:
            pytest.skip("PostgreSQL tests skipped: set REELSHIFT_TEST_POSTGRES_URL")
        _reset_postgres(PG_URL)
        url = PG_URL
    r = SqlRepository(url)
    r.migrate()
    yield r
    r.close()


def _raw(repo: SqlRepository) -> str:
    with repo.engine.connect() as conn:
        rows = conn.execute(sa.select(saved)).mappings().all()
    return " ".join(
        bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
        for row in rows
        for v in row.values()
    )


def test_profile_and_analysis_are_stored_sealed(repo: SqlRepository) -> None:
    receipt = repo.save(item())
    assert MARKER not in _raw(repo)
    got = repo.get(receipt.token)
    assert got is not None and MARKER in got.profile_json and MARKER in got.analysis_json


def test_a_tampered_payload_is_refused_not_misread(repo: SqlRepository) -> None:
    receipt = repo.save(item())
    with repo.engine.begin() as conn:
        payload = conn.execute(sa.select(saved.c.payload)).scalar_one()
        flipped = bytes(payload[:-1]) + bytes([payload[-1] ^ 1])
        conn.execute(sa.update(saved).values(payload=flipped))
    with pytest.raises(StoreError, match="damaged"):
        repo.get(receipt.token)


def test_rows_saved_before_sealing_are_read_then_sealed(repo: SqlRepository) -> None:
    token, delete_token = new_token(), new_token()
    with repo.engine.begin() as conn:
        conn.execute(
            saved.insert().values(
                id="legacy01",
                token_digest=digest(token),
                delete_digest=digest(delete_token),
                created_at=dt.datetime.now(dt.UTC),
                summary="Editor (mid)",
                pack="reelshift-builtin 0.1.0",
                schema_version="1.0",
                profile=f'{{"title": "{MARKER}"}}',
                analysis="{}",
            )
        )
    got = repo.get(token)
    assert got is not None and MARKER in got.profile_json
    assert MARKER not in _raw(repo)
    again = repo.get(token)
    assert again is not None and MARKER in again.profile_json


def test_update_in_place_keeps_the_link_and_needs_the_owner(repo: SqlRepository) -> None:
    receipt = repo.save(item())
    newer = item(summary="Colourist (senior)", marker="NEWER-4411")
    assert repo.update(receipt.token, "B" * 43, newer) is OwnerOutcome.forbidden
    assert repo.update("A" * 43, receipt.delete_token, newer) is OwnerOutcome.not_found
    assert repo.update(receipt.token, receipt.delete_token, newer) is OwnerOutcome.done
    got = repo.get(receipt.token)
    assert got is not None and "NEWER-4411" in got.analysis_json
    assert got.summary == "Colourist (senior)"


def test_usage_counts_live_records_overall_and_per_client(repo: SqlRepository) -> None:
    repo.save(item(client="c1"))
    repo.save(item(client="c1"))
    repo.save(item(client="c2"))
    repo.save(item(client="c1"), dt.timedelta(seconds=-1))
    overall = repo.usage()
    assert overall.records == 3 and overall.bytes > 0
    assert repo.usage("c1").records == 2
    assert repo.usage("nobody").records == 0


def test_sqlite_forgets_deleted_text(tmp_path: Path) -> None:
    db = tmp_path / "saved.db"
    repo = SqlRepository(f"sqlite:///{db}")
    repo.migrate()
    secret_summary = f"Summary {MARKER}"
    receipt = repo.save(item(summary=secret_summary))
    repo.save(item(summary="another"))
    files = [db, db.with_name(db.name + "-wal")]

    def on_disk() -> bytes:
        return b"".join(f.read_bytes() for f in files if f.exists())

    assert MARKER.encode() in on_disk()
    assert repo.delete(receipt.token, receipt.delete_token).value == "deleted"
    assert MARKER.encode() not in on_disk()
    repo.close()


def test_sqlite_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REELSHIFT_DATABASE_URL", raising=False)
    monkeypatch.setenv("REELSHIFT_DATA_DIR", str(tmp_path / "reelshift"))
    repo = open_repository()
    repo.migrate()
    repo.save(item())
    db = tmp_path / "reelshift" / "reelshift.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    repo.close()


@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_export_and_import_move_analyses_between_databases(direction: str, tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL tests skipped: set REELSHIFT_TEST_POSTGRES_URL")
    _reset_postgres(PG_URL)
    sqlite_url = f"sqlite:///{tmp_path / 'saved.db'}"
    src_url, dst_url = (
        (sqlite_url, PG_URL) if direction == "sqlite-to-postgresql" else (PG_URL, sqlite_url)
    )
    src, dst = SqlRepository(src_url), SqlRepository(dst_url)
    src.migrate()
    dst.migrate()
    kept = src.save(item(), dt.timedelta(days=3))
    forever = src.save(item(summary="forever"))
    lines = io.StringIO("".join(json.dumps(row) + "\n" for row in src.export_rows()))
    rows = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert MARKER not in lines.getvalue()
    assert dst.import_rows(rows) == (2, 0)
    assert dst.import_rows(rows) == (0, 2)
    got = dst.get(kept.token)
    assert got is not None and MARKER in got.analysis_json and got.expires_at is not None
    assert dst.get(forever.token) is not None
    assert dst.delete(kept.token, kept.delete_token).value == "deleted"
    src.close()
    dst.close()


def test_import_refuses_malformed_records(repo: SqlRepository) -> None:
    with pytest.raises(StoreError, match="not an exported"):
        repo.import_rows([{"id": "x"}])
    with pytest.raises(StoreError, match="not an exported"):
        repo.import_rows(
            [
                {
                    "id": "x",
                    "token_digest": "a" * 64,
                    "delete_digest": "b" * 64,
                    "created_at": "2026-01-01T00:00:00+00:00",
                    "summary": "s",
                    "pack": "p",
                    "schema_version": "1",
                }
            ]
        )
    assert repo.usage().records == 0
