"""What the plan tests share: reading the plan back, building changes, a follow-up assessment."""

import datetime as dt

from sqlalchemy import select

from assessments.models import PlanAction
from assessments.plans.actions import list_plan_actions
from assessments.plans.edits import ActionChanges
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


def follow_up(session, mini_set, district, scores):
    """A second, submitted assessment of F1 in a later round with ``scores``."""
    from assessments.models import AssessmentRound

    first = session.merge(district["round"])
    later = AssessmentRound(name="Follow-up 2026", starts_on=dt.date(2026, 5, 1),
                            indicator_set_id=first.indicator_set_id)
    session.add(later)
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), later, assessor)
    answers = {code: entry.parse_answer(code, value) for code, value in scores.items()}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    return assessment
