"""Command definitions. Each command parses options, calls the library and renders."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from reelshift.errors import AmbiguousRoleError, InputError, PackError, UnknownRoleError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from reelshift.kb.loader import KnowledgePack
    from reelshift.models import MatchResult

# The analysis engine (NumPy, the models, the pack loader) is imported inside the commands that
# use it, so `reelshift --help` and argument errors answer at once (BENCHMARKS.md, "Command
# start-up"; tests/test_cli_edges.py keeps it so).

app = typer.Typer(
    name="reelshift",
    help="How AI is changing your work in film and video, task by task, and where to go next.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain help: option names with plain value names (FILE, HOURS), no Python type labels
    # such as <bool>, and no Rich help renderer to import before answering.
    rich_markup_mode=None,
)
kb_app = typer.Typer(
    help="Check and describe the knowledge pack.", no_args_is_help=True, rich_markup_mode=None
)


def _version(value: bool) -> None:
    if value:
        from reelshift import __version__
        from reelshift.kb.loader import builtin_pack

        meta = builtin_pack().meta
        print(f"reelshift {__version__} (knowledge pack {meta.version}, {meta.as_of})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """How AI is changing your work in film and video, task by task, and where to go next."""


app.add_typer(kb_app, name="kb")

EXIT_PACK = 1
EXIT_INPUT = 2
EXIT_AMBIGUOUS = 3
EXIT_OUTSIDE = 4
EXIT_NOT_COVERED = 5
EXIT_UNREADABLE = 6
EXIT_BY_REASON = {
    "outside-film": EXIT_OUTSIDE,
    "not-covered": EXIT_NOT_COVERED,
    "unreadable": EXIT_UNREADABLE,
}
"""Exit codes of a description that cannot be analysed, one per reason (docs/matching.md)."""


# The analysis model's own choices, written out so that help needs no model import; a test
# (tests/test_cli_edges.py) fails when they drift from the model.
SENIORITIES: tuple[str, ...] = ("junior", "mid", "senior", "head")
EMPLOYMENTS: tuple[str, ...] = ("freelance", "staff", "owner")
SCENARIOS: tuple[str, ...] = ("slow", "expected", "fast")
GOALS: tuple[str, ...] = ("stay", "move-up", "move-sideways", "build-business")
SECTORS: tuple[str, ...] = (
    "features",
    "episodic",
    "commercials",
    "music-video",
    "documentary",
    "animation",
    "games",
    "corporate-social",
)


def choice(value: str | None, options: tuple[str, ...], name: str) -> str | None:
    """Check an option against its choices, with a one-line error naming the closest."""
    if value is None:
        return None
    cleaned = value.strip().casefold()
    if cleaned in options:
        return cleaned
    from rapidfuzz import process

    closest = process.extractOne(cleaned, options)
    hint = f" (closest: {closest[0]})" if closest and closest[1] >= 50 else ""
    fail(f"unknown {name} '{value}'; choose one of {', '.join(options)}{hint}")


def out() -> Console:
    return Console(soft_wrap=False)


def err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _safe(text: str) -> str:
    """Never echo control characters back to a terminal."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "?" for ch in text)


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    from rich.markup import escape

    # The message quotes what the person typed: never read it as markup ("[/x]" is text).
    err().print(f"[bold red]error:[/] {escape(_safe(message))}", markup=True, highlight=False)
    raise typer.Exit(code)


PackOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--pack",
        metavar="FOLDER",
        help="A pack directory to lay over the built-in pack (repeatable).",
        exists=False,
    ),
]


def get_pack(extra: list[Path] | None) -> KnowledgePack:
    from reelshift.kb.loader import builtin_pack, load_pack

    for folder in extra or []:
        if not folder.is_dir():  # a typo in a path is bad input, not a broken pack
            fail(f"--pack {folder}: no such folder")
    try:
        return load_pack(extra) if extra else builtin_pack()
    except PackError as exc:
        for line in exc.problems[:20] or [str(exc)]:
            err().print(_safe(line), highlight=False, markup=False)
        fail("the knowledge pack could not be loaded", EXIT_PACK)


OPTION_OF_FIELD = {
    "title": "the job title",
    "roles": "--role",
    "role_shares": "--role",
    "tasks": "--task",
    "tools": "--tool",
    "seniority": "--seniority",
    "employment": "--employment",
    "sector": "--sector",
    "goal": "--goal",
    "hours_per_week": "--hours",
    "scenario": "--scenario",
}
"""The option a person typed for each profile field, so messages name what they can change."""


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = [p for p in first["loc"] if isinstance(p, (str, int))]
    field = str(loc[0]) if loc else ""
    name = OPTION_OF_FIELD.get(field, field.replace("_", " ") or "the description")
    index = next((p for p in loc[1:] if isinstance(p, int)), None)
    where = f"{name} number {index + 1}" if index is not None else name
    msg = str(first["msg"])
    msg = msg.removeprefix("Value error, ")
    return f"{where}: {msg[:1].lower()}{msg[1:]}"


