"""A derived set end to end: import it, open a round on it, enter, score, compare, plan, summarise.

The derived mini set (tests/data/mini_indicators_v2.yaml) drops W3, adds W4, renames HH2 to HH3
(``replaces``), takes the essential flag off W2 and makes the water JMP rule read W1 only. The
baseline round stays on the first version and every one of its figures stays what it was. The
derived set arrives as its YAML file or as an XLSForm (``sets import FORM.xlsx``).
"""

import datetime as dt
import io
import re

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from assessments.excel.exports import district_summary
from assessments.indicator_sets import parse_set_text, round_set
from assessments.models import Assessment, AssessmentRound, PlanAction
from assessments.plans.drafting import draft_from
from assessments.plans.edits import edit_action
from assessments.scores import entry
from assessments.scores.facility_scores import facility_rounds
from assessments.scores.round_scores import round_overview
from assessments.xlsform.form import FormData, write_form
from scoring import score_assessment
from tests.assessments.plans.helpers import changes
from tests.conftest import DATA
from washfit.cli import main


def _baseline_submitted_with_an_edited_plan(session, mini_set, district):
    """F1's baseline: W1 2, W2 1, W3 0, HH1 0, HH2 0, submitted; its HH2 action given a person in charge."""
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    answers = {"W3": entry.parse_answer("W3", "0"), "HH2": entry.parse_answer("HH2", "0")}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    draft_from(session, assessment, "admin")
    hh2 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "HH2"))
    edit_action(session, mini_set, hh2, changes(responsible="Bidan Ani"), session.merge(district["users"]["head"]),
                hh2.version)
    session.commit()


def _page(client, url: str) -> bytes:
    """The page's bytes, but for its CSRF tokens, which are new with every login."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token"', client.get(url).get_data())


def _old_round_figures(client, session, district):
    round_ = session.merge(district["round"])
    session.expire_all()
    rows = district_summary(session, round_).rows
    return {
        "summary": [(r.code, r.status, r.score, r.change) for r in rows],
        "overview": _page(client, f"/facilities/F1/rounds/{round_.id}/"),
        "water page": _page(client, f"/facilities/F1/rounds/{round_.id}/domains/W"),
        "heat map": client.get(f"/dashboard/heat-map.png?round={round_.id}").get_data(),
        "ladder": client.get(f"/dashboard/service-ladder.png?round={round_.id}").get_data(),
        "first in history": facility_rounds(session, session.merge(district["f1"]))[0].score,
    }


def _derived_set_file(how: str, tmp_path) -> str:
    """The derived set as a district brings it: its YAML file, or an XLSForm of it (as washfit writes one)."""
    if how == "yaml":
        return str(DATA / "mini_indicators_v2.yaml")
    text = (DATA / "mini_indicators_v2.yaml").read_text(encoding="utf-8")
    form = tmp_path / "mini-v2.xlsx"
    form.write_bytes(write_form(FormData(parse_set_text(text), "Follow-up 2026", False, [],
                                         dt.datetime(2026, 5, 1, tzinfo=dt.UTC), set_data=yaml.safe_load(text))))
    return str(form)


@pytest.mark.parametrize("how", ["yaml", "xlsform"])
def test_a_derived_set_runs_end_to_end_while_the_older_round_keeps_every_figure(
        client, login, district, session, mini_set, database_url, monkeypatch, how, tmp_path):
    _baseline_submitted_with_an_edited_plan(session, mini_set, district)
    login("admin")
    before = _old_round_figures(client, session, district)

    monkeypatch.setenv("DATABASE_URL", database_url)
    imported = CliRunner().invoke(main, ["sets", "import", _derived_set_file(how, tmp_path)])
    assert imported.exit_code == 0, imported.output
    listed = CliRunner().invoke(main, ["sets", "list"]).output
    assert "mini-test@0.1" in listed and "mini-test@0.2" in listed and "source: mini-test@0.1" in listed

    # A new round takes the latest set by default.
    created = client.post("/admin/rounds", data={"name": "Follow-up 2026", "starts_on": "2026-05-01"})
    assert created.status_code == 302
    follow_up = session.scalar(select(AssessmentRound).where(AssessmentRound.name == "Follow-up 2026"))
    assert round_set(follow_up).version == "0.2"

    # Entry: the form is the new set's.
    login("assessor")
    water = f"/facilities/F1/rounds/{follow_up.id}/domains/W"
    page = client.get(water).get_data(as_text=True)
    assert 'name="score_W4"' in page and 'name="score_W3"' not in page and "Lanjutan" in page
    client.post(water, data={"version": "0", "score_W1": "2", "score_W2": "1", "score_W4": "1"})
    hygiene = f"/facilities/F1/rounds/{follow_up.id}/domains/HH"
    assert "menggantikan HH2" in client.get(hygiene).get_data(as_text=True)
    session.expire_all()
    stored = session.scalar(select(Assessment).where(Assessment.round_id == follow_up.id))
    assert stored.set_version == "0.2"
    client.post(hygiene, data={"version": str(stored.version), "score_HH1": "2", "score_HH3": "1"})
    client.post(f"/facilities/F1/rounds/{follow_up.id}/submit")

    # Scores: the new set's flags and JMP rule count for the new round only.
    session.expire_all()
    follow_up = session.merge(follow_up)
    new_score = {r.facility.code: r.score for r in round_overview(session, round_set(follow_up), follow_up)}["F1"]
    assert new_score.set_version == "0.2"
    assert new_score.jmp["water"] == "basic"  # v0.2: W1 alone; v0.1 would need W2 too
    assert score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 2}).jmp["water"] == "limited"
    assert (new_score.essential.met, new_score.essential.assessed) == (2, 2)  # W1, HH1: W2 is no longer essential

    # Comparison with the baseline: per domain always, per indicator through the mapping.
    latest = facility_rounds(session, session.merge(district["f1"]))[-1]
    assert latest.change.new == ("W4",) and latest.change.dropped == ("W3",)
    by_code = {c.code: c for c in latest.change.indicators}
    assert set(by_code) == {"HH1", "HH3"} and by_code["HH3"].before_codes == ("HH2",)
    assert by_code["HH3"].direction == "better"
    assert [d.domain for d in latest.change.domains] == ["W", "HH"]
    detail = client.get("/facilities/F1").get_data(as_text=True)
    assert "baru di versi set ini" in detail and "tidak ada di versi set ini" in detail
    assert "mini-test 0.1" in detail and "mini-test 0.2" in detail

    # Plan: re-drafted under the new set, the HH2 action follows HH3 with its person in charge.
    login("head")
    assert client.post("/plans/F1/draft").status_code == 302
    session.expire_all()
    actions = {a.indicator_code: a for a in session.scalars(select(PlanAction))}
    assert actions["HH3"].responsible == "Bidan Ani" and "HH2" not in actions
    assert actions["W4"].assessment_id == latest.assessment.id
    assert actions["HH1"].indicator_met and not actions["W3"].indicator_met  # W3: dropped, left to people
    assert "Bidan Ani" in client.get("/plans/F1").get_data(as_text=True)

    # Summary of the new round names its set.
    login("admin")
    book = load_workbook(io.BytesIO(client.get(f"/exports/summary.xlsx?round={follow_up.id}").get_data()))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("mini-test 0.2" in c for c in cells)

    # Every figure of the older round is byte for byte what it was.
    after = _old_round_figures(client, session, district)
    assert after == before
