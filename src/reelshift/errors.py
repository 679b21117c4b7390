"""ReelShift's exceptions.

    ReelShiftError
    ├── PackError          a knowledge pack could not be loaded or failed its checks
    └── InputError         a profile or option the user gave is not valid
        ├── UnknownRoleError      a role id or title that matches no role
        │   ├── OutsideFilmError      the text describes work outside film and video
        │   ├── NotCoveredError       film or video work the pack has no role for yet
        │   └── UnreadableError       the text has no words that can be read
        └── AmbiguousRoleError    a title that fits several roles: the person must choose

Every ``InputError`` carries a one-line message that names what was wrong and, where there are
some, the closest valid choices.
"""

from __future__ import annotations


class ReelShiftError(Exception):
    """Base class of every error ReelShift raises on purpose."""


class PackError(ReelShiftError):
    """A knowledge pack could not be read or failed validation."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class InputError(ReelShiftError, ValueError):
    """Something the user supplied is not valid."""

    def __init__(self, message: str, choices: list[str] | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []


class UnknownRoleError(InputError):
    """No role matches."""


class AmbiguousRoleError(InputError):
    """Several roles match about equally well."""


class OutsideFilmError(UnknownRoleError):
    """The text describes work outside film and video: there is nothing to analyse."""


class NotCoveredError(UnknownRoleError):
    """Film or video work that the knowledge pack has no role for yet; ``choices`` are the
    nearest crafts."""


class UnreadableError(UnknownRoleError):
    """The text has no words that can be read (symbols, emoji, another script, key mashing)."""
