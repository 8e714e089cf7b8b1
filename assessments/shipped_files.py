"""Where the files shipped beside the code live, in a checkout and in an installed copy.

`seed_indicators.yaml` and `templates/` stay at the top of the repository, as the project's
layout asks. A checkout or editable install finds them there; a regular install ships them as
data files under ``<prefix>/share/washfit/`` (see ``[options.data_files]`` in setup.cfg).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(sys.prefix) / "share" / "washfit"


def shipped_path(name: str) -> Path:
    """The path of a top-level project file or folder, from a checkout or an install."""
    for base in (_CHECKOUT, _INSTALLED):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} is neither in {_CHECKOUT} nor in {_INSTALLED}")


def first_set_path() -> Path:
    """The set stored first: ``WASHFIT_INDICATORS`` if set, else the shipped seed set.

    Twin: ``_first_set_file`` of migration 0003, which stored it for installations that had rounds.
    """
    override = os.environ.get("WASHFIT_INDICATORS")
    return Path(override) if override else shipped_path("seed_indicators.yaml")
