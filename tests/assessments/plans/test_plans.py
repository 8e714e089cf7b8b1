"""Plans: drafting from gaps, priorities and reasons, costs from the catalog, edits, re-drafts, budget."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.models import AuditEntry, CostItemPrice, PlanAction, PlanActionItem
from assessments.plans.actions import list_plan_actions, plan_totals
from assessments.plans.budget import fund_plans
from assessments.plans.drafting import draft_all_plans, draft_from, draft_plan
from assessments.plans.edits import ActionChanges, ItemLine, add_custom_action, edit_action, get_action
from assessments.plans.prices import PriceChange, cost_catalog, update_price
from assessments.scores import entry


def views(session, mini_set, lang="id"):
    session.expire_all()
    return list_plan_actions(session, mini_set, lang=lang)


def action(session, code):
    session.expire_all()
    return session.scalar(select(PlanAction).where(PlanAction.indicator_code == code))


def changes(**overrides):
    values = dict(text="", responsible="", target_date=None, status="planned", funding_source=None, items=())
    values.update(overrides)
    return ActionChanges(**values)


def test_drafting_adds_one_action_per_gap_from_the_first_default_action(session, mini_set, planned_district):
    found = views(session, mini_set, "en")
    assert [(a.indicator_code, a.text) for a in found] == [
        ("W2", "Add storage"), ("HH1", "Provide soap"), ("W3", "Pipe water to the delivery room")]
    assert {a.facility_code for a in found} == {"F1"} and all(a.status == "planned" for a in found)


def test_actions_come_in_priority_order_with_their_reasons(session, mini_set, planned_district):
    found = {a.indicator_code: (a.priority, a.reasons) for a in views(session, mini_set)}
    assert found == {
        "W2": (7, ("esensial", "ketahanan iklim", "memenuhi sebagian")),
        "HH1": (7, ("esensial", "tidak memenuhi")),
        "W3": (4, ("ruang bersalin", "tidak memenuhi")),
    }


def test_costs_are_quantity_times_catalog_unit_cost(session, mini_set, planned_district):
    found = {a.indicator_code: a.cost for a in views(session, mini_set)}
    assert found == {"W2": 5_000_000, "W3": 5_000_000 + 1_500_000, "HH1": 100 * 5_000}


def test_plan_total_is_the_sum_of_its_actions(session, mini_set, planned_district):
    found = views(session, mini_set)
    totals = plan_totals(found)
    assert totals.district == totals.by_facility["F1"] == sum(a.cost for a in found) == 12_000_000
    assert totals.by_domain == {"W": 11_500_000, "HH": 500_000}
    assert totals.by_funding == {None: 12_000_000}


def test_drafting_is_audited_with_the_facility(session, mini_set, planned_district):
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "plan_action")).all()
    assert sorted(e.new_value.split()[0] for e in entries if e.field == "drafted") == ["HH1", "W2", "W3"]
    assert {e.facility_id for e in entries} == {planned_district["f1"].id}


def test_drafting_seeds_the_catalog_from_the_set(session, mini_set, planned_district):
    assert set(session.scalars(select(CostItemPrice.code))) == {"TANK", "SOAP", "TRAIN"}


def test_a_draft_assessment_cannot_be_drafted_from(session, mini_set, district):
    with pytest.raises(InvalidInput, match="submitted or validated"):
        draft_from(session, mini_set, session.merge(district["assessment"]), "admin")


def test_only_the_facility_head_or_an_admin_drafts(session, mini_set, planned_district):
    f1 = session.merge(planned_district["f1"])
    for role in ("viewer", "assessor", "other_head"):
        with pytest.raises(PermissionDenied):
            draft_plan(session, mini_set, f1, session.merge(planned_district["users"][role]))
    assert draft_plan(session, mini_set, f1, session.merge(planned_district["users"]["head"])).added == 0


def follow_up(session, mini_set, district, scores):
    """A second, submitted assessment of F1 in a later round with ``scores``."""
    from assessments.models import AssessmentRound

    later = AssessmentRound(name="Follow-up 2026", starts_on=dt.date(2026, 5, 1))
    session.add(later)
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), later, assessor)
    answers = {code: entry.parse_answer(code, value) for code, value in scores.items()}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    return assessment


def test_redraft_keeps_human_edits_adds_new_gaps_and_marks_met(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(text="Tangki 10.000 L", responsible="Bu Ani", status="in_progress",
                                               funding_source="DAK", items=(ItemLine("TANK", 2, 4_000_000),)),
                head, w2.version)
    session.commit()
    newer = follow_up(session, mini_set, planned_district, {"W1": "1", "W2": "2", "W3": "0", "HH1": "2", "HH2": "na"})
    result = draft_plan(session, mini_set, session.merge(planned_district["f1"]), head)
    session.commit()
    assert (result.added, result.now_met, result.reopened) == (1, 2, 0)
    w2 = action(session, "W2")
    assert (w2.text, w2.responsible, w2.status, w2.funding_source) == ("Tangki 10.000 L", "Bu Ani", "in_progress", "DAK")
    assert [(i.cost_item_code, i.quantity, i.unit_cost_override) for i in w2.items] == [("TANK", 2, 4_000_000)]
    met = {a.indicator_code: a.indicator_met for a in views(session, mini_set)}
    assert met == {"W1": False, "W2": True, "W3": False, "HH1": True}
    assert action(session, "W3").assessment_id == newer.id and action(session, "W2").assessment_id != newer.id


def test_met_actions_leave_the_totals_but_stay_in_the_plan(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "2", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_plan(session, mini_set, session.merge(planned_district["f1"]), session.merge(planned_district["users"]["admin"]))
    session.commit()
    found = views(session, mini_set)
    assert len(found) == 3 and plan_totals(found).district == 6_500_000 + 500_000


def test_redrafting_from_an_older_assessment_is_refused(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_all_plans(session, mini_set)
    with pytest.raises(InvalidInput, match="newer assessment"):
        draft_from(session, mini_set, session.merge(planned_district["assessment"]), "cli")


def test_editing_records_every_changed_field_in_the_audit_log(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    hh1 = action(session, "HH1")
    count = edit_action(session, mini_set, hh1, changes(responsible="Pak Budi", target_date=dt.date(2026, 3, 1),
                                                        status="in_progress", items=(ItemLine("SOAP", 200),)),
                        head, hh1.version)
    session.commit()
    assert count == 4
    fields = {e.field: (e.old_value, e.new_value) for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "plan_action", AuditEntry.username == "head"))}
    assert fields == {"responsible": ("", "Pak Budi"), "target_date": (None, "2026-03-01"),
                      "status": ("planned", "in_progress"), "items": ("SOAP×100", "SOAP×200")}
    assert action(session, "HH1").edited_fields == {"responsible", "target_date", "status", "items"}


def test_the_default_text_typed_back_stays_the_default(session, mini_set, planned_district):
    hh1 = action(session, "HH1")
    edit_action(session, mini_set, hh1, changes(text="Provide soap", items=(ItemLine("SOAP", 100),)),
                session.merge(planned_district["users"]["head"]), hh1.version, lang="en")
    assert action(session, "HH1").text is None and views(session, mini_set)[1].text == "Sediakan sabun"


def test_another_facility_head_cannot_edit(session, mini_set, planned_district):
    hh1 = action(session, "HH1")
    with pytest.raises(PermissionDenied):
        edit_action(session, mini_set, hh1, changes(), session.merge(planned_district["users"]["other_head"]), hh1.version)
    with pytest.raises(PermissionDenied):
        add_custom_action(session, mini_set, session.merge(planned_district["f1"]), changes(text="x"),
                          session.merge(planned_district["users"]["viewer"]))


def test_a_stale_edit_saves_nothing_and_names_the_fields(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    hh1 = action(session, "HH1")
    loaded = hh1.version
    edit_action(session, mini_set, hh1, changes(responsible="A", items=(ItemLine("SOAP", 100),)), head, loaded)
    session.commit()
    with pytest.raises(StaleVersion) as stale:
        edit_action(session, mini_set, action(session, "HH1"), changes(responsible="B", items=(ItemLine("SOAP", 100),)),
                    head, loaded)
    assert [c.field for c in stale.value.changes] == ["responsible"]
    session.rollback()
    assert action(session, "HH1").responsible == "A"


@pytest.mark.parametrize(("bad", "message"), [
    (dict(status="finished"), "not a plan status"),
    (dict(funding_source="World Bank"), "not a funding source"),
    (dict(items=(ItemLine("GOLD", 1),)), "unknown cost item"),
    (dict(items=(ItemLine("SOAP", 0),)), "at least 1"),
    (dict(items=(ItemLine("SOAP", 1, -5),)), "cannot be negative"),
    (dict(items=(ItemLine("SOAP", 1), ItemLine("SOAP", 2))), "listed twice"),
])
def test_bad_edits_are_refused_and_change_nothing(session, mini_set, planned_district, bad, message):
    hh1 = action(session, "HH1")
    with pytest.raises(InvalidInput, match=message):
        edit_action(session, mini_set, hh1, changes(**bad), session.merge(planned_district["users"]["head"]), hh1.version)
    session.rollback()
    assert [(i.cost_item_code, i.quantity) for i in action(session, "HH1").items] == [("SOAP", 100)]


def test_an_own_action_needs_text_and_ranks_lowest(session, mini_set, planned_district):
    f1 = session.merge(planned_district["f1"])
    head = session.merge(planned_district["users"]["head"])
    with pytest.raises(InvalidInput, match="needs a text"):
        add_custom_action(session, mini_set, f1, changes(text="  "), head)
    add_custom_action(session, mini_set, f1, changes(text="Cat ulang toilet", funding_source="BOK",
                                                     items=(ItemLine("TRAIN", 1, 750_000),)), head)
    session.commit()
    own = views(session, mini_set)[-1]
    assert (own.indicator_code, own.domain, own.text, own.priority, own.cost) == (None, None, "Cat ulang toilet", 1, 750_000)
    assert plan_totals(views(session, mini_set)).by_funding["BOK"] == 750_000


def test_a_new_catalog_price_moves_every_plan_total_but_not_overrides(session, mini_set, planned_district):
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(items=(ItemLine("TANK", 1, 4_000_000),)),
                session.merge(planned_district["users"]["head"]), w2.version)
    update_price(session, mini_set, "TANK", PriceChange(6_000_000, "Dinas price list", 2026, False),
                 session.merge(planned_district["users"]["admin"]))
    session.commit()
    found = {a.indicator_code: a.cost for a in views(session, mini_set)}
    assert found == {"W2": 4_000_000, "W3": 6_000_000 + 1_500_000, "HH1": 500_000}
    tank = next(e for e in cost_catalog(session, mini_set) if e.code == "TANK")
    assert (tank.unit_cost, tank.source, tank.year, tank.estimate) == (6_000_000, "Dinas price list", 2026, False)


def test_only_an_admin_prices_the_catalog(session, mini_set, planned_district):
    with pytest.raises(PermissionDenied):
        update_price(session, mini_set, "TANK", PriceChange(1, "", 2026, True), session.merge(planned_district["users"]["head"]))


def test_get_action_refuses_another_facilitys_action(session, mini_set, planned_district):
    from assessments.errors import NotFound

    with pytest.raises(NotFound):
        get_action(session, session.merge(planned_district["f2"]), action(session, "W2").id)


def test_the_database_refuses_bad_rows(session, planned_district):
    session.add(PlanActionItem(action_id=action(session, "W2").id, cost_item_code="SOAP", quantity=0))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    session.add(PlanAction(facility_id=planned_district["f1"].id, status="finished"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_the_budget_funds_the_most_priority_within_it(session, mini_set, planned_district):
    result = fund_plans(session, mini_set, 6_000_000)
    # Priority first, the cheaper first among equals; W3 (priority 4, Rp 6.500.000) does not fit.
    assert [(r.action.indicator_code, r.funded, r.running_total) for r in result.rows] == [
        ("HH1", True, 500_000), ("W2", True, 5_500_000), ("W3", False, 5_500_000)]
    assert result.total == 5_500_000 <= 6_000_000 and result.method == "exact"


def test_a_budget_as_of_a_round_reads_that_rounds_gaps(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "2", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_all_plans(session, mini_set)
    session.commit()
    latest = fund_plans(session, mini_set, 100_000_000)
    as_of_baseline = fund_plans(session, mini_set, 100_000_000, up_to=session.merge(planned_district["round"]))
    assert {r.action.indicator_code for r in latest.rows} == {"W3", "HH1"}
    assert {r.action.indicator_code for r in as_of_baseline.rows} == {"W2", "W3", "HH1"}
