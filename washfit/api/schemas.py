"""What the API reads and writes, as marshmallow schemas, and the shaping of the services' results.

Conventions, stated once here and in the OpenAPI document's description:

- field names are ``snake_case`` and stable within ``/api/v1``; a field is never renamed or
  retyped there, only added;
- percentages and coordinates are decimal **strings** (``"62.5"``, ``"-10.178400"``): exactly
  the figure washfit shows, never a binary float; money is whole rupiah as an integer;
- times are ISO 8601 with their offset (``2026-05-02T08:15:00+00:00``), dates ``YYYY-MM-DD``;
- a value that does not exist is ``null`` (an unscored facility's ``score``, a domain without
  answers' ``percent``), never left out;
- lists are paged with ``page`` (from 1) and ``limit`` (1 to ``MAX_LIMIT``), and answer with
  ``page``, ``pages``, ``limit`` and ``total``; a page past the last is the last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from marshmallow import Schema, fields, validate

from assessments.facilities import FACILITY_KINDS
from assessments.models import FUNDING_SOURCES, PLAN_STATUSES, STATUSES, Assessment, AssessmentRound, Facility, as_utc
from assessments.plans.actions import PlanActionView, PlanTotals
from assessments.plans.district_list import NO_FUNDING
from assessments.scores.facility_list import STATUSES as LIST_STATUSES
from assessments.scores.facility_scores import FacilityRound
from assessments.scores.round_scores import FacilityResult
from scoring import Comparison, IndicatorSet, ScoreSummary, ServiceLevel, Tally
from scoring.priority import RISK_LEVELS, risk_level

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_PAGE = 100_000
MAX_FILTER = 200  # washfit.boundary.MAX_QUERY_VALUE: a longer query value is refused before any view


class DecimalString(fields.Decimal):
    """A decimal written as a string (``"62.5"``); the OpenAPI type is ``string``, format ``decimal``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(as_string=True, **kwargs)


class UtcDateTime(fields.DateTime):
    """A time in ISO 8601 with its offset; SQLite's naive stored times are UTC."""

    def _serialize(self, value: dt.datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else as_utc(value).isoformat()


def _one_of(choices: Iterable[str]) -> validate.OneOf:
    return validate.OneOf(["", *choices])


# -- query parameters ---------------------------------------------------------------------------

class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE),
                          metadata={"description": "The page, from 1; past the last, the last."})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Items per page, 1 to {MAX_LIMIT}."})


class FacilityQuery(PageQuery):
    q = fields.String(load_default="", validate=validate.Length(max=MAX_FILTER),
                      metadata={"description": "Words in the code, name or kecamatan."})
    kecamatan = fields.String(load_default="", validate=validate.Length(max=MAX_FILTER))
    type = fields.String(load_default="", validate=_one_of(FACILITY_KINDS),
                         metadata={"description": "inpatient or outpatient; empty for both."})


class ScoreQuery(FacilityQuery):
    status = fields.String(load_default="", validate=_one_of(LIST_STATUSES),
                           metadata={"description": "The assessment's status; none = not assessed."})
    sort = fields.String(load_default="code", validate=validate.OneOf(
        ("code", "name", "kecamatan", "status", "overall", "essential")))
    dir = fields.String(load_default="asc", validate=validate.OneOf(("asc", "desc")))


class LanguageQuery(Schema):
    lang = fields.String(load_default="id", validate=validate.OneOf(("id", "en")),
                         metadata={"description": "Language of action texts and reasons: id or en."})


class PlanQuery(PageQuery, LanguageQuery):
    domain = fields.String(load_default="", validate=validate.Length(max=MAX_FILTER),
                           metadata={"description": "A domain code of the set, or custom (actions a puskesmas added)."})
    priority = fields.String(load_default="", validate=_one_of(RISK_LEVELS))
    status = fields.String(load_default="", validate=_one_of(PLAN_STATUSES))
    facility = fields.String(load_default="", validate=validate.Length(max=MAX_FILTER),
                             metadata={"description": "A facility code."})
    funding = fields.String(load_default="", validate=_one_of((*FUNDING_SOURCES, NO_FUNDING)),
                            metadata={"description": "A funding source, or none for actions without one."})


# -- responses ----------------------------------------------------------------------------------

