"""Domain errors that the web layer and the CLI turn into messages, never tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


class WashfitError(Exception):
    """Base class of errors a person can act on.

    The message is an English message id with ``%(name)s`` placeholders and the values apart,
    so that the web layer can show it translated (``washfit.errors.describe``) while the CLI and
    logs read it in English. ``pybabel extract`` picks the ids up from the raising calls.
    """

    def __init__(self, message: str = "", **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


class NotFound(WashfitError):
    """The facility, round, assessment or user does not exist."""


class PermissionDenied(WashfitError):
    """The acting user may not do this."""


class InvalidInput(WashfitError):
    """Input that breaks a rule; the message says which."""


@dataclass(frozen=True)
class ChangedField:
    """A value someone else saved since the form was loaded."""

    field: str
    theirs: str | None
    yours: str | None


class StaleVersion(WashfitError):
    """The record changed since the form was loaded: nothing was saved."""

    def __init__(self, current_version: int, changes: list[ChangedField]) -> None:
        self.current_version = current_version
        self.changes = changes
        super().__init__("changed by someone else (now version %(version)s)", version=current_version)
