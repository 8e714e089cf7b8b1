"""Commands on the indicator sets kept in the database: list them, import one, export one."""

from __future__ import annotations

from pathlib import Path

import click

from assessments.indicator_sets import MAX_SET_BYTES, export_set, find_set, import_set, list_sets
from washfit.cli.common import database_session, fail


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
def import_command(file: Path) -> None:
    """Store a set from a washfit YAML file; the same id and version must mean the same set."""
    if file.stat().st_size > MAX_SET_BYTES:
        fail(f"{file}: larger than {MAX_SET_BYTES} bytes")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: cannot read the file as UTF-8 text ({exc.__class__.__name__})")
    with database_session() as session:
        result = import_set(session, text, "cli", file.name)
        session.commit()
        ref = result.stored.ref
    click.echo(f"Imported {ref}." if result.created
               else f"{ref} is stored already with the same content; nothing changed.")


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
