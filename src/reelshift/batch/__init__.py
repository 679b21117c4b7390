"""Batch: a roster or a set of job postings in, per-row results and a group report out.

>>> import reelshift
>>> result = reelshift.batch("roster.csv", "out/")  # doctest: +SKIP

writes ``out/results.parquet``, ``out/results.csv``, ``out/rejects.csv``, ``out/summary.json``,
``out/report.html`` (and ``report.pdf`` with ``pdf=True``). See docs/batch.md.

This package is callable (``reelshift.batch(...)`` is ``run_batch``), so the name means the same
thing whether or not the package has been imported. Importing it stays light: pandas, pyarrow
and Dask are imported when a batch runs.
"""

from __future__ import annotations

import json
import sys
import time
import types
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelshift.errors import InputError

if TYPE_CHECKING:
    from reelshift.batch.run import BatchResult, ProgressFn
    from reelshift.kb.loader import KnowledgePack

MIN_GROUP = 5


def run_batch(
    input: str | PathLike[str],
    outdir: str | PathLike[str],
    *,
    mapping: Sequence[str] | dict[str, str] = (),
    kind: str = "roster",
    format: str | None = None,
    figures_only: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 2,
    chunk_rows: int | None = None,
    min_group: int = MIN_GROUP,
    compare: str | PathLike[str] | None = None,
    pdf: bool = False,
    pack: KnowledgePack | None = None,
    pack_dirs: Sequence[str | PathLike[str]] = (),
    progress: ProgressFn | None = None,
) -> BatchResult:
    """Analyse every row of ``input`` and write the results and the group report to ``outdir``.

    ``mapping``: ``["Name=title", ...]`` or ``{"Name": "title"}`` for columns with other names.
    ``kind``: ``roster`` (people) or ``postings`` (job postings: title and body).
    ``figures_only``: skip paths (no best move) for rows given by role; much faster.
    ``engine``: ``local`` or ``dask`` (``scheduler``: a Dask scheduler address; without one a
    ``LocalCluster`` of ``workers`` processes is started).
    A run killed part-way resumes where it stopped when called again with the same arguments.
    Raises ``InputError`` for an input it cannot read at all; bad rows go to rejects.csv.
    """
    from reelshift.batch import io
    from reelshift.batch.engine import Options
    from reelshift.batch.run import (
        DEFAULT_CHUNK_ROWS,
        BatchResult,
        Checkpoints,
        Job,
        finish_outputs,
        run_local,
        signature,
    )
    from reelshift.kb.loader import builtin_pack, load_pack

    if kind not in ("roster", "postings"):
        raise InputError(f"unknown input kind '{kind}'; use roster or postings")
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine '{engine}'; use local or dask")
    if min_group < 1:
        raise InputError("--min-group must be at least 1")
    started = time.perf_counter()
    source = io.open_source(Path(input), format)
    entries = [f"{k}={v}" for k, v in mapping.items()] if isinstance(mapping, dict) else mapping
    parsed = io.parse_map(list(entries))
    dirs = tuple(str(Path(d).resolve()) for d in pack_dirs)
    kb = pack or (load_pack([Path(d) for d in dirs]) if dirs else builtin_pack())
    options = Options(kind=kind, figures_only=figures_only)  # type: ignore[arg-type]
    rows_per_chunk = chunk_rows or DEFAULT_CHUNK_ROWS
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    old = Path(compare) if compare else None
    if old is not None:
        from reelshift.batch.compare import load_old

        load_old(old)  # fail before the work, not after it
    job = Job(source, parsed, options, out, rows_per_chunk, kb)
    sig = signature(
        source,
        parsed,
        options,
        {"engine": engine, "chunk_rows": rows_per_chunk, "pack": kb.meta.version, "dirs": dirs},
    )
    checkpoints = Checkpoints(out, sig)
    advance = progress or (lambda n: None)
    counters: dict[str, int]
    if engine == "dask":
        from reelshift.batch.dask_engine import run_dask

        chunks, resumed, counters = run_dask(job, checkpoints, advance, scheduler, workers, dirs)
    else:
        chunks, resumed, eng = run_local(job, checkpoints, advance)
        counters = dict(eng.counters)
    placed, rejected = finish_outputs(checkpoints, out)
    summary, files = _report(checkpoints, out, kb, min_group, old, pdf)
    checkpoints.remove()
    return BatchResult(
        outdir=out,
        rows=placed + rejected,
        placed=placed,
        rejected=rejected,
        seconds=time.perf_counter() - started,
        chunks=chunks,
        resumed_chunks=resumed,
        engine=engine,
        counters=counters,
        summary=summary,
        files=[out / "results.parquet", out / "results.csv", out / "rejects.csv", *files],
    )


def _report(
    checkpoints: Any,
    out: Path,
    kb: KnowledgePack,
    min_group: int,
    old: Path | None,
    pdf: bool,
) -> tuple[dict[str, Any], list[Path]]:
    from reelshift.batch.report import Aggregator, render_html, render_pdf, summarize

    agg = Aggregator()
    for index in checkpoints.done_indexes():
        agg.add(*checkpoints.read(index))
    summary = summarize(agg, kb, min_group)
    compared = None
    if old is not None:
        from reelshift.batch.compare import compare as run_compare

        compared = run_compare(old, summary, out / "results.parquet")
        summary["compare"] = compared
    files = [out / "summary.json", out / "report.html"]
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    html = render_html(summary, compared)
    (out / "report.html").write_text(html, encoding="utf-8")
    if pdf:
        (out / "report.pdf").write_bytes(render_pdf(html))
        files.append(out / "report.pdf")
    return summary, files


class _CallableModule(types.ModuleType):
    """``reelshift.batch(...)`` runs a batch even after ``import reelshift.batch``."""

    def __call__(self, *args: Any, **kwargs: Any) -> BatchResult:
        return run_batch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["MIN_GROUP", "run_batch"]
