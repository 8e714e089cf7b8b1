"""Commands for the death audits (AMP-SR): import de-identified case summaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from sqlalchemy.orm import Session

from assessments.accounts.users import active_user
from assessments.death_audits.codes import AuditCodes, AuditCodesError, current_audit_codes
from assessments.excel.death_audit_import import AuditImportResult, import_audits
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.problems import problem
from assessments.models import User
from washfit.cli.common import database_session, fail

REFUSED = 1


@click.command("import-audits")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--user", "username", envvar="WASHFIT_USER", required=True, metavar="NAME",
              help="The account the cases are recorded under (or WASHFIT_USER): an AMP-SR team member or an admin.")
def import_audits_command(path: Path, username: str) -> None:
    """Import de-identified death audit summaries (CSV or XLSX): every row, or none.

    A file with a column or value that looks like it identifies a person is refused whole.
    Exits with status 1 when the file was refused.
    """
    try:
        codes = current_audit_codes()
    except (AuditCodesError, FileNotFoundError) as exc:
        fail(str(exc))
    with database_session() as session:
        actor = active_user(session, username)
        result = _import(session, codes, actor, path)
        if result.accepted:
            session.commit()
        else:
            session.rollback()
    if not result.accepted:
        click.echo(f"{path}: refused, nothing was stored", err=True)
        for item in result.problems:
            click.echo(f"  {item}", err=True)
        raise SystemExit(REFUSED)
    click.echo(f"{path}: imported {result.stored} cases ({', '.join(result.facility_codes)})")


def _import(session: Session, codes: AuditCodes, actor: User, path: Path) -> AuditImportResult:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return AuditImportResult(str(path), (problem(None, "the file is larger than %(limit)s MB",
                                                         limit=MAX_FILE_BYTES // 2**20),))
        data = path.read_bytes()
    except OSError as exc:
        return AuditImportResult(str(path), (problem(None, "cannot read the file (%(reason)s)",
                                                     reason=exc.strerror or exc),))
    return import_audits(session, codes, data, actor, file_name=path.name, today=dt.datetime.now(dt.UTC).date())
