"""A problem found in an uploaded file, with its place, and the refusal that carries them all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is (a cell, a sheet, or None for the whole file).

    ``message`` is an English message id with ``%(name)s`` placeholders, translated where shown.
    """

    location: str | None
    message: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        text = self.message % dict(self.params) if self.params else self.message
        return f"{self.location}: {text}" if self.location else text


def problem(location: str | None, message: str, **params: object) -> Problem:
    """A ``Problem`` with its message's values given by name."""
    return Problem(location, message, params)


class WorkbookRejected(Exception):
    """The file cannot be read further; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))
