"""Reading messy files and writing safe ones: every format, encoding and oddity gives rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
import pytest
from batch_rosters import roster_rows, write_csv

import reelshift


def _run(path: Path, out: Path, **kwargs: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    result = reelshift.batch(path, out, figures_only=True, **kwargs)
    results = pd.read_parquet(out / "results.parquet")
    rejects = pd.read_csv(out / "rejects.csv", dtype=str, keep_default_na=False)
    assert result.placed == len(results) and result.rejected == len(rejects)
    return results, rejects


def test_every_format_gives_the_same_rows(tmp_path: Path) -> None:
    rows = roster_rows(60)
    df = pd.DataFrame(rows)
    paths = {
        "csv": write_csv(tmp_path / "r.csv", rows),
        "tsv": tmp_path / "r.tsv",
        "parquet": tmp_path / "r.parquet",
        "jsonl": tmp_path / "r.jsonl",
        "xlsx": tmp_path / "r.xlsx",
    }
    df.to_csv(paths["tsv"], sep="\t", index=False)
    df.to_parquet(paths["parquet"])
    paths["jsonl"].write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    df.to_excel(paths["xlsx"], index=False)
    outputs = {name: _run(path, tmp_path / f"out-{name}")[0] for name, path in paths.items()}
    expected = outputs.pop("csv")
    assert len(expected) > 40
    for name, got in outputs.items():
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=name)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_odd_encodings_and_bom(tmp_path: Path, encoding: str) -> None:
    rows = [{"ID": "a1", "Job Title": "Senior DI colourist", "Region": "Île-de-France"}] * 1
    rows += [{"ID": f"b{i}", "Job Title": "gaffer", "Region": "Zürich"} for i in range(5)]
    path = write_csv(tmp_path / "r.csv", rows, encoding=encoding)
    results, rejects = _run(path, tmp_path / "out")
    assert rejects.empty
    assert results["id"].tolist()[0] == "a1"  # the BOM is not part of the first header
    assert results["region"].tolist() == ["Île-de-France"] + ["Zürich"] * 5
    assert results["roles"].tolist() == ["colorist"] + ["gaffer"] * 5


def test_blank_lines_duplicate_ids_huge_cells_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    huge = "colourist " + "x" * 200_000
    path.write_text(
        "id,title,seniority\n"
        "\n"
        "p1,gaffer,senior\n"
        ",,\n"
        "p1,editor,junior\n"  # a duplicated id: the first row wins
        f"p2,{huge},\n"
        "p3,boom operator,mid,one cell too many\n"
        "   \n"
        "p4,boom operator,mid\n",
        encoding="utf-8",
    )
    results, rejects = _run(path, tmp_path / "out")
    assert results["id"].tolist().count("p1") == 1
    assert results.set_index("id").loc["p1", "roles"] == "gaffer"
    reasons = dict(zip(rejects["id"], rejects["reason"], strict=True))
    assert reasons["p1"] == "duplicate-id"
    assert "p4" in results["id"].tolist()
    assert any(r == "bad-row" for r in reasons.values())
    assert len(results) + len(rejects) == 5  # p1, p1, p2, p3 (bad line), p4; blanks are not rows


def test_map_and_postings(tmp_path: Path) -> None:
    path = tmp_path / "postings.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["Ref", "Headline", "Advert"])
        w.writerow(
            ["j1", "Crew member", "First assistant camera (focus puller) for a feature film."]
        )
        w.writerow(["j2", "Gaffer", "Lead the lighting crew on a TV drama."])
    results, _ = _run(
        path, tmp_path / "out", mapping=["Ref=id", "Headline=title", "Advert=body"], kind="postings"
    )
    assert dict(zip(results["id"], results["roles"], strict=True)) == {
        "j1": "first-assistant-camera",
        "j2": "gaffer",
    }


def test_csv_output_is_safe_in_a_spreadsheet(tmp_path: Path) -> None:
    rows = [
        {"id": '=HYPERLINK("http://x")', "roles": "gaffer", "region": "+44 London"},
        {"id": "@SUM(A1)", "roles": "gaffer", "region": "-Leeds"},
        {"id": "-5", "roles": "nope", "region": ""},
        {"id": "ok", "roles": "gaffer", "region": "York"},
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    reelshift.batch(path, tmp_path / "out", figures_only=True)
    table = pacsv.read_csv(tmp_path / "out" / "results.csv").to_pandas()
    assert table["id"].tolist() == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "ok"]
    assert table["region"].tolist() == ["'+44 London", "'-Leeds", "York"]
    rejects = pacsv.read_csv(tmp_path / "out" / "rejects.csv").to_pandas()
    assert rejects["id"].astype(str).tolist() == ["'-5"]
    # The Parquet file keeps the values as they were.
    raw = pd.read_parquet(tmp_path / "out" / "results.parquet")
    assert raw["id"].tolist()[0] == '=HYPERLINK("http://x")'


def test_a_file_with_no_usable_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("name,shoe size\nA,9\n", encoding="utf-8")
    with pytest.raises(reelshift.InputError, match="--map"):
        reelshift.batch(path, tmp_path / "out")
