"""Monitoring actions: dates, progress note, money spent, evidence photos; the progress counts."""

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from assessments.errors import InvalidInput
from assessments.models import AuditEntry, PlanActionPhoto
from assessments.plans.edits import ItemLine, edit_action
from assessments.plans.monitoring import MAX_PHOTOS, Progress, add_photo, record_progress
from assessments.plans.progress import progress_report
from tests.assessments.plans.helpers import action, changes

TODAY = dt.date(2026, 6, 1)


def png(size=(40, 30), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, "navy").save(out, "PNG")
    return out.getvalue()


def _record(session, district, code, **fields):
    values = dict(status="in_progress", started_on=None, completed_on=None, progress_note="", spent=None)
    values.update(fields)
    target = action(session, code)
    return record_progress(session, target, Progress(**values), session.merge(district["users"]["head"]),
                           target.version, TODAY)


def test_progress_is_recorded_audited_and_counted_done_overdue_in_progress(session, mini_set, planned_district):
    _record(session, planned_district, "W2", status="done", started_on=dt.date(2026, 1, 5),
            completed_on=dt.date(2026, 3, 1), progress_note="Tangki terpasang", spent=4_500_000)
    _record(session, planned_district, "HH1", started_on=dt.date(2026, 2, 1), spent=250_000)
    w3 = action(session, "W3")
    edit_action(session, mini_set, w3, changes(target_date=dt.date(2026, 4, 30),
                                               items=tuple(ItemLine(i.cost_item_code, i.quantity) for i in w3.items)),
                session.merge(planned_district["users"]["head"]), w3.version)
    session.commit()
    report = progress_report(session, mini_set, today=TODAY)
    row = report.rows[0]
    assert (row.code, row.counts["done"], row.counts["in_progress"], row.counts["overdue"]) == ("F1", 1, 1, 1)
    assert row.money.spent == report.district.money.spent == 4_750_000
    assert row.money.planned == sum(m.planned for m in row.by_domain.values()) == report.district.money.planned
    fields = {e.field for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "plan_action"))}
    assert {"started_on", "completed_on", "progress_note", "spent"} <= fields


@pytest.mark.parametrize(("fields", "message"), [
    ({"started_on": dt.date(2026, 3, 2), "completed_on": dt.date(2026, 3, 1), "status": "done"}, "before the start"),
    ({"spent": -1}, "between Rp 0"),
    ({"spent": 10**12}, "between Rp 0"),
    ({"started_on": dt.date(2027, 1, 1)}, "in the future"),
    ({"completed_on": dt.date(2026, 3, 1)}, "belongs to a done action"),
    ({"progress_note": "x" * 2001}, "too long"),
])
def test_contradicting_dates_and_absurd_spending_are_refused_and_nothing_is_written(
        session, mini_set, planned_district, fields, message):
    with pytest.raises(InvalidInput, match=message):
        _record(session, planned_district, "W2", **fields)
    session.rollback()
    w2 = action(session, "W2")
    assert (w2.status, w2.started_on, w2.spent) == ("planned", None, None)


def test_a_target_date_before_the_round_is_refused(session, mini_set, planned_district):
    w2 = action(session, "W2")
    with pytest.raises(InvalidInput, match="before the round"):
        edit_action(session, mini_set, w2, changes(target_date=dt.date(2024, 1, 1)),
                    session.merge(planned_district["users"]["head"]), w2.version)


def test_a_photo_is_reencoded_bounded_in_count_and_anything_else_is_refused(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    w2 = action(session, "W2")
    photo = add_photo(session, w2, png((3000, 1500)), head)
    assert (photo.media_type, photo.width, photo.height) == ("image/jpeg", 1600, 800)
    assert Image.open(io.BytesIO(photo.data)).format == "JPEG"
    assert add_photo(session, w2, png(mode="RGBA"), head).media_type == "image/png"
    for bad, message in ((b"%PDF-1.7 not an image", "not a photo"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "not a photo"),
                         (b"\xff" * (5 * 2**20 + 1), "larger than")):
        with pytest.raises(InvalidInput, match=message):
            add_photo(session, w2, bad, head)
    for _ in range(MAX_PHOTOS - 2):
        add_photo(session, w2, png(), head)
    with pytest.raises(InvalidInput, match="at most 5 photos"):
        add_photo(session, w2, png(), head)
    assert session.scalar(select(func.count()).select_from(PlanActionPhoto)) == MAX_PHOTOS
