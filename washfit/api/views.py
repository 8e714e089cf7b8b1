"""The operations of ``/api/v1``: each reads its query, checks the caller's rights, calls the service
its web page calls, and writes the result with its schema. Read-only: nothing here writes.

Rights are those of the pages (``assessments.permissions``): a facility outside the caller's
scope is 403, like the page; a facility, round or assessment that does not exist is 404.
"""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from assessments.facilities import facility_filters, facility_page, find_facility
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import Facility
from assessments.permissions import can_view_all, can_view_facility
from assessments.plans.actions import list_plan_actions, plan_totals
from assessments.plans.district_list import PlanQuery as PlanListQuery
from assessments.plans.district_list import plan_page
from assessments.plans.sources import draft_source
from assessments.rounds import assessment_by_id, list_rounds, round_by_id
from assessments.scores.facility_list import ListQuery, list_page
from assessments.scores.facility_scores import facility_rounds
from washfit.api import schemas as s
from washfit.api.blueprint import operation, query_args, respond
from washfit.api.errors import ApiRefusal
from washfit.db import get_session
from washfit.security import current_user

EVERYONE = "Every token."
READ = "Every token whose user may see the facility (a puskesmas head: their own only)."
DISTRICT = "Tokens of admins, assessors, viewers and the AMP-SR team (not puskesmas heads)."
SCOPED = "Every token; a puskesmas head's lists hold their own facilities only."


def _visible() -> list[int] | None:
    """The facility ids the caller may see, or None for all."""
    user = current_user()
    return None if can_view_all(user) else [f.id for f in user.facilities]


def _facility(code: str) -> Facility:
    facility = find_facility(get_session(), code)
    if not can_view_facility(current_user(), facility):
        raise ApiRefusal(403)
    return facility


@operation("/facilities", summary="Facilities with their profile", tag="facilities", who=SCOPED,
           query=s.FacilityQuery, response=s.FacilityPageSchema)
def facilities() -> ResponseReturnValue:
    """The facilities by code, filtered like the facility list (q, kecamatan, type)."""
    args = query_args(s.FacilityQuery)
    found = facility_page(get_session(), facility_filters(args["q"], args["kecamatan"], args["type"]),
                          args["page"], args["limit"], _visible())
    return respond(s.FacilityPageSchema, s.page_of([s.facility_out(f) for f in found.rows], found.page,
                                                    found.pages, args["limit"], found.total))


@operation("/facilities/<code>", summary="One facility with its profile", tag="facilities", who=READ,
           response=s.FacilitySchema)
def facility(code: str) -> ResponseReturnValue:
    """A facility: code, name, kecamatan, coordinates and the profile that decides which indicators apply."""
    return respond(s.FacilitySchema, s.facility_out(_facility(code)))


@operation("/facilities/<code>/rounds", summary="A facility's rounds and change", tag="facilities", who=READ,
           response=s.FacilityRoundsSchema)
def facility_history(code: str) -> ResponseReturnValue:
    """Every assessment of the facility, oldest round first, scored with its round's set, with the change
    since the round before (across set versions through the newer set's ``replaces``)."""
    found = _facility(code)
    return respond(s.FacilityRoundsSchema, s.facility_rounds_out(found, facility_rounds(get_session(), found)))


@operation("/facilities/<code>/plan", summary="A facility's improvement plan", tag="plans", who=READ,
           query=s.LanguageQuery, response=s.FacilityPlanSchema)
def facility_plan(code: str) -> ResponseReturnValue:
    """The facility's actions by priority, with cost, funding and status, and the totals still to pay."""
    args = query_args(s.LanguageQuery)
    found = _facility(code)
    db = get_session()
    source = draft_source(db, found)
    indicator_set = round_set(source.round) if source else latest_indicator_set(db)
    actions = list_plan_actions(db, indicator_set, lang=args["lang"], facility_ids=[found.id])
    return respond(s.FacilityPlanSchema, {"facility": s.facility_out(found),
                                          "actions": [s.action_out(a) for a in actions],
                                          "totals": s.totals_out(plan_totals(actions))})


