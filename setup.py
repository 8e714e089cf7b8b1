"""Compile the translation catalogs while building, so every install carries its .mo files."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """build_py that first compiles assessments/i18n/translations/*/LC_MESSAGES/messages.po to .mo."""

    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path(__file__).parent.glob("assessments/i18n/translations/*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