@app.command()
def analyze(
    text: Annotated[
        str | None, typer.Argument(metavar="TITLE", show_default=False, hidden=True)
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", "-r", metavar="ROLE-ID", help="A role id (see `reelshift roles`)."),
    ] = None,
    task: Annotated[
        list[str] | None,
        typer.Option(
            "--task",
            "-t",
            metavar="TASK",
            help="A task you do, in your words or as role-id:task-id; add '=30%' for its share.",
        ),
    ] = None,
    seniority: Annotated[
        str | None, typer.Option(metavar="LEVEL", help="junior, mid, senior or head.")
    ] = None,
    employment: Annotated[
        str | None, typer.Option(metavar="KIND", help="freelance, staff or owner.")
    ] = None,
    scenario: Annotated[
        str, typer.Option(metavar="PACE", help="Adoption pace: slow, expected or fast.")
    ] = "expected",
    hours: Annotated[
        float, typer.Option(metavar="HOURS", help="Working hours per week (a number, 1-100).")
    ] = 40.0,
    goal: Annotated[
        str | None,
        typer.Option(metavar="GOAL", help="stay, move-up, move-sideways or build-business."),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option(
            metavar="SECTOR",
            help="features, episodic, commercials, music-video, documentary, animation, "
            "games or corporate-social.",
        ),
    ] = None,
    tool: Annotated[
        list[str] | None,
        typer.Option("--tool", metavar="TOOL", help="A tool you already use (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    md: Annotated[
        Path | None, typer.Option("--md", metavar="FILE", help="Write a Markdown report here.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Write an HTML report here.")
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            metavar="FILE",
            help="Write a PDF report here, at most 4 pages (needs the web extra).",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="The whole report: every task, tool, path, plan step, market figure and "
            "source (default: a one-screen summary). With --pdf: detail and sources as an "
            "appendix.",
        ),
    ] = False,
    pack: PackOpt = None,
) -> None:
    """Analyse a role or your own description of your work.

    TITLE is your job title or a sentence about your work, e.g. 'DI colourist, mostly
    commercials'; or pass --role. Prints a one-screen summary; --full prints everything.
    """
    from pydantic import ValidationError

    from reelshift.api import analyze as run
    from reelshift.models import Profile, TaskInput

    seniority = choice(seniority, SENIORITIES, "seniority")
    employment = choice(employment, EMPLOYMENTS, "employment type")
    scenario = choice(scenario, SCENARIOS, "scenario") or "expected"
    goal = choice(goal, GOALS, "goal")
    sector = choice(sector, SECTORS, "sector")
    if text is not None and not text.strip() and not role and not task:
        fail("the job title is empty; describe your work, or pass --role (see `reelshift roles`)")
    kb = get_pack(pack)
    tasks = []
    for item in task or []:
        words, share = _split_share(item)
        if not any(ch.isalnum() for ch in words):  # empty, or only invisible characters
            fail(f"--task '{item}' has no words in it")
        tasks.append(
            TaskInput(task_id=words, share=share)
            if ":" in words and " " not in words
            else TaskInput(text=words, share=share)
        )
    try:
        profile = Profile(
            title=text,
            roles=role or [],
            tasks=tasks,
            seniority=seniority,
            employment=employment,
            scenario=scenario,
            hours_per_week=hours,
            goal=goal,
            sector=sector,
            tools=tool or [],
        )
    except ValidationError as exc:
        fail(_validation_message(exc))
    found = None
    if text and text.strip() and not role:
        from reelshift.matching import match_text

        found = match_text(kb, text)
    try:
        try:
            analysis = run(profile, kb)
        except UnknownRoleError as exc:
            if found is None or found.reason is None:
                raise
            code = EXIT_BY_REASON[found.reason]
            if as_json:
                print(
                    json.dumps(
                        {
                            "status": "unknown",
                            "reason": found.reason,
                            "message": str(exc),
                            "candidates": _candidates(kb, exc.choices, found)
                            if found.reason == "not-covered"
                            else [],
                        }
                    )
                )
                raise typer.Exit(code) from None
            fail(str(exc), code)
        except AmbiguousRoleError as exc:
            if as_json:
                print(
                    json.dumps(
                        {
                            "status": "ambiguous",
                            "confidence": found.confidence if found else None,
                            "candidates": _candidates(kb, exc.choices, found),
                        }
                    )
                )
                raise typer.Exit(EXIT_AMBIGUOUS) from None
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                fail(str(exc), EXIT_AMBIGUOUS)
            # A person at a terminal picks the role(s), and the analysis goes on with what the
            # text said (level, sector, tools) kept.
            picked = _ask_role(kb, exc.choices)
            analysis = run(profile.model_copy(update={"roles": picked}), kb)
            found = None
    except InputError as exc:
        fail(str(exc))
    if found is not None and found.understood and not as_json:
        err().print(_safe(found.understood), highlight=False, markup=False)

    from reelshift.render import markdown as md_render

    if md:
        _write(md, md_render.render(analysis))
    if html:
        from reelshift.render import html as html_render

        _write(html, html_render.render(analysis))
    if pdf:
        from reelshift.render import pdf as pdf_render

        try:
            data = pdf_render.render(analysis, full=full)
        except pdf_render.PdfUnavailable as exc:
            fail(str(exc))
        _write_bytes(pdf, data)
    if as_json:
        print(analysis.model_dump_json(indent=2))
    elif not (md or html or pdf):
        from reelshift.render import terminal

        terminal.render(analysis, out(), full=full)


