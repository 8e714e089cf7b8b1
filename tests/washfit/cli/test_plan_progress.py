"""`washfit progress` prints the counts and rupiah of the summary workbook's Kemajuan sheet, and of the web."""

import datetime as dt

from openpyxl import load_workbook

from assessments.plans.monitoring import Progress, record_progress
from tests.assessments.plans.helpers import action


def _monitored(session, district):
    head = session.merge(district["users"]["head"])
    for code, progress in (
        ("W2", Progress("done", dt.date(2025, 6, 1), dt.date(2025, 7, 1), "Tangki terpasang", 4_500_000)),
        ("HH1", Progress("in_progress", dt.date(2025, 6, 15), None, "", 125_000)),
    ):
        target = action(session, code)
        record_progress(session, target, progress, head, target.version)
    session.commit()


def _cli_rows(output):
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Kode\t"))
    return [line.split("\t") for line in lines[start + 1:]]


def _sheet_rows(path):
    sheet = load_workbook(path)["Kemajuan"]
    rows = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if not any(row):
            break
        rows.append(row)
    return rows


def test_progress_equals_the_kemajuan_sheet_of_the_summary_workbook(run_mini_cli, session, planned_district, tmp_path):
    _monitored(session, planned_district)
    printed = run_mini_cli("progress")
    assert printed.exit_code == 0, printed.output
    cli = _cli_rows(printed.output)
    assert run_mini_cli("export-summary", "-o", str(tmp_path / "s.xlsx")).exit_code == 0
    sheet = _sheet_rows(tmp_path / "s.xlsx")
    assert len(cli) == len(sheet) == 2  # F1 and the district
    for printed_row, sheet_row in zip(cli, sheet, strict=True):
        assert printed_row[4:10] == [str(n) for n in sheet_row[4:10]]
        assert printed_row[10:12] == [f"Rp {n:,}".replace(",", ".") for n in sheet_row[10:12]]
        assert printed_row[:3] == [sheet_row[0] or "", sheet_row[1], sheet_row[2] or ""]
    assert cli[0][:2] == ["F1", "Puskesmas Satu"] and cli[0][4] == "1" and cli[0][5] == "1"
    assert cli[-1][1] == "Total kabupaten" and cli[-1][11] == "Rp 4.625.000"


def test_progress_of_an_unknown_round_is_one_line(run_mini_cli, planned_district):
    result = run_mini_cli("progress", "--round", "Nope")
    assert result.exit_code != 0 and "Nope" in result.output


def _web_rows(html):
    import re

    table = html[html.index('<table class="progress">'):]
    table = table[:table.index("</table>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(cells)
    return rows


def test_progress_equals_the_district_plans_page_and_the_dashboard(run_mini_cli, session, planned_district, client,
                                                                   login):
    _monitored(session, planned_district)
    cli = _cli_rows(run_mini_cli("progress").output)
    login("viewer")
    for path in ("/plans/", "/dashboard"):
        web = _web_rows(client.get(path).get_data(as_text=True))
        assert [r[2:] for r in web[:-1]] + [web[-1][1:]] == [c[4:] for c in cli], path  # the district spans 2
        assert [r[1] for r in web[:-1]] == [c[2] for c in cli[:-1]]
        assert web[0][0] == "Puskesmas Satu" and web[-1][0] == "Total kabupaten"


def test_an_out_of_date_plan_is_named_by_the_command_and_the_sheet(run_mini_cli, session, mini_set, planned_district,
                                                                  tmp_path):
    from tests.assessments.plans.helpers import follow_up

    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "1", "HH1": "0", "HH2": "na"})
    cli = _cli_rows(run_mini_cli("progress").output)
    assert cli[0][3] == "Follow-up 2026"
    assert run_mini_cli("export-summary", "-o", str(tmp_path / "s.xlsx")).exit_code == 0
    assert _sheet_rows(tmp_path / "s.xlsx")[0][3] == "Follow-up 2026"
