"""A short fuzz campaign on the importer in every run: no unhandled exception, no partial write.

The long campaign (10,000+ cases) is benchmarks/fuzz_import.py, run by hand.
"""

import itertools
import os

from sqlalchemy import func, select

from assessments.excel.offline_form import domain_sheet_titles
from assessments.excel.offline_form_import import import_workbook
from assessments.models import Assessment, AuditEntry, Response
from tests.assessments.excel.workbook_files import filled, template_bytes
from tests.assessments.excel.workbook_fuzz import mutations

CASES = int(os.environ.get("WASHFIT_FUZZ_CASES", "150"))


def state(session):
    return (session.scalar(select(func.count()).select_from(Response)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.coalesce(func.sum(Assessment.version), 0))))


def test_mutated_workbooks_are_refused_or_imported_never_half_written(session, district, mini_set):
    sheets = list(domain_sheet_titles(mini_set).values())
    round_name = district["round"].name
    template = template_bytes(mini_set, facility_code="F1", round_name=round_name)
    good = filled(template, {f"'{sheets[0]}'!D5": "Memenuhi sebagian", f"'{sheets[0]}'!E5": "tandon bocor"})
    assessor = session.merge(district["users"]["assessor"])
    outcomes = {"accepted": 0, "refused": 0}
    for kind, data in itertools.islice(mutations(template, good, sheets, seed=7), CASES):
        before = state(session)
        result = import_workbook(session, mini_set, data, assessor, file_name="fuzz.xlsx")
        if result.accepted:
            session.commit()
            outcomes["accepted"] += 1
        else:
            session.rollback()
            outcomes["refused"] += 1
            assert state(session) == before, f"{kind}: a refused file changed the database"
            assert all(str(p) for p in result.problems)
    assert outcomes["refused"] > CASES // 2
