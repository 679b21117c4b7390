"""The saved-analyses repository, the same tests against SQLite and a real PostgreSQL server.

PostgreSQL tests need ``REELSHIFT_TEST_POSTGRES_URL`` (``.ci/run`` installs and starts a server
and sets it); without it they are skipped with a message saying so.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import reelshift
from reelshift.store import DeleteOutcome, NewAnalysis, Repository, open_repository
from reelshift.store.base import digest
from reelshift.store.sql import SqlRepository

PG_URL = os.environ.get("REELSHIFT_TEST_POSTGRES_URL")
HEAD = "0002"
SRC = Path(reelshift.__file__).parent


def item(summary: str = "Rotoscope artist (junior)") -> NewAnalysis:
    return NewAnalysis(
        profile_json='{"roles": ["rotoscope-artist"]}',
        analysis_json='{"headline": {"category": "high_risk"}}',
        summary=summary,
        pack="reelshift-builtin 0.1.0",
        schema_version="1.0",
    )


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS saved_analyses"))
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def repo_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'saved.db'}"
    if not PG_URL:
        pytest.skip(
            "PostgreSQL tests skipped: set REELSHIFT_TEST_POSTGRES_URL to a database URL "
            "(.ci/run starts a server and sets it)"
        )
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture()
def repo(repo_url: str) -> Iterator[SqlRepository]:
    r = SqlRepository(repo_url)
    r.migrate()
    yield r
    r.close()


def test_is_a_repository(repo: SqlRepository) -> None:
    assert isinstance(repo, Repository)


def test_migrate_is_idempotent_and_at_head(repo: SqlRepository) -> None:
    assert repo.revision() == HEAD
    repo.migrate()
    assert repo.revision() == HEAD


def test_save_get_roundtrip(repo: SqlRepository) -> None:
    receipt = repo.save(item(), dt.timedelta(days=30))
    got = repo.get(receipt.token)
    assert got is not None
    assert got.id == receipt.id
    assert got.summary == "Rotoscope artist (junior)"
    assert got.profile_json == '{"roles": ["rotoscope-artist"]}'
    assert got.analysis_json == '{"headline": {"category": "high_risk"}}'
    assert got.created_at.tzinfo is not None
    assert got.expires_at is not None
    assert abs((got.expires_at - got.created_at) - dt.timedelta(days=30)) < dt.timedelta(seconds=1)


def test_tokens_are_long_random_and_stored_only_as_digests(repo: SqlRepository) -> None:
    receipts = [repo.save(item()) for _ in range(20)]
    tokens = [r.token for r in receipts] + [r.delete_token for r in receipts]
    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 43 for t in tokens)  # 32 bytes of randomness: 256 bits
    with repo.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM saved_analyses")).mappings().all()
    stored = " ".join(str(v) for row in rows for v in row.values())
    for r in receipts:
        assert r.token not in stored and r.delete_token not in stored
        assert digest(r.token) in stored


def test_unknown_and_malformed_tokens(repo: SqlRepository) -> None:
    repo.save(item())
    assert repo.get("A" * 43) is None
    assert repo.get("") is None
    assert repo.get("'; DROP TABLE saved_analyses; --") is None
    assert repo.get("x" * 10_000) is None
    assert repo.delete("A" * 43, "B" * 43) == DeleteOutcome.not_found


def test_delete_needs_the_delete_token(repo: SqlRepository) -> None:
    receipt = repo.save(item())
    assert repo.delete(receipt.token, receipt.token) == DeleteOutcome.forbidden
    assert repo.delete(receipt.token, "") == DeleteOutcome.forbidden
    assert repo.get(receipt.token) is not None
    assert repo.delete(receipt.token, receipt.delete_token) == DeleteOutcome.deleted
    assert repo.get(receipt.token) is None
    assert repo.delete(receipt.token, receipt.delete_token) == DeleteOutcome.not_found


def test_expired_analyses_are_gone(repo: SqlRepository) -> None:
    expired = repo.save(item("old"), dt.timedelta(seconds=-1))
    live = repo.save(item("new"), dt.timedelta(days=1))
    forever = repo.save(item("forever"), None)
    assert repo.get(expired.token) is None
    assert repo.get(live.token) is not None
    assert repo.get(forever.token) is not None and repo.get(forever.token).expires_at is None  # type: ignore[union-attr]
    assert {s.summary for s in repo.list()} == {"new", "forever"}
    assert repo.purge_expired() == 1
    assert repo.purge_expired() == 0


def test_the_owner_can_delete_an_expired_analysis_until_it_is_purged(repo: SqlRepository) -> None:
    expired = repo.save(item("old"), dt.timedelta(seconds=-1))
    assert repo.get(expired.token) is None
    assert repo.delete(expired.token, "B" * 43) == DeleteOutcome.forbidden
    assert repo.delete(expired.token, expired.delete_token) == DeleteOutcome.deleted
    assert repo.purge_expired() == 0


def test_list_is_newest_first_and_paged(repo: SqlRepository) -> None:
    for i in range(5):
        repo.save(item(f"n{i}"))
    listed = repo.list(limit=3)
    assert [s.summary for s in listed] == ["n4", "n3", "n2"]
    assert [s.summary for s in repo.list(limit=3, offset=3)] == ["n1", "n0"]
    assert not hasattr(listed[0], "token")


def test_concurrent_saves_lose_nothing(repo: SqlRepository) -> None:
    receipts: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(15):
            r = repo.save(item())
            with lock:
                receipts.append(r.token)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(receipts) == 60
    assert all(repo.get(t) is not None for t in receipts)


def test_a_save_survives_the_process_being_killed(repo_url: str) -> None:
    code = (
        "import os, sys\n"
        "from reelshift.store import open_repository, NewAnalysis\n"
        f"r = open_repository({repo_url!r}); r.migrate()\n"
        "rc = r.save(NewAnalysis('{}', '{}', 'crash test', 'p', '1.0'))\n"
        "print(rc.token, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == -9
    token = proc.stdout.strip()
    fresh = open_repository(repo_url)
    try:
        got = fresh.get(token)
        assert got is not None and got.summary == "crash test"
    finally:
        fresh.close()


def test_two_processes_can_migrate_at_once(repo_url: str) -> None:
    if repo_url.startswith("postgresql"):
        _reset_postgres(repo_url)
    code = f"from reelshift.store import open_repository\nopen_repository({repo_url!r}).migrate()\n"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(3)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    repo = SqlRepository(repo_url)
    try:
        assert repo.revision() == HEAD
    finally:
        repo.close()


def test_sqlite_uses_wal_in_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REELSHIFT_DATABASE_URL", raising=False)
    monkeypatch.setenv("REELSHIFT_DATA_DIR", str(tmp_path / "data"))
    repo = open_repository()
    try:
        assert isinstance(repo, SqlRepository)
        repo.migrate()
        assert (tmp_path / "data" / "reelshift.db").exists()
        with repo.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        repo.close()


def test_downgrade_and_upgrade(repo: SqlRepository) -> None:
    from alembic import command
    from alembic.config import Config

    from reelshift.store.sql import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with repo.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "saved_analyses" not in sa.inspect(repo.engine).get_table_names()
    repo.migrate()
    assert "saved_analyses" in sa.inspect(repo.engine).get_table_names()


def test_only_the_store_imports_sqlalchemy() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.is_relative_to(SRC / "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "sqlalchemy" or n.startswith(("sqlalchemy.", "alembic")) for n in names):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_import_reelshift_stays_light() -> None:
    heavy = ("fastapi", "sqlalchemy", "weasyprint", "uvicorn", "starlette", "alembic")
    code = f"import sys, reelshift; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
