"""ReelShift: how AI is changing your work in film and video, task by task, and where to go next.

>>> import reelshift
>>> analysis = reelshift.analyze({"roles": ["colorist"], "seniority": "senior"})
>>> analysis.headline.category
'adaptive'
"""

from reelshift.api import analyze
from reelshift.errors import (
    AmbiguousRoleError,
    InputError,
    PackError,
    ReelShiftError,
    UnknownRoleError,
)
from reelshift.industry import IndustryRow, industry
from reelshift.kb import KnowledgePack, builtin_pack, load_pack
from reelshift.matching import match
from reelshift.models import Analysis, MatchResult, Profile, TaskInput

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # ``reelshift.batch`` is imported on first use: it is the only part that needs pandas,
    # pyarrow and Dask (the ``batch`` extra), and ``import reelshift`` stays light.
    if name == "batch":
        import importlib

        return importlib.import_module("reelshift.batch")
    raise AttributeError(f"module 'reelshift' has no attribute '{name}'")


__all__ = [
    "AmbiguousRoleError",
    "Analysis",
    "IndustryRow",
    "InputError",
    "KnowledgePack",
    "MatchResult",
    "PackError",
    "Profile",
    "ReelShiftError",
    "TaskInput",
    "UnknownRoleError",
    "analyze",
    "batch",
    "builtin_pack",
    "industry",
    "load_pack",
    "match",
]
