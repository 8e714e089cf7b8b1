"""Submission exports made the way KoboToolbox and ODK Central make them, from an exported XLSForm's own fields.

The survey sheet of the form gives every field's name, its group path, its label and its
choices; each builder below lays out submissions (plain dicts of field name -> choice name or
text) as one of the tools' export layouts.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook

ID_LANG, EN_LANG = "Bahasa Indonesia (id)", "English (en)"
CENTRAL_TAIL = ("KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
                "ReviewState", "DeviceID", "Edits", "FormVersion")


@dataclass(frozen=True)
class Field:
    name: str
    groups: tuple[str, ...]
    group_labels: tuple[dict[str, str], ...]
    labels: dict[str, str]
    list_name: str | None


@dataclass(frozen=True)
class Form:
    fields: tuple[Field, ...]
    choices: dict[str, dict[str, dict[str, str]]]  # list -> name -> lang -> label
    version: str


def read_form(data: bytes) -> Form:
    """The fields of an XLSForm, in form order, with their groups."""
    workbook = load_workbook(io.BytesIO(data))
    survey = list(workbook["survey"].iter_rows(values_only=True))
    header = [str(h) for h in survey[0]]
    fields, groups, group_labels = [], [], []
    for values in survey[1:]:
        row = dict(zip(header, values, strict=True))
        labels = {lang: row.get(f"label::{lang}") or "" for lang in (ID_LANG, EN_LANG)}
        kind = str(row["type"])
        if kind == "begin_group":
            groups.append(row["name"])
            group_labels.append(labels)
        elif kind == "end_group":
            groups.pop()
            group_labels.pop()
        elif kind != "note":
            list_name = kind.split()[1] if kind.startswith("select_one ") else None
            fields.append(Field(row["name"], tuple(groups), tuple(group_labels), labels, list_name))
    choices: dict[str, dict[str, dict[str, str]]] = {}
    rows = list(workbook["choices"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    for values in rows[1:]:
        row = dict(zip(header, values, strict=True))
        choices.setdefault(row["list_name"], {})[str(row["name"])] = {
            lang: row.get(f"label::{lang}") or "" for lang in (ID_LANG, EN_LANG)}
    settings = dict(zip(*workbook["settings"].iter_rows(values_only=True), strict=True))
    return Form(tuple(fields), choices, str(settings["version"]))


def submission(form: Form, facility: str, answers: dict[str, str], *, instance: str, submitted: str,
               round_name: str, indicator_set: str, **extra: str) -> dict[str, str]:
    """What a phone would send: the form's calculated fields as the phone computes them, and the answers."""
    values = {"start": "2025-05-03T08:00:00.000+08:00", "end": "2025-05-03T10:00:00.000+08:00", "facility": facility,
              "visit_date": "2025-05-03", "assessors": "Ina, Yohanes", "team_leader": "Maria", "round": round_name,
              "form_version": form.version, "indicator_set": indicator_set, **answers, **extra}
    return {"__instance": instance, "__submitted": submitted, **values}


def central_csv(form: Form, submissions: list[dict[str, str]], *, group_names: bool = True,
                review: dict[str, str] | None = None) -> bytes:
    """ODK Central's CSV: SubmissionDate first, fields by group path joined with "-", metadata at the end."""
    def head(field: Field) -> str:
        return "-".join((*field.groups, field.name)) if group_names else field.name
    header = ["SubmissionDate", *(head(f) for f in form.fields), "meta-instanceID" if group_names else "instanceID",
              *CENTRAL_TAIL]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for s in submissions:
        state = (review or {}).get(s["__instance"], "")
        writer.writerow([s["__submitted"], *(s.get(f.name, "") for f in form.fields), s["__instance"],
                         s["__instance"], "7", "tim-kupang", "0", "0", "Complete", state, "collect:abc", "0",
                         form.version])
    return out.getvalue().encode("utf-8")


def central_zip(form: Form, submissions: list[dict[str, str]]) -> bytes:
    """The zip Central downloads: the root table named after the form, a repeat table, a media folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("washfit_assessment.csv", central_csv(form, submissions))
        archive.writestr("washfit_assessment-photos.csv", "PARENT_KEY,photo\r\n")
        archive.writestr("media/", "")
    return out.getvalue()


def _kobo_rows(form: Form, submissions: list[dict[str, str]], *, labels: str | None, separator: str) -> \
        tuple[list[str], list[list[str]]]:
    def head(field: Field) -> str:
        if labels is None:
            return separator.join((*field.groups, field.name))
        parts = [g[labels] or name for g, name in zip(field.group_labels, field.groups, strict=True)]
        return separator.join((*parts, field.labels[labels] or field.name))

    def value(field: Field, s: dict[str, str]) -> str:
        raw = s.get(field.name, "")
        if labels is None or field.list_name is None or not raw:
            return raw
        return form.choices[field.list_name][raw][labels] or form.choices[field.list_name][raw][ID_LANG]

    header = [*(head(f) for f in form.fields), "meta/instanceID", "_id", "_uuid", "_submission_time",
              "_validation_status", "_status", "_submitted_by", "__version__"]
    rows = [[*(value(f, s) for f in form.fields), s["__instance"], str(n), s["__instance"].removeprefix("uuid:"),
             s["__submitted"], s.get("__validation", ""), "submitted_via_web", "tim-kupang", "vQxk3"]
            for n, s in enumerate(submissions, start=101)]
    return header, rows


def kobo_csv(form: Form, submissions: list[dict[str, str]], *, labels: str | None = None, separator: str = "/",
             bom: bool = False) -> bytes:
    """Kobo's CSV export: ";" between values, groups in headers, XML values or labels in a language."""
    header, rows = _kobo_rows(form, submissions, labels=labels, separator=separator)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def kobo_xlsx(form: Form, submissions: list[dict[str, str]], *, labels: str | None = None,
              separator: str = "/") -> bytes:
    header, rows = _kobo_rows(form, submissions, labels=labels, separator=separator)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "WASH FIT"
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def kobo_json(form: Form, submissions: list[dict[str, str]]) -> bytes:
    """Kobo's API v2 JSON: results keyed by group path joined with "/", unanswered fields left out."""
    results = []
    for n, s in enumerate(submissions, start=101):
        record: dict[str, object] = {"/".join((*f.groups, f.name)): s[f.name] for f in form.fields if s.get(f.name)}
        record.update({"_id": n, "_uuid": s["__instance"].removeprefix("uuid:"), "meta/instanceID": s["__instance"],
                       "__version__": "vQxk3", "_submission_time": s["__submitted"], "_submitted_by": "tim-kupang",
                       "_status": "submitted_via_web", "_validation_status": s.get("__validation_json", {}),
                       "_attachments": [], "_geolocation": [None, None]})
        if s.get("__deprecated"):
            record["meta/deprecatedID"] = s["__deprecated"]
        results.append(record)
    return json.dumps({"count": len(results), "next": None, "previous": None, "results": results}).encode()
