"""Domain errors that the web layer and the CLI turn into messages, never tracebacks."""

from __future__ import annotations

from collections.abc import Mapping
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
    """A value someone else saved since the form was loaded.

    ``theirs`` is what is stored now, ``yours`` what the person sent; ``also_yours`` says the
    person changed the field too (their value is kept in the form, to save deliberately), as
    opposed to a field they left alone (the form now shows the stored value).
    """

    field: str
    theirs: str | None
    yours: str | None
    also_yours: bool = True


Values = Mapping[str, str | None]


def changed_since(loaded: Values, current: Values, yours: Values) -> list[ChangedField]:
    """The fields someone else changed since the form was loaded (``loaded`` → ``current``).

    A field the person left as loaded is named too, so they see what moved, but it is not
    theirs to defend: ``also_yours`` is False and ``merged`` fills it with the stored value.
    A field the form did not carry the loaded value of counts as the person's where it differs.
    """
    changes = []
    for field, value in current.items():
        if field not in loaded:
            if value != yours.get(field):
                changes.append(ChangedField(field, value, yours.get(field)))
        elif value != loaded[field]:
            changes.append(ChangedField(field, value, yours.get(field), also_yours=yours.get(field) != loaded[field]))
    return changes


def merged(loaded: Values, current: Values, yours: Values) -> dict[str, str | None]:
    """What a stale form shows again: the person's own edits, the stored value everywhere else.

    Saving this again can only repeat the person's own edits, never revert another's.
    """
    return {field: (yours.get(field) if field not in loaded or yours.get(field) != loaded[field] else value)
            for field, value in current.items()}


class StaleVersion(WashfitError):
    """The record changed since the form was loaded: nothing was saved.

    ``current`` holds the stored values and ``merged`` what the form should show again (see
    ``merged``), both empty where the caller has no per-field view.
    """

    def __init__(
        self, current_version: int, changes: list[ChangedField],
        current: Values | None = None, merged: Values | None = None,
    ) -> None:
        self.current_version = current_version
        self.changes = changes
        self.current = dict(current or {})
        self.merged = dict(merged or {})
        super().__init__("changed by someone else (now version %(version)s)", version=current_version)


def stale(current_version: int, loaded: Values, current: Values, yours: Values) -> StaleVersion:
    """The refusal of a form loaded at an older version: what moved, and the form to show again."""
    return StaleVersion(current_version, changed_since(loaded, current, yours), current, merged(loaded, current, yours))
