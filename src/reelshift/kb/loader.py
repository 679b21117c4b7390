"""Read pack directories into typed entries, layering user packs over the built-in one."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from reelshift.errors import PackError
from reelshift.kb.schema import (
    Agreement,
    Capability,
    Context,
    Department,
    Ladder,
    Occupation,
    PackMeta,
    PublishedIndex,
    Role,
    RoleDemand,
    Skill,
    Source,
    Task,
    Tool,
)

BUILTIN_DIR = Path(__file__).parent / "data"

try:  # libyaml is several times faster; fall back when PyYAML was built without it
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

M = TypeVar("M", bound=BaseModel)

# Sections that are lists merged from every file in a folder, keyed by id.
_LIST_SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "skills": Skill,
    "capabilities": Capability,
    "tools": Tool,
    "occupations": Occupation,
    "guilds": Agreement,
    "ladders": Ladder,
}
# Single files holding a list (folder-free sections).
_FILE_SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "departments": ("departments.yaml", Department),
    "contexts": ("contexts.yaml", Context),
    "role_demand": ("role_demand.yaml", RoleDemand),
    "published": ("published_indices.yaml", PublishedIndex),
}


@dataclass
class KnowledgePack:
    """Every entry of a (possibly layered) pack, by id, plus where each came from."""

    meta: PackMeta
    sources: dict[str, Source] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    capabilities: dict[str, Capability] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    occupations: dict[str, Occupation] = field(default_factory=dict)
    guilds: dict[str, Agreement] = field(default_factory=dict)
    ladders: dict[str, Ladder] = field(default_factory=dict)
    contexts: dict[str, Context] = field(default_factory=dict)
    role_demand: dict[str, RoleDemand] = field(default_factory=dict)
    published: dict[str, PublishedIndex] = field(default_factory=dict)
    """Published per-occupation AI indices by ``"<soc>/<index>"``, shown beside our figures."""
    roles: dict[str, Role] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    """``"<section>:<id>"`` -> the file the entry was read from, for error messages."""
    duplicates: list[str] = field(default_factory=list)
    """Ids defined twice within one pack layer (an error that ``kb check`` reports)."""
    layers: list[str] = field(default_factory=list)
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """Structures computed from the pack once and reused (the exposure model, match indexes)."""

    def task(self, full_id: str) -> tuple[Role, Task]:
        """The role and task behind a full task id ``"<role-id>:<task-id>"``."""
        return self.task_index[full_id]

    @functools.cached_property
    def task_index(self) -> dict[str, tuple[Role, Task]]:
        return {f"{r.id}:{t.id}": (r, t) for r in self.roles.values() for t in r.tasks}

    @functools.cached_property
    def tools_by_capability(self) -> dict[str, list[Tool]]:
        """Tools for each capability, oldest release first."""
        index: dict[str, list[Tool]] = {cid: [] for cid in self.capabilities}
        for tool in sorted(self.tools.values(), key=lambda t: (t.released, t.id)):
            for cid in tool.capabilities:
                index.setdefault(cid, []).append(tool)
        return index

    @functools.cached_property
    def agreements_by_role(self) -> dict[str, list[Agreement]]:
        index: dict[str, list[Agreement]] = {}
        for agreement in self.guilds.values():
            if agreement.superseded_by:  # history, not the terms in force
                continue
            for rid in agreement.roles:
                index.setdefault(rid, []).append(agreement)
        return index


COMPILED = BUILTIN_DIR / "compiled.json"
"""The built-in pack's YAML, already parsed, with a digest of the YAML it was made from.

Parsing YAML is most of a first load; JSON reads several times faster. The file is used only
while its digest matches the YAML beside it, so an edited YAML file is never shadowed by a stale
copy. ``reelshift kb compile`` writes it; a test fails when it is stale.
"""


def source_digest(root: Path) -> str:
    """SHA-256 over every YAML file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):  # YAML reads 2023-03-21 as a date; the schema takes text
        return value.isoformat()
    return value


def compile_builtin() -> str:
    """The text of ``compiled.json`` for the built-in pack as it is on disk now."""
    files = {
        str(path.relative_to(BUILTIN_DIR)): _jsonable(_read_yaml(path))
        for path in sorted(BUILTIN_DIR.rglob("*.yaml"))
    }
    lines = [json.dumps(k) + ": " + json.dumps(v, ensure_ascii=False) for k, v in files.items()]
    digest = json.dumps(source_digest(BUILTIN_DIR))
    return '{"digest": ' + digest + ', "files": {\n' + ",\n".join(lines) + "\n}}\n"


