"""Published per-occupation AI indices: in the pack one by one with a source, checked by
`kb check`, and shown beside ReelShift's figures with why they read differently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import reelshift
from reelshift.kb import builtin_pack, load_pack
from reelshift.kb.validate import check_pack
from reelshift.render import markdown
from reelshift.render.summary import published_brief, published_for


def test_builtin_figures_belong_to_the_pack_s_occupations_and_cite_a_source() -> None:
    pack = builtin_pack()
    assert len(pack.published) > 50
    codes = {c for r in pack.roles.values() for c in r.soc.codes}
    codes |= {c[:7] for c in codes}
    for key, fig in pack.published.items():
        assert fig.soc in codes, key
        assert all(s in pack.sources for s in fig.sources), key
    # MeritForge only where it matches its own role exactly; one figure per code and index
    assert {f.index for f in pack.published.values()} == {
        "gpts-gpt4-beta",
        "gpts-human-beta",
        "microsoft-applicability",
        "aioe",
        "meritforge-2026",
    }


def test_an_editor_sees_each_index_once_with_its_source_and_why() -> None:
    a = reelshift.analyze({"roles": ["editor"]})
    indices = [f.index for f in a.market.published]
    assert len(indices) == len(set(indices)) == 5
    lines = published_for(a)
    assert len(lines) == 4  # the two GPTs-are-GPTs ratings share a line
    listed = {s.id: s.sections for s in a.sources}
    for line in lines:
        assert "market" in listed[line.source]
    gpts = next(x.text for x in lines if x.text.startswith("GPTs are GPTs"))
    assert "Film and Video Editors" in gpts and "because" in gpts
    assert "MeritForge" in published_brief(a)
    md = markdown.render(a)
    assert "[RPT-GPTS-OCC]" in md and "**RPT-MSFT-WWAI**" in md


def test_a_role_without_published_figures_says_nothing(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    a = reelshift.analyze({"roles": ["cutter-person"]}, pack)
    assert a.market.published == []
    assert published_for(a) == [] and published_brief(a) == ""


def test_kb_check_refuses_a_figure_off_its_scale_or_for_no_role(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    tiny_files["published_indices.yaml"] = [
        {
            "soc": "27-4032.00",
            "index": "gpts-gpt4-beta",
            "scale": "share",
            "value": 1.4,
            "title": "Film and Video Editors",
            "sources": ["SRC-A"],
        },
        {
            "soc": "11-1011",
            "index": "aioe",
            "scale": "z-score",
            "value": 0.5,
            "title": "Chief Executives",
            "sources": ["NO-SUCH-SOURCE"],
        },
    ]
    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    found = " | ".join(p.message for p in check_pack(pack))
    assert "outside its share" in found
    assert "no role is filed under this code" in found
    assert "unknown source id 'NO-SUCH-SOURCE'" in found
