"""The Dask engine on a LocalCluster gives the same rows as the local engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from batch_rosters import roster_rows, write_csv

import reelshift


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_local_cluster_matches_local_engine(tmp_path: Path) -> None:
    rows = roster_rows(400)
    rows[7].update(id=rows[3]["id"], title="gaffer")  # a duplicated id, in another partition
    rows[11]["id"] = ""
    path = write_csv(tmp_path / "r.csv", rows)
    local = reelshift.batch(path, tmp_path / "local", chunk_rows=90)
    # Small blocks, so the CSV is read as several Dask partitions.
    from reelshift.batch import dask_engine

    old = dask_engine.BLOCKSIZE
    dask_engine.BLOCKSIZE = 4_000
    try:
        dist = reelshift.batch(path, tmp_path / "dask", engine="dask", workers=2)
    finally:
        dask_engine.BLOCKSIZE = old
    assert dist.chunks > 1
    for name in ("results.parquet",):
        a = pd.read_parquet(tmp_path / "local" / name)
        b = pd.read_parquet(tmp_path / "dask" / name)
        pd.testing.assert_frame_equal(a, b)
    ra = pd.read_csv(tmp_path / "local" / "rejects.csv", dtype=str)
    rb = pd.read_csv(tmp_path / "dask" / "rejects.csv", dtype=str)
    pd.testing.assert_frame_equal(ra, rb)
    assert (ra["reason"] == "duplicate-id").sum() == 1
    assert "row-12" in set(pd.read_parquet(tmp_path / "dask" / "results.parquet")["id"]) | set(
        rb["id"]
    )
    assert local.summary["categories"] == dist.summary["categories"]
