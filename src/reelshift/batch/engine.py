"""The batch engine: rows in, one result row (or one reject) per input row out.

Work is done once per distinct thing, never once per row:

1. rows are grouped by their input cells (``factorize``), so a roster of a million rows that
   name 400 role/level pairs reads 400 inputs;
2. each distinct text is matched once (``reelshift.match``), and each distinct *understood*
   profile (roles, shares, level, context) is analysed once (``reelshift.analyze``), across
   chunks, in bounded caches;
3. the results of the distinct inputs are spread back to the rows with one ``take``.

``figures_only`` skips the analysis for profiles given by role (no tasks): the figures come
straight from the exposure model (``reelshift.exposure``, ``reelshift.paths.role_mix``), the
same numbers ``analyze`` reports (tests check this), without the paths and plan it would build.

``process_chunk`` is a pure function of a chunk, its first row number and the options, so the
local engine and the Dask engine (``dask_engine.py``) give the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, get_args

import numpy as np

from reelshift.batch.io import FIELDS, Kind
from reelshift.errors import (
    AmbiguousRoleError,
    InputError,
    NotCoveredError,
    OutsideFilmError,
    UnknownRoleError,
    UnreadableError,
)
from reelshift.kb.schema import Seniority
from reelshift.models import Employment, Sector

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from reelshift.kb.loader import KnowledgePack
    from reelshift.models import Analysis, MatchResult

FIGURES = ("exposure", "automation", "augmentation")
HORIZON_COLUMNS = (("now", "now"), ("in_2y", "2y"), ("in_5y", "5y"))

RESULT_COLUMNS: tuple[str, ...] = (
    "id",
    "row",
    "understood_from",
    "roles",
    "role_shares",
    "department",
    "level",
    "confidence",
    "category",
    "category_now",
    *(f"{f}_{h}" for f in FIGURES for _, h in HORIZON_COLUMNS),
    "top_tasks",
    "best_move",
    "best_move_kind",
    "best_move_title",
    "best_move_skills",
    "employment",
    "sector",
    "region",
    "years",
)
"""One row per placed input row (docs/batch.md explains each column)."""

REJECT_COLUMNS: tuple[str, ...] = ("id", "row", "reason", "detail")
RECORD_COLUMNS: tuple[str, ...] = (
    *(c for c in RESULT_COLUMNS if c not in ("id", "row", "years")),
    "reason",
    "detail",
)

REASONS: dict[str, str] = {
    "empty": "no title, description, role or task",
    "ambiguous": "the text fits several roles about equally well",
    "outside-film": "the text reads as work outside film and video",
    "not-covered": "film or video work the knowledge pack does not cover yet",
    "unreadable": "the text could not be read",
    "unknown-role": "a role id the pack does not have",
    "invalid-field": "a field holds a value ReelShift does not accept",
    "duplicate-id": "the id was already used by an earlier row",
    "bad-row": "the row could not be parsed",
}
"""Why a row is not placed: the codes in rejects.csv and summary.json."""

SENIORITIES = tuple(s.value for s in Seniority)
EMPLOYMENTS: tuple[str, ...] = get_args(Employment)
SECTORS: tuple[str, ...] = get_args(Sector)
LEVEL_WORDS = {"jr": "junior", "entry": "junior", "sr": "senior", "middle": "mid", "hod": "head"}
CACHE_LIMIT = 50_000
"""Entries per cache (texts, inputs, profiles); a cache that fills is emptied, so memory stays
bounded on any input (a few hundred MB at most)."""

_SPLIT = re.compile(r"\s*[;|]\s*")
_SPLIT_LIST = re.compile(r"\s*[;|,]\s*")
_SHARE = re.compile(r"^(.*?)\s*=\s*(\d+(?:\.\d+)?)\s*(%?)$")


@dataclass(frozen=True)
class Options:
    """What a batch run computes (part of the checkpoint signature)."""

    kind: Kind = "roster"
    figures_only: bool = False


@dataclass(frozen=True)
class ProfileKey:
    """An understood profile: everything ``analyze`` is given. Equal keys, equal results."""

    roles: tuple[str, ...]
    shares: tuple[float, ...]
    seniority: str | None
    employment: str | None
    sector: str | None
    region: str | None
    tasks: tuple[tuple[str | None, str | None, float | None], ...]
    tools: tuple[str, ...]


@dataclass(frozen=True)
class Read:
    """What the engine keeps of a match (a full ``MatchResult`` is far larger)."""

    status: str
    reason: str | None
    mix: tuple[tuple[str, float], ...]
    seniority: str | None
    employment: str | None
    sector: str | None
    region: str | None
    confidence: float
    candidates: tuple[str, ...]

    @classmethod
    def of(cls, found: MatchResult) -> Read:
        return cls(
            status=found.status,
            reason=found.reason,
            mix=tuple((m.role, m.share) for m in found.mix),
            seniority=found.seniority.value if found.seniority else None,
            employment=found.employment,
            sector=found.sector,
            region=found.region,
            confidence=found.confidence,
            candidates=tuple(c.role for c in found.candidates[:4]),
        )


@dataclass
class Rejected(Exception):
    reason: str
    detail: str


class _Cache:
    """A dict that empties itself when full."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self.data: dict[Hashable, Any] = {}

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        try:
            return self.data[key]
        except KeyError:
            pass
        if len(self.data) >= self.limit:
            self.data.clear()
        value = self.data[key] = make()
        return value


