"""One word per thing: the web and the workbooks render every label from the same catalog."""

import dataclasses

import pytest
from flask_babel import force_locale, gettext

from assessments.excel.district_workbook import FacilitySummaryRow, write_district_summary
from assessments.i18n.catalog import translator
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATUS, PRIORITY_REASON, ROLE, SCORE, SERVICE_LEVEL, STATUS
from scoring import score_assessment
from tests.assessments.excel.summaries import Action, summary, written

LABELS = {"status": STATUS, "service level": SERVICE_LEVEL, "plan status": PLAN_STATUS, "score": SCORE,
          "funding source": FUNDING_SOURCE, "role": ROLE, "priority reason": PRIORITY_REASON}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_label_reads_the_same_on_the_web_and_elsewhere(app, lang):
    with app.test_request_context(), force_locale(lang):
        web = {(kind, code): gettext(message) for kind, labels in LABELS.items() for code, message in labels.items()}
    other = {(kind, code): translator(lang)(message) for kind, labels in LABELS.items()
             for code, message in labels.items()}
    assert web == other
    assert all(web.values())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_summary_workbook_writes_statuses_and_levels_as_the_web_shows_them(app, mini_set, lang):
    score = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 0})
    rows = [FacilitySummaryRow(f"F{n}", f"Puskesmas {n}", "", status, score if status else None, None)
            for n, status in enumerate((None, "draft", "submitted", "validated"))]
    actions = [Action(status=status) for status in PLAN_STATUS]
    book = written(write_district_summary, dataclasses.replace(summary(mini_set), rows=rows, actions=actions), lang)
    _ = translator(lang)
    scores, jmp, action_sheet = (book[_(title)] for title in ("Scores", "JMP services", "Actions"))
    with app.test_request_context(), force_locale(lang):
        assert [scores.cell(r, 4).value for r in range(2, 6)] == \
            [gettext(STATUS[s or "none"]) for s in (None, "draft", "submitted", "validated")]
        assert jmp.cell(3, 3).value == gettext(SERVICE_LEVEL[score.jmp["water"]])
        assert [action_sheet.cell(r, 10).value for r in range(2, 2 + len(PLAN_STATUS))] == \
            [gettext(label) for label in PLAN_STATUS.values()]