@operation("/rounds", summary="Assessment rounds with their indicator set", tag="rounds", who=EVERYONE,
           query=s.PageQuery, response=s.RoundPageSchema)
def rounds() -> ResponseReturnValue:
    """The rounds, oldest first, each with the indicator set it is scored with."""
    args = query_args(s.PageQuery)
    every = list(list_rounds(get_session()))
    pages = max(1, -(-len(every) // args["limit"]))
    page = min(args["page"], pages)
    shown = every[(page - 1) * args["limit"]: page * args["limit"]]
    return respond(s.RoundPageSchema, s.page_of([s.round_out(r) for r in shown], page, pages, args["limit"],
                                                 len(every)))


@operation("/rounds/<int:round_id>", summary="One round with its indicator set's domains and indicators",
           tag="rounds", who=EVERYONE, response=s.RoundDetailSchema)
def round_detail(round_id: int) -> ResponseReturnValue:
    """A round and its whole indicator set: the domains and indicators its scores are counted from."""
    found = round_by_id(get_session(), round_id)
    return respond(s.RoundDetailSchema, s.round_out(found, round_set(found)))


@operation("/rounds/<int:round_id>/scores", summary="The scores of a round, per facility", tag="rounds",
           who=SCOPED, query=s.ScoreQuery, response=s.RoundScoresSchema)
def round_scores(round_id: int) -> ResponseReturnValue:
    """Per facility: domain percentages, overall, essential compliance, JMP service levels and the counts
    behind each percentage; filtered and sorted like the facility list. Unassessed facilities are listed
    with ``assessment`` and ``score`` null."""
    args = query_args(s.ScoreQuery)
    db = get_session()
    found = round_by_id(db, round_id)
    query = ListQuery(text=args["q"], kecamatan=args["kecamatan"], kind=args["type"], status=args["status"],
                      sort=args["sort"], descending=args["dir"] == "desc", page=args["page"], page_size=args["limit"])
    listing = list_page(db, round_set(found), found, query, _visible())
    return respond(s.RoundScoresSchema, {"round": s.round_out(found),
                                         **s.page_of([s.facility_score_out(r) for r in listing.rows], listing.page,
                                                     listing.pages, args["limit"], listing.total)})


@operation("/assessments/<int:assessment_id>", summary="One assessment with its answers", tag="assessments",
           who=READ, response=s.AssessmentSchema)
def assessment(assessment_id: int) -> ResponseReturnValue:
    """An assessment's status, visit and every stored answer (score and comment)."""
    found = assessment_by_id(get_session(), assessment_id)
    if not can_view_facility(current_user(), found.facility):
        raise ApiRefusal(403)
    return respond(s.AssessmentSchema, s.assessment_out(found))


@operation("/plans", summary="The district's plan actions and totals", tag="plans", who=DISTRICT,
           query=s.PlanQuery, response=s.PlanPageSchema)
def plans() -> ResponseReturnValue:
    """Every facility's actions, filtered like the district plan list (domain, priority, status, facility,
    funding), with the totals of all the matching actions: per facility, domain, funding and the district."""
    args = query_args(s.PlanQuery)
    if not can_view_all(current_user()):
        raise ApiRefusal(403)
    db = get_session()
    query = PlanListQuery(domain=args["domain"], priority=args["priority"], status=args["status"],
                          facility=args["facility"], funding=args["funding"], page=args["page"],
                          page_size=args["limit"])
    listing = plan_page(db, query, args["lang"])
    return respond(s.PlanPageSchema, {"totals": s.totals_out(listing.totals),
                                      **s.page_of([s.action_out(a) for a in listing.rows], listing.page,
                                                  listing.pages, args["limit"], listing.shown)})
