"""Fixtures for the batch tests: generated rosters, never real people's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_rosters import roster_rows, write_csv


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "roster.csv", roster_rows(240))
