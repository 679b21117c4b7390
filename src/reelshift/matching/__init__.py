"""Free text to roles and tasks: normalise, rank, abstain when unsure.

``match_text(pack, text)`` is the matcher (``reelshift.match`` calls it with the built-in pack);
``match_task`` finds the known task a line of text describes. Indexes are built once per pack and
cached in ``pack.derived``; the embedding model loads the first time a match needs it.
"""

from __future__ import annotations

from reelshift.kb.loader import KnowledgePack, builtin_pack
from reelshift.matching.normalize import Normalized, fold, normalize_title
from reelshift.matching.rank import Candidate, TitleMatch, match_text, match_title, suggest_roles
from reelshift.matching.tasks import match_task
from reelshift.models import MatchResult


def match(text: str, pack: KnowledgePack | None = None) -> MatchResult:
    """What role(s), level, sector, tools and tasks a free-text description names.

    >>> import reelshift
    >>> reelshift.match("DI colourist, mostly commercials").candidates[0].role
    'colorist'

    ``status`` is ``confident`` (use the first candidate), ``ambiguous`` (ask the person to
    choose among the candidates) or ``unknown`` (not a film or video craft in the pack; the
    candidates are the closest crafts). Odd input (empty, very long, control characters, other
    scripts) gives a result with a note, never an exception.
    """
    return match_text(pack or builtin_pack(), text)


__all__ = [
    "Candidate",
    "Normalized",
    "TitleMatch",
    "fold",
    "match",
    "match_task",
    "match_text",
    "match_title",
    "normalize_title",
    "suggest_roles",
]
