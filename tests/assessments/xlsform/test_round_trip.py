"""Round trip: the exported XLSForm, filled as phones would, exported by Central and Kobo, imported.

For several demo puskesmas (synthetic data), the same answers go once through the web entry
pages into one round and once through a submissions export into another; the stored answers
and every score must be the same, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from assessments.demo import load_demo
from assessments.facilities import find_facility, profile_of
from assessments.models import Facility
from assessments.rounds import create_round
from assessments.scores.stored import find_assessment, score_of, stored_answers
from assessments.xlsform.exports import export_round_form
from assessments.xlsform.fields import comment_name, name_of
from assessments.xlsform.submissions_import import import_submissions
from tests.assessments.xlsform.submission_files import ID_LANG, central_csv, kobo_csv, kobo_json, read_form, submission

CHOICE = {"2": "met", "1": "partial", "0": "not_met", "na": "na"}


def drawn_answers(seed_set, facility, rng):
    """Scores (as the web form's values) and comments for the indicators that apply, some left unanswered."""
    answers = {}
    for indicator in seed_set.indicators:
        if indicator.applies(profile_of(facility)) and rng.random() > 0.1:
            comment = rng.choice(["", "", "tangki bocor", "sabun habis; =perlu dibeli", "Air \"keruh\" <musim hujan>"])
            answers[indicator.code] = (rng.choice(list(CHOICE)), comment)
    return answers


def enter_on_the_web(client, session, seed_set, facility, round_, answers):
    for domain in seed_set.domains:
        session.expire_all()
        assessment = find_assessment(session, session.merge(facility), round_)
        data = {"version": assessment.version if assessment else 0}
        for indicator in domain.indicators:
            if indicator.code in answers:
                score, comment = answers[indicator.code]
                data[f"score_{indicator.code}"] = score
                data[f"comment_{indicator.code}"] = comment
        response = client.post(f"/facilities/{facility.code}/rounds/{round_.id}/domains/{domain.code}", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]


def phone_values(answers):
    values = {}
    for code, (score, comment) in answers.items():
        values[name_of(code)] = CHOICE[score]
        if comment:
            values[comment_name(code)] = comment
    return values


def test_submissions_from_each_layout_score_the_same_as_web_entry(client, login, session, seed_set, make_user):
    load_demo(session, password="demo-password-1")
    phones = create_round(session, "Ponsel 2026 (demo)", dt.date(2026, 5, 1), "uji", synthetic=True)
    web = create_round(session, "Web 2026 (demo)", dt.date(2026, 5, 1), "uji", synthetic=True)
    session.commit()
    admin = make_user("admin-uji", "admin")
    login("admin-uji")
    form = read_form(export_round_form(session, seed_set, phones))
    facilities = list(session.scalars(select(Facility).order_by(Facility.code)))
    chosen = [f for f in facilities if f.inpatient][:3] + [f for f in facilities if not f.inpatient][:3]
    rng = random.Random(14)
    drawn = {f.code: drawn_answers(seed_set, f, rng) for f in chosen}
    for facility in chosen:
        enter_on_the_web(client, session, seed_set, facility, web, drawn[facility.code])

    def subs(codes):
        return [submission(form, code, phone_values(drawn[code]), instance=f"uuid:{code}-{n}",
                           submitted=f"2026-05-0{n + 1}T02:00:00Z", round_name=phones.name,
                           indicator_set=f"{seed_set.id} {seed_set.version}") for n, code in enumerate(codes)]

    codes = [f.code for f in chosen]
    files = [central_csv(form, subs(codes[0:2])), kobo_csv(form, subs(codes[2:4]), labels=ID_LANG),
             kobo_json(form, subs(codes[4:6]))]
    for data in files:
        result = import_submissions(session, seed_set, phones, data, session.merge(admin), file_name="export")
        assert result.accepted, result.problems
        assert len(result.imported) == 2
        session.commit()
    session.expire_all()
    for code in codes:
        facility = find_facility(session, code)
        by_phone, by_web = find_assessment(session, facility, phones), find_assessment(session, facility, web)
        assert dict(stored_answers(by_phone)) == dict(stored_answers(by_web)) != {}
        assert score_of(seed_set, by_phone) == score_of(seed_set, by_web)
