"""The death-audit code lists (case types, places, cause groups, avoidable factors), read as data.

The lists and the link from WASH-related avoidable factors to indicators live in
``death_audit_codes.yaml`` beside the indicator set (``WASHFIT_DEATH_AUDIT_CODES`` points
elsewhere); ``WASHFIT_AUDIT_WINDOW_MONTHS`` overrides the file's evidence window.
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

from assessments.shipped_files import shipped_path
from scoring.definitions import LANGUAGES, Text

_TOP_KEYS = {"window_months", "case_types", "places", "cause_groups", "avoidable_factors"}


class AuditCodesError(ValueError):
    """The code file is malformed; the message names the file and the place."""


@dataclass(frozen=True)
class Factor:
    """An avoidable factor an audit may name; ``indicators`` are the gaps it points at."""

    code: str
    label: Text
    wash: bool
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class AuditCodes:
    """Every code a case summary may carry, with its words, and the evidence window in months."""

    window_months: int
    case_types: Mapping[str, Text]
    places: Mapping[str, Text]
    cause_groups: Mapping[str, Text]
    factors: Mapping[str, Factor]

    def factors_of(self, indicator_code: str) -> frozenset[str]:
        """The codes of the factors linked to ``indicator_code``."""
        return frozenset(f.code for f in self.factors.values() if indicator_code in f.indicators)

    @property
    def wash_factors(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.factors.values() if f.wash)


def codes_path() -> Path:
    override = os.environ.get("WASHFIT_DEATH_AUDIT_CODES")
    return Path(override) if override else shipped_path("death_audit_codes.yaml")


def current_audit_codes() -> AuditCodes:
    """The configured codes; reloaded only when the file changes on disk."""
    path = codes_path()
    codes = _load(path, path.stat().st_mtime_ns)
    window = os.environ.get("WASHFIT_AUDIT_WINDOW_MONTHS")
    if window:
        if not window.isdigit() or not 1 <= int(window) <= 240:
            raise AuditCodesError(
                f"WASHFIT_AUDIT_WINDOW_MONTHS must be a whole number of months (1-240), not {window!r}")
        return AuditCodes(int(window), codes.case_types, codes.places, codes.cause_groups, codes.factors)
    return codes


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> AuditCodes:
    return parse_audit_codes(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def parse_audit_codes(data: Any, source: str) -> AuditCodes:
    """Validate parsed YAML and build ``AuditCodes``."""
    def fail(where: str, problem: str) -> AuditCodesError:
        return AuditCodesError(f"{source}: {where}: {problem}")

    if not isinstance(data, dict) or set(data) != _TOP_KEYS:
        raise fail("(top level)", f"must hold exactly {', '.join(sorted(_TOP_KEYS))}")
    window = data["window_months"]
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 240:
        raise fail("window_months", "must be a whole number of months (1-240)")

    def text(value: Any, where: str) -> Text:
        if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
                isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES):
            raise fail(where, "must give a text in both languages (id and en)")
        return Text(id=value["id"].strip(), en=value["en"].strip())

    def texts(key: str) -> Mapping[str, Text]:
        value = data[key]
        if not isinstance(value, dict) or not value:
            raise fail(key, "must be a non-empty mapping of codes to texts")
        return MappingProxyType({str(code): text(label, f"{key}.{code}") for code, label in value.items()})

    def factor(code: str, value: Any) -> Factor:
        where = f"avoidable_factors.{code}"
        if not isinstance(value, dict) or "label" not in value or set(value) - {"label", "wash", "indicators"}:
            raise fail(where, "must have a label and may have wash and indicators")
        indicators = value.get("indicators", [])
        if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
            raise fail(f"{where}.indicators", "must be a list of indicator codes")
        return Factor(code, text(value["label"], f"{where}.label"), bool(value.get("wash", False)), tuple(indicators))

    case_types, places, cause_groups = texts("case_types"), texts("places"), texts("cause_groups")
    factors = data["avoidable_factors"]
    if not isinstance(factors, dict) or not factors:
        raise fail("avoidable_factors", "must be a non-empty mapping")
    return AuditCodes(
        window_months=window,
        case_types=case_types,
        places=places,
        cause_groups=cause_groups,
        factors=MappingProxyType({str(code): factor(str(code), value) for code, value in factors.items()}),
    )
