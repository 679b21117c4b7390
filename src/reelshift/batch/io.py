"""Reading rosters and job postings, and writing results a spreadsheet can open safely.

Every reader yields pandas DataFrames of strings (one chunk at a time, so a large file never
sits in memory whole), with the file's own column names. ``canonical`` then maps those names
to the fields the engine knows, by the built-in synonyms and the user's ``--map`` entries.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from reelshift.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

Format = Literal["csv", "tsv", "xlsx", "parquet", "jsonl"]
Kind = Literal["roster", "postings"]

FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "description",
    "roles",
    "seniority",
    "employment",
    "sector",
    "region",
    "tasks",
    "tools",
    "years",
)
"""The fields a row may carry; every other column is ignored."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "person_id",
        "member_id",
        "employee_id",
        "staff_id",
        "posting_id",
        "job_id",
        "ref",
    ),
    "title": ("title", "job_title", "jobtitle", "position", "job", "occupation", "role_title"),
    "description": (
        "description",
        "job_description",
        "desc",
        "about",
        "summary",
        "body",
        "posting",
        "posting_text",
        "text",
    ),
    "roles": ("roles", "role", "role_id", "role_ids"),
    "seniority": ("seniority", "level", "grade"),
    "employment": ("employment", "employment_type", "contract", "contract_type"),
    "sector": ("sector", "genre", "market"),
    "region": ("region", "location", "country", "state", "city"),
    "tasks": ("tasks", "task", "duties"),
    "tools": ("tools", "software", "tool"),
    "years": ("years", "years_experience", "experience", "years_in_industry"),
}

MAX_CELL = {"title": 300, "description": 5000, "region": 100, "id": 200}
"""Longer cells are cut here (the limits of a single analysis); other fields: DEFAULT_MAX_CELL."""
DEFAULT_MAX_CELL = 2000

_BAD_LINE = re.compile(r"Skipping line (\d+)")

# A cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Source:
    """An input file and how to read it."""

    path: Path
    format: Format
    encoding: str  # the text encoding (text formats only)


def header_key(name: str) -> str:
    """'Job Title ' -> 'job_title': the form column names are compared in."""
    cleaned = name.replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s\-./]+", "_", cleaned).strip("_")


def parse_map(entries: Sequence[str]) -> dict[str, str]:
    """``["Name=title", "Craft=roles"]`` -> {header_key("Name"): "title", ...}."""
    mapping: dict[str, str] = {}
    for entry in entries:
        column, sep, field = entry.rpartition("=")
        field = field.strip().casefold()
        if not sep or not column.strip():
            raise InputError(f"--map '{entry}' should look like column=field")
        if field == "body":  # a posting's body is its description
            field = "description"
        if field not in FIELDS:
            raise InputError(
                f"--map '{entry}': unknown field '{field}'; fields: {', '.join(FIELDS)}"
            )
        mapping[header_key(column)] = field
    return mapping


