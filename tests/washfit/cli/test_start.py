"""The command starts fast: ``--help`` and ``indicators`` load no web, database, Excel or chart library."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import click
import pytest

from washfit.cli import COMMANDS, main, short_help

HEAVY = ("flask", "sqlalchemy", "openpyxl", "matplotlib")


@pytest.mark.parametrize("arguments", [["--help"], ["indicators"], ["score", "--help"]])
def test_light_commands_import_no_heavy_library(arguments):
    script = ("import sys\nfrom washfit.cli import main\n"
              f"try:\n    main({arguments!r})\nexcept SystemExit:\n    pass\n"
              f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_each_command_as_click_would_from_the_loaded_command():
    context = click.Context(main)
    limit = 80 - 6 - max(map(len, COMMANDS))
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
        assert short_help(name, limit) == command.get_short_help_str(limit)


def test_every_command_of_the_cli_modules_is_in_the_table():
    listed = {(module, function) for module, function in COMMANDS.values()}
    for module in {module for module, _ in COMMANDS.values()}:
        loaded = importlib.import_module(f"washfit.cli.{module}")
        for function, value in inspect.getmembers(loaded, lambda v: isinstance(v, click.Command)):
            if value.__module__ == loaded.__name__ and not isinstance(getattr(value, "parent", None), click.Group):
                assert (module, function) in listed or _is_subcommand(loaded, value), f"{module}.{function}"


def _is_subcommand(module, command):
    return any(isinstance(v, click.Group) and command in v.commands.values() for v in vars(module).values())
