"""The DHIS2 export: a round's figures as a ``dataValueSets`` file, or the metadata it needs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from assessments.dhis2.files import dhis2_file
from assessments.dhis2.values import Dhis2Export
from assessments.errors import WashfitError
from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_
from assessments.rounds import find_round
from washfit.cli.common import database_session, fail, language_option


@click.command("export-dhis2")
@click.option("--round", "round_name", required=True, metavar="ROUND", help="The round's name.")
@click.option("--format", "file_format", type=click.Choice(("json", "csv")), default="json", show_default=True,
              help="DHIS2's JSON or CSV data value import.")
@click.option("--indicators", is_flag=True, help="Also one value per indicator answer (WASHFIT_IND_<code>).")
@click.option("--metadata", is_flag=True,
              help="Write the metadata instead (data elements, the JMP option set, the data set): import it first.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The file to write (replaced whole, or left as it was when the export is refused).")
@language_option
def export_dhis2_command(round_name: str, file_format: str, indicators: bool, metadata: bool, output: Path,
                         lang: str) -> None:
    """Write a round's figures for DHIS2 (dataValueSets, codes for idScheme=CODE), or with --metadata their
    definitions. Only submitted and validated assessments of facilities with a DHIS2 org unit are sent."""
    words = translator(lang)
    if metadata and file_format != "json":
        fail(words(N_("the metadata is JSON only: leave out --format csv")))
    with database_session() as session:
        try:
            round_ = find_round(session, round_name)
            written = dhis2_file(session, round_, "metadata.json" if metadata else f"values.{file_format}", indicators)
        except WashfitError as refused:
            fail(words(refused.message) % refused.params if refused.params else words(refused.message))
        _write(output, written.data, words)
    if written.export is None:
        click.echo(f"{output}  " + words(N_("DHIS2 metadata of round %(name)s")) % {"name": round_.name})
    else:
        _report(output, written.export, words)


def _write(output: Path, data: bytes, words: Callable[[str], str]) -> None:
    """Write ``data`` to a file beside ``output`` and rename it over ``output``: never a partial file."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".part")
    except OSError as exc:
        fail(words(N_("cannot write %(path)s (%(reason)s)")) % {"path": output, "reason": exc.strerror or exc})
    umask = os.umask(0)  # mkstemp makes the file private; the export gets the mode any new file would
    os.umask(umask)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        fail(words(N_("cannot write %(path)s (%(reason)s)")) % {"path": output, "reason": exc.strerror or exc})


def _report(output: Path, export: Dhis2Export, words: Callable[[str], str]) -> None:
    """What was written on stdout; what was left out, and a synthetic round, on stderr."""
    click.echo(f"{output}  " + words(N_("%(values)d data values of %(facilities)d facilities, round %(name)s, "
                                        "period %(period)s, data set %(data_set)s")) % {
        "values": len(export.values), "facilities": len(export.facilities), "name": export.round_name,
        "period": export.period, "data_set": export.data_set})
    if export.left_out:
        click.echo(words(N_("Left out, without a DHIS2 org unit (set it on the facility form):")), err=True)
        for facility in export.left_out:
            click.echo(f"  {facility.code}  {facility.name}", err=True)
    if export.drafts:
        click.echo(words(N_("%(count)d draft assessments not sent: only submitted and validated ones are."))
                   % {"count": export.drafts}, err=True)
    if export.synthetic:
        click.echo(words(N_("This round holds SYNTHETIC demo scores: every value says so in its comment.")), err=True)