def column_plan(columns: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Which input column feeds each field: the user's map first, then the synonyms."""
    keys = {header_key(str(c)): str(c) for c in reversed(list(columns))}  # first column wins
    plan: dict[str, str] = {}
    for key, field in mapping.items():
        if key not in keys:
            raise InputError(
                f"--map names column '{key}', which the file does not have; "
                f"columns: {', '.join(sorted(keys))[:300]}"
            )
        plan.setdefault(field, keys[key])
    for field, names in SYNONYMS.items():
        if field in plan:
            continue
        for name in names:
            if name in keys and keys[name] not in plan.values():
                plan[field] = keys[name]
                break
    return plan


def detect_format(path: Path, given: str | None = None) -> Format:
    if given:
        fmt = given.casefold().lstrip(".")
    else:
        suffixes = [s.casefold() for s in path.suffixes]
        fmt = next((s.lstrip(".") for s in reversed(suffixes) if s not in (".gz",)), "")
    aliases: dict[str, Format] = {
        "csv": "csv",
        "txt": "csv",
        "tsv": "tsv",
        "tab": "tsv",
        "xlsx": "xlsx",
        "xlsm": "xlsx",
        "parquet": "parquet",
        "pq": "parquet",
        "jsonl": "jsonl",
        "ndjson": "jsonl",
        "json": "jsonl",
    }
    if fmt not in aliases:
        raise InputError(
            f"cannot tell the format of {path.name}; use .csv, .tsv, .xlsx, .parquet or .jsonl "
            "(or --format)"
        )
    return aliases[fmt]


def detect_encoding(path: Path, sample_bytes: int = 1 << 20) -> str:
    """The file's text encoding: a BOM says it; else UTF-8 if the start decodes; else cp1252.

    Bytes that still fail later in a long file are replaced, never fatal (``encoding_errors``).
    """
    with path.open("rb") as handle:
        head = handle.read(sample_bytes)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # A sample may end in the middle of a character: ignore an incomplete tail.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def open_source(path: Path, fmt: str | None = None) -> Source:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file")
    form = detect_format(path, fmt)
    encoding = detect_encoding(path) if form in ("csv", "tsv", "jsonl") else "binary"
    return Source(path=path, format=form, encoding=encoding)


def read_chunks(source: Source, chunk_rows: int) -> Generator[pd.DataFrame, None, None]:
    """The file's rows as DataFrames of strings, ``chunk_rows`` at a time (blank rows dropped)."""
    import pandas as pd

    if source.format in ("csv", "tsv"):
        with pd.read_csv(
            source.path,
            sep="\t" if source.format == "tsv" else ",",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding=source.encoding,
            encoding_errors="replace",
            skip_blank_lines=True,
            chunksize=chunk_rows,
            engine="c",
            on_bad_lines="warn",
        ) as reader:
            yield from _csv_chunks(reader)
    elif source.format == "jsonl":
        yield from _jsonl_chunks(source, chunk_rows)
    elif source.format == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(source.path) as pf:
            for batch in pf.iter_batches(batch_size=chunk_rows):
                yield _drop_blank(_as_strings(batch.to_pandas()))
    else:
        yield from _xlsx_chunks(source, chunk_rows)


def _csv_chunks(reader: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Chunks of a CSV reader; lines it had to skip are kept on the chunk (``bad_lines``)."""
    import pandas as pd

    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                chunk = next(reader)
            except StopIteration:
                return
        chunk = _drop_blank(chunk)
        chunk.attrs["bad_lines"] = [
            int(n) for w in caught for n in _BAD_LINE.findall(str(w.message))
        ]
        yield chunk


def _as_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Every column as text; missing values as empty strings; whole numbers without '.0'."""
    import pandas as pd

    out = {}
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_float_dtype(series):
            values = [
                "" if v != v else (str(int(v)) if float(v).is_integer() else str(v))
                for v in series.tolist()
            ]
            out[str(col)] = pd.Series(values, index=df.index, dtype=object)
        else:
            out[str(col)] = series.astype(object).where(series.notna(), "").map(_text)
    return pd.DataFrame(out, index=df.index)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _drop_blank(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with nothing in any cell are not rows (a spreadsheet's trailing empties)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if df.empty:
        return df
    filled = None
    for col in df.columns:
        arr = pa.array(df[col], from_pandas=True)
        if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
            arr = pc.cast(arr, pa.string())
        cell = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(arr), ""), False)
        filled = cell if filled is None else pc.or_(filled, cell)
    if filled is None or pc.all(filled).as_py():
        return df  # the usual case: no blank rows, no copy
    return df[filled.to_numpy(zero_copy_only=False)].reset_index(drop=True)


def _jsonl_chunks(source: Source, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import json

    import pandas as pd

    records: list[dict[str, object]] = []
    with source.path.open("r", encoding=source.encoding, errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            stripped = line.strip().lstrip("\ufeff")
            if not stripped:
                continue
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError:
                value = {"__error__": f"line {number} is not JSON"}
            if not isinstance(value, dict):
                value = {"__error__": f"line {number} is not a JSON object"}
            records.append(value)
            if len(records) >= chunk_rows:
                yield _as_strings(pd.DataFrame.from_records(records))
                records = []
    if records:
        yield _as_strings(pd.DataFrame.from_records(records))


def _xlsx_chunks(source: Source, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import pandas as pd
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
        book = load_workbook(source.path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header: list[str] | None = None
        buffer: list[list[str]] = []
        for row in rows:
            cells = ["" if v is None else _cell(v) for v in row]
            if header is None:
                if any(c.strip() for c in cells):
                    header = [c or f"column_{i + 1}" for i, c in enumerate(cells)]
                continue
            if not any(c.strip() for c in cells):
                continue
            cells = (cells + [""] * len(header))[: len(header)]
            buffer.append(cells)
            if len(buffer) >= chunk_rows:
                yield pd.DataFrame(buffer, columns=header, dtype=object)
                buffer = []
        if buffer and header is not None:
            yield pd.DataFrame(buffer, columns=header, dtype=object)
    finally:
        book.close()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def canonical(df: pd.DataFrame, plan: Mapping[str, str]) -> pd.DataFrame:
    """The chunk with one column per field the file has (and always ``id`` and ``years``),
    cleaned and cut."""
    import pandas as pd

    out: dict[str, pd.Series] = {}
    for field in FIELDS:
        column = plan.get(field)
        if column is None or column not in df.columns:
            if field in ("id", "years"):  # the engine reads these on every row
                out[field] = pd.Series([""] * len(df), index=df.index, dtype=object)
            continue  # other absent fields are read as empty
        limit = MAX_CELL.get(field, DEFAULT_MAX_CELL)
        out[field] = _clean_column(df[column], limit)
    if "__error__" in df.columns:
        out["__error__"] = df["__error__"].astype(object)
    return pd.DataFrame(out, index=df.index)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_column(series: pd.Series, limit: int) -> pd.Series:
    """The column as clean text: only the cells that need it go through Python (a vectorised
    test finds control characters, a BOM, outer spaces, over-long and missing cells)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(series, from_pandas=True)
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.string())
    needs = pc.fill_null(
        pc.or_(
            pc.match_substring_regex(arr, _NEEDS_CLEANING),
            pc.greater(pc.utf8_length(arr), limit),
        ),
        True,
    )
    if not pc.any(needs).as_py():
        return series  # the usual case: nothing to clean, nothing copied
    values = series.to_numpy(dtype=object, na_value="")
    for i in np.flatnonzero(needs.to_numpy(zero_copy_only=False)):
        values[i] = _clean_cell(values[i], limit)
    return pd.Series(values, index=series.index, dtype=object)


_NEEDS_CLEANING = r"[\x00-\x08\x0b-\x1f\x7f\x{feff}]|^\s|\s$"


def _clean_cell(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if not text:
        return ""
    text = _CONTROL.sub(" ", text.replace("\ufeff", "")).strip()
    return text[:limit]


def safe_cell(value: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs (CSV formula injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text column made formula-safe; numbers are written as numbers."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str", "category"):
            values = out[col].astype(object)
            out[col] = values.map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    return out
