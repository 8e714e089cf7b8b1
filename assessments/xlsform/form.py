"""Write the round's assessment as an XLSForm (``survey``, ``choices``, ``settings``) for Kobo and ODK.

The form takes plain data (the round's indicator set, the facilities, the round) and returns
an .xlsx; ``exports`` reads those from the database. Layout:

- the visit: the facility (a choice of codes and names), the visit date, the assessors and the
  team leader; calculated, hidden: the round, the form's version and the indicator set, and
  whether the chosen facility is inpatient or has delivery services (from washfit's profile);
- one group per domain, one ``select_one score`` per indicator (met / partially met / not met /
  not applicable) with the meaning of each level as its hint, and an optional comment;
- indicators that apply only to inpatient or delivery facilities carry a ``relevant`` on the
  calculated profile, so the phone shows them only where they apply;
- a sheet ``washfit_map`` (which Kobo and ODK leave alone) with what the form does not say of its
  set, so ``washfit sets import`` reads the form back to the very same set (``set_import``).

Labels and hints are in Bahasa Indonesia (the default) and English; the words of the form come
from the one catalog. Field names follow ``fields`` (documented there and in the README).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from assessments.excel.cells import put
from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_, SCORE
from assessments.xlsform.fields import (
    ASSESSORS,
    DELIVERY,
    FACILITY,
    FACILITY_LIST,
    FORM_ID,
    FORM_VERSION,
    INDICATOR_SET,
    INPATIENT,
    ROUND,
    SCORE_CHOICES,
    SCORE_LIST,
    TEAM_LEADER,
    VISIT_DATE,
    comment_name,
    facility_choice,
    form_fields,
    group_name,
    name_of,
)
from scoring import FacilityProfile, Indicator, IndicatorSet, Score

LANGUAGES = {"id": "Bahasa Indonesia (id)", "en": "English (en)"}
MAP_SHEET = "washfit_map"  # the sheet that carries the form's mapping, which Kobo and ODK leave alone
WASHFIT_LABELS = "washfit"  # the mapping's label_format of this form's labels (``unlabelled``)
DEFAULT_LANGUAGE = LANGUAGES["id"]
SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                  "calculation", "default", "appearance")
_TRANSLATED = ("label", "hint", "constraint_message")
OWN_LABELS = {FACILITY: N_("Facility"), VISIT_DATE: N_("Visit date"), ASSESSORS: N_("Assessors"),
              TEAM_LEADER: N_("WASH FIT team leader")}
_SCORE_KEYS = {Score.MET: "2", Score.PARTIAL: "1", Score.NOT_MET: "0", Score.NOT_APPLICABLE: "na"}


@dataclass(frozen=True)
class FormFacility:
    code: str
    name: str
    profile: FacilityProfile


@dataclass(frozen=True)
class FormData:
    """What the form holds: plain values read from the database by the caller."""

    indicator_set: IndicatorSet
    round_name: str
    synthetic: bool
    facilities: Sequence[FormFacility]
    exported_at: dt.datetime
    set_data: Mapping[str, Any] | None = None  # the set as stored (its YAML read), for the mapping sheet


def form_version(exported_at: dt.datetime) -> str:
    """The form's ``version``: when it was exported (UTC), as ODK suggests, so each new export sorts later.

    The import reads it back to tell answers changed in washfit after the export.
    """
    return exported_at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")


def set_label(indicator_set: IndicatorSet) -> str:
    """How the form names its indicator set (``washfit-2022 1.0.0``), checked on import."""
    return f"{indicator_set.id} {indicator_set.version}"


def file_name(round_name: str) -> str:
    safe = "-".join(filter(None, "".join(c if c.isalnum() else "-" for c in round_name).split("-")))
    return f"washfit-xlsform-{safe}.xlsx"


def write_form(data: FormData) -> bytes:
    """The XLSForm as .xlsx bytes."""
    form_fields(data.indicator_set)  # refuses a set whose codes would clash as field names
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None
    survey.title = "survey"
    _rows(survey, _header(SURVEY_COLUMNS), _survey_rows(data))
    _rows(workbook.create_sheet("choices"), _header(("list_name", "name", "label")), _choice_rows(data))
    settings = workbook.create_sheet("settings")
    _rows(settings, ["form_title", "form_id", "version", "default_language", "instance_name"], [[
        _both(N_("WASH FIT assessment"))[0] + f" · {data.round_name}", FORM_ID, form_version(data.exported_at),
        DEFAULT_LANGUAGE, f"concat(${{{FACILITY}}}, ' ', ${{{VISIT_DATE}}})"]])
    if data.set_data is not None:
        mapping = workbook.create_sheet(MAP_SHEET)
        for number, line in enumerate(map_lines(data.set_data), start=1):
            if line:
                _put(mapping, number, 1, line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def form_mapping(set_data: Mapping[str, Any]) -> dict[str, Any]:
    """What this form does not say of its set, for ``set_import`` to read the form back to the same set.

    The form says each indicator's text (its labels) and domain (its group); the mapping gives
    the rest: the code behind each field name, flags, applicability, actions, levels, the set's
    own fields (``docs/indicator-set-format.md``, "A set from an XLSForm").
    """
    domains = set_data.get("domains") or []
    return {
        "label_format": WASHFIT_LABELS,
        "set": {key: value for key, value in set_data.items() if key != "domains"},
        "domains": {group_name(str(d["code"])): {"code": d["code"], "short": d["short"]} if "short" in d else d["code"]
                    for d in domains},
        "indicators": {name_of(str(i["code"])): {key: value for key, value in i.items() if key != "text"}
                       for d in domains for i in d["indicators"]},
    }


def map_lines(set_data: Mapping[str, Any]) -> list[str]:
    """The mapping as YAML, one line per row of the sheet (no line folded: a cell holds a whole line)."""
    return plain_yaml(form_mapping(set_data), width=1_000_000).splitlines()


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def plain_yaml(data: Any, width: int = 100) -> str:
    """``data`` as YAML without anchors or aliases (which washfit refuses on reading), keys in their order."""
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=width)


def _header(columns: Sequence[str]) -> list[str]:
    header: list[str] = []
    for column in columns:
        if column in _TRANSLATED:
            header += [f"{column}::{language}" for language in LANGUAGES.values()]
        else:
            header.append(column)
    return header


def _rows(ws: Worksheet, header: list[str], rows: Sequence[dict[str, object] | list[object]]) -> None:
    for column, title in enumerate(header, start=1):
        _put(ws, 1, column, title)
    for number, row in enumerate(rows, start=2):
        values = row if isinstance(row, list) else [_cell(row, key) for key in header]
        for column, value in enumerate(values, start=1):
            if value not in (None, ""):
                _put(ws, number, column, value)


def _put(ws: Worksheet, row: int, column: int, value: object) -> None:
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # a new sheet has no merged cells
    put(cell, value if isinstance(value, (int, float, Decimal)) else str(value))


def _cell(row: dict[str, object], key: str) -> object:
    """A row's value for a header; translated columns take a pair (Bahasa Indonesia, English)."""
    base, _sep, language = key.partition("::")
    value = row.get(base)
    if language and isinstance(value, tuple):
        return value[0] if language == LANGUAGES["id"] else value[1]
    return value


