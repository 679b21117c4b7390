"""ReelShift: how AI is changing your work in film and video, task by task, and where to go next.

>>> import reelshift
>>> analysis = reelshift.analyze({"roles": ["colorist"], "seniority": "senior"})
>>> analysis.headline.category
'adaptive'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelshift.errors import (
    AmbiguousRoleError,
    InputError,
    NotCoveredError,
    OutsideFilmError,
    PackError,
    ReelShiftError,
    UnknownRoleError,
    UnreadableError,
)

if TYPE_CHECKING:
    from reelshift.api import analyze
    from reelshift.industry import IndustryRow, industry
    from reelshift.kb import KnowledgePack, builtin_pack, load_pack
    from reelshift.matching import match
    from reelshift.models import Analysis, MatchResult, Profile, TaskInput

__version__ = "0.1.0"

# Imported on first use, so `import reelshift` (and every `reelshift --help`) stays light: the
# analysis engine pulls in NumPy, Pydantic models and the pack loader. ``reelshift.batch`` is
# the only part that needs pandas, pyarrow and Dask (the ``batch`` extra).
_LAZY = {
    "analyze": "reelshift.api",
    "IndustryRow": "reelshift.industry",
    "industry": "reelshift.industry",
    "KnowledgePack": "reelshift.kb",
    "builtin_pack": "reelshift.kb",
    "load_pack": "reelshift.kb",
    "match": "reelshift.matching",
    "Analysis": "reelshift.models",
    "MatchResult": "reelshift.models",
    "Profile": "reelshift.models",
    "TaskInput": "reelshift.models",
}


def __getattr__(name: str) -> object:
    import importlib

    if name == "batch":
        return importlib.import_module("reelshift.batch")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'reelshift' has no attribute '{name}'")


__all__ = [
    "AmbiguousRoleError",
    "Analysis",
    "IndustryRow",
    "InputError",
    "KnowledgePack",
    "MatchResult",
    "NotCoveredError",
    "OutsideFilmError",
    "PackError",
    "Profile",
    "ReelShiftError",
    "TaskInput",
    "UnknownRoleError",
    "UnreadableError",
    "analyze",
    "batch",
    "builtin_pack",
    "industry",
    "load_pack",
    "match",
]
