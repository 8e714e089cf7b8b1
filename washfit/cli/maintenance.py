"""Commands that keep the data safe: backup and restore in washfit's portable format."""

from __future__ import annotations

from pathlib import Path

import click

from assessments.backup import restore_backup, table_count, write_backup
from assessments.database import upgrade_to_head
from assessments.models import utc_now
from assessments.rounds import find_round
from assessments.scores.stored_tallies import rescore
from washfit.cli.common import database_session, steps
from washfit.db import engine


@click.command("backup")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="File to write (gzip-compressed JSON Lines, e.g. washfit-2026-11-23.jsonl.gz).")
def backup_command(output: Path) -> None:
    """Write every table, audit log included, to a portable backup file."""
    partial = output.with_name(output.name + ".partial")
    with database_session() as session, partial.open("wb") as out, steps(table_count(), "Cadangan / backup") as step:
        counts = write_backup(session.connection(), out, utc_now(), step)
    partial.replace(output)  # never leave a half-written file under the real name
    click.echo(f"Backup written to {output}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def restore_command(file: Path) -> None:
    """Load a backup into an EMPTY database (migrated to the backup's schema first)."""
    with database_session() as session:
        upgrade_to_head(engine())
        with file.open("rb") as source, steps(table_count(), "Pemulihan / restore") as step:
            counts = restore_backup(session.connection(), source, step)
        rescore(session)  # the stored figures are derived: rebuilt from the restored answers
        session.commit()
    click.echo(f"Restored {sum(counts.values())} rows from {file}.")


@click.command("rescore")
@click.option("--round", "round_name", help="Only this round (default: every round).")
def rescore_command(round_name: str | None) -> None:
    """Rebuild the stored scores from the answers (after an indicator set or scoring rule changed)."""
    with database_session() as session:
        round_id = find_round(session, round_name).id if round_name else None
        scored = rescore(session, round_id)
        session.commit()
    click.echo(f"{scored} assessments rescored.")
