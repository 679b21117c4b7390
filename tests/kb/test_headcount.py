"""``kb check`` on headcounts and retired role ids: each broken declaration is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reelshift.kb.loader import builtin_pack, load_pack
from reelshift.kb.validate import check_pack, occupation_people

OCCUPATION = {
    "soc": "27-4032",
    "title": "Film and Video Editors",
    "employment_2024": 1000,
    "self_employed_pct_2024": 50.0,
    "sources": ["SRC-A"],
}
# 1,000 wage-and-salary jobs, half of the occupation self-employed: 2,000 people.
HEADCOUNT = {
    "us_estimate": [400, 800],
    "soc": "27-4032",
    "share": [0.2, 0.4],
    "basis": "An estimate for the tests: a fifth to two fifths of the occupation's people.",
    "freelance_share": {
        "value": 0.5,
        "basis": "The occupation's self-employed share, for the tests.",
        "sources": ["SRC-A"],
    },
    "sources": ["SRC-A"],
}


def problems_for(make_pack: Any, files: dict[str, Any]) -> list[str]:
    pack = load_pack([make_pack(files)], include_builtin=False)
    return [str(p) for p in check_pack(pack)]


@pytest.fixture
def files(tiny_files: dict[str, Any]) -> dict[str, Any]:
    tiny_files["occupations/o.yaml"] = [OCCUPATION]
    tiny_files["roles/cutter-person.yaml"]["headcount"] = copy.deepcopy(HEADCOUNT)
    return tiny_files


def test_a_sound_headcount_passes(make_pack: Any, files: dict[str, Any]) -> None:
    assert problems_for(make_pack, files) == []


def test_occupation_people_grosses_up_by_the_self_employed_share(
    make_pack: Any, files: dict[str, Any]
) -> None:
    pack = load_pack([make_pack(files)], include_builtin=False)
    assert occupation_people(pack, "27-4032") == pytest.approx(2000)
    assert occupation_people(pack, "99-9999") is None


def test_a_craft_without_a_headcount_is_refused(make_pack: Any, files: dict[str, Any]) -> None:
    del files["roles/cutter-person.yaml"]["headcount"]
    (problem,) = problems_for(make_pack, files)
    assert "role 'cutter-person'" in problem and "needs a headcount" in problem


def test_an_emerging_role_needs_no_headcount(make_pack: Any, files: dict[str, Any]) -> None:
    role = files["roles/cutter-person.yaml"]
    del role["headcount"]
    role["kind"] = "emerging"
    assert not any("headcount" in p for p in problems_for(make_pack, files))


def test_an_estimate_that_does_not_follow_from_its_share_is_refused(
    make_pack: Any, files: dict[str, Any]
) -> None:
    files["roles/cutter-person.yaml"]["headcount"]["us_estimate"] = [4000, 8000]
    (problem,) = problems_for(make_pack, files)
    assert "does not follow from share 0.2-0.4" in problem and "2,000 people" in problem


def test_the_split_occupation_must_be_the_roles_own(make_pack: Any, files: dict[str, Any]) -> None:
    files["occupations/o.yaml"].append({**OCCUPATION, "soc": "27-4031"})
    files["roles/cutter-person.yaml"]["headcount"]["soc"] = "27-4031"
    (problem,) = problems_for(make_pack, files)
    assert "soc 27-4031 is not one of the role's SOC codes" in problem


def test_soc_and_share_come_together(make_pack: Any, files: dict[str, Any]) -> None:
    del files["roles/cutter-person.yaml"]["headcount"]["share"]
    (problem,) = problems_for(make_pack, files)
    assert "give soc and share together" in problem


def test_unknown_sources_in_a_headcount_are_refused(make_pack: Any, files: dict[str, Any]) -> None:
    files["roles/cutter-person.yaml"]["headcount"]["freelance_share"]["sources"] = ["NOPE"]
    (problem,) = problems_for(make_pack, files)
    assert "headcount" in problem and "unknown source id 'NOPE'" in problem


def test_crafts_cannot_claim_more_than_the_whole_occupation(
    make_pack: Any, files: dict[str, Any]
) -> None:
    hc = files["roles/cutter-person.yaml"]["headcount"]
    hc.update(share=[0.7, 0.9], us_estimate=[1400, 1800])
    twin = copy.deepcopy(files["roles/cutter-person.yaml"])
    twin.update(id="cutter-twin", title="Cutter twin", aliases=["twin cutter"])
    files["roles/cutter-twin.yaml"] = twin
    problems = problems_for(make_pack, files)
    assert any("occupation 27-4032" in p and "add up to 1.40" in p for p in problems)


def _retire(files: dict[str, Any], **replacement: Any) -> None:
    files["roles/cutter-person.yaml"]["replaces"] = [
        {
            "id": "old-cutter",
            "note": "the old id named two jobs; cutting is this role",
            **replacement,
        }
    ]


def test_a_retired_id_with_one_primary_successor_passes(
    make_pack: Any, files: dict[str, Any]
) -> None:
    _retire(files, tasks={"assemble": "cut"})
    assert problems_for(make_pack, files) == []


def test_a_task_map_must_point_at_the_successors_own_tasks(
    make_pack: Any, files: dict[str, Any]
) -> None:
    _retire(files, tasks={"assemble": "splice"})
    (problem,) = problems_for(make_pack, files)
    assert "task 'assemble' maps to 'splice', not a task of this role" in problem


def test_a_retired_id_needs_exactly_one_primary(make_pack: Any, files: dict[str, Any]) -> None:
    _retire(files, primary=False)
    (problem,) = problems_for(make_pack, files)
    assert "retired role 'old-cutter'" in problem and "has none" in problem


def test_the_builtin_split_roles_declare_their_retired_ids() -> None:
    pack = builtin_pack()
    assert "cinematographer" not in pack.roles and "captioner-subtitler" not in pack.roles
    declared = {(r.id, rep.id, rep.primary) for r in pack.roles.values() for rep in r.replaces}
    assert ("videographer", "cinematographer", True) in declared
    assert ("captioner", "captioner-subtitler", True) in declared
    assert ("subtitle-translator", "captioner-subtitler", False) in declared
    # "cinematographer" in the sense of DP is the director of photography's title now.
    assert "cinematographer" in pack.roles["director-of-photography"].aliases


def test_every_builtin_craft_has_a_headcount_with_its_basis() -> None:
    pack = builtin_pack()
    crafts = [r for r in pack.roles.values() if r.kind == "craft"]
    assert len(crafts) >= 74
    for role in crafts:
        assert role.headcount is not None, role.id
        basis = role.headcount.basis.casefold()
        assert "estimate" in basis or "judgement" in basis, role.id  # marked as not a count
        assert role.headcount.us_estimate[0] > 0