@dataclass
class Engine:
    """The caches and options of one run (one per process)."""

    pack: KnowledgePack
    options: Options = field(default_factory=Options)
    texts: _Cache = field(default_factory=_Cache)
    inputs: _Cache = field(default_factory=_Cache)
    profiles: _Cache = field(default_factory=_Cache)
    counters: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "inputs": 0, "texts": 0, "profiles": 0}
    )

    # --- understanding: one input -> a profile key, or a reason it cannot be placed -----------

    def understand(self, cells: dict[str, str]) -> tuple[ProfileKey, str, float | None]:
        if cells.get("__error__"):
            raise Rejected("bad-row", cells["__error__"])
        seniority = _choice(cells["seniority"], SENIORITIES, "seniority", LEVEL_WORDS)
        employment = _choice(cells["employment"], EMPLOYMENTS, "employment")
        sector = _choice(cells["sector"], SECTORS, "sector")
        region = cells["region"] or None
        tools = tuple(t for t in _SPLIT_LIST.split(cells["tools"]) if t)[:60]
        tasks = _tasks(cells["tasks"])
        roles, shares = _roles(cells["roles"])
        unknown = [r for r in roles if r not in self.pack.roles]
        if unknown:
            raise Rejected("unknown-role", f"unknown role id '{unknown[0]}'")
        how, confidence = "role id", None
        title, body = cells["title"], cells["description"]
        if not roles and (title or body):
            found, how = self._read(title, body)
            confidence = found.confidence
            roles = tuple(role for role, _ in found.mix)
            shares = tuple(share for _, share in found.mix) if len(found.mix) > 1 else ()
            seniority = seniority or found.seniority
            employment = employment or found.employment
            sector = sector or found.sector
            region = region or found.region
        elif not roles and tasks:
            how = "tasks"
        elif not roles:
            raise Rejected("empty", REASONS["empty"])
        key = ProfileKey(
            roles=roles,
            shares=shares,
            seniority=seniority,
            employment=employment,
            sector=sector,
            region=region,
            tasks=tasks,
            tools=tools,
        )
        return key, how, confidence

    def _read(self, title: str, body: str) -> tuple[Read, str]:
        """Match the title (or, with none, the description); a posting whose title alone is
        not clear is read with its body."""
        text = title or body
        how = (
            "title" if title else ("posting" if self.options.kind == "postings" else "description")
        )
        found = self._match(text)
        if found.status != "confident" and self.options.kind == "postings" and title and body:
            with_body = self._match(f"{title}\n{body}")
            if with_body.status == "confident":
                found, how = with_body, "posting"
        if found.status == "confident" and found.mix:
            return found, how
        if found.status == "ambiguous":
            raise Rejected("ambiguous", f"fits several roles: {', '.join(found.candidates)}")
        reason = found.reason or "not-covered"
        near = ", ".join(found.candidates[:3])
        detail = REASONS[reason] + (
            f"; nearest: {near}" if near and reason == "not-covered" else ""
        )
        raise Rejected(reason, detail)

    def _match(self, text: str) -> Read:
        from reelshift.matching import match

        norm = " ".join(text.split())

        def run() -> Read:
            self.counters["texts"] += 1
            return Read.of(match(norm, self.pack))

        found: Read = self.texts.get(norm, run)
        return found

    # --- computing: one profile key -> the result columns ---------------------------------------

    def compute(self, key: ProfileKey) -> dict[str, Any]:
        # Region and tools shape only the plan and the person's context, none of the parts a
        # batch reads (headline, tasks, paths): profiles that differ only there share one
        # analysis. test_batch_engine checks this against analyze() itself.
        key = replace(key, region=None, tools=())

        def run() -> dict[str, Any]:
            self.counters["profiles"] += 1
            if self.options.figures_only and not key.tasks:
                return self._figures(key)
            return self._analysed(key)

        record: dict[str, Any] = self.profiles.get(key, run)
        return record

    def _profile(self, key: ProfileKey) -> dict[str, Any]:
        from reelshift.models import TaskInput

        return {
            "roles": list(key.roles),
            "role_shares": list(key.shares),
            "seniority": key.seniority,
            "employment": key.employment,
            "sector": key.sector,
            "region": key.region,
            "tools": list(key.tools),
            "tasks": [TaskInput(task_id=t, text=x, share=s) for t, x, s in key.tasks],
        }

    def _analysed(self, key: ProfileKey) -> dict[str, Any]:
        from pydantic import ValidationError

        from reelshift.api import analyze
        from reelshift.models import Profile

        try:
            analysis = analyze(Profile.model_validate(self._profile(key)), self.pack)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise Rejected("invalid-field", f"{where}: {first['msg']}") from None
        except InputError as exc:
            raise Rejected(_reason(exc), str(exc)[:300]) from None
        return _from_analysis(analysis, key.shares)

    def _figures(self, key: ProfileKey) -> dict[str, Any]:
        """The headline figures without an analysis: the task mix ``analyze`` would build for
        roles given by id (each role's tasks fill its share of the time), through the model."""
        from reelshift.exposure import categorize, model_for
        from reelshift.paths import nearest_level, role_mix

        model = model_for(self.pack)
        wanted = Seniority(key.seniority or "mid")
        weights = (
            list(key.shares)
            if len(key.shares) == len(key.roles) and sum(key.shares) > 0
            else [1.0] * len(key.roles)
        )
        rows: list[np.ndarray] = []
        shares: list[np.ndarray] = []
        levels = []
        for rid, weight in zip(key.roles, weights, strict=True):
            role = self.pack.roles[rid]
            level = nearest_level(role, wanted)
            levels.append(level.value)
            mix = role_mix(model, role, level)
            rows.append(mix.rows)
            shares.append(weight * mix.shares)
        row_arr = np.concatenate(rows)
        share_arr = np.concatenate(shares)
        share_arr = share_arr / share_arr.sum()
        fig = model.person(row_arr, share_arr)
        s = 1  # the expected scenario, as in the headline
        values = {
            f"{name}_{h}": round(float(getattr(fig, name)[s, y]), 4)
            for name in FIGURES
            for h, y in (("now", 0), ("2y", 2), ("5y", 5))
        }
        contributions = share_arr * model.automation[row_arr, s, 5]
        order = np.argsort(-contributions, kind="stable")[:3]
        top = [
            f"{model.task_ids[row_arr[i]]}={round(float(contributions[i]), 4)}"
            for i in order
            if contributions[i] > 0
        ]
        return {
            "roles": ";".join(key.roles),
            "role_shares": ";".join(f"{w / sum(weights):.2f}" for w in weights),  # as analyze
            "department": self.pack.roles[key.roles[0]].department,
            "level": levels[0],
            "category": categorize(values["automation_5y"], values["exposure_5y"]),
            "category_now": categorize(values["automation_now"], values["exposure_now"]),
            **values,
            "top_tasks": ";".join(top),
            "best_move": None,
            "best_move_kind": None,
            "best_move_title": None,
            "best_move_skills": None,
        }

    # --- a chunk -----------------------------------------------------------------------------

    def process(
        self, chunk: pd.DataFrame, first_row: int, name_rows: bool = True
    ) -> tuple[pa.Table, pa.Table]:
        """A canonical chunk (``io.canonical``) -> (results, rejects) as Arrow tables, in order.

        ``first_row`` is the 1-based data-row number of the chunk's first row (blank rows not
        counted); rows without an id get ``row-<number>`` (unless ``name_rows`` is false: the
        Dask engine numbers rows once it knows where a partition starts). The distinct inputs'
        records are spread to the rows by Arrow's ``take``: no Python work per row.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(chunk)
        self.counters["rows"] += n
        keys = [c for c in chunk.columns if c not in ("id", "years")]
        codes, firsts = group_rows(chunk, keys)
        records: list[dict[str, Any]] = []
        distinct = chunk[keys].iloc[firsts].to_dict("records") if keys else [{}] * len(firsts)
        for row in distinct:
            cells = {f: str(row.get(f, "")) for f in FIELDS if f not in ("id", "years")}
            if "__error__" in row:
                cells["__error__"] = str(row["__error__"])
            records.append(self._cached_input(cells))
        self.counters["inputs"] += len(firsts)
        table = pa.Table.from_pylist(records, schema=record_schema())
        # Dictionary-encoded, the spread columns are indices into the few distinct values:
        # cheap to build, to ship from a Dask worker, and to write.
        table = pa.Table.from_arrays(
            [c.dictionary_encode() if pa.types.is_string(c.type) else c for c in table.columns],
            names=table.column_names,
        )
        spread = table.take(pa.array(codes, type=pa.int64()))
        rows = pa.array(np.arange(first_row, first_row + n, dtype=np.int64))
        ids = pa.array(chunk["id"].to_numpy(dtype=object), type=pa.string())
        if name_rows:
            ids = fill_ids(ids, rows)
        spread = (
            spread.add_column(0, "row", rows)
            .add_column(0, "id", ids)
            .append_column("years", pa.array(_years(chunk["years"]), type=pa.float64()))
        )
        placed = pc.is_null(spread.column("reason"))
        results = spread.filter(placed).select(list(RESULT_COLUMNS))
        rejects = spread.filter(pc.invert(placed)).select(list(REJECT_COLUMNS))
        return results, rejects

    def _cached_input(self, cells: dict[str, str]) -> dict[str, Any]:
        record: dict[str, Any] = self.inputs.get(tuple(cells.items()), lambda: self._input(cells))
        return record

    def _input(self, cells: dict[str, str]) -> dict[str, Any]:
        try:
            key, how, confidence = self.understand(cells)
            record = dict(self.compute(key))
        except Rejected as rej:
            return {"reason": rej.reason, "detail": rej.detail[:300]}
        record.update(
            understood_from=how,
            confidence=confidence,
            employment=key.employment,
            sector=key.sector,
            region=key.region,
            reason=None,
        )
        return record


def fill_ids(ids: pa.Array | pa.ChunkedArray, rows: pa.Array | pa.ChunkedArray) -> Any:
    """Rows without an id are named by their row number: ``row-<number>`` (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = pc.equal(ids, "")
    if not pc.any(blank).as_py():
        return ids
    named = pc.binary_join_element_wise("row-", pc.cast(rows, pa.string()), "")
    return pc.if_else(blank, named, ids)


def result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, _type(c)) for c in RESULT_COLUMNS])


