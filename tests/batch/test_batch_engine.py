"""The engine: understood once, computed once, and the same figures as ``analyze``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from batch_rosters import roster_rows, write_csv

import reelshift
from reelshift.batch import io
from reelshift.batch.engine import Engine, Options, group_rows
from reelshift.kb.loader import builtin_pack


def _chunk(rows: list[dict[str, str]]) -> pd.DataFrame:
    raw = pd.DataFrame(rows, dtype=object)
    return io.canonical(raw, io.column_plan(list(raw.columns), {}))


def test_figures_only_matches_analyze_for_every_role_and_level() -> None:
    pack = builtin_pack()
    rows = [
        {"id": f"{rid}-{lv.value}", "roles": rid, "seniority": lv.value}
        for rid, role in list(pack.roles.items())[::3]  # a third of the roles: CI time
        for lv in role.seniority
    ]
    rows.append({"id": "mix", "roles": "colorist=70%; editor=30%", "seniority": "senior"})
    fast = Engine(pack, Options(figures_only=True)).process(_chunk(rows), 1)[0].to_pandas()
    full = Engine(pack, Options()).process(_chunk(rows), 1)[0].to_pandas()
    assert len(fast) == len(rows) == len(full)
    figures = [c for c in fast.columns if c.split("_")[0] in ("exposure", "automation")]
    for col in [*figures, "category", "category_now", "roles", "level"]:
        assert fast[col].tolist() == full[col].tolist(), col

    def task_ids(value: str) -> set[str]:  # rounding: last digits and order of ties differ
        return {part.split("=")[0] for part in value.split(";")}

    assert [task_ids(v) for v in fast["top_tasks"]] == [task_ids(v) for v in full["top_tasks"]]
    # And the full engine is analyze() itself, row by row.
    for row in rows[:: max(1, len(rows) // 25)]:
        shares = {"roles": ["colorist", "editor"], "role_shares": [0.7, 0.3]}
        profile = shares if row["id"] == "mix" else {"roles": [row["roles"]]}
        a = reelshift.analyze({**profile, "seniority": row["seniority"]})
        got = full[full["id"] == row["id"]].iloc[0]
        assert got["automation_5y"] == a.headline.automation.in_5y
        assert got["exposure_now"] == a.headline.exposure.now
        assert got["category"] == a.headline.category
        assert got["best_move"] == a.paths[0].target
    assert fast["best_move"].isna().all()


def test_identical_inputs_and_profiles_are_computed_once() -> None:
    rows = roster_rows(400)
    engine = Engine(builtin_pack(), Options())
    results, rejects = engine.process(_chunk(rows), 1)
    assert results.num_rows + rejects.num_rows == 400
    distinct_titles = len({r["title"] for r in rows})
    assert engine.counters["texts"] <= distinct_titles
    distinct_inputs = len({(r["title"], r["seniority"], r["region"]) for r in rows})
    assert engine.counters["inputs"] == distinct_inputs
    assert engine.counters["profiles"] < distinct_inputs
    # A second chunk of the same rows touches no new text or profile.
    before = dict(engine.counters)
    engine.process(_chunk(rows), 401)
    assert engine.counters["texts"] == before["texts"]
    assert engine.counters["profiles"] == before["profiles"]


def test_rows_keep_their_order_ids_and_numbers() -> None:
    rows = roster_rows(50)
    rows[3]["id"] = ""
    results, rejects = (
        t.to_pandas() for t in Engine(builtin_pack(), Options()).process(_chunk(rows), 101)
    )
    both = pd.concat([results[["id", "row"]], rejects[["id", "row"]]]).sort_values("row")
    assert both["row"].tolist() == list(range(101, 151))
    assert "row-104" in both["id"].tolist()


def test_reasons_for_rows_that_cannot_be_placed() -> None:
    rows = [
        {"id": "a", "title": "", "roles": "", "seniority": ""},
        {"id": "b", "title": "", "roles": "no-such-role", "seniority": ""},
        {"id": "c", "title": "accountant at a bank", "roles": "", "seniority": ""},
        {"id": "d", "title": "", "roles": "colorist", "seniority": "wizard"},
        {"id": "e", "title": "%%%% ####", "roles": "", "seniority": ""},
        {"id": "f", "title": "", "roles": "colorist", "seniority": "head"},
    ]
    results, rejects = (
        t.to_pandas() for t in Engine(builtin_pack(), Options()).process(_chunk(rows), 1)
    )
    reasons = dict(zip(rejects["id"], rejects["reason"], strict=True))
    assert reasons["a"] == "empty"
    assert reasons["b"] == "unknown-role"
    assert reasons["c"] == "outside-film"
    assert reasons["d"] == "invalid-field"
    assert reasons["e"] in ("unreadable", "not-covered")
    assert results["id"].tolist() == ["f"]


def test_postings_read_the_body_when_the_title_is_unclear() -> None:
    rows = [
        {
            "id": "j1",
            "title": "Crew member",
            "body": "First assistant camera (focus puller) for a feature film.",
        }
    ]
    raw = pd.DataFrame(rows, dtype=object)
    chunk = io.canonical(raw, io.column_plan(list(raw.columns), {}))
    roster = Engine(builtin_pack(), Options(kind="roster")).process(chunk, 1)[0].to_pandas()
    postings = Engine(builtin_pack(), Options(kind="postings")).process(chunk, 1)[0].to_pandas()
    assert postings["roles"].tolist() == ["first-assistant-camera"]
    assert postings["understood_from"].tolist() == ["posting"]
    assert roster.empty  # a roster reads the title alone: 'Crew member' is not a craft


def test_group_rows_is_exact() -> None:
    df = pd.DataFrame({"a": ["x", "y", "x", "x"], "b": ["1", "1", "1", "2"]}, dtype=object)
    codes, firsts = group_rows(df, ["a", "b"])
    assert codes.tolist() == [0, 1, 0, 2]
    assert firsts == [0, 1, 3]


def test_public_entry_point(roster: Path, tmp_path: Path) -> None:
    result = reelshift.batch(roster, tmp_path / "out", figures_only=True)
    assert result.rows == 240
    assert result.placed + result.rejected == 240
    assert (tmp_path / "out" / "report.html").is_file()


@pytest.mark.parametrize("bad", ["nonsense=title", "title"])
def test_bad_map_is_refused(roster: Path, tmp_path: Path, bad: str) -> None:
    with pytest.raises(reelshift.InputError):
        reelshift.batch(roster, tmp_path / "out", mapping=[bad])


def test_write_csv_helper_roundtrip(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", roster_rows(3))
    assert path.read_text().count("\n") == 4


def test_region_and_tools_do_not_change_what_a_batch_reads() -> None:
    """The engine analyses profiles that differ only in region and tools once (engine.compute)."""
    for rid in ("colorist", "gaffer", "editor"):
        plain = reelshift.analyze({"roles": [rid], "seniority": "senior"})
        other = reelshift.analyze(
            {
                "roles": [rid],
                "seniority": "senior",
                "region": "Ontario",
                "tools": ["DaVinci Resolve"],
            }
        )
        assert plain.headline == other.headline
        assert [(t.id, t.share, t.automation) for t in plain.tasks] == [
            (t.id, t.share, t.automation) for t in other.tasks
        ]
        assert [(p.kind, p.target, p.title) for p in plain.paths] == [
            (p.kind, p.target, p.title) for p in other.paths
        ]
