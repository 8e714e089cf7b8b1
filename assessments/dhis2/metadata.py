"""The DHIS2 metadata the data values need: their data elements, the JMP level option set, a data set.

A health office imports this once (``/api/metadata``, or the Import/Export app), before the data
values. Every object gets a uid derived from its code, so importing the file again (a new set
version, another period type) updates the same objects instead of making twins.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from assessments.dhis2.scheme import (
    JMP_OPTION_SET,
    DataElement,
    data_elements,
    data_set_code,
    jmp_level_names,
    named,
    period_type,
)
from assessments.i18n.labels import N_
from scoring import IndicatorSet, Text

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALPHABET = _LETTERS + "0123456789"


def uid_for(kind: str, code: str) -> str:
    """The uid of the ``kind`` object with ``code``: always the same, and shaped as DHIS2's own
    (11 characters, a letter then letters or digits)."""
    number = int.from_bytes(hashlib.sha256(f"washfit:{kind}:{code}".encode()).digest(), "big")
    number, first = divmod(number, len(_LETTERS))
    rest = []
    for _ in range(10):
        number, digit = divmod(number, len(_ALPHABET))
        rest.append(_ALPHABET[digit])
    return _LETTERS[first] + "".join(rest)


def _named(kind: str, code: str, name: Text) -> dict[str, Any]:
    """What every object carries: uid, code, name, and the English name as DHIS2's translation of it."""
    return {"id": uid_for(kind, code), "code": code, "name": name.id,
            "translations": [{"property": "NAME", "locale": "en", "value": name.en}]}


def _data_element(element: DataElement) -> dict[str, Any]:
    found = _named("dataElement", element.code, element.name) | {
        "shortName": element.short_name, "domainType": "AGGREGATE", "valueType": element.value_type,
        "aggregationType": element.aggregation_type, "zeroIsSignificant": True}
    if element.option_set:
        found["optionSet"] = {"id": uid_for("optionSet", element.option_set)}
    return found


def dhis2_metadata(indicator_set: IndicatorSet, period: str, indicators: bool = False) -> dict[str, Any]:
    """The metadata of the data values a round of ``period`` sends: the data elements of ``indicator_set``
    (with ``indicators``, of its answers too), the JMP option set and its options, and the data set of
    the period's type listing them."""
    elements = data_elements(indicator_set, indicators)
    option_set = _named("optionSet", JMP_OPTION_SET, named(N_("WASH FIT JMP service levels"))) | {"valueType": "TEXT"}
    options = [
        _named("option", f"{JMP_OPTION_SET}.{code}", name) | {"code": code, "sortOrder": n,
                                                              "optionSet": {"id": option_set["id"]}}
        for n, (code, name) in enumerate(jmp_level_names().items(), start=1)
    ]
    option_set["options"] = [{"id": o["id"]} for o in options]
    code, kind = data_set_code(period), period_type(period)
    data_set = _named("dataSet", code, named(N_("WASH FIT (%(period_type)s)"), period_type=Text(kind, kind)))
    data_set |= {"shortName": code.replace("_", " "), "periodType": kind, "dataSetElements": [
        {"dataSet": {"id": data_set["id"]}, "dataElement": {"id": uid_for("dataElement", e.code)}} for e in elements]}
    return {"dataElements": [_data_element(e) for e in elements], "optionSets": [option_set], "options": options,
            "dataSets": [data_set]}


def metadata_json(metadata: dict[str, Any]) -> bytes:
    """The metadata as the JSON file ``/api/metadata`` imports."""
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
