"""An indicator set read from an XLSForm: its ``select_one`` rows are indicators, its groups domains.

A district that assessed with the guide's Kobo form, or a Kemenkes or provincial adaptation of
it, holds its indicators in an XLSForm. This reads one into washfit's set format and stores it
through ``indicator_sets.import_set`` (the strict loader checks it like any set):

- an indicator is a ``select_one`` row whose choices all mean a score (met, partially met, not
  met, not applicable: ``scores`` of the mapping names which choice is which; washfit's own
  names ``met``, ``partial``, ``not_met``, ``na`` need no mapping); a ``select_one`` whose
  choices mean no score (the facility, say) is not an indicator;
- its code is the row's name, its text the row's labels (``label::Bahasa Indonesia (id)``,
  ``label::English (en)``; a form in one language gives the same text in both);
- its domain is the nearest enclosing group that ``domains`` of the mapping names, or, when the
  mapping names none, the outermost group (code: the group's name, name: its labels);
- what the form does not say (the set's identity and source, flags, applicability, actions,
  cost items, JMP rules) comes from the mapping, or from the stored set it names as
  ``based_on``, indicator by indicator through the code.

Whatever cannot be mapped is a ``Problem`` with its place (``survey!B12``, ``choices!B4``,
``mapping: indicators.w1``), all of them together, and nothing is stored.

washfit's own XLSForm carries its mapping in a sheet of its own (``MAP_SHEET``, one YAML line
per row), so it imports back to the very set it was exported from without a mapping file; a
``--map`` file given as well is merged over it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from openpyxl import Workbook
from sqlalchemy.orm import Session

from assessments.errors import InvalidInput, NotFound
from assessments.excel.package_checks import checked_workbook
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import XLSFORM
from assessments.indicator_sets import MAX_SET_BYTES, SetImport, find_set, import_set, parse_set_text
from assessments.xlsform.fields import SCORE_CHOICES
from assessments.xlsform.form import MAP_SHEET, WASHFIT_LABELS, plain_yaml, unlabelled

MAX_MAP_BYTES = 200_000
MAP_KEYS = ("set", "based_on", "scores", "domains", "indicators", "ignore", "languages", "label_format")
# The set format's top-level fields a form does not hold; ``id``, ``version`` and ``title`` may
# also come from the form's settings (form_id, version, form_title).
SET_FIELDS = ("id", "edition", "version", "title", "source", "flags", "applicability", "service_areas",
              "cost_items", "jmp_rules")
INDICATOR_FIELDS = ("code", "domain", "text", "levels", "flags", "applies_to", "service_area", "actions", "replaces")
# What the mapping may say a choice means: the four scores, by washfit's choice names or digits.
SCORE_WORDS = {"met": "met", "partial": "partial", "not_met": "not_met", "na": "na",
               "2": "met", "1": "partial", "0": "not_met"}
_LANGUAGE_NAMES = {"id": "id", "ind": "id", "indonesian": "id", "bahasa indonesia": "id", "indonesia": "id",
                   "en": "en", "eng": "en", "english": "en"}
_LANGUAGE_CODE = re.compile(r"\(([A-Za-z-]+)\)\s*$")
_INDICATOR_PATH = re.compile(r"domains\[(\d+)\]\.indicators\[(\d+)\]")


@dataclass
class _Row:
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class _Sheet:
    title: str
    header: list[str]
    rows: list[_Row]

    def place(self, row: int, column: str) -> str:
        letter = _letter(self.header.index(column) + 1) if column in self.header else "A"
        return f"{self.title}!{letter}{row}"


@dataclass
class _Form:
    survey: _Sheet
    choices: _Sheet | None
    settings: dict[str, str]
    embedded_map: str | None


def read_form_set(data: bytes, map_text: str | None, file_name: str = "",
                  stored_set_text: Callable[[str], str] | None = None) -> str:
    """The set an XLSForm holds, as washfit YAML text; ``WorkbookRejected`` with every problem.

    ``stored_set_text`` gives the YAML text of a stored set by ``id@version`` (for ``based_on``);
    it raises ``NotFound`` for one that is not stored.
    """
    with checked_workbook(data, XLSFORM) as workbook:
        form = _read_workbook(workbook)
    problems: list[Problem] = []
    embedded = {} if form.embedded_map is None else _mapping_data(form.embedded_map, MAP_SHEET, problems)
    given = {} if map_text is None else _mapping_data(map_text, "mapping", problems)
    if problems:
        raise WorkbookRejected(problems)
    mapping = _merge(embedded, given)
    base = _base_set(mapping, stored_set_text, problems)
    survey = _Survey(form, mapping, base, problems)
    # Rows the given mapping names must be in the form; the embedded mapping's need not: a district
    # may delete questions from washfit's own form.
    survey.walk({str(name) for name in given.get("indicators") or {}})
    top = _top_fields(form, mapping, base, file_name, problems)
    if problems:
        raise WorkbookRejected(problems)
    text = plain_yaml({**top, "domains": list(survey.domains.values())})
    _check_set(text, file_name, survey)
    return text


def import_form_set(session: Session, data: bytes, map_text: str | None, actor: str,
                    file_name: str = "") -> SetImport:
    """Store the set an XLSForm holds (``read_form_set``); the same id and version must mean the same set."""

    def stored_text(ref: str) -> str:
        return find_set(session, ref).yaml_text

    text = read_form_set(data, map_text, file_name, stored_text)
    return import_set(session, text, actor, file_name)


# -- the workbook ---------------------------------------------------------------------------------

def _read_workbook(workbook: Workbook) -> _Form:
    names = {name.strip().lower(): name for name in workbook.sheetnames}
    if "survey" not in names:
        raise WorkbookRejected([problem(None, "the workbook has no sheet survey: it is not an XLSForm")])
    survey = _sheet(workbook, names["survey"])
    for column in ("type", "name"):
        if column not in survey.header:
            raise WorkbookRejected([problem(f"{survey.title}!1", "the survey sheet has no column %(column)s",
                                            column=column)])
    choices = _sheet(workbook, names["choices"]) if "choices" in names else None
    settings: dict[str, str] = {}
    if "settings" in names:
        sheet = _sheet(workbook, names["settings"])
        settings = sheet.rows[0].cells if sheet.rows else {}
    embedded = None
    if MAP_SHEET in names:
        lines = [row[0] if row and isinstance(row[0], str) else "" for row in
                 workbook[names[MAP_SHEET]].iter_rows(values_only=True)]
        embedded = "\n".join(lines)
    return _Form(survey, choices, settings, embedded)


def _sheet(workbook: Workbook, title: str) -> _Sheet:
    rows = workbook[title].iter_rows(values_only=True)
    header = [_header(value) for value in next(rows, ())]
    read = []
    for number, values in enumerate(rows, start=2):
        cells = {header[n]: _text(value) for n, value in enumerate(values) if n < len(header) and header[n]
                 and _text(value)}
        if cells:
            read.append(_Row(number, cells))
    return _Sheet(title, header, read)


def _header(value: object) -> str:
    """A column's name as XLSForm reads it: the column case-insensitive, the language as written."""
    text = _text(value)
    column, sep, language = text.partition("::")
    return f"{column.strip().lower()}{sep}{language.strip()}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- the mapping ----------------------------------------------------------------------------------

