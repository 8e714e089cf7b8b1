"""The district's price list read from Excel or CSV, and imported into the demo district in one step."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from assessments.accounts.users import active_user
from assessments.demo import load_demo
from assessments.excel.district_workbook import write_district_summary
from assessments.excel.exports import district_summary
from assessments.excel.price_list_reader import (
    MAX_ROWS,
    import_price_file,
    preview_price_file,
    read_price_list,
)
from assessments.excel.problems import WorkbookRejected
from assessments.models import AuditEntry
from assessments.plans.actions import list_plan_actions, plan_totals
from assessments.plans.price_lists import CHANGE, REFUSED, UNMAPPED, PriceListInfo, PriceListRefused, map_price_item
from assessments.plans.prices import cost_catalog
from assessments.rounds import list_rounds
from tests.assessments.excel.summaries import written

HEADER = "Kode;Uraian;Spesifikasi;Satuan;Harga Satuan;Dasar Hukum;Tahun"
# Ten lines that price catalog items (the seventh found by its name, two in a unit the catalog
# item is not sold in), and two lines no mapping reaches.
SSH_2025 = "\n".join([
    "STANDAR SATUAN HARGA KABUPATEN KUPANG TAHUN 2025",
    "",
    HEADER,
    "5.1.02.01.001;Tangki air 5000 liter;polietilen, terkirim;unit;11.000.000;Perbup Kupang 21/2024;2025",
    "5.1.02.01.002;Pompa listrik;0,5 HP;unit;2.100.000;Perbup Kupang 21/2024;2025",
    "5.1.02.03.010;Perbaikan kloset;termasuk bahan;unit;3.200.000;Perbup Kupang 21/2024;2025",
    "5.1.02.04.001;Pipa PVC 1 inci;terpasang;meter;95.000;Perbup Kupang 21/2024;2025",
    "5.1.02.05.003;Lampu LED;titik terpasang;titik;400.000;Perbup Kupang 21/2024;2025",
    "5.1.02.06.001;Tempat sampah 3 warna;pedal;set;1.000.000;Perbup Kupang 21/2024;2025",
    ";Penyedotan lumpur tinja;truk tangki 3 m3;kali;500.000;Perbup Kupang 21/2024;2025",
    "5.1.02.07.002;Kit pembersihan;ember, pel, sikat;set;1.600.000;Perbup Kupang 21/2024;2025",
    "5.1.02.08.001;Sabun cair;jeriken;liter;45.000;Perbup Kupang 21/2024;2025",
    "5.1.02.08.005;Safety box;5 liter;buah;80.000;Perbup Kupang 21/2024;2025",
    "5.1.01.01.001;Kertas HVS;A4 70 gr;rim;55.000;Perbup Kupang 21/2024;2025",
    "5.1.01.01.002;Pulpen;tinta hitam;buah;3.000;Perbup Kupang 21/2024;2025",
]).encode()
BY_CODE = {
    "5.1.02.01.001": "WATER_TANK_5000L", "5.1.02.01.002": "ELECTRIC_PUMP", "5.1.02.03.010": "TOILET_REPAIR",
    "5.1.02.04.001": "PIPE_NETWORK_M", "5.1.02.05.003": "LED_LIGHT_POINT", "5.1.02.06.001": "WASTE_BIN_SET_3",
    "5.1.02.07.002": "CLEANING_KIT", "5.1.02.08.001": "SOAP_ABHR_POINT_YEAR", "5.1.02.08.005": "SAFETY_BOX_5L",
}
EXPECTED = {"WATER_TANK_5000L": 11_000_000, "ELECTRIC_PUMP": 2_100_000, "TOILET_REPAIR": 3_200_000,
            "PIPE_NETWORK_M": 95_000, "LED_LIGHT_POINT": 400_000, "WASTE_BIN_SET_3": 1_000_000,
            "DESLUDGING_TRIP": 500_000, "CLEANING_KIT": 1_600_000}
INFO = PriceListInfo("Perbup Kupang 21/2024", None, "Kabupaten Kupang")


@pytest.fixture
def demo(session, seed_set):
    load_demo(session, password="demo-password-1")
    session.commit()
    admin = active_user(session, "demo-admin")
    for key, code in BY_CODE.items():
        map_price_item(session, seed_set, key, code, admin)
    map_price_item(session, seed_set, "Penyedotan Lumpur  Tinja", "DESLUDGING_TRIP", admin)  # by name, folded
    session.commit()
    return admin


def _estimate_line(session, seed_set):
    round_ = list(list_rounds(session))[-1]
    book = written(write_district_summary, district_summary(session, round_, lang="id"))
    about = {row[0]: row[1] for row in book["Tentang"].iter_rows(values_only=True) if row and row[0]}
    return about["Biaya yang masih diperlukan yang bertumpu pada perkiraan"]


def _share(line):
    return int(line.split("(")[1].split("%")[0])


def test_import_prices_changes_exactly_the_mapped_items_and_moves_totals_as_previewed(session, seed_set, demo):
    catalog_before = {e.code: e.unit_cost for e in cost_catalog(session, seed_set)}
    totals_before = plan_totals(list_plan_actions(session, seed_set))
    line_before = _estimate_line(session, seed_set)

    preview = preview_price_file(session, seed_set, SSH_2025, "ssh-2025.csv", INFO, demo)
    session.rollback()
    outcomes = {line.row.code or line.row.name: line.outcome for line in preview.lines}
    assert list(outcomes.values()).count(CHANGE) == 8
    assert outcomes["5.1.02.08.001"] == outcomes["5.1.02.08.005"] == REFUSED
    assert outcomes["5.1.01.01.001"] == outcomes["5.1.01.01.002"] == UNMAPPED
    by_name = next(line for line in preview.lines if line.item_code == "DESLUDGING_TRIP")
    assert (by_name.mapped_by, by_name.old_price, by_name.new_price) == ("name", 450_000, 500_000)
    assert preview.errors == ()

    result = import_price_file(session, seed_set, SSH_2025, "ssh-2025.csv", INFO, demo, preview.fingerprint)
    session.commit()
    assert result.updated == 8

    catalog_after = {e.code: e for e in cost_catalog(session, seed_set)}
    changed = {code for code, entry in catalog_after.items() if entry.unit_cost != catalog_before[code]}
    assert changed == set(EXPECTED)
    assert {code: catalog_after[code].unit_cost for code in EXPECTED} == EXPECTED
    tank = catalog_after["WATER_TANK_5000L"]
    assert (tank.source, tank.year, tank.region, tank.estimate, tank.valid_from.isoformat()) == (
        "Perbup Kupang 21/2024", 2025, "Kabupaten Kupang", False, "2025-01-01")

    totals_after = plan_totals(list_plan_actions(session, seed_set))
    assert totals_after.district - totals_before.district == preview.after.district - preview.before.district
    assert (totals_after.district, totals_after.estimated) == (preview.after.district, preview.after.estimated)
    assert totals_after.district != totals_before.district

    line_after = _estimate_line(session, seed_set)
    assert _share(line_after) < _share(line_before)
    assert line_before.startswith("Rp ") and "dari" in line_before and "harga bersumber" in line_after
    imported = session.scalars(select(AuditEntry).where(AuditEntry.entity == "price_list")).all()
    assert [e.new_value for e in imported] == ["8 prices; 2 lines refused; 2 not mapped"]


def test_an_older_list_never_overwrites_a_newer_sourced_price(session, seed_set, demo):
    import_price_file(session, seed_set, SSH_2025, "ssh-2025.csv", INFO, demo)
    session.commit()
    older = SSH_2025.replace(b";2025\n", b";2024\n").replace(b";2025", b";2024")
    preview = preview_price_file(session, seed_set, older, "ssh-2024.csv", INFO, demo)
    assert preview.errors and "an older list never overwrites" in preview.errors[0].message
    with pytest.raises(PriceListRefused):
        import_price_file(session, seed_set, older, "ssh-2024.csv", INFO, demo)
    session.rollback()
    assert next(e for e in cost_catalog(session, seed_set) if e.code == "WATER_TANK_5000L").unit_cost == 11_000_000


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_list_reads_like_its_csv():
    data = _xlsx([["SSH 2025"], ["Kode", "Uraian", "Spesifikasi", "Satuan", "Harga Satuan", "Tahun"],
                  ["1.1", "Tangki air", "5000 L", "unit", 11_000_000, 2025],
                  ["", "1.2 Alat tulis", None, None, None, None],
                  ["1.3", "Pompa", "", "unit", 2_100_000.0, None]])
    rows = read_price_list(data, "ssh.xlsx")
    assert [(r.line, r.code, r.unit, r.unit_price, r.year) for r in rows] == [
        (3, "1.1", "unit", 11_000_000, 2025), (5, "1.3", "unit", 2_100_000, None)]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "a.csv", "the file is empty"),
    (b"Nama;Harga\nx;1\n", "a.csv", "no heading row found"),
    (b"Kode;Satuan;Harga\n1;unit;1,5\n", "a.csv", "is not a whole number of rupiah"),
    (b"Kode;Satuan;Harga\n1;unit;12\x00\n", "a.csv", "NUL bytes"),
    (b"Kode;Satuan;Harga;Tahun\n1;unit;100;20255\n", "a.csv", "is not a plausible year"),
    (b"Kode;Satuan;Harga\n1;;100\n", "a.csv", "the unit (Satuan) is empty"),
    (b"Kode;Satuan;Harga\n", "a.csv", "no priced lines"),
    (b"not a zip", "a.xlsx", "not an Excel workbook"),
])
def test_a_hostile_or_broken_list_is_refused_with_its_reason(data, name, message):
    with pytest.raises(WorkbookRejected) as refused:
        read_price_list(data, name)
    assert message in str(refused.value)


def test_a_list_is_bounded_by_its_rows():
    data = b"Kode;Satuan;Harga\n" + b"1;unit;100\n" * (MAX_ROWS + 1)
    with pytest.raises(WorkbookRejected, match="more than"):
        read_price_list(data, "big.csv")


def test_a_workbook_with_macros_is_refused_before_it_is_parsed():
    data = io.BytesIO(_xlsx([["Kode", "Satuan", "Harga"]]))
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 10)
    with pytest.raises(WorkbookRejected, match="macros"):
        read_price_list(data.getvalue(), "ssh.xlsx")
