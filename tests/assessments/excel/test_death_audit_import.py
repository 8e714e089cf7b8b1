"""Importing death audit summaries: all rows or none, identifying files refused, nothing identifying logged."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from assessments.death_audits.codes import current_audit_codes
from assessments.excel.death_audit_import import import_audits
from assessments.models import AuditEntry, DeathAudit

TODAY = dt.date(2026, 12, 1)


def _import(session, district, data, who="amp_sr", name="audits.csv"):
    return import_audits(session, current_audit_codes(), data, session.merge(district["users"][who]),
                         file_name=name, today=TODAY)


def _count(session):
    return session.scalar(select(func.count()).select_from(DeathAudit))


def test_a_de_identified_file_is_stored_whole(session, district, audit_file):
    data = audit_file("F1,2026,3,neonatal_death,facility,infection,no_running_water;referral_delay,Alirkan air",
                      "F2,2025,11,kematian ibu,dalam rujukan,perdarahan,,")
    result = _import(session, district, data)
    session.commit()
    assert result.accepted and result.stored == 2 and result.facility_codes == ("F1", "F2")
    stored = session.scalars(select(DeathAudit).order_by(DeathAudit.id)).all()
    assert [(c.case_type, c.place, c.cause_group, c.factors) for c in stored] == [
        ("neonatal_death", "facility", "infection", "no_running_water referral_delay"),
        ("maternal_death", "referral", "haemorrhage", ""),
    ]


@pytest.mark.parametrize("column", ["nama", "NIK", "alamat", "tanggal lahir", "no. rekam medis", "name"])
def test_a_file_with_an_identifying_column_is_refused_and_nothing_stored(session, district, audit_file, column):
    data = audit_file("F1,2026,3,neonatal_death,facility,infection,Maria Goreti",
                      header=f"facility,year,month,case_type,place,cause_group,{column}")
    result = _import(session, district, data)
    session.rollback()
    assert not result.accepted and _count(session) == 0
    assert result.problems[0].location == "column 7" and "nothing was stored" in result.problems[-1].message
    assert "Maria" not in " ".join(str(p) for p in result.problems)


@pytest.mark.parametrize(("cell", "says"), [("5301234567890001", "NIK"), ("meninggal 12/03/2026", "exact date")])
def test_an_identifying_value_refuses_the_file_naming_the_row_never_the_value(session, district, audit_file, cell,
                                                                              says):
    data = audit_file("F1,2026,3,neonatal_death,facility,infection,,ok", f"F1,2026,4,stillbirth,home,other,,{cell}")
    result = _import(session, district, data)
    session.rollback()
    assert not result.accepted and _count(session) == 0
    assert [p.location for p in result.problems] == ["row 3, recommendation"]
    assert says in result.problems[0].message and cell not in str(result.problems[0])


def test_every_bad_row_is_reported_and_nothing_stored(session, district, audit_file):
    data = audit_file("F1,2026,13,neonatal_death,facility,infection,,", "F9,2026,1,neonatal_death,facility,infection,,",
                      "F1,2026,1,unknown_type,facility,infection,dirty_water,", "F1,2027,1,stillbirth,home,other,,")
    result = _import(session, district, data)
    session.rollback()
    assert _count(session) == 0
    assert [p.location for p in result.problems] == [
        "row 2, month", "row 3, facility", "row 4, case_type", "row 4, factors", "row 5, year"]


def test_the_same_file_twice_is_refused_the_second_time(session, district, audit_file):
    data = audit_file("F1,2026,3,neonatal_death,facility,infection,,")
    assert _import(session, district, data).accepted
    session.commit()
    again = _import(session, district, data)
    assert not again.accepted and "imported before" in again.problems[0].message and _count(session) == 1


def test_only_the_amp_sr_team_and_admins_may_import(session, district, audit_file):
    result = _import(session, district, audit_file("F1,2026,3,neonatal_death,facility,infection,,"), who="viewer")
    assert not result.accepted and _count(session) == 0


def test_an_xlsx_file_is_read_and_a_date_cell_refused(session, district):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["puskesmas", "tahun", "bulan", "jenis kasus", "tempat", "kelompok penyebab", "faktor"])
    sheet.append(["F1", 2026, 5, "lahir mati", "di rumah", "asfiksia", "no_light"])
    good = io.BytesIO()
    workbook.save(good)
    assert _import(session, district, good.getvalue(), name="a.xlsx").stored == 1
    session.commit()
    sheet.append(["F1", 2026, dt.datetime(2026, 5, 3), "lahir mati", "di rumah", "asfiksia", ""])
    bad = io.BytesIO()
    workbook.save(bad)
    result = _import(session, district, bad.getvalue(), name="b.xlsx")
    assert not result.accepted and result.problems[0].location == "row 3, month"


def test_hostile_bytes_are_refused_with_a_message(session, district):
    for data, name in ((b"facility,year\x00", "a.csv"), (b"\xff\xfe", "a.csv"), (b"PK\x03\x04junk", "a.xlsx")):
        result = _import(session, district, data, name=name)
        assert not result.accepted and result.problems


def test_the_audit_trail_holds_codes_and_never_the_recommendation(session, district, audit_file):
    row = "F1,2026,3,neonatal_death,facility,infection,no_hand_hygiene,Bidan Ani dilatih"
    _import(session, district, audit_file(row))
    session.commit()
    logged = " ".join(f"{e.field}={e.new_value}" for e in session.scalars(select(AuditEntry)))
    assert "case_type=neonatal_death" in logged and "Ani" not in logged