def reject_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, _type(c)) for c in REJECT_COLUMNS])


def record_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, _type(c)) for c in RECORD_COLUMNS])


FLOAT_COLUMNS = frozenset(
    {"confidence", "years"} | {c for c in RESULT_COLUMNS if c.split("_")[0] in FIGURES}
)


def _type(column: str) -> pa.DataType:
    import pyarrow as pa

    if column == "row":
        return pa.int64()
    return pa.float64() if column in FLOAT_COLUMNS else pa.string()


def group_rows(chunk: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, list[int]]:
    """Row -> group code over ``columns``, and each group's first row (in first-seen order).

    Each column is factorised on its own and the codes combined arithmetically: much faster
    than grouping on tuples of strings, and exact.
    """
    import pandas as pd

    n = len(chunk)
    combined = np.zeros(n, dtype=np.int64)
    radix = 1
    for col in columns:
        codes, uniques = pd.factorize(chunk[col], use_na_sentinel=False)
        size = max(len(uniques), 1)
        if radix * size >= 2**62:  # would overflow: fold what we have first
            combined, _ = pd.factorize(combined)
            combined = combined.astype(np.int64)
            radix = int(combined.max()) + 1 if n else 1
        combined = combined + codes.astype(np.int64) * radix
        radix *= size
    group, uniq = pd.factorize(combined)
    firsts = np.full(len(uniq), n, dtype=np.int64)
    np.minimum.at(firsts, group, np.arange(n, dtype=np.int64))
    return group.astype(np.intp), [int(i) for i in firsts]


