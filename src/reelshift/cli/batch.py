"""``reelshift batch``: a roster or job postings in, per-row results and a group report out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reelshift.cli.app import PackOpt, err, fail, get_pack

if TYPE_CHECKING:
    from rich.progress import Progress, Task
    from rich.text import Text


def batch(
    input: Annotated[
        Path,
        typer.Argument(help="CSV, TSV, XLSX, Parquet or JSON Lines: one person or posting a row."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results and report.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Read a column as a field: column=field (fields: id, title, description, roles, "
            "seniority, employment, sector, region, tasks, tools, years). Repeatable.",
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="roster (people) or postings (job postings: title and body).")
    ] = "roster",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv, tsv, xlsx, parquet or jsonl (default: by extension)."),
    ] = None,
    figures_only: Annotated[
        bool,
        typer.Option("--figures-only", help="Figures without paths (no best move): much faster."),
    ] = False,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local Dask cluster.")] = 2,
    chunk_rows: Annotated[
        int, typer.Option(help="Rows per chunk (memory and checkpoint granularity).")
    ] = 100_000,
    min_group: Annotated[
        int, typer.Option(help="The smallest group the report shows (privacy).")
    ] = 5,
    compare: Annotated[
        Path | None, typer.Option(help="An earlier run's folder: report what changed.")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write report.pdf (web extra).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what the run did as JSON.")
    ] = False,
    pack: PackOpt = None,
) -> None:
    """Analyse every row of a roster or a set of job postings; write results and a group report.

    Writes OUT/results.parquet, results.csv, rejects.csv, summary.json and report.html. A run
    that is stopped resumes where it left off when started again with the same arguments.
    """
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        fail(f"batch needs the batch extra: pip install 'reelshift[batch]' ({exc.name} missing)")
    from reelshift.batch import run_batch
    from reelshift.batch.io import open_source
    from reelshift.batch.run import estimate_rows
    from reelshift.errors import InputError
    from reelshift.render.pdf import PdfUnavailable

    if chunk_rows < 1:
        fail("--chunk-rows must be at least 1")
    kb = get_pack(pack) if pack else None
    try:
        total = estimate_rows(open_source(input, fmt))
    except InputError as exc:
        fail(str(exc))
    progress = None if quiet or as_json else _progress()
    try:
        if progress is not None:
            with progress:
                task = progress.add_task("rows", total=total)
                result = run_batch(
                    input,
                    out,
                    mapping=map_ or [],
                    kind=kind,
                    format=fmt,
                    figures_only=figures_only,
                    engine=engine,
                    scheduler=scheduler,
                    workers=workers,
                    chunk_rows=chunk_rows,
                    min_group=min_group,
                    compare=compare,
                    pdf=pdf,
                    pack=kb,
                    pack_dirs=pack or [],
                    progress=lambda n: progress.advance(task, n),
                )
                progress.update(task, total=result.rows, completed=result.rows)
        else:
            result = run_batch(
                input,
                out,
                mapping=map_ or [],
                kind=kind,
                format=fmt,
                figures_only=figures_only,
                engine=engine,
                scheduler=scheduler,
                workers=workers,
                chunk_rows=chunk_rows,
                min_group=min_group,
                compare=compare,
                pdf=pdf,
                pack=kb,
                pack_dirs=pack or [],
            )
    except InputError as exc:
        fail(str(exc))
    except PdfUnavailable as exc:
        fail(str(exc))
    if as_json:
        print(
            json.dumps(
                {
                    "rows": result.rows,
                    "placed": result.placed,
                    "rejected": result.rejected,
                    "seconds": round(result.seconds, 3),
                    "resumed_chunks": result.resumed_chunks,
                    "engine": result.engine,
                    "files": [str(f) for f in result.files],
                }
            )
        )
        return
    err().print(
        f"{result.rows:,} rows: {result.placed:,} placed, {result.rejected:,} not placed "
        f"(see rejects.csv) in {result.seconds:.1f} s ({result.rows_per_second:,.0f} rows/s)"
        + (f"; resumed {result.resumed_chunks} chunk(s)" if result.resumed_chunks else ""),
        highlight=False,
    )
    for f in result.files:
        err().print(f"wrote {f}", highlight=False)


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} rows/s" if speed else "— rows/s", style="cyan")

    return Progress(
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err(),
        transient=False,
    )


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