def _both(message: str) -> tuple[str, str]:
    """A message id in Bahasa Indonesia and English."""
    return translator("id")(message), translator("en")(message)


def _literal(text: str) -> str:
    """``text`` as an XPath string literal."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


def _profile_calculation(data: FormData, has: str) -> str:
    codes = [f.code for f in data.facilities if getattr(f.profile, has)]
    if not codes:
        return "'no'"
    test = " or ".join(f"${{{FACILITY}}} = {_literal(facility_choice(code))}" for code in codes)
    return f"if({test}, 'yes', 'no')"


def _survey_rows(data: FormData) -> list[dict[str, object]]:
    indicator_set = data.indicator_set
    rows: list[dict[str, object]] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
    ]
    if data.synthetic:
        rows.append({"type": "note", "name": "demo_note",
                     "label": _both(N_("DEMO DATA: this round is synthetic, not a real assessment."))})
    rows += [
        {"type": f"select_one {FACILITY_LIST}", "name": FACILITY, "label": _both(OWN_LABELS[FACILITY]),
         "required": "yes", "appearance": "minimal" if len(data.facilities) > 8 else ""},
        {"type": "date", "name": VISIT_DATE, "label": _both(OWN_LABELS[VISIT_DATE]), "required": "yes",
         "default": "today()",
         "constraint": ". <= today()", "constraint_message": _both(N_("The visit date cannot be in the future."))},
        {"type": "text", "name": ASSESSORS, "label": _both(OWN_LABELS[ASSESSORS]), "required": "yes",
         "hint": _both(N_("Names of the assessment team, separated by commas."))},
        {"type": "text", "name": TEAM_LEADER, "label": _both(OWN_LABELS[TEAM_LEADER])},
        {"type": "calculate", "name": ROUND, "calculation": _literal(data.round_name)},
        {"type": "calculate", "name": FORM_VERSION, "calculation": _literal(form_version(data.exported_at))},
        {"type": "calculate", "name": INDICATOR_SET, "calculation": _literal(set_label(indicator_set))},
        {"type": "calculate", "name": INPATIENT, "calculation": _profile_calculation(data, "inpatient")},
        {"type": "calculate", "name": DELIVERY, "calculation": _profile_calculation(data, "delivery")},
    ]
    for domain in indicator_set.domains:
        rows.append({"type": "begin_group", "name": group_name(domain.code),
                     "label": (_labelled(domain.name.id, domain.code, "id"),
                               _labelled(domain.name.en, domain.code, "en"))})
        for indicator in domain.indicators:
            rows += _indicator_rows(indicator)
        rows.append({"type": "end_group", "name": ""})
    return rows


def _indicator_rows(indicator: Indicator) -> list[dict[str, object]]:
    relevant = {"inpatient": f"${{{INPATIENT}}} = 'yes'", "delivery": f"${{{DELIVERY}}} = 'yes'"}.get(
        indicator.applies_to, "")
    name = name_of(indicator.code)
    comment_relevant = f"${{{name}}} != ''" + (f" and {relevant}" if relevant else "")
    return [
        {"type": f"select_one {SCORE_LIST}", "name": name, "label": indicator_labels(indicator),
         "hint": _level_hint(indicator), "relevant": relevant},
        {"type": "text", "name": comment_name(indicator.code), "relevant": comment_relevant,
         "label": comment_labels(indicator)},
    ]


def indicator_labels(indicator: Indicator) -> tuple[str, str]:
    """An indicator's question in Bahasa Indonesia and English; its code first keeps every label unique."""
    return (_labelled(indicator.text.id, indicator.code, "id", indicator.essential),
            _labelled(indicator.text.en, indicator.code, "en", indicator.essential))