def _compiled(root: Path) -> dict[str, Any] | None:
    """Parsed files of ``root`` from ``compiled.json``, when it is the built-in pack and fresh."""
    if root.resolve() != BUILTIN_DIR.resolve() or not COMPILED.is_file():
        return None
    try:
        data = json.loads(COMPILED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != source_digest(root):
        return None
    files = data.get("files")
    return files if isinstance(files, dict) else None


def _read_yaml(path: Path, parsed: dict[str, Any] | None = None, root: Path | None = None) -> Any:
    if parsed is not None and root is not None:
        key = str(path.relative_to(root))
        if key in parsed:
            return parsed[key]
    try:
        with path.open("rb") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise PackError(f"{path}: cannot be read: {exc.strerror}") from exc


def _validate(model: type[M], raw: Any, where: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(entry)"
            lines.append(f"{where}: {loc}: {err['msg']}")
        raise PackError(lines[0], problems=lines) from None


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"item {index + 1}"


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def _load_layer(root: Path, pack: KnowledgePack, problems: list[str]) -> None:
    """Read one pack directory into ``pack``; later layers replace entries with the same id."""
    parsed = _compiled(root)
    seen: set[str] = set()

    def put(section: str, entry: BaseModel, path: Path) -> None:
        entry_id = (
            getattr(entry, "id", None) or getattr(entry, "soc", "") or getattr(entry, "role", "")
        )
        key = f"{section}:{entry_id}"
        if key in seen:
            pack.duplicates.append(f"{path}: {section[:-1]} '{entry_id}' is defined twice")
        seen.add(key)
        getattr(pack, section)[entry_id] = entry
        pack.origin[key] = str(path)

    def guarded(fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except PackError as exc:
            problems.extend(exc.problems or [str(exc)])

    def read_list(section: str, model: type[BaseModel], path: Path) -> None:
        raw = _read_yaml(path, parsed, root)
        if raw is None:
            return
        if not isinstance(raw, list):
            raise PackError(f"{path}: expected a list of {section}")
        for i, item in enumerate(raw):
            guarded(
                lambda it=item, n=i: put(
                    section, _validate(model, it, f"{path}: {_entry_label(it, n)}"), path
                )
            )

    for section, model in _LIST_SECTIONS.items():
        for path in _yaml_files(root / section):
            guarded(read_list, section, model, path)

    for section, (filename, model) in _FILE_SECTIONS.items():
        path = root / filename
        if path.is_file():
            guarded(read_list, section, model, path)

    for path in _yaml_files(root / "roles"):

        def read_role(p: Path = path) -> None:
            raw = _read_yaml(p, parsed, root)
            put("roles", _validate(Role, raw, f"{p}: {_entry_label(raw, 0)}"), p)

        guarded(read_role)


def _cache_dir() -> Path | None:
    if os.environ.get("REELSHIFT_NO_CACHE"):
        return None
    base = os.environ.get("REELSHIFT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "reelshift" if base else Path.home() / ".cache" / "reelshift"


def _fingerprint(roots: list[Path]) -> str:
    """A hash of every pack file's path, size and modification time, and the code version."""
    from reelshift import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    # The pickled pack's shape follows the loader and schema code: a changed field there must
    # not be answered with a pack pickled before it (an editable install keeps __version__).
    for code in (Path(__file__), Path(__file__).with_name("schema.py")):
        st = code.stat()
        digest.update(f"{code}|{st.st_size}|{st.st_mtime_ns}".encode())
    for root in roots:
        for path in sorted(root.rglob("*.yaml")):
            st = path.stat()
            digest.update(f"{path}|{st.st_size}|{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def load_pack(
    extra: Sequence[Path | str] = (), *, include_builtin: bool = True, cache: bool = True
) -> KnowledgePack:
    """Load the built-in pack and lay each directory in ``extra`` over it, in order.

    Raises ``PackError`` listing every schema problem found. Cross-reference problems (dangling
    ids, share totals, timelines) are found by ``reelshift.kb.validate.check_pack``.

    A validated pack is kept in the user's cache folder (``REELSHIFT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/reelshift`` or ``~/.cache/reelshift``), keyed by the files' sizes and
    modification times, so later loads skip parsing and validation. ``REELSHIFT_NO_CACHE=1``
    turns it off; a cache that cannot be read or written is ignored.
    """
    roots = ([BUILTIN_DIR] if include_builtin else []) + [Path(p) for p in extra]
    if not roots:
        raise PackError("no pack directory given")
    for root in roots:
        if not root.is_dir():
            raise PackError(f"{root}: pack directory not found")
    folder = _cache_dir() if cache else None
    cache_file = folder / f"pack-{_fingerprint(roots)}.pickle" if folder else None
    if cache_file and cache_file.is_file():
        try:
            with cache_file.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, KnowledgePack):
                return cached
        except Exception:  # a damaged cache is only a missed shortcut
            pass
    pack = _load_uncached(roots)
    if cache_file:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(pack, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache_file)
        except OSError:
            pass
    return pack


def _load_uncached(roots: list[Path]) -> KnowledgePack:
    problems: list[str] = []
    meta: PackMeta | None = None
    for root in roots:
        meta_path = root / "pack.yaml"
        if meta_path.is_file():
            try:
                meta = _validate(PackMeta, _read_yaml(meta_path), str(meta_path))
            except PackError as exc:
                problems.extend(exc.problems or [str(exc)])
        elif meta is None:
            problems.append(f"{meta_path}: missing (a pack needs name, version and as_of)")
    if meta is None:
        raise PackError(problems[0] if problems else "no pack.yaml", problems)
    pack = KnowledgePack(meta=meta, layers=[str(r) for r in roots])
    for root in roots:
        _load_layer(root, pack, problems)
    if problems:
        raise PackError(f"{len(problems)} problem(s) in the pack; first: {problems[0]}", problems)
    return pack


@functools.lru_cache(maxsize=1)
def builtin_pack() -> KnowledgePack:
    """The built-in pack, loaded once per process."""
    return load_pack()
