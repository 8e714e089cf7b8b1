"""Read an assessment's answers from a YAML or CSV file (the format `washfit score` takes).

YAML::

    facility: {code: KPG01, name: Puskesmas Contoh, inpatient: true, delivery: true}
    scores: {W1: 2, W2: 1, W3: na}

CSV: a header ``code,score`` (and optionally ``comment``), one indicator a row. The facility
profile of a CSV file comes from the caller (the command's ``--inpatient/--delivery`` options).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scoring import FacilityProfile, IndicatorSet, ScoringError, validate_answers
from scoring.answers import Score

MAX_FILE_BYTES = 2_000_000


class AnswerFileError(ValueError):
    """An answer file that cannot be read; the message is one line naming the file."""


@dataclass(frozen=True)
class AnswerFile:
    """The answers and facility details read from one file."""

    answers: Mapping[str, Score]
    profile: FacilityProfile | None
    facility: Mapping[str, Any] = field(default_factory=dict)


def read_answer_file(path: Path, indicator_set: IndicatorSet) -> AnswerFile:
    """Read and validate ``path``; raise ``AnswerFileError`` with a one-line message."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AnswerFileError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AnswerFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise AnswerFileError(f"{path}: not a UTF-8 text file") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        raw, profile, facility = _from_yaml(path, text)
    elif suffix == ".csv":
        raw, profile, facility = _from_csv(path, text), None, {}
    else:
        raise AnswerFileError(f"{path}: unknown format {suffix or '(none)'}; use .yaml, .yml or .csv")
    try:
        answers = validate_answers(indicator_set, raw)
    except ScoringError as exc:
        raise AnswerFileError(f"{path}: {exc}") from None
    return AnswerFile(answers, profile, facility)


def _from_yaml(path: Path, text: str) -> tuple[dict[str, object], FacilityProfile | None, dict[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise AnswerFileError(f"{path}: not valid YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        raise AnswerFileError(f"{path}: expected a mapping with 'scores' (indicator code: score)")
    facility = data.get("facility") or {}
    if not isinstance(facility, dict):
        raise AnswerFileError(f"{path}: 'facility' must be a mapping")
    profile = None
    if "inpatient" in facility or "delivery" in facility:
        flags = {k: facility.get(k, True) for k in ("inpatient", "delivery")}
        for key, value in flags.items():
            if not isinstance(value, bool):
                raise AnswerFileError(f"{path}: facility.{key} must be true or false")
        profile = FacilityProfile(**flags)
    return {str(k): v for k, v in data["scores"].items()}, profile, facility


def _from_csv(path: Path, text: str) -> dict[str, object]:
    rows = csv.DictReader(io.StringIO(text))
    if rows.fieldnames is None or not {"code", "score"} <= {f.strip().lower() for f in rows.fieldnames}:
        raise AnswerFileError(f"{path}: expected a header with the columns code and score")
    answers: dict[str, object] = {}
    for line, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        code = row["code"]
        if not code:
            continue
        if code in answers:
            raise AnswerFileError(f"{path}: line {line}: indicator {code} answered twice")
        answers[code] = row["score"]
    return answers
