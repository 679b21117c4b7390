"""Running a batch: chunks through the engine, per-chunk checkpoints, then the outputs.

Checkpoints: each chunk's results and rejects are written to ``OUTDIR/.checkpoint`` as Parquet
(to a temporary name, then renamed), and a ``.done`` marker is renamed into place last. A chunk
counts as done only with its marker, so a run killed at any instant resumes from the first chunk
without one: no row is lost, none is written twice. The checkpoint's ``job.json`` records what
the run was (input file size and time, mapping, options, pack version); a different job in the
same folder starts afresh.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reelshift.batch import io
from reelshift.batch.engine import Engine, Options, reject_schema, result_schema
from reelshift.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from reelshift.kb.loader import KnowledgePack

CHECKPOINT = ".checkpoint"
DEFAULT_CHUNK_ROWS = 100_000
EngineName = Literal["local", "dask"]


@dataclass
class BatchResult:
    """What a run did and where its files are."""

    outdir: Path
    rows: int
    placed: int
    rejected: int
    seconds: float
    chunks: int
    resumed_chunks: int
    engine: str
    counters: dict[str, int] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


# --- checkpoints ----------------------------------------------------------------------------


def signature(
    source: io.Source, mapping: dict[str, str], options: Options, extra: dict[str, Any]
) -> dict[str, Any]:
    stat = source.path.stat()
    return {
        "input": str(source.path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "format": source.format,
        "mapping": sorted(mapping.items()),
        "kind": options.kind,
        "figures_only": options.figures_only,
        **extra,
    }


class Checkpoints:
    """The parts of one job in ``OUTDIR/.checkpoint``."""

    def __init__(self, outdir: Path, job: dict[str, Any]) -> None:
        self.dir = outdir / CHECKPOINT
        self.dir.mkdir(parents=True, exist_ok=True)
        marker = self.dir / "job.json"
        text = json.dumps(job, sort_keys=True)
        if marker.exists() and marker.read_text(encoding="utf-8") != text:
            shutil.rmtree(self.dir)  # another job's parts: never mix them in
            self.dir.mkdir(parents=True)
        if not marker.exists():
            _atomic_write(marker, text.encode("utf-8"))

    def done(self, index: int) -> bool:
        return (self.dir / f"chunk-{index:06d}.done").exists()

    def paths(self, index: int) -> tuple[Path, Path]:
        return (
            self.dir / f"results-{index:06d}.arrow",
            self.dir / f"rejects-{index:06d}.arrow",
        )

    def write(self, index: int, results: pa.Table, rejects: pa.Table, input_rows: int) -> None:
        """A chunk's parts as Arrow IPC files (no encoding: the cheapest durable form)."""
        import pyarrow.feather as feather

        res_path, rej_path = self.paths(index)
        for table, path, schema in (
            (results, res_path, result_schema()),
            (rejects, rej_path, reject_schema()),
        ):
            tmp = path.with_suffix(".tmp")
            feather.write_feather(table.cast(schema), tmp, compression="uncompressed")
            os.replace(tmp, path)
        meta = {"results": results.num_rows, "rejects": rejects.num_rows, "input_rows": input_rows}
        _atomic_write(self.dir / f"chunk-{index:06d}.done", json.dumps(meta).encode())

    def input_rows(self, index: int) -> int:
        meta = json.loads((self.dir / f"chunk-{index:06d}.done").read_text(encoding="utf-8"))
        return int(meta["input_rows"])

    def done_indexes(self) -> list[int]:
        return sorted(int(p.stem.split("-")[1]) for p in self.dir.glob("chunk-*.done"))

    def read(self, index: int) -> tuple[pa.Table, pa.Table]:
        """A done chunk's results and rejects."""
        import pyarrow.feather as feather

        res_path, rej_path = self.paths(index)
        return (
            feather.read_table(res_path, memory_map=True).cast(result_schema()),
            feather.read_table(rej_path, memory_map=True).cast(reject_schema()),
        )

    def ids(self, index: int) -> tuple[list[str], list[int]]:
        """The ids and row numbers a done chunk used (to find duplicates after a resume)."""
        ids: list[str] = []
        rows: list[int] = []
        for table in self.read(index):
            ids.extend(table.column("id").to_pylist())
            rows.extend(table.column("row").to_pylist())
        return ids, rows

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Deduper:
    """Keeps the first row of each id; later rows with the same id become rejects."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def remember(self, ids: Sequence[str], rows: Sequence[int] | None = None) -> None:
        for i, id_ in enumerate(ids):
            self.seen.setdefault(id_, int(rows[i]) if rows is not None else 0)

    def apply(self, results: pa.Table, rejects: pa.Table) -> tuple[pa.Table, pa.Table]:
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = results.column("id").to_pylist() + rejects.column("id").to_pylist()
        rows = results.column("row").to_pylist() + rejects.column("row").to_pylist()
        dup_rows: dict[int, int] = {}
        seen = self.seen
        fresh = dict(zip(ids, rows, strict=True))  # C-level: the common case has no repeats
        if len(fresh) < len(ids) or not seen.keys().isdisjoint(fresh):
            for i in sorted(range(len(rows)), key=rows.__getitem__):
                first = seen.setdefault(ids[i], rows[i])
                if first != rows[i]:
                    dup_rows[rows[i]] = first
        else:
            seen.update(fresh)
        if not dup_rows:
            return results, rejects
        mask = pc.is_in(results.column("row"), value_set=pa.array(list(dup_rows), pa.int64()))
        if not pc.any(mask).as_py():
            return results, rejects
        moved = results.filter(mask)
        moved_rows = moved.column("row").to_pylist()
        moved_rejects = pa.table(
            {
                "id": moved.column("id"),
                "row": moved.column("row"),
                "reason": pa.array(["duplicate-id"] * len(moved_rows), pa.string()),
                "detail": pa.array(
                    [f"the id was first used on row {dup_rows[r]}" for r in moved_rows],
                    pa.string(),
                ),
            },
            schema=reject_schema(),
        )
        combined = pa.concat_tables([rejects.cast(reject_schema()), moved_rejects])
        combined = combined.take(pc.sort_indices(combined, sort_keys=[("row", "ascending")]))
        return results.filter(pc.invert(mask)), combined


# --- running --------------------------------------------------------------------------------


@dataclass
class Job:
    """Everything a run needs, resolved from the caller's arguments."""

    source: io.Source
    mapping: dict[str, str]
    options: Options
    outdir: Path
    chunk_rows: int
    pack: KnowledgePack


