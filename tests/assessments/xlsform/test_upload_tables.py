"""Hostile and broken exports: refused with a clear message before anything is read further."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import Workbook

from assessments.excel.problems import WorkbookRejected
from assessments.xlsform.upload_tables import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, read_table
from tests.assessments.excel.workbook_files import with_members, zip_bomb


def refusal(data: bytes) -> str:
    with pytest.raises(WorkbookRejected) as refused:
        read_table(data)
    return str(refused.value)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_csv_with_and_without_a_byte_order_mark_reads_the_same():
    text = "SubmissionDate,facility\r\n2025-05-03,KPG01\r\n"
    plain, marked = read_table(text.encode()), read_table(b"\xef\xbb\xbf" + text.encode())
    assert plain.header == marked.header == ("SubmissionDate", "facility")
    assert plain.rows == marked.rows == ((2, ("2025-05-03", "KPG01")),)


def test_kobo_semicolon_csv_is_read_by_its_header():
    table = read_table(b'facility;d_w/w_1_c\nKPG01;"air, sabun; tangki"\n')
    assert table.rows[0][1] == ("KPG01", "air, sabun; tangki")


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    ("facility\nPuskesmas Oelamasi Café\n".encode("cp1252"), "not UTF-8"),
    ("facility\nKPG01\n".encode("utf-16"), "not UTF-8"),
    (b"facility\nKPG\x0001\n", "NUL bytes"),
    (b'facility,comment\nKPG01,"never closed\n', "not a readable CSV"),
    (b"a," * (MAX_COLUMNS + 1) + b"\n", "columns"),
    (b"facility\n" + b"KPG01\n" * (MAX_ROWS + 1), "rows"),
    (b"facility\n" + b"x" * 20_000 + b"\n", "longer than"),
    (b"{not json", "not valid JSON"),
    (b'{"results": 5}', "a list of results"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    (json.dumps({"results": [{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": 1}}}}}}}}}}]}).encode(),
     "nested deeper"),
    (json.dumps({"results": [{"facility": "KPG\u000001"}]}).encode(), "NUL bytes"),
])
def test_broken_or_hostile_text_is_refused_with_its_reason(data, message):
    assert message in refusal(data)


def test_a_file_larger_than_the_limit_is_refused_by_its_size():
    assert "larger than" in refusal(b"a" * (MAX_FILE_BYTES + 1))


def test_a_zip_bomb_is_refused_from_the_archive_directory():
    assert "zip bomb" in refusal(zipped({"washfit_assessment.csv": b"0" * (40 * 2**20)}))
    assert "compressed" in refusal(zipped({"washfit_assessment.csv": b"0" * (2 * 2**20)}))


def test_a_zip_with_too_many_members_or_no_csv_is_refused():
    assert "too many files" in refusal(zipped({f"media/{n}.jpg": b"x" for n in range(150)}))
    assert "no CSV" in refusal(zipped({"media/photo.jpg": b"x"}))
    assert "damaged zip" in refusal(b"PK\x03\x04 broken")


def test_central_zip_reads_the_root_table_not_a_repeat():
    table = read_table(zipped({"washfit_assessment-photos.csv": b"PARENT_KEY\nx\n",
                               "washfit_assessment.csv": b"SubmissionDate,facility\n2025-05-03,KPG01\n",
                               "media/a.jpg": b"x"}))
    assert table.layout == "zip" and table.header == ("SubmissionDate", "facility")


def test_xlsx_goes_through_the_workbook_package_checks():
    assert "zip bomb" in refusal(zip_bomb(40 * 2**20))
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>'
    assert "DOCTYPE" in refusal(with_members(xlsx([["facility"], ["KPG01"]]), {}, {"xl/workbook.xml": doctype}))


def test_xlsx_with_a_formula_is_refused():
    assert "formula" in refusal(xlsx([["facility", "d_w/w_1"], ["KPG01", "=HYPERLINK(\"http://x\")"]]))


def test_xlsx_rows_are_read_as_text_without_the_padding_of_the_sheet():
    table = read_table(xlsx([["facility", "visit_date", "n"], ["KPG01", None, 2.0]]))
    assert table.layout == "xlsx" and table.rows == ((2, ("KPG01", "", "2")),)


def test_huge_xlsx_by_cell_count_is_refused():
    # The package bounds (``excel.upload_bounds.SUBMISSIONS_EXPORT``) stop it before any row is read.
    assert "holds more than 1000 cells" in refusal(xlsx([["x"] * (MAX_COLUMNS + 5)]))
