"""Stored figures read back: a round's scores for pages, charts, exports and the budget.

``stored_tallies`` writes them with the answers; reading them costs one indexed select of a few
integers per assessment and domain, never a scan of the responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session

from assessments.collector import collector_paused
from assessments.models import Assessment, AssessmentDomainScore, AssessmentServiceLevel
from scoring import DomainScore, EssentialTally, IndicatorSet, ScoreSummary, Tally

# The tally columns in ``scoring.Tally``'s field order.
TALLY_COLUMNS = ("points", "maximum", "met", "partial", "not_met", "not_applicable", "unanswered")
_D = AssessmentDomainScore
_L = AssessmentServiceLevel


def stored_summaries(
    session: Session, indicator_set: IndicatorSet, round_id: int, facility_ids: Sequence[int] | None = None
) -> dict[int, ScoreSummary]:
    """Each assessed facility's figures in the round as stored, by facility id (no answer is read).

    Equal to ``score_assessment`` for the round's set: the tallies are
    plain integers summed once here, percentages are left to the page.
    """
    domains = (select(Assessment.facility_id, _D.domain, *(getattr(_D, c) for c in TALLY_COLUMNS),
                      _D.essential_met, _D.essential_assessed)
               .join(Assessment, Assessment.id == _D.assessment_id).where(Assessment.round_id == round_id))
    levels = (select(Assessment.facility_id, _L.area, _L.level)
              .join(Assessment, Assessment.id == _L.assessment_id).where(Assessment.round_id == round_id))
    if facility_ids is not None:
        domains = domains.where(Assessment.facility_id.in_(facility_ids))
        levels = levels.where(Assessment.facility_id.in_(facility_ids))
    with collector_paused():  # some 200,000 rows and figures at 10,000 facilities, none in a cycle
        return _summaries(session.connection(), indicator_set, domains, levels)


def _summaries(connection: Connection, indicator_set: IndicatorSet, domains: Select[Any],
               levels: Select[Any]) -> dict[int, ScoreSummary]:
    """The figures of the rows the two selects read (plain rows: the ORM's result machinery costs
    more than the query), each distinct domain tally and ladder built once."""
    rows: dict[int, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for facility_id, domain, *counts in connection.execute(domains).all():
        rows[facility_id][domain] = tuple(counts)
    jmp: dict[int, dict[str, str]] = defaultdict(dict)
    for facility_id, area, level in connection.execute(levels).all():
        jmp[facility_id][area] = level
    codes = [d.code for d in indicator_set.domains]
    areas = [r.area for r in indicator_set.jmp_rules]
    empty = (0,) * (len(TALLY_COLUMNS) + 2)
    # Frozen figures are shared: facilities with the same counts in a domain, or the same levels,
    # get the same objects, built once (a round of thousands repeats them a lot).
    made: dict[tuple[str, tuple[int, ...]], DomainScore] = {}
    ladders: dict[tuple[str, ...], Mapping[str, str]] = {}
    summaries = {}
    for facility_id, found in rows.items():
        counts = [found.get(code, empty) for code in codes]
        scored: list[DomainScore] = []
        for code, c in zip(codes, counts, strict=True):
            domain = made.get((code, c))
            if domain is None:
                domain = made[(code, c)] = DomainScore(code, Tally(*c[:7]))
            scored.append(domain)
        totals = [sum(column) for column in zip(*counts, strict=True)] if counts else list(empty)
        levels_of = jmp.get(facility_id, {})
        key = tuple(levels_of.get(area, "") for area in areas)
        if key not in ladders:
            ladders[key] = MappingProxyType({area: levels_of[area] for area in areas if area in levels_of})
        summaries[facility_id] = ScoreSummary(
            set_id=indicator_set.id, set_version=indicator_set.version, domains=tuple(scored),
            overall=Tally(*totals[:7]), essential=EssentialTally(totals[7], totals[8]), jmp=ladders[key],
        )
    return summaries