def check_plan(plan: dict[str, str], columns: Sequence[object]) -> None:
    if not ({"title", "description", "roles", "tasks"} & set(plan)):
        raise InputError(
            "the file has no column ReelShift can read as a title, description, role or tasks; "
            f"its columns: {', '.join(map(str, columns))[:300]}; name them with --map column=field"
        )


def canonical_chunks(job: Job) -> Generator[tuple[int, int, pd.DataFrame], None, None]:
    """(chunk index, first row number, canonical chunk) in input order.

    JSON Lines has no header: each chunk's keys are read again (the user's map applies to the
    keys a chunk has)."""
    chunks = io.read_chunks(job.source, job.chunk_rows)
    with closing(chunks):  # the file is closed even when a chunk fails
        yield from _canonical(job, chunks)


def _canonical(job: Job, chunks: Iterator[pd.DataFrame]) -> Iterator[tuple[int, int, pd.DataFrame]]:
    plan: dict[str, str] | None = None
    next_row = 1
    for index, raw in enumerate(chunks):
        if plan is None:
            plan = io.column_plan(list(raw.columns), job.mapping)
            check_plan(plan, list(raw.columns))
        elif job.source.format == "jsonl":
            plan = io.column_plan(list(raw.columns), _present(job.mapping, raw))
        first = next_row
        next_row += len(raw)
        chunk = io.canonical(raw, plan)
        chunk.attrs["bad_lines"] = raw.attrs.get("bad_lines", [])
        yield index, first, chunk


def _present(mapping: dict[str, str], raw: pd.DataFrame) -> dict[str, str]:
    keys = {io.header_key(str(c)) for c in raw.columns}
    return {k: v for k, v in mapping.items() if k in keys}


