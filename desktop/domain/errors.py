"""Typed errors raised by the core.

Every error carries a Chinese message for people (the UI shows it as is), an
English message for logs and scripts, and where possible the place in the
input that is wrong (``where``, e.g. ``applicants[0].id_number``).  The core
never shows dialogs or prints; the UI and the CLI decide how to present these.
"""

from __future__ import annotations


class TiaojieError(Exception):
    """Base class of every error the core raises on purpose."""

    exit_code = 1

    def __init__(self, zh: str, en: str, where: str | None = None) -> None:
        super().__init__(f"{where + ': ' if where else ''}{en}")
        self.zh = zh
        self.en = en
        self.where = where

    def line(self) -> str:
        """One line for the command line: place, Chinese, English."""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.zh} / {self.en}"


class InputError(TiaojieError):
    """Bad input from a person or a file (invalid ID, malformed JSON, ...)."""

    exit_code = 2


class ValidationError(InputError):
    """A value that breaks a domain rule."""


class TransitionError(InputError):
    """A lifecycle step that is not allowed from the case's current state."""


class NotFoundError(InputError):
    """A record named by the user does not exist."""


class AuthError(TiaojieError):
    """Login failed, account locked or no credentials given."""

    exit_code = 3


class PermissionDenied(TiaojieError):
    """The logged-in user's role does not allow the action."""

    exit_code = 3


class EnvironmentProblem(TiaojieError):
    """The machine, not the program, is at fault: disk full, file locked, I/O error.

    The message tells the user what to do about it.
    """

    exit_code = 4


class DatabaseTooNew(EnvironmentProblem):
    """The database was written by a newer version of the program."""
