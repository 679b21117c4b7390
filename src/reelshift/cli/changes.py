"""``reelshift diff`` and ``reelshift kb diff`` / ``kb changelog``: what changed, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from reelshift.cli.app import EXIT_PACK, PackOpt, _write, fail, get_pack
from reelshift.errors import PackError

MAX_ANALYSIS_BYTES = 20_000_000

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the difference as JSON.")]
MdOpt = Annotated[
    Path | None, typer.Option("--md", help="Write the difference as Markdown to this file.")
]


def _read_analysis(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_ANALYSIS_BYTES:
            fail(f"{path}: larger than {MAX_ANALYSIS_BYTES // 1_000_000} MB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{path}: cannot be read ({exc.strerror})")
    except (UnicodeDecodeError, ValueError) as exc:
        fail(f"{path}: not a JSON analysis ({exc})")
    if not isinstance(data, dict) or not isinstance(data.get("headline"), dict):
        fail(f"{path}: not a ReelShift analysis (no headline); save one with analyze --json")
    return data


def _load_dir(path: Path) -> Any:
    from reelshift.kb.loader import load_pack

    try:
        return load_pack([path], include_builtin=False, cache=False)
    except PackError as exc:
        fail(f"{path}: {exc}", EXIT_PACK)


def _emit(text: str, as_json: bool, json_text: str, md: Path | None) -> None:
    if md:
        _write(md, text)
    print(json_text if as_json else text, end="" if as_json else "\n")


def diff(
    old: Annotated[Path, typer.Argument(help="An analysis saved with `analyze --json`.")],
    new: Annotated[
        Path | None,
        typer.Argument(help="A newer analysis; without it, OLD's profile is re-run now."),
    ] = None,
    as_json: JsonOpt = False,
    md: MdOpt = None,
    pack: PackOpt = None,
) -> None:
    """Compare two analyses of the same person, with the pack changes that explain each
    difference. With one file, re-run its profile on the current knowledge pack.
    """
    from reelshift.api import analyze
    from reelshift.changes import changes_since, diff_analyses
    from reelshift.models import Profile
    from reelshift.render.changes import analysis_diff_markdown

    before = _read_analysis(old)
    if new is not None:
        after = _read_analysis(new)
    else:
        profile = before.get("profile")
        raw: dict[str, Any] = profile if isinstance(profile, dict) else {}
        known = {k: v for k, v in raw.items() if k in Profile.model_fields}
        try:
            analysis = analyze(Profile.model_validate(known), pack=get_pack(pack))
        except Exception as exc:  # the old profile may no longer be valid: say so, plainly
            fail(f"{old}: its profile cannot be re-run on this pack ({exc})")
        after = analysis.model_dump(mode="json")
    label = f"{(before.get('pack') or {}).get('name')} {(before.get('pack') or {}).get('version')}"
    result = diff_analyses(before, after, changes_since(label))
    _emit(analysis_diff_markdown(result), as_json, result.model_dump_json(indent=2), md)


def kb_diff(
    old: Annotated[Path, typer.Argument(help="The older pack directory.")],
    new: Annotated[Path, typer.Argument(help="The newer pack directory.")],
    as_json: JsonOpt = False,
    md: MdOpt = None,
) -> None:
    """Changes between two knowledge packs: tools, maturity points, agreements, roles and tasks,
    advice links, labour figures, ladders, and the figures that moved."""
    from reelshift.changes import diff_packs
    from reelshift.render.changes import pack_diff_markdown

    result = diff_packs(_load_dir(old), _load_dir(new))
    _emit(pack_diff_markdown(result, "#"), as_json, result.model_dump_json(indent=2), md)


def kb_changelog(
    old: Annotated[Path, typer.Option("--old", help="The previous release's pack directory.")],
    out_file: Annotated[
        Path, typer.Option("--out", help="Where to write the Markdown changelog.")
    ] = Path("docs/changelog-pack.md"),
) -> None:
    """Record the built-in pack's release in its history (kb/data/history.json) as the diff from
    OLD, and write the changelog (docs/changelog-pack.md)."""
    from reelshift.changes import diff_packs, record_release
    from reelshift.kb.loader import builtin_pack
    from reelshift.render.changes import changelog_markdown

    history = record_release(diff_packs(_load_dir(old), builtin_pack()))
    _write(out_file, changelog_markdown(history))


def register(app: typer.Typer, kb_app: typer.Typer) -> None:
    app.command("diff")(diff)
    kb_app.command("diff")(kb_diff)
    kb_app.command("changelog")(kb_changelog)