def _page(item: type[Schema], name: str) -> type[Schema]:
    """The schema of a page of ``item``."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item), required=True),
        "page": fields.Integer(required=True),
        "pages": fields.Integer(required=True),
        "limit": fields.Integer(required=True),
        "total": fields.Integer(required=True, metadata={"description": "How many match, on every page."}),
    }, name=name)


def page_of(items: Sequence[object], page: int, pages: int, limit: int, total: int) -> dict[str, object]:
    return {"items": items, "page": page, "pages": pages, "limit": limit, "total": total}


class ErrorSchema(Schema):
    status = fields.Integer(required=True)
    error = fields.String(required=True, metadata={"description": "bad_request, unauthorized, forbidden, not_found …"})
    message = fields.String(required=True, metadata={"description": "Bahasa Indonesia."})
    message_en = fields.String(required=True, metadata={"description": "English."})
    details = fields.Dict(keys=fields.String(), metadata={"description": "Per query parameter, what is wrong."})


class ProfileSchema(Schema):
    inpatient = fields.Boolean(required=True)
    delivery = fields.Boolean(required=True)
    rainfall_sufficient = fields.Boolean(required=True)
    sewered = fields.Boolean(required=True)


class FacilitySchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kecamatan = fields.String(required=True)
    district = fields.String(required=True)
    latitude = DecimalString(required=True, allow_none=True)
    longitude = DecimalString(required=True, allow_none=True)
    placeholder = fields.Boolean(required=True, metadata={"description": "Listed without real data yet."})
    profile = fields.Nested(ProfileSchema, required=True)


def facility_out(facility: Facility) -> dict[str, object]:
    return {
        "code": facility.code, "name": facility.name, "kecamatan": facility.kecamatan, "district": facility.district,
        "latitude": facility.latitude, "longitude": facility.longitude, "placeholder": facility.placeholder,
        "profile": {"inpatient": facility.inpatient, "delivery": facility.delivery,
                    "rainfall_sufficient": facility.rainfall_sufficient, "sewered": facility.sewered},
    }


FacilityPageSchema = _page(FacilitySchema, "FacilityPage")


class TextSchema(Schema):
    id = fields.String(required=True, metadata={"description": "Bahasa Indonesia."})
    en = fields.String(required=True)


class IndicatorSchema(Schema):
    code = fields.String(required=True)
    text = fields.Nested(TextSchema, required=True)
    essential = fields.Boolean(required=True)
    applies_to = fields.String(required=True, metadata={"description": "all, inpatient, delivery ..."})
    service_area = fields.String(required=True, allow_none=True, metadata={"description": "Its JMP service area."})


class DomainSchema(Schema):
    code = fields.String(required=True)
    name = fields.Nested(TextSchema, required=True)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)


class IndicatorSetSchema(Schema):
    set_id = fields.String(required=True)
    version = fields.String(required=True)
    ref = fields.String(required=True, metadata={"description": "id@version"})
    title = fields.String(required=True)


class IndicatorSetDetailSchema(IndicatorSetSchema):
    domains = fields.List(fields.Nested(DomainSchema), required=True)


class RoundSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    starts_on = fields.Date(required=True)
    synthetic = fields.Boolean(required=True, metadata={"description": "Synthetic demonstration scores."})
    indicator_set = fields.Nested(IndicatorSetSchema, required=True)


class RoundDetailSchema(RoundSchema):
    indicator_set = fields.Nested(IndicatorSetDetailSchema, required=True)


RoundPageSchema = _page(RoundSchema, "RoundPage")


def round_out(round_: AssessmentRound, indicator_set: IndicatorSet | None = None) -> dict[str, object]:
    """A round with its set; with ``indicator_set`` (the parsed set) its domains and indicators too."""
    stored = round_.indicator_set
    shown: dict[str, object] = {"set_id": stored.set_id, "version": stored.version, "ref": stored.ref,
                                "title": stored.title}
    if indicator_set is not None:
        shown["domains"] = [
            {"code": d.code, "name": {"id": d.name.id, "en": d.name.en},
             "indicators": [{"code": i.code, "text": {"id": i.text.id, "en": i.text.en}, "essential": i.essential,
                             "applies_to": i.applies_to, "service_area": i.service_area} for i in d.indicators]}
            for d in indicator_set.domains]
    return {"id": round_.id, "name": round_.name, "starts_on": round_.starts_on, "synthetic": round_.synthetic,
            "indicator_set": shown}


class AnswerSchema(Schema):
    indicator_code = fields.String(required=True)
    score = fields.Integer(required=True, allow_none=True, validate=validate.OneOf((0, 1, 2)),
                           metadata={"description": "0 not met, 1 partly met, 2 met; null = not applicable."})
    comment = fields.String(required=True)


class AssessmentSchema(Schema):
    id = fields.Integer(required=True)
    facility_code = fields.String(required=True)
    round_id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    assessed_on = fields.Date(required=True, allow_none=True)
    assessors = fields.String(required=True)
    set_id = fields.String(required=True)
    set_version = fields.String(required=True)
    version = fields.Integer(required=True)
    updated_at = UtcDateTime(required=True)
    answers = fields.List(fields.Nested(AnswerSchema), required=True,
                          metadata={"description": "Answered indicators only; one not listed is unanswered."})


def assessment_out(assessment: Assessment) -> dict[str, object]:
    return {
        "id": assessment.id, "facility_code": assessment.facility.code, "round_id": assessment.round_id,
        "status": assessment.status, "assessed_on": assessment.assessed_on, "assessors": assessment.assessors,
        "set_id": assessment.set_id, "set_version": assessment.set_version, "version": assessment.version,
        "updated_at": assessment.updated_at,
        "answers": [{"indicator_code": r.indicator_code, "score": r.score, "comment": r.comment}
                    for r in assessment.responses],
    }


class TallySchema(Schema):
    percent = DecimalString(required=True, allow_none=True, metadata={"description": "null when nothing was scored."})
    points = fields.Integer(required=True)
    maximum = fields.Integer(required=True)
    met = fields.Integer(required=True)
    # ``partial`` names a Schema setting in marshmallow: the field keeps the name under another attribute.
    partial_ = fields.Integer(required=True, data_key="partial", attribute="partial")
    not_met = fields.Integer(required=True)
    not_applicable = fields.Integer(required=True)
    unanswered = fields.Integer(required=True)


class DomainTallySchema(TallySchema):
    domain = fields.String(required=True)


class EssentialSchema(Schema):
    percent = DecimalString(required=True, allow_none=True)
    met = fields.Integer(required=True)
    assessed = fields.Integer(required=True)


class JmpLevelSchema(Schema):
    area = fields.String(required=True, metadata={"description": "water, sanitation, hygiene, waste, cleaning ..."})
    level = fields.String(required=True, validate=validate.OneOf([level.value for level in ServiceLevel]))


class ScoreSchema(Schema):
    set_id = fields.String(required=True)
    set_version = fields.String(required=True)
    overall = fields.Nested(TallySchema, required=True)
    domains = fields.List(fields.Nested(DomainTallySchema), required=True)
    essential = fields.Nested(EssentialSchema, required=True)
    jmp = fields.List(fields.Nested(JmpLevelSchema), required=True)


def _tally(tally: Tally) -> dict[str, object]:
    return {"percent": tally.percent, "points": tally.points, "maximum": tally.maximum, "met": tally.met,
            "partial": tally.partial, "not_met": tally.not_met, "not_applicable": tally.not_applicable,
            "unanswered": tally.unanswered}


def score_out(score: ScoreSummary | None) -> dict[str, object] | None:
    if score is None:
        return None
    return {
        "set_id": score.set_id, "set_version": score.set_version, "overall": _tally(score.overall),
        "domains": [{"domain": d.domain, **_tally(d.tally)} for d in score.domains],
        "essential": {"percent": score.essential.percent, "met": score.essential.met,
                      "assessed": score.essential.assessed},
        "jmp": [{"area": area, "level": level} for area, level in score.jmp.items()],
    }


class AssessmentRefSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))


class FacilityScoreSchema(Schema):
    facility = fields.Nested(FacilitySchema, required=True)
    assessment = fields.Nested(AssessmentRefSchema, required=True, allow_none=True,
                               metadata={"description": "null when the facility has no assessment in the round."})
    score = fields.Nested(ScoreSchema, required=True, allow_none=True)


class RoundScoresSchema(Schema):
    round = fields.Nested(RoundSchema, required=True)
    items = fields.List(fields.Nested(FacilityScoreSchema), required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    total = fields.Integer(required=True)


def facility_score_out(result: FacilityResult) -> dict[str, object]:
    assessment = result.assessment
    return {"facility": facility_out(result.facility),
            "assessment": None if assessment is None else {"id": assessment.id, "status": assessment.status},
            "score": score_out(result.score)}


class ChangeSchema(Schema):
    domain = fields.String(required=True)
    before = DecimalString(required=True, allow_none=True)
    after = DecimalString(required=True, allow_none=True)
    change = DecimalString(required=True, allow_none=True, metadata={"description": "In percentage points."})


class ComparisonSchema(Schema):
    overall = fields.Nested(ChangeSchema, required=True)
    domains = fields.List(fields.Nested(ChangeSchema), required=True)
    new = fields.List(fields.String(), required=True, metadata={"description": "Indicators the older set lacks."})
    dropped = fields.List(fields.String(), required=True, metadata={"description": "Indicators the newer set lacks."})


class FacilityRoundSchema(Schema):
    round = fields.Nested(RoundSchema, required=True)
    assessment = fields.Nested(AssessmentRefSchema, required=True)
    score = fields.Nested(ScoreSchema, required=True)
    change = fields.Nested(ComparisonSchema, required=True, allow_none=True,
                           metadata={"description": "Since the facility's previous round; null for its first."})


class FacilityRoundsSchema(Schema):
    facility = fields.Nested(FacilitySchema, required=True)
    rounds = fields.List(fields.Nested(FacilityRoundSchema), required=True)


def _comparison(change: Comparison | None) -> dict[str, object] | None:
    if change is None:
        return None
    moves = [change.overall, *change.domains]
    shaped = [{"domain": m.domain, "before": m.before, "after": m.after, "change": m.change} for m in moves]
    return {"overall": shaped[0], "domains": shaped[1:], "new": list(change.new), "dropped": list(change.dropped)}


def facility_rounds_out(facility: Facility, history: Sequence[FacilityRound]) -> dict[str, object]:
    return {"facility": facility_out(facility), "rounds": [
        {"round": round_out(h.round), "assessment": {"id": h.assessment.id, "status": h.assessment.status},
         "score": score_out(h.score), "change": _comparison(h.change)} for h in history]}


class ActionSchema(Schema):
    id = fields.Integer(required=True)
    facility_code = fields.String(required=True)
    facility_name = fields.String(required=True)
    domain = fields.String(required=True, allow_none=True, metadata={"description": "null for an own action."})
    indicator_code = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)
    priority = fields.Integer(required=True, metadata={"description": "Higher is more urgent."})
    risk_level = fields.String(required=True, validate=validate.OneOf(RISK_LEVELS))
    reasons = fields.List(fields.String(), required=True, metadata={"description": "Why, in the language asked."})
    status = fields.String(required=True, validate=validate.OneOf(PLAN_STATUSES))
    funding_source = fields.String(required=True, allow_none=True, validate=validate.OneOf(FUNDING_SOURCES))
    responsible = fields.String(required=True)
    target_date = fields.Date(required=True, allow_none=True)
    cost = fields.Integer(required=True, metadata={"description": "Whole rupiah, freight included."})
    estimated_cost = fields.Integer(required=True, metadata={"description": "The part of cost resting on estimates."})
    sourced = fields.Boolean(required=True, metadata={"description": "The whole cost rests on sourced prices."})
    indicator_met = fields.Boolean(required=True)
    counted = fields.Boolean(required=True, metadata={"description": "Still to be paid for: in the totals."})
    price_years = fields.List(fields.Integer(), required=True)


def action_out(action: PlanActionView) -> dict[str, object]:
    return {
        "id": action.id, "facility_code": action.facility_code, "facility_name": action.facility_name,
        "domain": action.domain, "indicator_code": action.indicator_code, "text": action.text,
        "priority": action.priority, "risk_level": risk_level(action.priority), "reasons": list(action.reasons),
        "status": action.status, "funding_source": action.funding_source, "responsible": action.responsible,
        "target_date": action.target_date, "cost": action.cost, "estimated_cost": action.estimated_cost,
        "sourced": action.sourced, "indicator_met": action.indicator_met, "counted": action.counted,
        "price_years": list(action.price_years),
    }


class CostBySchema(Schema):
    key = fields.String(required=True, allow_none=True,
                        metadata={"description": "A facility code, domain code or funding source; null for none."})
    cost = fields.Integer(required=True)


class TotalsSchema(Schema):
    district = fields.Integer(required=True, metadata={"description": "Σ cost of the counted actions, rupiah."})
    estimated = fields.Integer(required=True)
    sourced = fields.Integer(required=True)
    by_facility = fields.List(fields.Nested(CostBySchema), required=True)
    by_domain = fields.List(fields.Nested(CostBySchema), required=True)
    by_funding = fields.List(fields.Nested(CostBySchema), required=True)


def _by(costs: dict[str, int] | dict[str | None, int]) -> list[dict[str, object]]:
    ordered = sorted(costs.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    return [{"key": key, "cost": cost} for key, cost in ordered]


def totals_out(totals: PlanTotals) -> dict[str, object]:
    return {"district": totals.district, "estimated": totals.estimated, "sourced": totals.sourced,
            "by_facility": _by(totals.by_facility), "by_domain": _by(totals.by_domain),
            "by_funding": _by(totals.by_funding)}


class PlanPageSchema(Schema):
    items = fields.List(fields.Nested(ActionSchema), required=True)
    totals = fields.Nested(TotalsSchema, required=True, metadata={"description": "Of every matching action."})
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    total = fields.Integer(required=True)


class FacilityPlanSchema(Schema):
    facility = fields.Nested(FacilitySchema, required=True)
    actions = fields.List(fields.Nested(ActionSchema), required=True)
    totals = fields.Nested(TotalsSchema, required=True)
