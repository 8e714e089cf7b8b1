"""The ``washfit`` command: one group, commands grouped by area in the modules beside this one."""

from __future__ import annotations

import click

from washfit.cli.catalog import indicators_command, score_command


@click.group(help="WASH FIT assessments, scores and improvement plans.")
@click.version_option(package_name="washfit")
def main() -> None:
    """Entry point of the console script."""


main.add_command(indicators_command)
main.add_command(score_command)
