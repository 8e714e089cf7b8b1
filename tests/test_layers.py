"""Imports point one way: washfit → assessments → scoring. Checked in a fresh interpreter."""

import subprocess
import sys

import pytest

CHECK = """
import importlib, pkgutil, sys
package = importlib.import_module({package!r})
for module in pkgutil.walk_packages(package.__path__, {package!r} + "."):
    if ".migrations" not in module.name:
        importlib.import_module(module.name)
loaded = sorted(name for name in {forbidden!r} if name in sys.modules)
print(",".join(loaded))
"""


def loaded_modules(package: str, forbidden: tuple[str, ...]) -> list[str]:
    code = CHECK.format(package=package, forbidden=forbidden)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [name for name in out.strip().split(",") if name]


@pytest.mark.parametrize(("package", "forbidden"), [
    ("scoring", ("flask", "sqlalchemy", "wtforms", "openpyxl", "matplotlib", "assessments", "washfit")),
    ("assessments", ("flask", "flask_wtf", "flask_babel", "wtforms", "washfit")),
])
def test_lower_layer_does_not_import_upper_layers_or_frameworks(package, forbidden):
    assert loaded_modules(package, forbidden) == []
