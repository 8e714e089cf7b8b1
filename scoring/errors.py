"""Errors raised by scoring: each names the file, indicator or value at fault."""


class ScoringError(ValueError):
    """Base class: input that scoring refuses rather than guessing at."""


class IndicatorSetError(ScoringError):
    """A malformed indicator set, located by file and path inside it."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source = source
        self.path = path
        self.problem = problem
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {problem}")


class UnknownIndicatorError(ScoringError):
    """An answer names an indicator code that the set does not have."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown indicator code {code!r}")


class InvalidScoreError(ScoringError):
    """A score outside 0, 1, 2 and not applicable."""

    def __init__(self, value: object, code: str | None = None) -> None:
        self.value = value
        self.code = code
        prefix = f"{code}: " if code else ""
        super().__init__(f"{prefix}{value!r} is not a score (use 0, 1, 2 or na)")