def _labelled(text: str, code: str, lang: str, essential: bool = False) -> str:
    """A label of this form: the code in front, the essential mark behind. Twin: ``unlabelled``."""
    return f"{code} · {text}" + (_essential_mark(lang) if essential else "")


def unlabelled(label: str, code: str, lang: str, essential: bool = False) -> str:
    """The text inside a label of this form (``label_format: washfit``). Twin: ``_labelled``."""
    prefix, mark = f"{code} · ", _essential_mark(lang)
    text = label[len(prefix):] if label.startswith(prefix) else label
    return text[:-len(mark)] if essential and text.endswith(mark) else text


def _essential_mark(lang: str) -> str:
    return f" ({translator(lang)(N_('essential'))})"


def comment_labels(indicator: Indicator) -> tuple[str, str]:
    id_label, en_label = (f"{indicator.code} · {word}" for word in _both(N_("Comment (optional)")))
    return id_label, en_label


def score_labels() -> dict[str, tuple[str, str]]:
    """Each score choice's name and its labels in both languages."""
    return {name: _both(SCORE[_SCORE_KEYS[score]]) for name, score in SCORE_CHOICES.items()}


def field_labels(indicator_set: IndicatorSet) -> dict[str, tuple[str, str]]:
    """The label of every labelled field, by field name: a Kobo export may head its columns with them."""
    labels = {name: _both(message) for name, message in OWN_LABELS.items()}
    for indicator in indicator_set.indicators:
        labels[name_of(indicator.code)] = indicator_labels(indicator)
        labels[comment_name(indicator.code)] = comment_labels(indicator)
    return labels


def facility_label(code: str, name: str) -> str:
    return f"{code} · {name}"


def _level_hint(indicator: Indicator) -> tuple[str, str] | str:
    """The meaning of each level, as the guide's scoring grid words it, in both languages."""
    levels = indicator.levels
    if levels is None:
        return ""
    pairs = ((Score.MET, levels.met), (Score.PARTIAL, levels.partial), (Score.NOT_MET, levels.not_met))
    hints = []
    for lang in ("id", "en"):
        words = translator(lang)
        hints.append(" · ".join(f"{words(SCORE[_SCORE_KEYS[score]])}: {text.get(lang)}" for score, text in pairs))
    return hints[0], hints[1]


def _choice_rows(data: FormData) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"list_name": SCORE_LIST, "name": name, "label": labels} for name, labels in score_labels().items()
    ]
    rows += [{"list_name": FACILITY_LIST, "name": facility_choice(f.code), "label": facility_label(f.code, f.name)}
             for f in data.facilities]
    return rows
