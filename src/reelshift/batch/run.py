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
import time
from contextlib import closing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from reelshift.batch import io
from reelshift.batch.engine import REJECT_COLUMNS, RESULT_COLUMNS, Engine, Options
from reelshift.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from reelshift.kb.loader import KnowledgePack

CHECKPOINT = ".checkpoint"
DEFAULT_CHUNK_ROWS = 50_000
EngineName = Literal["local", "dask"]

FLOAT_COLUMNS = {"confidence", "years"} | {
    c for c in RESULT_COLUMNS if c.split("_")[0] in ("exposure", "automation", "augmentation")
}


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


def result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            (c, pa.int64() if c == "row" else pa.float64() if c in FLOAT_COLUMNS else pa.string())
            for c in RESULT_COLUMNS
        ]
    )


def reject_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c == "row" else pa.string()) for c in REJECT_COLUMNS])


def to_table(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    import pandas as pd
    import pyarrow as pa

    arrays = []
    for f in schema:
        values = df[f.name]
        if pa.types.is_string(f.type):
            obj = values.to_numpy(dtype=object)
            mask = pd.isna(obj)
            arrays.append(pa.array(obj, type=f.type, mask=mask if mask.any() else None))
        else:
            arrays.append(pa.array(values.to_numpy(), type=f.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


# --- checkpoints ----------------------------------------------------------------------------


def signature(source: io.Source, mapping: dict[str, str], options: Options, extra: dict[str, Any]) -> dict[str, Any]:
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
            self.dir / f"results-{index:06d}.parquet",
            self.dir / f"rejects-{index:06d}.parquet",
        )

    def write(
        self, index: int, results: pd.DataFrame, rejects: pd.DataFrame, input_rows: int
    ) -> None:
        import pyarrow.parquet as pq

        res_path, rej_path = self.paths(index)
        for df, path, schema in (
            (results, res_path, result_schema()),
            (rejects, rej_path, reject_schema()),
        ):
            tmp = path.with_suffix(".tmp")
            pq.write_table(to_table(df, schema), tmp)
            os.replace(tmp, path)
        meta = {"results": len(results), "rejects": len(rejects), "input_rows": input_rows}
        _atomic_write(self.dir / f"chunk-{index:06d}.done", json.dumps(meta).encode())

    def input_rows(self, index: int) -> int:
        meta = json.loads((self.dir / f"chunk-{index:06d}.done").read_text(encoding="utf-8"))
        return int(meta["input_rows"])

    def done_indexes(self) -> list[int]:
        return sorted(int(p.stem.split("-")[1]) for p in self.dir.glob("chunk-*.done"))

    def ids(self, index: int) -> tuple[list[str], list[int]]:
        """The ids and row numbers a done chunk used (to find duplicates after a resume)."""
        import pyarrow.parquet as pq

        ids: list[str] = []
        rows: list[int] = []
        for path in self.paths(index):
            table = pq.read_table(path, columns=["id", "row"])
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

    def apply(
        self, results: pd.DataFrame, rejects: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        import pandas as pd

        both = pd.concat(
            [results[["id", "row"]].assign(placed=True), rejects[["id", "row"]].assign(placed=False)]
        ).sort_values("row", kind="stable")
        dup_rows: dict[int, int] = {}
        seen = self.seen
        for id_, row in zip(both["id"].tolist(), both["row"].tolist(), strict=True):
            first = seen.get(id_)
            if first is None:
                seen[id_] = row
            elif first != row:
                dup_rows[row] = first
        if not dup_rows:
            return results, rejects
        mask = results["row"].isin(list(dup_rows)).to_numpy()
        if not mask.any():
            return results, rejects
        moved = results.loc[mask, ["id", "row"]].copy()
        moved["reason"] = "duplicate-id"
        moved["detail"] = [f"the id was first used on row {dup_rows[r]}" for r in moved["row"]]
        rejects = (
            pd.concat([rejects, moved[list(REJECT_COLUMNS)]])
            .sort_values("row", kind="stable")
            .reset_index(drop=True)
        )
        return results.loc[~mask].reset_index(drop=True), rejects


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


def canonical_chunks(job: Job) -> Iterator[tuple[int, int, pd.DataFrame]]:
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


def with_bad_lines(rejects: pd.DataFrame, lines: list[int]) -> pd.DataFrame:
    """Lines the CSV parser could not split into the header's columns, as rejects (row 0: they
    are not data rows; ``line-<n>`` names the file line)."""
    if not lines:
        return rejects
    import pandas as pd

    bad = pd.DataFrame(
        {
            "id": [f"line-{n}" for n in lines],
            "row": [0] * len(lines),
            "reason": ["bad-row"] * len(lines),
            "detail": [f"file line {n} has more cells than the header" for n in lines],
        }
    )
    return pd.concat([bad, rejects], ignore_index=True)


def finish_outputs(checkpoints: Checkpoints, outdir: Path) -> tuple[int, int]:
    """Join the parts, in order, into results.parquet, results.csv and rejects.csv."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    indexes = checkpoints.done_indexes()
    placed = rejected = 0
    res_schema, rej_schema = result_schema(), reject_schema()
    tmp = {name: outdir / f".{name}.tmp" for name in ("results.parquet", "results.csv", "rejects.csv")}
    with (
        pq.ParquetWriter(tmp["results.parquet"], res_schema) as pw,
        pacsv.CSVWriter(tmp["results.csv"], res_schema) as cw,
        pacsv.CSVWriter(tmp["rejects.csv"], rej_schema) as rw,
    ):
        for index in indexes:
            res_path, rej_path = checkpoints.paths(index)
            results = pq.read_table(res_path, schema=res_schema)
            rejects = pq.read_table(rej_path, schema=rej_schema)
            placed += results.num_rows
            rejected += rejects.num_rows
            pw.write_table(results)
            cw.write_table(safe_table(results))
            rw.write_table(safe_table(rejects))
    for name, path in tmp.items():
        os.replace(path, outdir / name)
    return placed, rejected


def safe_table(table: pa.Table) -> pa.Table:
    """Text cells a spreadsheet would run as formulas get a leading quote (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for col in table.columns:
        if pa.types.is_string(col.type):
            risky = pc.fill_null(pc.match_substring_regex(col, r"^[=+\-@\t\r]"), False)
            col = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=table.schema)
