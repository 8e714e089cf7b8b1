"""The ``washfit`` command: one group, commands grouped by area in the modules beside this one."""

from __future__ import annotations

import click

from washfit.cli.database import create_user_command, demo_command, init_db_command, serve_command
from washfit.cli.death_audits import import_audits_command
from washfit.cli.excel import export_summary_command, export_template_command, import_command
from washfit.cli.indicators import indicators_command, score_command
from washfit.cli.maintenance import backup_command, rescore_command, restore_command
from washfit.cli.plans import budget_command, draft_plans_command
from washfit.cli.prices import import_prices_command, map_price_command, set_freight_command
from washfit.cli.sets import sets_group
from washfit.cli.xlsform import export_xlsform_command, import_submissions_command


@click.group(help="WASH FIT assessments, scores and improvement plans.")
@click.version_option(package_name="washfit")
def main() -> None:
    """Entry point of the console script."""


for command in (indicators_command, score_command, init_db_command, create_user_command, demo_command, serve_command,
                backup_command, restore_command, export_template_command, import_command, export_summary_command,
                draft_plans_command, budget_command, map_price_command, import_prices_command,
                set_freight_command, export_xlsform_command, import_submissions_command, sets_group,
                import_audits_command, rescore_command):
    main.add_command(command)
