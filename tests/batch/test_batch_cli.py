"""``reelshift batch`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reelshift.cli.app import app


def test_cli_batch_writes_every_file(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["batch", str(roster), "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout.strip().splitlines()[-1])
    assert report["rows"] == 240 and report["placed"] + report["rejected"] == 240
    for name in ("results.parquet", "results.csv", "rejects.csv", "summary.json", "report.html"):
        assert (out / name).is_file()


def test_cli_batch_errors_are_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path)])
    assert res.exit_code == 2
    assert "no such file" in res.output
    bad = tmp_path / "r.csv"
    bad.write_text("title\ngaffer\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["batch", str(bad), "-o", str(tmp_path / "o"), "--map", "x"])
    assert res.exit_code == 2
    assert "column=field" in res.output
