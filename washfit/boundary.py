"""Input checked at the boundary, once for every route: no control characters, ids the database can hold.

What a request carries reaches the database as it came: PostgreSQL refuses a NUL byte in text
and both databases refuse an integer beyond their range, each with an exception that would be
a 500. So, before any view runs:

- every path value, query value and form field (names and values) is refused with a 400 page
  (JSON on the API) saying why when it holds a control character other than tab, line feed and carriage return,
  and a query value longer than ``MAX_QUERY_VALUE`` characters is refused likewise (filters
  and searches are short; forms bound their own fields with WTForms ``Length``);
- ``<int:...>`` in every route only matches 1 to ``MAX_ID`` (a larger or negative id is the 404
  of a page that does not exist), and ``query_id`` does the same for ids in the query string;
- ``form_int`` reads the hidden version numbers of forms without ever raising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, abort, request
from flask.typing import ResponseReturnValue
from werkzeug.routing import IntegerConverter, Map

from assessments.i18n.labels import N_
from washfit.errors import refuse

MAX_ID = 2**31 - 1  # INTEGER, the type of every id column, on PostgreSQL and SQLite alike
MAX_QUERY_VALUE = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class IdConverter(IntegerConverter):
    """``<int:...>``: an id from 1 to ``MAX_ID``; anything else matches no route (404)."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max)


def init_app(app: Flask) -> None:
    """Register the id converter (before any route is added) and the check of every request."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unreadable_input)


def _texts() -> Iterable[str]:
    yield from (value for value in (request.view_args or {}).values() if isinstance(value, str))
    for source in (request.args, request.form):
        for key, values in source.lists():
            yield key
            yield from values


def refuse_unreadable_input() -> ResponseReturnValue | None:
    """A 400 page for a control character anywhere in the request, or an overlong query value."""
    if any(_CONTROL.search(text) for text in _texts()):
        return refuse(400, N_("The request holds a control character (such as a NUL byte) that washfit does not "
                              "accept. Remove it and try again."))
    if any(len(value) > MAX_QUERY_VALUE for values in request.args.listvalues() for value in values):
        return refuse(400, N_("A search or filter value is longer than %(limit)d characters."), limit=MAX_QUERY_VALUE)
    return None


def query_id(name: str) -> int | None:
    """The id in ``?name=``: None when absent or not a number, 404 when out of any id's range."""
    value = request.args.get(name, type=_integer)
    if value is None:
        return None
    if not 1 <= value <= MAX_ID:
        abort(404)
    return value


def form_int(raw: str | None, default: int) -> int:
    """A whole number from a hidden field (a version): ``default`` when it is not one the database holds."""
    value = _integer(raw or "")
    return value if value is not None and 0 <= value <= MAX_ID else default


def _integer(text: str) -> int | None:
    text = text.strip()
    digits = text.removeprefix("-")
    # Python refuses to convert more than 4,300 digits; any such number is out of range anyway.
    sign = "-" if text.startswith("-") else ""
    return int(sign + digits[:4000]) if digits.isascii() and digits.isdigit() else None
