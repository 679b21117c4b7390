"""Retired role ids keep working: a profile, ``--role`` or task id naming one is analysed as its
successor, and the analysis says so."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reelshift import analyze
from reelshift.cli import app
from reelshift.errors import UnknownRoleError
from reelshift.kb.loader import builtin_pack
from reelshift.kb.successors import retired_roles, upgrade_role_id, upgrade_task_id


def test_the_builtin_retired_ids_map_to_their_successors() -> None:
    pack = builtin_pack()
    retired = retired_roles(pack)
    assert retired["cinematographer"].primary == "videographer"
    assert retired["captioner-subtitler"].successors == ("captioner", "subtitle-translator")
    assert upgrade_role_id(pack, "cinematographer") == "videographer"
    assert upgrade_role_id(pack, "editor") == "editor"
    # A task follows the split: translation went to the subtitle translator, the rest to the
    # primary successor under the same task id.
    assert upgrade_task_id(pack, "captioner-subtitler:translate-adapt") == (
        "subtitle-translator:translate-adapt"
    )
    assert upgrade_task_id(pack, "captioner-subtitler:live-captions") == "captioner:live-captions"
    assert upgrade_task_id(pack, "cinematographer:grade-footage") == "videographer:grade-footage"


def test_a_split_id_is_analysed_as_its_primary_successor_with_a_note() -> None:
    a = analyze({"roles": ["captioner-subtitler"]})
    assert [r.id for r in a.roles] == ["captioner"]
    assert a.profile.roles == ["captioner"]
    (note,) = [c for c in a.caveats if "captioner-subtitler" in c]
    assert "Captioner (same-language and live)" in note
    assert "--role subtitle-translator" in note


def test_old_task_ids_follow_their_task() -> None:
    a = analyze(
        {
            "tasks": [
                {"task_id": "captioner-subtitler:translate-adapt", "share": 0.6},
                {"task_id": "cinematographer:grade-footage", "share": 0.4},
            ]
        }
    )
    assert {t.id for t in a.tasks} == {
        "subtitle-translator:translate-adapt",
        "videographer:grade-footage",
    }
    assert sum("was retired" in c for c in a.caveats) == 2


def test_old_and_new_ids_together_are_one_role() -> None:
    a = analyze({"roles": ["cinematographer", "videographer"], "role_shares": [0.5, 0.5]})
    assert [r.id for r in a.roles] == ["videographer"]


def test_an_unknown_id_is_still_refused() -> None:
    with pytest.raises(UnknownRoleError):
        analyze({"roles": ["cinematographerz"]})


def test_cli_role_option_accepts_a_retired_id() -> None:
    result = CliRunner().invoke(app, ["analyze", "--role", "cinematographer", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["roles"][0]["id"] == "videographer"
    assert any("'cinematographer' was retired" in c for c in data["caveats"])
