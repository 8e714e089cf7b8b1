"""Commands on the indicator sets kept in the database: list them, import one, export one, delete an unused one."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click

from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import XLSFORM
from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_
from assessments.indicator_sets import MAX_SET_BYTES, SetImport, delete_set, export_set, find_set, import_set, list_sets
from assessments.xlsform.set_import import MAX_MAP_BYTES, import_form_set, is_xlsx
from washfit.cli.common import database_session, fail, language_option

REFUSED = 1


@click.group("sets")
def sets_group() -> None:
    """Indicator sets: every version side by side, each round scored with its own."""


@sets_group.command("list")
def list_command() -> None:
    """Every stored set with how many rounds and assessments use it (a set in use never changes)."""
    with database_session() as session:
        usages = list_sets(session)
        for usage in usages:
            stored = usage.stored
            state = "in use, never changes" if usage.in_use else "not used yet"
            click.echo(f"{stored.ref:<28} {usage.rounds:>3} rounds {usage.assessments:>5} assessments  "
                       f"({state})  {stored.title}")
            if stored.source:
                click.echo(f"{'':<28} source: {stored.source}")
    if not usages:
        click.echo("No indicator set is stored yet: run `washfit init-db`.")


@sets_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--map", "map_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="For an XLSForm (.xlsx): the YAML mapping of what the form does not say "
                   "(docs/indicator-set-format.md); washfit's own form needs none.")
@language_option
def import_command(file: Path, map_file: Path | None, lang: str) -> None:
    """Store a set from a washfit YAML file or an XLSForm; the same id and version must mean the same set.

    An XLSForm that cannot be read whole is refused with every problem, row by row, and nothing is
    stored (exit status 1).
    """
    limit = XLSFORM.file_bytes if file.suffix.lower() == ".xlsx" else MAX_SET_BYTES
    if file.stat().st_size > limit:
        fail(f"{file}: larger than {limit} bytes")
    data = file.read_bytes()
    if map_file is not None and not is_xlsx(data):
        fail(f"{file}: --map is for an XLSForm (.xlsx), not a washfit YAML set")
    if is_xlsx(data) or file.suffix.lower() == ".xlsx":
        result = _import_form(file, data, _map_text(map_file, lang), lang)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            fail(f"{file}: cannot read the file as UTF-8 text ({exc.__class__.__name__})")
        with database_session() as session:
            result = import_set(session, text, "cli", file.name)
            session.commit()
    ref = result.stored.ref
    click.echo(f"Imported {ref}." if result.created
               else f"{ref} is stored already with the same content; nothing changed.")


def _map_text(map_file: Path | None, lang: str) -> str | None:
    if map_file is None:
        return None
    if map_file.stat().st_size > MAX_MAP_BYTES:
        _refuse(str(map_file), [problem("mapping", "the mapping is larger than %(limit)d bytes", limit=MAX_MAP_BYTES)],
                lang)
    try:
        return map_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        _refuse(str(map_file), [problem("mapping", "the mapping is not a text file")], lang)


def _import_form(file: Path, data: bytes, map_text: str | None, lang: str) -> SetImport:
    with database_session() as session:
        try:
            result = import_form_set(session, data, map_text, "cli", file.name)
        except WorkbookRejected as refused:
            session.rollback()
            _refuse(str(file), refused.problems, lang)
        session.commit()
    return result


def _refuse(name: str, problems: list[Problem], lang: str) -> NoReturn:
    words = translator(lang)
    click.echo(f"{name}: " + words(N_("refused, nothing was saved")), err=True)
    for item in problems:
        text = words(item.message) % dict(item.params) if item.params else words(item.message)
        click.echo(f"  {item.location}: {text}" if item.location else f"  {text}", err=True)
    raise SystemExit(REFUSED)


@sets_group.command("export")
@click.argument("ref", metavar="ID@VERSION")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The YAML file to write (the set exactly as it was imported).")
def export_command(ref: str, output: Path) -> None:
    """Write a stored set back out, to derive a new version from it."""
    with database_session() as session:
        text = export_set(find_set(session, ref))
    output.write_text(text, encoding="utf-8")
    click.echo(f"{output}  {ref}")


@sets_group.command("delete")
@click.argument("ref", metavar="ID@VERSION")
def delete_command(ref: str) -> None:
    """Delete a set no round or assessment uses (an import made by mistake); a set in use is kept."""
    with database_session() as session:
        deleted = delete_set(session, find_set(session, ref), "cli")
        session.commit()
    click.echo(f"Deleted {deleted}.")