def _years(values: pd.Series) -> np.ndarray:
    """Years of experience as numbers (NaN when missing or not a plausible number)."""
    import pandas as pd

    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    parsed = np.full(len(uniques), np.nan)
    for i, v in enumerate(uniques):
        try:
            number = float(str(v).replace(",", ".")) if v else np.nan
        except ValueError:
            continue
        if 0 <= number <= 80:
            parsed[i] = number
    return parsed[codes] if len(uniques) else np.full(len(values), np.nan)


def _choice(
    value: str, options: tuple[str, ...], name: str, words: dict[str, str] | None = None
) -> Any:
    if not value:
        return None
    cleaned = value.strip().casefold().replace("_", "-")
    cleaned = (words or {}).get(cleaned, cleaned)
    if cleaned in options:
        return cleaned
    raise Rejected("invalid-field", f"{name} '{value[:40]}': use one of {', '.join(options)}")


def _share(text: str) -> tuple[str, float | None]:
    m = _SHARE.match(text)
    if not m:
        return text, None
    value = float(m.group(2))
    share = value / 100 if m.group(3) or value > 1 else value
    if not 0 < share <= 1:
        raise Rejected("invalid-field", f"the share in '{text[:40]}' must be between 0 and 100%")
    return m.group(1).strip(), share


