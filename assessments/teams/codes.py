"""The team's code lists (positions, who is at risk, the two scales) and the risk matrix, read as data.

They live in ``assessments/data/team_codes.yaml`` (``WASHFIT_TEAM_CODES`` points elsewhere);
the matrix gives a risk level (high, medium, low, as ``scoring.priority`` names them) for each
likelihood × severity pair, so a district changes its matrix without touching code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from scoring.definitions import LANGUAGES, Text
from scoring.priority import RISK_LEVELS

_LISTS = ("positions", "at_risk", "likelihood", "severity")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "team_codes.yaml"
OTHER_POSITION = "other"


class TeamCodesError(ValueError):
    """The code file is malformed; the message names the file and the place."""


@dataclass(frozen=True)
class TeamCodes:
    """Every code a team member or a risk judgement may carry, with its words, and the matrix."""

    positions: Mapping[str, Text]
    at_risk: Mapping[str, Text]
    likelihood: Mapping[str, Text]
    severity: Mapping[str, Text]
    matrix: Mapping[tuple[str, str], str]

    def level(self, likelihood: str, severity: str) -> str:
        """The team's risk level of a likelihood and a severity, from the matrix."""
        return self.matrix[(likelihood, severity)]


def current_team_codes() -> TeamCodes:
    """The configured codes; reloaded only when the file changes on disk."""
    override = os.environ.get("WASHFIT_TEAM_CODES")
    path = Path(override) if override else DEFAULT_PATH
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> TeamCodes:
    return parse_team_codes(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def parse_team_codes(data: Any, source: str) -> TeamCodes:
    """Validate parsed YAML and build ``TeamCodes``: both languages everywhere, a full matrix."""
    def fail(where: str, problem: str) -> TeamCodesError:
        return TeamCodesError(f"{source}: {where}: {problem}")

    if not isinstance(data, dict) or set(data) != {*_LISTS, "matrix"}:
        raise fail("(top level)", f"must hold exactly {', '.join(sorted({*_LISTS, 'matrix'}))}")

    def text(value: Any, where: str) -> Text:
        if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
                isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES):
            raise fail(where, "must give a text in both languages (id and en)")
        return Text(id=value["id"].strip(), en=value["en"].strip())

    lists: dict[str, Mapping[str, Text]] = {}
    for key in _LISTS:
        value = data[key]
        if not isinstance(value, dict) or not value:
            raise fail(key, "must be a non-empty mapping of codes to texts")
        lists[key] = MappingProxyType({str(code): text(label, f"{key}.{code}") for code, label in value.items()})
    if OTHER_POSITION not in lists["positions"]:
        raise fail("positions", f"must have the code {OTHER_POSITION}")
    matrix: dict[tuple[str, str], str] = {}
    rows = data["matrix"]
    if not isinstance(rows, dict) or set(rows) != set(lists["likelihood"]):
        raise fail("matrix", "must have one row per likelihood")
    for likelihood, row in rows.items():
        if not isinstance(row, dict) or set(row) != set(lists["severity"]):
            raise fail(f"matrix.{likelihood}", "must have one level per severity")
        for severity, level in row.items():
            if level not in RISK_LEVELS:
                raise fail(f"matrix.{likelihood}.{severity}", f"must be one of {', '.join(RISK_LEVELS)}")
            matrix[(str(likelihood), str(severity))] = level
    return TeamCodes(lists["positions"], lists["at_risk"], lists["likelihood"], lists["severity"],
                     MappingProxyType(matrix))
