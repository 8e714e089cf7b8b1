"""Workbook downloads and the upload of filled-in assessment workbooks.

- the offline form of a facility's assessment: whoever may enter its scores (assessors of the
  facility, admins), who may also upload it back;
- the district summary: everyone who may see the whole district (admin, assessor, viewer);
- a facility's plan workbook: anyone who may open the facility (so a puskesmas head, their own);
- a round's DHIS2 files (data values as JSON or CSV, their metadata): like the district summary.

Workbooks are sent as attachments (the compressed file is small: the district summary of 26
puskesmas is about 100 kB; the cells themselves are streamed by openpyxl's write-only mode).
Uploads larger than ``MAX_CONTENT_LENGTH`` get the 413 page before any of this code runs.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.dhis2.files import KINDS, dhis2_file
from assessments.errors import InvalidInput
from assessments.excel.cells import XLSX_MIMETYPE
from assessments.excel.district_workbook import summary_file_name
from assessments.excel.exports import export_district_summary, export_facility_plan
from assessments.excel.offline_form import template_file_name, write_template
from assessments.excel.offline_form_import import import_workbook, template_data
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.plan_workbook import plan_file_name
from assessments.excel.problems import Problem
from assessments.facilities import find_facility
from assessments.indicator_sets import round_set
from assessments.permissions import can_enter_scores, can_handle_audit_cases, can_view_all, can_view_facility
from assessments.rounds import find_round, round_by_id
from washfit.boundary import query_id
from washfit.db import get_session
from washfit.errors import describe, describe_problem
from washfit.forms import WorkbookUploadForm
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require
from washfit.views.entry import load_assessment

bp = Blueprint("exports", __name__)


def workbook_response(write: Callable[[BinaryIO], object], file_name: str) -> ResponseReturnValue:
    """Send what ``write`` produces as an .xlsx attachment named ``file_name``.

    Written to a temporary file, not memory: a national summary is tens of MB, and the file is
    streamed from disk and deleted when the response closes it.
    """
    out = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes (hence deletes) it after the response
    write(out)
    out.seek(0)
    return send_file(out, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=file_name, max_age=0)


@bp.route("/facilities/<code>/rounds/<int:round_id>/workbook.xlsx")
@login_required
def assessment_template(code: str, round_id: int) -> ResponseReturnValue:
    """The facility's offline assessment form, pre-filled with what is stored."""
    facility, round_, _assessment = load_assessment(code, round_id)
    require(can_enter_scores(current_user(), facility))
    data = template_data(get_session(), round_set(round_), facility, round_)
    return workbook_response(lambda out: write_template(data, out), template_file_name(facility.code, round_.name))


@bp.route("/facilities/<code>/rounds/<int:round_id>/import", methods=["GET", "POST"])
@login_required
def upload(code: str, round_id: int) -> ResponseReturnValue:
    """Upload a filled-in form: checked completely, then stored whole, or refused with every problem listed."""
    facility, round_, _assessment = load_assessment(code, round_id)
    user = current_user()
    require(can_enter_scores(user, facility))
    form = WorkbookUploadForm()
    problems: tuple[Problem, ...] = ()
    conflicts = 0
    if form.validate_on_submit():
        upload_file = form.workbook.data
        data = upload_file.read(MAX_FILE_BYTES + 1)
        db = get_session()
        result = import_workbook(db, round_set(round_), data, user, file_name=upload_file.filename or "",
                                 facility_code=facility.code, round_name=round_.name,
                                 changed_answers=form.changed_answers.data or "ask")
        if result.accepted:
            db.commit()
            flash(_("Workbook imported: %(count)d answers changed.", count=result.changed) if result.changed
                  else _("Workbook imported: it holds no change."), "success")
            if result.conflicts and form.changed_answers.data == "keep":
                flash(_("%(count)d answers changed in washfit after the download were kept as washfit has them.",
                        count=result.conflicts), "info")
            return redirect(url_for("entry.overview", code=facility.code, round_id=round_.id))
        db.rollback()
        problems, conflicts = result.problems, result.conflicts
        if conflicts:
            flash(_("Nothing was saved: %(count)d answers of this workbook were also changed in washfit after it was "
                    "downloaded. Check them below, choose what to do with them and upload the file again.",
                    count=conflicts), "error")
        else:
            flash(_("The workbook was refused and nothing was saved. Fix the problems listed below and upload it "
                    "again."), "error")
    return render_template("exports/upload.html", facility=facility, round=round_, form=form, conflicts=conflicts,
                           problems=[describe_problem(p) for p in problems], max_mb=MAX_FILE_BYTES // 2**20)


@bp.route("/exports/summary.xlsx")
@login_required
def summary() -> ResponseReturnValue:
    """The district summary of a round (``?round=ID``, the default round without it)."""
    require(can_view_all(current_user()))
    db = get_session()
    round_id = query_id("round")
    round_ = find_round(db, None) if round_id is None else round_by_id(db, round_id)
    lang = select_locale()
    audits = can_handle_audit_cases(current_user())  # the AMP-SR sheet for the audit team and admins only
    return workbook_response(
        lambda out: export_district_summary(db, round_, out, lang, with_death_audits=audits),
        summary_file_name(round_.name))


@bp.route("/facilities/<code>/plan.xlsx")
@login_required
def plan(code: str) -> ResponseReturnValue:
    """A puskesmas's scores and costed actions, for its head and the district."""
    db = get_session()
    facility = find_facility(db, code)
    require(can_view_facility(current_user(), facility))
    lang = select_locale()
    return workbook_response(lambda out: export_facility_plan(db, facility, out, lang),
                              plan_file_name(facility.code))


@bp.route("/exports/dhis2/<kind>")
@login_required
def dhis2(kind: str) -> ResponseReturnValue:
    """A round's DHIS2 file (``?round=ID``, the latest by default; ``&indicators=1`` adds the answers):
    ``values.json``, ``values.csv`` or ``metadata.json``. Nothing to send goes back to the list, saying why."""
    require(can_view_all(current_user()))
    if kind not in KINDS:
        abort(404)
    db = get_session()
    round_id = query_id("round")
    round_ = find_round(db, None) if round_id is None else round_by_id(db, round_id)
    try:
        found = dhis2_file(db, round_, kind, indicators=request.args.get("indicators") == "1")
    except InvalidInput as refused:
        flash(describe(refused), "error")
        return redirect(url_for("facilities.facility_list", round=round_.id))
    return send_file(io.BytesIO(found.data), mimetype=found.mimetype, as_attachment=True, download_name=found.name,
                     max_age=0)
