"""The indicator set the application runs with, loaded once per process and path."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from assessments.shipped_files import shipped_path
from scoring import IndicatorSet, load_indicator_set


def indicator_set_path() -> Path:
    """The indicator set to use: ``WASHFIT_INDICATORS`` if set, else the shipped seed set."""
    override = os.environ.get("WASHFIT_INDICATORS")
    return Path(override) if override else shipped_path("seed_indicators.yaml")


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> IndicatorSet:
    return load_indicator_set(path)


def current_indicator_set(path: Path | None = None) -> IndicatorSet:
    """The configured set; reloaded only when its file changes on disk."""
    path = Path(path) if path else indicator_set_path()
    return _load(path, path.stat().st_mtime_ns)
