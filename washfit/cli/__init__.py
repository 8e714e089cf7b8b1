"""The ``washfit`` command: one group, commands grouped by area in the modules beside this one.

The group imports a command's module only when that command runs, so ``washfit --help`` and a
light command such as ``washfit indicators`` never load Flask, SQLAlchemy, openpyxl or
matplotlib. ``--help`` lists each command's first docstring line read from its module's source
(as click would from the loaded command; a test compares the two).
"""

from __future__ import annotations

import ast
import importlib
from functools import cache
from pathlib import Path

import click

# Each command's name, module (beside this one) and function; add a command here.
COMMANDS = {
    "indicators": ("indicators", "indicators_command"),
    "score": ("indicators", "score_command"),
    "init-db": ("database", "init_db_command"),
    "create-user": ("database", "create_user_command"),
    "set-password": ("database", "set_password_command"),
    "demo": ("database", "demo_command"),
    "serve": ("database", "serve_command"),
    "backup": ("maintenance", "backup_command"),
    "restore": ("maintenance", "restore_command"),
    "rescore": ("maintenance", "rescore_command"),
    "export-template": ("excel", "export_template_command"),
    "import": ("excel", "import_command"),
    "export-summary": ("excel", "export_summary_command"),
    "draft-plans": ("plans", "draft_plans_command"),
    "budget": ("plans", "budget_command"),
    "progress": ("plans", "progress_command"),
    "map-price": ("prices", "map_price_command"),
    "import-prices": ("prices", "import_prices_command"),
    "set-freight": ("prices", "set_freight_command"),
    "export-xlsform": ("xlsform", "export_xlsform_command"),
    "import-submissions": ("xlsform", "import_submissions_command"),
    "sets": ("sets", "sets_group"),
    "import-audits": ("death_audits", "import_audits_command"),
    "tokens": ("tokens", "tokens_group"),
    "export-dhis2": ("dhis2", "export_dhis2_command"),
}


@cache
def short_help(name: str, limit: int = 45) -> str:
    """The command's one-line help from its function's docstring in the module source, unloaded."""
    module, function = COMMANDS[name]
    tree = ast.parse((Path(__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    found = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    return click.Command(name, help=ast.get_docstring(found)).get_short_help_str(limit)


class LazyGroup(click.Group):
    """A group that loads a command's module when the command is asked for, not before."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, function = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"washfit.cli.{module}"), function)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)  # as click.Group.format_commands
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help(name, limit)) for name in names])


@click.group(cls=LazyGroup, help="WASH FIT assessments, scores and improvement plans.")
@click.version_option(package_name="washfit")
def main() -> None:
    """Entry point of the console script."""