def _roles(cell: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """'colorist' or 'colorist=60%; editor=40%' -> ids and shares (shares only when all given)."""
    ids: list[str] = []
    shares: list[float | None] = []
    for item in _SPLIT_LIST.split(cell):
        if not item:
            continue
        rid, share = _share(item)
        if rid.casefold() not in ids:
            ids.append(rid.casefold())
            shares.append(share)
    if len(ids) > 5:
        raise Rejected("invalid-field", "more than five roles in one row")
    given = [s for s in shares if s is not None]
    return tuple(ids), tuple(given) if len(given) == len(ids) else ()


def _tasks(cell: str) -> tuple[tuple[str | None, str | None, float | None], ...]:
    out: list[tuple[str | None, str | None, float | None]] = []
    for item in _SPLIT.split(cell):
        if not item:
            continue
        words, share = _share(item)
        if ":" in words and " " not in words:
            out.append((words, None, share))
        else:
            out.append((None, words[:500], share))
    return tuple(out[:60])


def _reason(exc: InputError) -> str:
    for cls, reason in (
        (OutsideFilmError, "outside-film"),
        (NotCoveredError, "not-covered"),
        (UnreadableError, "unreadable"),
        (AmbiguousRoleError, "ambiguous"),
        (UnknownRoleError, "unknown-role"),
    ):
        if isinstance(exc, cls):
            return reason
    return "invalid-field"


def _from_analysis(a: Analysis, given: tuple[float, ...]) -> dict[str, Any]:
    """The result columns from an analysis (its stable parts: roles, headline, tasks, paths)."""
    from reelshift.exposure import categorize

    h = a.headline
    values = {
        f"{name}_{label}": float(getattr(getattr(h, name), attr))
        for name in FIGURES
        for attr, label in HORIZON_COLUMNS
    }
    contributions = sorted(
        ((t.share * t.automation.in_5y, t.id) for t in a.tasks), key=lambda c: -c[0]
    )[:3]
    best = a.paths[0] if a.paths else None
    shares = [s / sum(given) for s in given] if given else [1 / len(a.roles)] * len(a.roles)
    return {
        "roles": ";".join(r.id for r in a.roles),
        "role_shares": ";".join(f"{s:.2f}" for s in shares),
        "department": a.roles[0].department,
        "level": a.roles[0].seniority_used.value,
        "category": h.category,
        "category_now": categorize(values["automation_now"], values["exposure_now"]),
        **values,
        "top_tasks": ";".join(f"{tid}={round(c, 4)}" for c, tid in contributions if c > 0),
        "best_move": best.target if best else None,
        "best_move_kind": best.kind if best else None,
        "best_move_title": best.title if best else None,
        "best_move_skills": ";".join(g.skill for g in best.skill_gap) if best else None,
    }
