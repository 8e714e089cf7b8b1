"""The visit of an assessment: date, assessors, team leader; checked against the round and today."""

import datetime as dt

import pytest

from assessments.errors import InvalidInput, StaleVersion
from assessments.scores.entry import Visit, save_visit

TODAY = dt.date(2025, 6, 1)


def test_the_visit_is_saved_and_audited(session, district):
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    assert save_visit(session, assessment, Visit(dt.date(2025, 5, 12), "Ani, Budi", " Maria Ndun "), assessor,
                      assessment.version, TODAY)
    session.commit()
    assert (assessment.assessed_on, assessment.assessors, assessment.team_leader) == (
        dt.date(2025, 5, 12), "Ani, Budi", "Maria Ndun")
    assert not save_visit(session, assessment, Visit(dt.date(2025, 5, 12), "Ani, Budi", "Maria Ndun"), assessor,
                          assessment.version, TODAY)


@pytest.mark.parametrize(("visit", "message"), [
    (Visit(dt.date(2025, 6, 2), "", ""), "in the future"),
    (Visit(dt.date(2025, 4, 30), "", ""), "before the round starts"),
    (Visit(None, "Ani\x00", ""), "control characters"),
    (Visit(None, "", "x" * 201), "longer than 200"),
])
def test_a_visit_that_contradicts_the_round_or_today_is_refused(session, district, visit, message):
    assessment = session.merge(district["assessment"])
    version = assessment.version
    with pytest.raises(InvalidInput, match=message):
        save_visit(session, assessment, visit, session.merge(district["users"]["assessor"]), version, TODAY)
    session.rollback()
    assert session.merge(district["assessment"]).version == version


def test_a_stale_visit_form_is_refused(session, district):
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    loaded = assessment.version
    save_visit(session, assessment, Visit(None, "Ani", ""), assessor, loaded, TODAY)
    session.commit()
    with pytest.raises(StaleVersion) as refused:
        save_visit(session, assessment, Visit(None, "Budi", ""), assessor, loaded, TODAY,
                   loaded={"assessed_on": None, "assessors": "assessor", "team_leader": None})
    assert [c.field for c in refused.value.changes] == ["assessors"]
