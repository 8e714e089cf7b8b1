"""Domain errors that the web layer and the CLI turn into messages, never tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


class WashfitError(Exception):
    """Base class of errors a person can act on."""


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
        super().__init__(f"changed by someone else (now version {current_version})")
