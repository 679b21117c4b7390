"""`reelshift store purge|export|import` on SQLite files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from reelshift.cli import app
from reelshift.store import NewAnalysis
from reelshift.store.sql import SqlRepository


def _item() -> NewAnalysis:
    return NewAnalysis('{"title": "gaffer"}', '{"headline": {}}', "Gaffer (senior)", "p 1", "2.0")


def test_export_then_import_into_another_database(tmp_path: Path) -> None:
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    repo = SqlRepository(a)
    repo.migrate()
    receipt = repo.save(_item())
    repo.save(_item(), dt.timedelta(seconds=-1))
    repo.close()
    runner = CliRunner()
    dump = tmp_path / "dump.jsonl"
    result = runner.invoke(app, ["store", "export", str(dump), "--database-url", a])
    assert result.exit_code == 0, result.output
    assert len(dump.read_text(encoding="utf-8").splitlines()) == 2
    result = runner.invoke(app, ["store", "import", str(dump), "--database-url", b])
    assert result.exit_code == 0 and "imported 2" in result.output
    result = runner.invoke(app, ["store", "purge", "--database-url", b])
    assert result.exit_code == 0 and "purged 1" in result.output
    other = SqlRepository(b)
    got = other.get(receipt.token)
    other.close()
    assert got is not None and json.loads(got.profile_json) == {"title": "gaffer"}


def test_import_of_a_bad_file_is_a_clear_error_and_imports_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["store", "import", str(bad), "--database-url", url])
    assert result.exit_code == 2 and "not JSON" in result.output
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["store", "import", str(bad), "--database-url", url])
    assert result.exit_code == 2 and "nothing was imported" in result.output
    repo = SqlRepository(url)
    assert repo.usage().records == 0
    repo.close()
