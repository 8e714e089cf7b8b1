"""Commands for phones: the round's XLSForm out, KoboToolbox and ODK Central submissions in."""

from __future__ import annotations

from pathlib import Path

import click

from assessments.accounts.users import active_user
from assessments.excel.problems import Problem, problem
from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_
from assessments.indicator_sets import round_set
from assessments.rounds import find_round
from assessments.xlsform.exports import export_round_form
from assessments.xlsform.form import file_name
from assessments.xlsform.submissions_import import SubmissionsResult, import_submissions
from assessments.xlsform.upload_tables import MAX_FILE_BYTES
from washfit.cli.common import database_session, language_option

REFUSED = 1


@click.command("export-xlsform")
@click.option("--round", "round_name", metavar="ROUND",
              help="The round's name (default: the latest round with submitted or validated assessments).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="The .xlsx file to write (default: washfit-xlsform-ROUND.xlsx here).")
def export_xlsform_command(round_name: str | None, output: Path | None) -> None:
    """Write the round's assessment as an XLSForm, to upload to KoboToolbox or ODK Central."""
    with database_session() as session:
        round_ = find_round(session, round_name)
        indicator_set = round_set(round_)
        data = export_round_form(session, indicator_set, round_)
    target = output or Path(file_name(round_.name))
    target.write_bytes(data)
    click.echo(f"{target}  {round_.name} · {indicator_set.id} {indicator_set.version}")


@click.command("import-submissions")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--round", "round_name", required=True, metavar="ROUND", help="The round the submissions belong to.")
@click.option("--user", "username", envvar="WASHFIT_USER", required=True, metavar="NAME",
              help="The account the changes are recorded under (or WASHFIT_USER); it must be allowed to enter "
                   "scores for every facility in the file.")
@language_option
def import_submissions_command(file: Path, round_name: str, username: str, lang: str) -> None:
    """Import a KoboToolbox or ODK Central export (CSV, zip, XLSX or JSON) of washfit's XLSForm.

    The whole file is checked first and stored in one transaction, or not at all; exits with
    status 1 when it was refused.
    """
    with database_session() as session:
        actor = active_user(session, username)
        round_ = find_round(session, round_name)
        indicator_set = round_set(round_)
        if file.stat().st_size > MAX_FILE_BYTES:
            result = SubmissionsResult(str(file), "", (problem(
                None, "the file is larger than %(limit)s MB", limit=MAX_FILE_BYTES // 2**20),))
        else:
            result = import_submissions(session, indicator_set, round_, file.read_bytes(), actor, file_name=str(file))
        if result.accepted:
            session.commit()
        else:
            session.rollback()
    _echo(result, lang)
    if not result.accepted:
        raise SystemExit(REFUSED)


def _echo(result: SubmissionsResult, lang: str) -> None:
    words = translator(lang)

    def say(item: Problem) -> str:
        return words(item.message) % dict(item.params) if item.params else words(item.message)

    if not result.accepted:
        click.echo(f"{result.file_name}: " + words(N_("refused, nothing was saved")), err=True)
        for item in result.problems:
            click.echo(f"  {say(item)}", err=True)
        return
    click.echo(f"{result.file_name}: " + say(problem(
        None, "%(count)d submissions imported, %(changed)d answers changed",
        count=len(result.imported), changed=result.changed)))
    for imported in result.imported:
        click.echo("  " + say(problem(None, "row %(row)d: %(id)s into %(code)s, %(changed)d answers changed",
                                      row=imported.row, id=imported.instance_id, code=imported.facility_code,
                                      changed=imported.changed)))
    for item in result.set_aside:
        click.echo(f"  {say(item)}")