def _split_share(item: str) -> tuple[str, float | None]:
    words, sep, tail = item.rpartition("=")
    if not sep:
        return item.strip(), None
    raw = tail.strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        return item.strip(), None
    share = value / 100 if tail.strip().endswith("%") or value > 1 else value
    if not 0 < share <= 1:
        fail(f"the share in '{item}' must be between 0 and 100%")
    return words.strip(), share


def _candidates(
    kb: KnowledgePack, ids: list[str], found: MatchResult | None = None
) -> list[dict[str, object]]:
    scores = {c.role: c.score for c in found.candidates} if found else {}
    return [
        {
            "role": rid,
            "title": kb.roles[rid].title,
            "soc": list(kb.roles[rid].soc.codes),
            **({"score": scores[rid]} if rid in scores else {}),
        }
        for rid in ids
        if rid in kb.roles
    ]


def parse_choice(answer: str, count: int) -> list[int] | None:
    """'2' or '1,3' or '1 and 3' -> zero-based choices; None when it is not a valid answer."""
    import re

    numbers = [int(n) for n in re.findall(r"\d+", answer)]
    if not numbers or any(not 1 <= n <= count for n in numbers):
        return None
    return list(dict.fromkeys(n - 1 for n in numbers))


def _ask_role(kb: KnowledgePack, ids: list[str]) -> list[str]:  # pragma: no cover - interactive
    console = err()
    console.print("That description fits several roles about equally well:")
    for i, rid in enumerate(ids, 1):
        console.print(f"  {i}. {kb.roles[rid].title} ({rid})")
    for _ in range(3):
        answer = typer.prompt("Which one is you? (a number; several, e.g. 1,2, for a mix)")
        picked = parse_choice(answer, len(ids))
        if picked:
            return [ids[i] for i in picked][:5]
        console.print(f"Type a number from 1 to {len(ids)}.")
    fail("no choice made", EXIT_AMBIGUOUS)


