"""A run killed part-way resumes with no row lost and none doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from batch_rosters import roster_rows, write_csv


def test_killed_run_resumes_without_losing_or_doubling_rows(tmp_path: Path) -> None:
    rows = roster_rows(1500)
    for i, row in enumerate(rows):  # distinct titles, so every chunk has real work to do
        row["title"] = f"{row['title']} {['London', 'Leeds', 'York', 'Bath'][i % 4]} unit {i}"
    path = write_csv(tmp_path / "roster.csv", rows)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "reelshift", "batch", str(path), "-o", str(out)]
    cmd += ["--chunk-rows", "50", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = out / ".checkpoint"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(checkpoint.glob("chunk-*.done"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(checkpoint.glob("chunk-*.done")))
    assert 2 <= done_before < 30
    assert not (out / "results.parquet").exists()

    again = subprocess.run([*cmd[:-1], "--json"], capture_output=True, text=True, check=True)
    assert '"resumed_chunks": ' in again.stdout
    results = pd.read_parquet(out / "results.parquet")
    rejects = pd.read_csv(out / "rejects.csv", dtype=str, keep_default_na=False)
    seen = results["id"].tolist() + rejects["id"].tolist()
    assert sorted(seen) == sorted(r["id"] for r in rows)  # every row once: none lost, none twice
    assert results["row"].is_monotonic_increasing
    assert not checkpoint.exists()
