"""The round's XLSForm for phones, and the upload of the submissions KoboToolbox or ODK Central export.

Both are for whoever enters scores (admins, assessors); each submission in an upload is still
checked against the facility it names, so an assessor imports only their own facilities.
Uploads larger than ``MAX_CONTENT_LENGTH`` get the 413 page before any of this code runs.
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, render_template, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.excel.cells import XLSX_MIMETYPE
from assessments.excel.problems import Problem
from assessments.indicator_sets import round_set
from assessments.permissions import can_enter_any_scores
from assessments.rounds import round_by_id
from assessments.xlsform.exports import export_round_form
from assessments.xlsform.form import file_name
from assessments.xlsform.submissions_import import SubmissionsResult, import_submissions
from assessments.xlsform.upload_tables import MAX_FILE_BYTES
from washfit.db import get_session
from washfit.forms import SubmissionsUploadForm
from washfit.security import current_user, login_required, require

bp = Blueprint("xlsform", __name__)


@bp.route("/rounds/<int:round_id>/xlsform.xlsx")
@login_required
def form(round_id: int) -> ResponseReturnValue:
    """The round's assessment as an XLSForm, for KoboToolbox or ODK Central."""
    require(can_enter_any_scores(current_user()))
    db = get_session()
    round_ = round_by_id(db, round_id)
    data = export_round_form(db, round_set(round_), round_)
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=file_name(round_.name),
                     max_age=0)


@bp.route("/rounds/<int:round_id>/submissions", methods=["GET", "POST"])
@login_required
def upload(round_id: int) -> ResponseReturnValue:
    """Upload an export of submissions: checked whole, then stored in one go, or refused with every problem listed."""
    user = current_user()
    require(can_enter_any_scores(user))
    db = get_session()
    round_ = round_by_id(db, round_id)
    form_ = SubmissionsUploadForm()
    result: SubmissionsResult | None = None
    if form_.validate_on_submit():
        upload_file = form_.export.data
        data = upload_file.read(MAX_FILE_BYTES + 1)
        result = import_submissions(db, round_set(round_), round_, data, user,
                                    file_name=upload_file.filename or "")
        if result.accepted:
            db.commit()
            flash(_("%(count)d submissions imported, %(changed)d answers changed", count=len(result.imported),
                    changed=result.changed), "success")
        else:
            db.rollback()
            flash(_("The file was refused and nothing was saved. Fix the problems listed below and upload it again."),
                  "error")
    return render_template("xlsform/upload.html", round=round_, form=form_, result=result, describe=_describe,
                           max_mb=MAX_FILE_BYTES // 2**20)


def _describe(problem: Problem) -> str:
    """A problem or a note in the reader's language."""
    return str(_(problem.message, **problem.params))