def _mapping_data(text: str, where: str, problems: list[Problem]) -> dict[str, Any]:
    if len(text.encode("utf-8")) > MAX_MAP_BYTES:
        problems.append(problem(where, "the mapping is larger than %(limit)d bytes", limit=MAX_MAP_BYTES))
        return {}
    if "\x00" in text:
        problems.append(problem(where, "the mapping is not a text file"))
        return {}
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            problems.append(problem(where, "the mapping uses YAML aliases, which washfit does not accept"))
            return {}
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(problem(where, "the mapping is not valid YAML (line %(line)d)",
                                line=mark.line + 1 if mark is not None else 0))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(problem(where, "the mapping must be a YAML mapping (docs/indicator-set-format.md)"))
        return {}
    for key in data:
        if key not in MAP_KEYS:
            problems.append(problem(f"{where}: {key}", "not a field of the mapping (known: %(known)s)",
                                    known=", ".join(MAP_KEYS)))
    for key in ("set", "scores", "domains", "indicators", "languages"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            problems.append(problem(f"{where}: {key}", "must be a mapping"))
            data[key] = {}
    if data.get("ignore") is not None and not isinstance(data["ignore"], list):
        problems.append(problem(f"{where}: ignore", "must be a list of row names"))
        data["ignore"] = []
    for name, entry in (data.get("indicators") or {}).items():
        if not isinstance(entry, dict):
            problems.append(problem(f"{where}: indicators.{name}", "must be a mapping"))
            continue
        for key in entry:
            if key not in INDICATOR_FIELDS:
                problems.append(problem(f"{where}: indicators.{name}.{key}",
                                        "not a field of an indicator (known: %(known)s)",
                                        known=", ".join(INDICATOR_FIELDS)))
    for key in (data.get("set") or {}):
        if key not in SET_FIELDS:
            problems.append(problem(f"{where}: set.{key}", "not a field of the set (known: %(known)s)",
                                    known=", ".join(SET_FIELDS)))
    return data


def _merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` merged into ``under``: mappings key by key, anything else replaced."""
    merged = dict(under)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _base_set(mapping: Mapping[str, Any], stored_set_text: Callable[[str], str] | None,
              problems: list[Problem]) -> dict[str, Any]:
    """The raw data of the stored set ``based_on`` names (empty when it names none)."""
    ref = mapping.get("based_on")
    if ref is None:
        return {}
    if not isinstance(ref, str) or "@" not in ref or stored_set_text is None:
        problems.append(problem("mapping: based_on", "must name a stored set as ID@VERSION"))
        return {}
    try:
        text = stored_set_text(ref)
    except NotFound:
        problems.append(problem("mapping: based_on", "no indicator set %(name)s", name=ref))
        return {}
    data = yaml.safe_load(text)  # a stored set: checked by the strict loader when it was imported
    return data if isinstance(data, dict) else {}


# -- the indicators -------------------------------------------------------------------------------

def _score_names(mapping: Mapping[str, Any], problems: list[Problem]) -> dict[str, dict[str, str]]:
    """Which choice means which score, per list (``""``: every list): washfit's own names, then the mapping's."""
    names: dict[str, dict[str, str]] = {"": {name: SCORE_WORDS[name] for name in SCORE_CHOICES}}
    for key, value in (mapping.get("scores") or {}).items():
        if isinstance(value, dict):  # a list of its own: scores: {list_name: {choice: score}}
            names[str(key)] = {}
            for choice, score in value.items():
                _score_name(names[str(key)], str(choice), score, f"mapping: scores.{key}.{choice}", problems)
        else:
            _score_name(names[""], str(key), value, f"mapping: scores.{key}", problems)
    return names


def _score_name(into: dict[str, str], choice: str, score: object, where: str, problems: list[Problem]) -> None:
    word = SCORE_WORDS.get(_text(score).lower())
    if word is None:
        problems.append(problem(where, "%(value)s is not a score (met, partial, not_met, na or 2, 1, 0)",
                                value=_text(score)))
    else:
        into[choice] = word


class _Survey:
    """Walks the survey once, building the set's domains and indicators and noting every problem."""

    def __init__(self, form: _Form, mapping: Mapping[str, Any], base: Mapping[str, Any],
                 problems: list[Problem]) -> None:
        self.form, self.problems = form, problems
        self.scores = _score_names(mapping, problems)
        self.lists = _choice_lists(form.choices)
        self.entries: dict[str, Any] = {str(k): v for k, v in (mapping.get("indicators") or {}).items()}
        self.ignored = {str(name) for name in mapping.get("ignore") or ()}
        domains = mapping.get("domains")
        self.domain_map: dict[str, Any] | None = None if domains is None else {str(k): v for k, v in domains.items()}
        self.base_indicators = {i.get("code"): i for d in base.get("domains") or () for i in d.get("indicators") or ()}
        self.washfit_labels = mapping.get("label_format") == WASHFIT_LABELS
        self.languages = _languages(form, mapping)
        self.domains: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, int] = {}  # survey row of each indicator code
        self.checked_lists: set[str] = set()

    def walk(self, required: set[str]) -> None:
        """Read every row; ``required``: the row names that must be in the form."""
        groups: list[_Row] = []
        named: set[str] = set()
        for row in self.form.survey.rows:
            kind, _sep, rest = " ".join(row.get("type").split()).partition(" ")
            kind = kind.lower()
            if kind in ("begin_group", "begin_repeat") or (kind == "begin" and rest.lower() in ("group", "repeat")):
                groups.append(row)
            elif kind in ("end_group", "end_repeat") or (kind == "end" and rest.lower() in ("group", "repeat")):
                if groups:
                    groups.pop()
            elif kind == "select_one" and row.get("name") not in self.ignored:
                named.add(row.get("name"))
                self.select_one(row, rest.split()[0] if rest else "", groups)
        for name in sorted(required - named):
            self.problems.append(problem(f"mapping: indicators.{name}", "the form has no select_one row %(name)s",
                                         name=name))
        if not self.rows and not self.problems:
            self.problems.append(problem(self.form.survey.title, "the form has no select_one row whose choices are "
                                                                 "scores: name them under scores in the mapping"))

    def select_one(self, row: _Row, list_name: str, groups: list[_Row]) -> None:
        name = row.get("name")
        choices = self.lists.get(list_name, [])
        meaning = {**self.scores.get("", {}), **self.scores.get(list_name, {})}
        if not any(choice in meaning for choice, _number in choices) and name not in self.entries:
            return  # its choices mean no score: a question about the visit, not an indicator
        self.check_list(row, list_name, choices, meaning)
        place = self.form.survey.place(row.number, "name")
        entry = dict(self.entries.get(name) or {})
        code = _text(entry.pop("code", name))
        if not code:
            self.problems.append(problem(place, "the indicator has no name"))
            return
        if code in self.rows:
            self.problems.append(problem(place, "the code %(code)s is also the code of survey row %(row)d",
                                         code=code, row=self.rows[code]))
            return
        self.rows[code] = row.number
        domain = self.domain(entry.pop("domain", None), groups, place, code)
        indicator = {key: value for key, value in (self.base_indicators.get(code) or {}).items()
                     if key not in ("code", "text", "replaces")}
        indicator.update({"code": code, **entry})
        indicator.setdefault("applies_to", "all")
        if "text" not in indicator:
            indicator["text"] = self.text(row, code, "essential" in (indicator.get("flags") or ()))
        if "actions" not in indicator:
            self.problems.append(problem(place, "the indicator %(code)s has no improvement actions: give them under "
                                                "indicators.%(name)s.actions in the mapping, or name a set it is "
                                                "based_on", code=code, name=name))
        if domain is not None:
            domain["indicators"].append(indicator)

    def check_list(self, row: _Row, list_name: str, choices: list[tuple[str, int]], meaning: Mapping[str, str]) -> None:
        if list_name in self.checked_lists:
            return
        self.checked_lists.add(list_name)
        if not choices:
            self.problems.append(problem(self.form.survey.place(row.number, "type"),
                                         "the choice list %(list)s has no choices", list=list_name))
        sheet = self.form.choices
        for choice, number in choices:
            if choice not in meaning:
                self.problems.append(problem(
                    sheet.place(number, "name") if sheet else f"choices!{number}",
                    "the choice %(choice)s of the list %(list)s says no score: name it under scores in the mapping "
                    "(met, partial, not_met or na)", choice=choice, list=list_name))

    def domain(self, given: object, groups: list[_Row], place: str, code: str) -> dict[str, Any] | None:
        """The domain an indicator belongs to: the mapping's word for it, else its group's."""
        if given is not None:
            return self.domain_entry(_text(given), None)
        if self.domain_map is None:
            if groups:
                return self.domain_entry(groups[0].get("name"), groups[0])
        else:
            for group in reversed(groups):
                if group.get("name") in self.domain_map:
                    return self.domain_entry(self.domain_map[group.get("name")], group)
        if groups:
            self.problems.append(problem(place, "the indicator %(code)s has no domain: the mapping names none of its "
                                                "groups (%(groups)s) under domains", code=code,
                                         groups=", ".join(g.get("name") for g in groups)))
        else:
            self.problems.append(problem(place, "the indicator %(code)s has no domain: it is in no group, and the "
                                                "mapping gives it no domain", code=code))
        return None

    def domain_entry(self, said: object, group: _Row | None) -> dict[str, Any]:
        detail = said if isinstance(said, dict) else {"code": said}
        code = _text(detail.get("code"))
        if code not in self.domains:
            name = detail.get("name")
            if name is None and group is not None:
                name = self.labels(group)
                if name is not None and self.washfit_labels:
                    name = {lang: unlabelled(text, code, lang) for lang, text in name.items()}
            self.domains[code] = {"code": code, "name": name or {"id": code, "en": code}, "indicators": []}
            if "short" in detail:
                self.domains[code]["short"] = detail["short"]
        return self.domains[code]

    def text(self, row: _Row, code: str, essential: bool) -> dict[str, str]:
        text = self.labels(row)
        if text is None:
            self.problems.append(problem(self.form.survey.place(row.number, "name"),
                                         "the indicator %(code)s has no label", code=code))
            return {"id": code, "en": code}
        if self.washfit_labels:
            return {lang: unlabelled(value, code, lang, essential) for lang, value in text.items()}
        return text

    def labels(self, row: _Row) -> dict[str, str] | None:
        """A row's label in Bahasa Indonesia and English; one language stands for both when only it is there."""
        found = {lang: row.get(column) for column, lang in self.languages.items() if row.get(column)}
        if not found:
            return None
        first = found.get("id") or found["en"]
        return {"id": found.get("id", first), "en": found.get("en", first)}


def _choice_lists(sheet: _Sheet | None) -> dict[str, list[tuple[str, int]]]:
    """Each choice list's choice names, with the row of each."""
    lists: dict[str, list[tuple[str, int]]] = {}
    for row in sheet.rows if sheet else ():
        if row.get("list_name") and row.get("name"):
            lists.setdefault(row.get("list_name"), []).append((row.get("name"), row.number))
    return lists


def _languages(form: _Form, mapping: Mapping[str, Any]) -> dict[str, str]:
    """The label columns read as Bahasa Indonesia (``id``) or English (``en``), by column name.

    ``label::Bahasa Indonesia (id)`` says its language by its code; ``label::English`` by its name;
    a plain ``label`` is in the settings' ``default_language``; ``languages`` of the mapping names
    any other (``languages: {"Indonesian": id}``).
    """
    said = {str(k).strip(): _text(v).lower() for k, v in (mapping.get("languages") or {}).items()}
    columns: dict[str, str] = {}
    for column in form.survey.header:
        base, sep, language = column.partition("::")
        if base != "label":
            continue
        if not sep:
            language = form.settings.get("default_language", "")
        lang = said.get(language) or _language(language)
        if lang in ("id", "en"):
            columns[column] = lang
        elif not sep:
            columns[column] = "id"  # a form in one unnamed language: its text stands for both
    return columns


def _language(name: str) -> str:
    code = _LANGUAGE_CODE.search(name)
    if code:
        return _LANGUAGE_NAMES.get(code.group(1).lower(), "")
    return _LANGUAGE_NAMES.get(name.strip().lower(), "")


# -- the set around them --------------------------------------------------------------------------

def _top_fields(form: _Form, mapping: Mapping[str, Any], base: Mapping[str, Any], file_name: str,
                problems: list[Problem]) -> dict[str, Any]:
    """The set's own fields: the mapping's, else the form's settings (id, version, title), else the base set's."""
    said: dict[str, Any] = dict(mapping.get("set") or {})
    settings = form.settings
    from_form = {"id": settings.get("form_id"), "version": settings.get("version"),
                 "title": {"id": settings["form_title"], "en": settings["form_title"]}
                 if settings.get("form_title") else None}
    top: dict[str, Any] = {}
    for key in SET_FIELDS:
        value = said.get(key)
        if value is None:
            value = from_form.get(key)
        if value is None and key == "source" and base:
            value = {"citation": f"XLSForm {settings.get('form_title') or settings.get('form_id') or file_name}",
                     "licence": (base.get("source") or {}).get("licence", "")}
        if value is None and key not in ("id", "version", "title"):
            value = base.get(key)
        if value is None:
            problems.append(problem(f"mapping: set.{key}", "the form does not say the set's %(field)s: give it in "
                                                           "the mapping, or name a set it is based_on", field=key))
        top[key] = value
    if base and isinstance(top["source"], dict):  # what it derives from, said even where the mapping gave the rest
        top["source"] = {**top["source"], "derived_from": top["source"].get("derived_from")
                         or f"{base.get('id')}@{base.get('version')}"}
    return top


def _check_set(text: str, file_name: str, survey: _Survey) -> None:
    """The strict loader's check of the set read, its problem placed at the survey row it comes from."""
    if len(text.encode("utf-8")) > MAX_SET_BYTES:
        raise WorkbookRejected([problem(None, "the indicator set %(name)s is larger than %(limit)d bytes",
                                        name=file_name, limit=MAX_SET_BYTES)])
    try:
        parse_set_text(text, file_name)
    except InvalidInput as exc:
        detail = str(exc.params.get("problem", exc))
        where = _INDICATOR_PATH.search(detail)
        place = None
        if where:
            domains = list(survey.domains.values())
            code = domains[int(where.group(1))]["indicators"][int(where.group(2))]["code"]
            place = survey.form.survey.place(survey.rows[code], "name")
        raise WorkbookRejected([problem(place, "the set read from the form is not valid: %(problem)s",
                                        problem=detail)]) from None



def is_xlsx(data: bytes) -> bool:
    """Whether an upload looks like an .xlsx (a zip) rather than a YAML set: the XLSForm path reads it."""
    return data[:4] == b"PK\x03\x04"