def estimate_rows(source: io.Source) -> int | None:
    """A quick row count for the progress bar (lines for text files; metadata otherwise)."""
    try:
        if source.format == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(source.path).metadata.num_rows)
        if source.format == "xlsx":
            return None
        count = 0
        with source.path.open("rb") as handle:
            while block := handle.read(1 << 22):
                count += block.count(b"\n")
        return max(count - (0 if source.format == "jsonl" else 1), 0)
    except OSError:
        return None


ProgressFn = Callable[[int], None]


def run_local(job: Job, checkpoints: Checkpoints, advance: ProgressFn) -> tuple[int, int, Engine]:
    """Process every chunk not yet done; returns (chunks, chunks resumed, engine)."""
    engine = Engine(job.pack, job.options)
    dedupe = Deduper()
    chunks = resumed = 0
    stream = canonical_chunks(job)
    with closing(stream):
        for index, first_row, chunk in stream:
            chunks += 1
            resumed += _one_chunk(engine, dedupe, checkpoints, advance, index, first_row, chunk)
    return chunks, resumed, engine


def _one_chunk(
    engine: Engine,
    dedupe: Deduper,
    checkpoints: Checkpoints,
    advance: ProgressFn,
    index: int,
    first_row: int,
    chunk: pd.DataFrame,
) -> int:
    """Process (or, when its checkpoint is there, skip) one chunk; 1 when it was skipped."""
    if checkpoints.done(index):
        dedupe.remember(*checkpoints.ids(index))
        advance(len(chunk))
        return 1
    results, rejects = engine.process(chunk, first_row)
    rejects = with_bad_lines(rejects, chunk.attrs.get("bad_lines", []))
    results, rejects = dedupe.apply(results, rejects)
    checkpoints.write(index, results, rejects, len(chunk))
    advance(len(chunk))
    return 0


def with_bad_lines(rejects: pa.Table, lines: list[int]) -> pa.Table:
    """Lines the CSV parser could not split into the header's columns, as rejects (row 0: they
    are not data rows; ``line-<n>`` names the file line)."""
    if not lines:
        return rejects
    import pyarrow as pa

    bad = pa.table(
        {
            "id": [f"line-{n}" for n in lines],
            "row": [0] * len(lines),
            "reason": ["bad-row"] * len(lines),
            "detail": [f"file line {n} has more cells than the header" for n in lines],
        },
        schema=reject_schema(),
    )
    return pa.concat_tables([bad, rejects.cast(reject_schema())])


def finish_outputs(checkpoints: Checkpoints, outdir: Path) -> tuple[int, int]:
    """Join the parts, in order, into results.parquet, results.csv and rejects.csv."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    indexes = checkpoints.done_indexes()
    placed = rejected = 0
    res_schema, rej_schema = result_schema(), reject_schema()
    tmp = {
        name: outdir / f".{name}.tmp" for name in ("results.parquet", "results.csv", "rejects.csv")
    }
    with (
        pq.ParquetWriter(tmp["results.parquet"], res_schema) as pw,
        pacsv.CSVWriter(tmp["results.csv"], res_schema) as cw,
        pacsv.CSVWriter(tmp["rejects.csv"], rej_schema) as rw,
    ):
        for index in indexes:
            results, rejects = checkpoints.read(index)
            placed += results.num_rows
            rejected += rejects.num_rows
            pw.write_table(results)
            cw.write_table(safe_table(results))
            rw.write_table(safe_table(rejects))
    for name, path in tmp.items():
        os.replace(path, outdir / name)
    return placed, rejected


def _risky(values: Any) -> Any:
    import pyarrow.compute as pc

    return pc.fill_null(pc.match_substring_regex(values, r"^[=+\-@\t\r]"), False)


def safe_table(table: pa.Table) -> pa.Table:
    """Text cells a spreadsheet would run as formulas get a leading quote (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for col in table.columns:
        # Most columns hold a few distinct values (pack ids, categories): test those first.
        if pa.types.is_string(col.type) and pc.any(_risky(pc.unique(col))).as_py():
            col = pc.if_else(_risky(col), pc.binary_join_element_wise("'", col, ""), col)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=table.schema)
