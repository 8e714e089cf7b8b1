"""Shared fixtures: indicator sets, and (for the database and web tests) apps and sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import IndicatorSet, load_indicator_set

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def mini_set() -> IndicatorSet:
    """The five-indicator set in tests/data, for figures computed by hand."""
    return load_indicator_set(DATA / "mini_indicators.yaml")


@pytest.fixture(scope="session")
def seed_set() -> IndicatorSet:
    """The shipped WASH FIT indicator set."""
    return load_indicator_set(ROOT / "seed_indicators.yaml")
