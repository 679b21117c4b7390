"""Free text to roles and tasks: normalise, rank, abstain when unsure."""

from reelshift.matching.normalize import Normalized, fold, normalize_title
from reelshift.matching.rank import Candidate, TitleMatch, match_title, suggest_roles
from reelshift.matching.tasks import match_task

__all__ = [
    "Candidate",
    "Normalized",
    "TitleMatch",
    "fold",
    "match_task",
    "match_title",
    "normalize_title",
    "suggest_roles",
]