def _write_bytes(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    err().print(f"wrote {path}", highlight=False)


def _write(path: Path, content: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    err().print(f"wrote {path}", highlight=False)


@app.command()
def roles(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Add kind, SOC codes and tasks (wider than 80 columns).")
    ] = False,
    pack: PackOpt = None,
) -> None:
    """List every role by department: id, title and estimated US headcount."""
    from reelshift.industry import role_summaries, roles_text

    kb = get_pack(pack)
    data = role_summaries(kb)
    if as_json:
        print(json.dumps([r.model_dump() for r in data], indent=2, ensure_ascii=False))
        return
    print(roles_text(data, kb, wide=wide))


@app.command()
def industry(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Add every craft's row (wider than 80 columns).")
    ] = False,
    seniority: Annotated[
        str, typer.Option(help="Reference level: junior, mid, senior, head.")
    ] = "mid",
    scenario: Annotated[str, typer.Option(help="slow, expected or fast.")] = "expected",
    top: Annotated[int, typer.Option(help="How many of the most exposed tasks to list.")] = 10,
    pack: PackOpt = None,
) -> None:
    """People by department: estimated headcount, shares in each category now and in 5 years,
    and the most exposed tasks across the industry."""
    from reelshift.industry import industry_text, industry_view

    level = choice(seniority, SENIORITIES, "seniority") or "mid"
    pace = choice(scenario, SCENARIOS, "scenario") or "expected"
    if not 1 <= top <= 200:
        fail("--top must be between 1 and 200")
    from reelshift.kb.schema import Seniority

    kb = get_pack(pack)
    view = industry_view(kb, Seniority(level), pace, top=top)  # type: ignore[arg-type]
    if as_json:
        print(view.model_dump_json(indent=2))
        return
    print(industry_text(view, wide=wide))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output."""
    from reelshift.models import Analysis

    print(json.dumps(Analysis.model_json_schema(), indent=2))


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(metavar="NUMBER", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(metavar="NUMBER", help="Server processes.")] = 1,
    database_url: Annotated[
        str | None,
        typer.Option(help="Where saved analyses go (default: SQLite in your data folder)."),
    ] = None,
) -> None:
    """Start the web app: questionnaire, reports, industry view, saved analyses, JSON API."""
    try:
        import fastapi  # noqa: F401  (the web extra: checked before anything starts)
        import uvicorn  # noqa: F401

        from reelshift.web.server import run
    except ImportError as exc:
        fail(f"the web app needs the web extra: pip install 'reelshift[web]' ({exc.name} missing)")
    err().print(f"ReelShift on http://{host}:{port}/ (Ctrl+C stops it)", highlight=False)
    run(host=host, port=port, workers=workers, database_url=database_url)


@kb_app.command("check")
def kb_check(pack: PackOpt = None) -> None:
    """Validate the pack: references, sources, shares, timelines. Exit 1 on any problem."""
    from reelshift.kb.validate import check_pack

    kb = get_pack(pack)
    problems = check_pack(kb)
    if problems:
        for p in problems:
            err().print(_safe(str(p)), highlight=False, markup=False)
        fail(f"{len(problems)} problem(s) in the knowledge pack", EXIT_PACK)
    out().print(
        f"pack {kb.meta.name} {kb.meta.version} ({kb.meta.as_of}): ok — {len(kb.roles)} roles, "
        f"{sum(len(r.tasks) for r in kb.roles.values())} tasks, {len(kb.capabilities)} "
        f"capabilities, {len(kb.tools)} tools, {len(kb.sources)} sources",
        highlight=False,
    )


@kb_app.command("doc")
def kb_doc(
    out_file: Annotated[
        Path | None, typer.Option("--out", metavar="FILE", help="Write here, not stdout.")
    ] = None,
    pack: PackOpt = None,
) -> None:
    """Markdown listing every role with its tasks and their exposure (docs/roles.md)."""
    from reelshift.industry import roles_markdown

    text = roles_markdown(get_pack(pack))
    if out_file:
        _write(out_file, text)
    else:
        print(text)


@kb_app.command("advice")
def kb_advice(
    out_file: Annotated[
        Path | None, typer.Option("--out", metavar="FILE", help="Write here, not stdout.")
    ] = None,
    pack: PackOpt = None,
) -> None:
    """Markdown listing every craft role's advice links: what it is told to adopt, what is
    evidence only, what substitutes for the person's work (docs/advice.md)."""
    from reelshift.advice import advice_markdown

    text = advice_markdown(get_pack(pack))
    if out_file:
        _write(out_file, text)
    else:
        print(text)


@kb_app.command("compile")
def kb_compile() -> None:
    """Write the built-in pack's parsed form (kb/data/compiled.json) for fast first loads."""
    from reelshift.kb.loader import COMPILED, compile_builtin

    _write(COMPILED, compile_builtin())


@kb_app.command("stats")
def kb_stats(
    as_json: Annotated[bool, typer.Option("--json")] = False, pack: PackOpt = None
) -> None:
    """Counts of roles, tasks, capabilities, tools, skills and sources."""
    from reelshift.kb.stats import pack_stats

    kb = get_pack(pack)
    stats = pack_stats(kb)
    if as_json:
        print(json.dumps(stats, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"{kb.meta.name} {kb.meta.version} ({kb.meta.as_of})")
    table.add_column("entry")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        if isinstance(value, int):
            table.add_row(key, str(value))
    out().print(table)


def _whole_short_help(group: typer.Typer) -> None:
    """Command lists show each command's first sentence whole: plain help would otherwise cut
    it to the terminal's width with "..."."""
    import inspect

    for info in group.registered_commands:
        if info.short_help is None:
            doc = info.help or (inspect.getdoc(info.callback) if info.callback else "") or ""
            info.short_help = " ".join(doc.split("\n\n")[0].split())


# `reelshift match` lives in its own module; it uses the helpers above.
from reelshift.cli import match as _match  # noqa: E402

_match.register(app)

# `reelshift diff`, `kb diff` and `kb changelog`: what changed between packs and analyses.
from reelshift.cli import changes as _changes  # noqa: E402

_changes.register(app, kb_app)

# `reelshift store purge|export|import`: saved analyses, for retention and backup.
from reelshift.cli import store as _store  # noqa: E402

_store.register(app)

# `reelshift batch`: a roster or job postings in, per-row results and a group report out.
from reelshift.cli import batch as _batch  # noqa: E402

_batch.register(app)

_whole_short_help(app)
_whole_short_help(kb_app)
