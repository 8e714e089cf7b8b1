"""The history people read: one save per group, things named with their rupiah, dates on the district's clock."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from assessments.history import facility_history_page
from assessments.i18n.formats import format_date, format_moment
from assessments.models import PlanAction
from assessments.plans.items import replace_items


def test_a_moment_is_shown_on_the_district_clock_in_indonesian_words():
    stored = dt.datetime(2025, 5, 3, 2, 0, tzinfo=dt.UTC)
    assert format_moment(stored, ZoneInfo("Asia/Makassar")) == "3 Mei 2025 10.00 WITA"
    assert format_moment(stored, ZoneInfo("Asia/Jakarta"), "en") == "3 May 2025 09:00 WIB"
    assert format_moment(stored.replace(tzinfo=None), ZoneInfo("Asia/Makassar")) == "3 Mei 2025 10.00 WITA"
    assert format_date(dt.date(2026, 12, 31)) == "31 Desember 2026"


def test_a_plan_actions_items_read_by_name_with_rupiah_and_its_drafting_by_round(session, planned_district):
    f1 = planned_district["f1"]
    action = session.scalars(select(PlanAction).where(PlanAction.indicator_code == "W2")).one()
    replace_items(session, action, [("TANK", 3, None), ("SOAP", 10, 6000)], "admin")
    session.commit()
    page = facility_history_page(session, f1.id, "id")
    newest = page.groups[0]
    assert newest.username == "admin" and len(newest.lines) == 1
    line = newest.lines[0]
    assert line.subject.startswith(f"tindakan rencana {action.indicator_code} “") and line.field == "item biaya"
    assert line.after == "Tangki × 3 (Rp 15.000.000); Sabun × 10 (Rp 60.000)"
    drafted = [li for g in page.groups for li in g.lines if li.field == "disusun"]
    assert drafted and all(li.after == "dari penilaian Baseline 2025" for li in drafted)
    assert not any(":" in li.subject.split("·")[0] for g in page.groups for li in g.lines)  # no "42:W1"


def test_one_transaction_is_one_group_and_the_next_is_another(session, planned_district):
    f1 = planned_district["f1"]
    # in id order, and quantities no drafted action has, so that each replacement is a change
    actions = session.scalars(select(PlanAction).where(PlanAction.facility_id == f1.id).order_by(PlanAction.id)).all()
    before = facility_history_page(session, f1.id, "en").groups
    replace_items(session, actions[0], [("TANK", 7, None)], "admin")
    replace_items(session, actions[1], [("TANK", 8, None)], "admin")
    session.commit()
    replace_items(session, actions[0], [("TANK", 9, None)], "admin")
    session.commit()
    after = facility_history_page(session, f1.id, "en").groups
    assert len(after) == len(before) + 2
    assert [len(g.lines) for g in after[:2]] == [1, 2]
