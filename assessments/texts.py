"""What a short free text (a name, a problem found) may be: bounded, printable, trimmed (the services' own check).

``washfit.boundary`` already refuses control characters in a request; the services check again
because the command line and the workbooks reach them without it.
"""

from __future__ import annotations

from assessments.errors import InvalidInput
from assessments.i18n.labels import N_


def checked_text(value: str, limit: int, field: str) -> str:
    """``value`` trimmed; ``InvalidInput`` naming ``field`` when too long or holding control characters."""
    value = value.strip()
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 127 for c in value):
        raise InvalidInput(N_("%(field)s: control characters (such as NUL) are not allowed"), field=field)
    if len(value) > limit:
        raise InvalidInput(N_("%(field)s: the text is longer than %(limit)d characters"), field=field, limit=limit)
    return value
