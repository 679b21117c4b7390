"""``--engine dask``: the same job on a Dask cluster, over a Dask dataframe of the input.

Parquet is read with ``dask.dataframe.read_parquet`` and CSV/TSV with ``read_csv`` (split into
byte blocks); JSON Lines and XLSX, which do not split by bytes, are read by the client into
partitions. Each partition runs through the same ``Engine.process`` as the local engine, on the
worker, with the worker's own caches. The client then numbers the rows (a partition's first
row is known only once the partitions before it are counted), names rows without an id,
drops repeated ids and writes the same per-chunk checkpoints as the local engine: the same
rows come out either way (a test checks this on a ``LocalCluster``).

A real cluster: start ``dask scheduler`` and ``dask worker tcp://HOST:8786`` on machines that
have ReelShift installed (the same version), put the input where every worker can read it (a
shared path, or object storage that Dask can read), and pass ``--scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from reelshift.batch import io
from reelshift.batch.engine import Engine, Options, fill_ids

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from reelshift.batch.run import Checkpoints, Job, ProgressFn

BLOCKSIZE = 4_000_000
"""Bytes per CSV partition (about 100,000 rows of a roster given by role)."""

_ENGINES: dict[tuple[Options, tuple[str, ...]], Engine] = {}


def _engine(options: Options, pack_dirs: tuple[str, ...]) -> Engine:
    """One engine per worker process and job options: caches live as long as the worker."""
    key = (options, pack_dirs)
    if key not in _ENGINES:
        from pathlib import Path

        from reelshift.kb.loader import builtin_pack, load_pack

        pack = load_pack([Path(d) for d in pack_dirs]) if pack_dirs else builtin_pack()
        _ENGINES[key] = Engine(pack, options)
    return _ENGINES[key]


def process_partition(
    raw: pd.DataFrame,
    plan: dict[str, str],
    options: Options,
    pack_dirs: tuple[str, ...],
) -> tuple[pa.Table, pa.Table, int]:
    """Runs on a worker: one raw partition -> (results, rejects, input rows), rows from 1."""
    raw = io._drop_blank(io._as_strings(raw))
    chunk = io.canonical(raw, plan)
    results, rejects = _engine(options, pack_dirs).process(chunk, 1, name_rows=False)
    return results, rejects, len(chunk)


def partitions(job: Job) -> tuple[list[Any], list[str]]:
    """The input as a list of delayed partitions, and its column names."""
    import dask.dataframe as dd
    import pandas as pd

    src = job.source
    if src.format == "parquet":
        ddf = dd.read_parquet(str(src.path), split_row_groups=True)
    elif src.format in ("csv", "tsv") and src.encoding != "utf-16":
        ddf = dd.read_csv(
            str(src.path),
            sep="\t" if src.format == "tsv" else ",",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding=src.encoding,
            encoding_errors="replace",
            blocksize=BLOCKSIZE,
            on_bad_lines="warn",
        )
    else:
        chunks = list(io.read_chunks(src, job.chunk_rows))
        frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
        parts = max(1, -(-len(frame) // job.chunk_rows))
        ddf = dd.from_pandas(frame, npartitions=parts, sort=False)
    return list(ddf.to_delayed()), [str(c) for c in ddf.columns]


def _number(table: pa.Table, offset: int) -> pa.Table:
    """A partition's rows numbered from where it starts in the file; ids filled in."""
    import pyarrow.compute as pc

    rows = pc.add(table.column("row"), offset)
    table = table.set_column(table.schema.get_field_index("row"), "row", rows)
    ids = fill_ids(table.column("id"), rows)
    return table.set_column(table.schema.get_field_index("id"), "id", ids)


def run_dask(
    job: Job,
    checkpoints: Checkpoints,
    advance: ProgressFn,
    scheduler: str | None,
    workers: int,
    pack_dirs: tuple[str, ...] = (),
) -> tuple[int, int, dict[str, int]]:
    """Process every partition not yet done; returns (partitions, resumed, counters)."""
    from dask.delayed import delayed
    from distributed import Client, LocalCluster

    from reelshift.batch.run import Deduper

    parts, columns = partitions(job)
    plan = io.column_plan(columns, job.mapping)
    from reelshift.batch.run import check_plan

    check_plan(plan, columns)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    dedupe = Deduper()
    offset = 0
    resumed = 0
    counters = {"rows": 0, "partitions": len(parts)}
    try:
        todo: list[Any] = []
        for index in range(len(parts)):
            if checkpoints.done(index):
                todo.append(None)
            else:
                todo.append(delayed(process_partition)(parts[index], plan, job.options, pack_dirs))
        window = max(2, 2 * sum(client.nthreads().values()))
        pending: deque[tuple[int, Any]] = deque()
        next_submit = 0

        def submit_more() -> None:
            nonlocal next_submit
            while next_submit < len(todo) and len(pending) < window:
                task = todo[next_submit]
                pending.append((next_submit, client.compute(task) if task is not None else None))
                next_submit += 1

        submit_more()
        while pending:
            index, future = pending.popleft()
            if future is None:
                ids, rows = checkpoints.ids(index)
                dedupe.remember(ids, rows)
                n = checkpoints.input_rows(index)
                offset += n
                resumed += 1
                advance(n)
                submit_more()
                continue
            results, rejects, n = future.result()
            submit_more()
            results, rejects = _number(results, offset), _number(rejects, offset)
            results, rejects = dedupe.apply(results, rejects)
            checkpoints.write(index, results, rejects, n)
            offset += n
            counters["rows"] += n
            advance(n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return len(parts), resumed, counters
