"""Pure WASH FIT computation: the indicator set, scores, service levels, priorities and costs.

Imports only the standard library (and PyYAML, to read the set). Never Flask, SQLAlchemy or I/O
beyond reading the indicator set: everything here takes plain values and returns frozen dataclasses.
"""

from scoring.answers import Score, parse_score, validate_answers
from scoring.compare import Comparison, DomainChange, IndicatorChange, ScoreChange, compare_assessments, score_change
from scoring.definitions import (
    Action,
    ActionItem,
    CostItem,
    Domain,
    FacilityProfile,
    Indicator,
    IndicatorSet,
    JmpCriterion,
    JmpRule,
    Text,
)
from scoring.engine import (
    AssessmentScore,
    DomainScore,
    EssentialCompliance,
    EssentialTally,
    ScoreSummary,
    Tally,
    essential_tally,
    jmp_levels,
    score_assessment,
    summarise,
)
from scoring.errors import IndicatorSetError, InvalidScoreError, ScoringError, UnknownIndicatorError
from scoring.jmp import JmpGap, ServiceLevel, jmp_gaps, service_levels
from scoring.set_loader import load_indicator_set, parse_indicator_set

__all__ = [
    "Action",
    "ActionItem",
    "AssessmentScore",
    "Comparison",
    "ConditionCounts",
    "CostItem",
    "Domain",
    "DomainChange",
    "DomainScore",
    "EssentialCompliance",
    "EssentialTally",
    "FacilityProfile",
    "Indicator",
    "IndicatorChange",
    "IndicatorSet",
    "IndicatorSetError",
    "InvalidScoreError",
    "JmpCriterion",
    "JmpGap",
    "JmpRule",
    "Score",
    "ScoreChange",
    "ScoreSummary",
    "ScoringError",
    "ServiceLevel",
    "Tally",
    "Text",
    "UnknownIndicatorError",
    "compare_assessments",
    "essential_tally",
    "jmp_gaps",
    "jmp_levels",
    "load_indicator_set",
    "parse_indicator_set",
    "parse_score",
    "score_assessment",
    "score_change",
    "service_levels",
    "summarise",
    "validate_answers",
]
