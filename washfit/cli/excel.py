"""Commands for the workbooks: offline assessment forms out, filled forms in, the district summary out."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from assessments.accounts.users import active_user
from assessments.excel.exports import export_district_summary
from assessments.excel.offline_form import template_file_name, write_template
from assessments.excel.offline_form_import import (
    ChangedAnswers,
    ImportResult,
    import_workbook,
    template_data,
    workbook_set,
)
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.problems import problem
from assessments.facilities import find_facility, list_facilities
from assessments.indicator_sets import round_set
from assessments.models import User
from assessments.rounds import find_round
from washfit.cli.common import database_session, fail, language_option, progress

REFUSED = 1

round_option = click.option("--round", "round_name", metavar="ROUND",
                            help="The round's name (default: the latest round with submitted or validated "
                                 "assessments).")


@click.command("export-template")
@round_option
@click.option("--facility", "codes", multiple=True, metavar="CODE",
              help="Only this facility (repeatable; default: all).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="A .xlsx file for one facility, or a folder (created when missing) for several.")
def export_template_command(round_name: str | None, codes: tuple[str, ...], output: Path) -> None:
    """Write offline assessment workbooks, pre-filled with the answers stored so far."""
    with database_session() as session:
        round_ = find_round(session, round_name)
        indicator_set = round_set(round_)
        facilities = [find_facility(session, code) for code in codes] if codes else list(list_facilities(session))
        if not facilities:
            fail("there are no facilities yet")
        single_file = len(facilities) == 1 and not output.is_dir()
        if not single_file and output.suffix.lower() == ".xlsx":
            fail(f"{output}: several facilities need a folder, not a file name")
        if single_file and output.suffix.lower() != ".xlsx":
            fail(f"{output}: give a file name ending in .xlsx, or an existing folder")
        if not single_file:
            output.mkdir(parents=True, exist_ok=True)
        with progress(facilities, "Ekspor / export") as shown:
            for facility in shown:
                target = output if single_file else output / template_file_name(facility.code, round_.name)
                with target.open("wb") as out:
                    write_template(template_data(session, indicator_set, facility, round_), out)
                click.echo(f"{target}  {facility.code} {facility.name} · {round_.name}")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--user", "username", envvar="WASHFIT_USER", required=True, metavar="NAME",
              help="The account the changes are recorded under (or WASHFIT_USER); it must be allowed to enter "
                   "scores for the facility.")
@click.option("--keep-changed", "changed_answers", flag_value="keep",
              help="An answer changed in washfit after the workbook's download keeps washfit's value; the rest "
                   "is imported.")
@click.option("--overwrite-changed", "changed_answers", flag_value="overwrite",
              help="An answer changed in washfit after the workbook's download takes the workbook's value.")
def import_command(files: tuple[Path, ...], username: str, changed_answers: ChangedAnswers | None) -> None:
    """Import filled-in assessment workbooks; each is checked completely and stored whole or not at all.

    A workbook with answers that were changed in washfit too after it was downloaded is
    refused, naming each such cell with both values, unless --keep-changed or
    --overwrite-changed says what to do with them. Exits with status 1 when any file was
    refused; the others are still imported.
    """
    refused = 0
    with database_session() as session:
        actor = active_user(session, username)
        with progress(files, "Impor / import") as shown:
            for path in shown:
                result = _import_file(session, actor, path, changed_answers or "ask")
                if result.accepted:
                    session.commit()
                else:
                    session.rollback()
                    refused += 1
                _echo(path, result)
    if refused:
        raise SystemExit(REFUSED)


def _import_file(session: Session, actor: User, path: Path, changed_answers: ChangedAnswers) -> ImportResult:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            too_large = problem(None, "the file is larger than %(limit)s MB", limit=MAX_FILE_BYTES // 2**20)
            return ImportResult(str(path), (too_large,))
        data = path.read_bytes()
    except OSError as exc:
        unreadable = problem(None, "cannot read the file (%(reason)s)", reason=exc.strerror or exc)
        return ImportResult(str(path), (unreadable,))
    return import_workbook(session, workbook_set(session, data), data, actor, file_name=str(path),
                           changed_answers=changed_answers)


def _echo(path: Path, result: ImportResult) -> None:
    if result.accepted:
        where = f" ({result.facility_code}, {result.round_name})"
        click.echo(f"{path}: imported{where}, {result.changed} answers changed")
        return
    click.echo(f"{path}: refused, nothing was saved", err=True)
    if result.conflicts:
        click.echo(f"  {result.conflicts} answers were changed in washfit after the download; check them and run "
                   "again with --keep-changed or --overwrite-changed", err=True)
    for item in result.problems:
        click.echo(f"  {item}", err=True)


@click.command("export-summary")
@round_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The .xlsx file to write.")
@language_option
def export_summary_command(round_name: str | None, output: Path, lang: str) -> None:
    """Write the district summary workbook: scores, JMP levels, indicators, costed actions."""
    with database_session() as session:
        round_ = find_round(session, round_name)
        with output.open("wb") as out:  # the answers stream from the session while the file is written
            summary = export_district_summary(session, round_, out, lang)
    click.echo(f"{output}  {round_.name} · {len(summary.rows)} facilities · {len(summary.actions)} actions")
