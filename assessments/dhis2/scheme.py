"""The data element scheme: which DHIS2 data elements a round's figures become, derived from its set.

Codes, as a health office imports them with ``idScheme=CODE`` (README "DHIS2"):

- ``WASHFIT_<DOMAIN>_PCT`` each domain's percentage (``WASHFIT_W_PCT``),
- ``WASHFIT_OVERALL_PCT`` the overall percentage, ``WASHFIT_ESSENTIAL_PCT`` essential compliance,
- ``WASHFIT_JMP_<AREA>`` each JMP service area's level, an option of ``WASHFIT_JMP_LEVEL``,
- ``WASHFIT_IND_<INDICATOR>`` each indicator's score 0, 1 or 2 (``--indicators``),

with the set's codes upper-cased and anything but letters and digits made ``_``. Nothing is
hard-coded but the prefixes: a set with other domains or indicators gets other data elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessments.errors import InvalidInput
from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_, SERVICE_LEVEL
from scoring import IndicatorSet, ServiceLevel, Text

PREFIX = "WASHFIT"
MAX_CODE = 50  # DHIS2's limit on a code (and on a short name)
MAX_NAME = 230  # DHIS2's limit on a name
OVERALL = f"{PREFIX}_OVERALL_PCT"
ESSENTIAL = f"{PREFIX}_ESSENTIAL_PCT"
JMP_OPTION_SET = f"{PREFIX}_JMP_LEVEL"
# The JMP levels as option codes: the values washfit itself uses for them, top rung first.
JMP_LEVELS = tuple(level.value for level in ServiceLevel)


@dataclass(frozen=True)
class DataElement:
    """One DHIS2 data element: its code, names and how DHIS2 stores and adds up its values."""

    code: str
    name: Text  # Bahasa Indonesia, and English for DHIS2's translations
    value_type: str  # PERCENTAGE, INTEGER_ZERO_OR_POSITIVE, TEXT (with the option set)
    aggregation_type: str  # AVERAGE, NONE
    option_set: str | None = None

    @property
    def short_name(self) -> str:
        """Unique and within 50 characters, like the code it reads as."""
        return self.code.replace("_", " ")


def code_part(code: str) -> str:
    """A code of the set as part of a data element code: upper case, letters, digits and ``_``."""
    return re.sub(r"[^A-Z0-9]", "_", code.upper())


def domain_element(domain: str) -> str:
    return f"{PREFIX}_{code_part(domain)}_PCT"


def jmp_element(area: str) -> str:
    return f"{PREFIX}_JMP_{code_part(area)}"


def indicator_element(indicator: str) -> str:
    return f"{PREFIX}_IND_{code_part(indicator)}"


def period_type(period: str) -> str:
    """DHIS2's period type of a period ``assessments.rounds.check_period`` let through: ``2025`` is
    Yearly, ``2025S1`` SixMonthly."""
    return "SixMonthly" if "S" in period else "Yearly"


def data_set_code(period: str) -> str:
    """The data set the values belong to: one per period type, as DHIS2 ties a data set to one."""
    return f"{PREFIX}_{period_type(period).upper()}"


def named(message: str, **parts: Text) -> Text:
    """``message`` in both languages, each part (a domain's, an area's name) in the same language."""
    def said(lang: str) -> str:
        text = translator(lang)(message) % {key: part.get(lang) for key, part in parts.items()}
        return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"

    return Text(said("id"), said("en"))


def data_elements(indicator_set: IndicatorSet, indicators: bool) -> tuple[DataElement, ...]:
    """The data elements of a set's figures (and, with ``indicators``, of its answers), in export order.

    ``InvalidInput`` when two of the set's codes become one data element code or one is too long
    for DHIS2: the set would need other codes, never a silently merged or cut one.
    """
    elements = [DataElement(domain_element(d.code), named(N_("WASH FIT score %(domain)s (%%)"), domain=d.name),
                            "PERCENTAGE", "AVERAGE") for d in indicator_set.domains]
    elements.append(DataElement(OVERALL, named(N_("WASH FIT overall score (%%)")), "PERCENTAGE", "AVERAGE"))
    elements.append(DataElement(ESSENTIAL, named(N_("WASH FIT essential compliance (%%)")), "PERCENTAGE", "AVERAGE"))
    elements += [
        DataElement(jmp_element(r.area), named(N_("WASH FIT JMP service level %(area)s"),
                                               area=indicator_set.service_areas[r.area]),
                    "TEXT", "NONE", JMP_OPTION_SET)
        for r in indicator_set.jmp_rules
    ]
    if indicators:
        elements += [
            DataElement(indicator_element(i.code), named(N_("WASH FIT %(code)s: %(text)s"), code=Text(i.code, i.code),
                                                         text=i.text),
                        "INTEGER_ZERO_OR_POSITIVE", "AVERAGE")
            for i in indicator_set.indicators
        ]
    seen: set[str] = set()
    for element in elements:
        if len(element.code) > MAX_CODE:
            raise InvalidInput("data element code %(code)s is longer than DHIS2's 50 characters: give the set "
                               "shorter codes", code=element.code)
        if element.code in seen:
            raise InvalidInput("two codes of the indicator set become data element code %(code)s: give the set "
                               "codes that differ in letters or digits", code=element.code)
        seen.add(element.code)
    return tuple(elements)


def jmp_level_names() -> dict[str, Text]:
    """The options of ``JMP_OPTION_SET``: each level's code and its words, as washfit says them."""
    return {code: named(SERVICE_LEVEL[code]) for code in JMP_LEVELS}
