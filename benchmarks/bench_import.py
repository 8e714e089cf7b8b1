"""Import: 26 filled assessment workbooks, in total and per workbook.

A demo database gets a third round; each puskesmas's offline workbook for it is filled in by
code (every applicable indicator answered, some with comments) and imported through
``import_workbook`` as an admin, each in its own transaction, rolled back so every repeat does
the same work. Baseline: openpyxl reading the same workbooks (read-only, every row), which the
import has to do anyway before it checks and writes anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from assessments.accounts.users import authenticate
from assessments.database import make_engine, upgrade_to_head
from assessments.demo import load_demo
from assessments.excel.offline_form import domain_sheet_titles, write_template
from assessments.excel.offline_form_import import import_workbook, template_data
from assessments.facilities import list_facilities
from assessments.indicator_sets import first_indicator_set
from assessments.rounds import create_round
from benchmarks.harness import report, timed_runs
from tests.assessments.excel.workbook_files import filled

LABELS = ("Memenuhi", "Memenuhi sebagian", "Tidak memenuhi", "Tidak berlaku")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each contender (at least 3)")
    args = parser.parse_args()
    indicator_set = first_indicator_set()
    rng = random.Random(26)
    titles = domain_sheet_titles(indicator_set)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'import.sqlite'}")
        upgrade_to_head(engine)
        with Session(engine, expire_on_commit=False) as session:
            load_demo(session, password="demo-password-1")
            round_ = create_round(session, "Benchmark 2027", dt.date(2027, 5, 1), "bench", synthetic=True)
            session.commit()
            admin = authenticate(session, "demo-admin", "demo-password-1")
            session.commit()
            workbooks = []
            for facility in list_facilities(session):
                out = io.BytesIO()
                data = template_data(session, indicator_set, facility, round_)
                write_template(data, out)
                cells = {}
                for domain in indicator_set.domains:
                    applicable = [i for i in domain.indicators if i.applies(data.profile)]
                    for row, _indicator in enumerate(applicable, start=5):
                        cells[f"'{titles[domain.code]}'!D{row}"] = rng.choice(LABELS[:3])
                        if rng.random() < 0.2:
                            cells[f"'{titles[domain.code]}'!E{row}"] = "catatan tim penilai"
                workbooks.append(filled(out.getvalue(), cells))

            def import_all() -> None:
                for data in workbooks:
                    result = import_workbook(session, indicator_set, data, admin, file_name="x.xlsx")
                    assert result.accepted, [str(p) for p in result.problems]
                    session.rollback()

            def read_all() -> None:
                for data in workbooks:
                    book = load_workbook(io.BytesIO(data), read_only=True)
                    for ws in book.worksheets:
                        for _row in ws.iter_rows(values_only=True):
                            pass
                    book.close()

            results = timed_runs({"openpyxl read of the same files": read_all,
                                  "washfit import (check + write)": import_all}, args.repeat)
    report(f"Importing {len(workbooks)} filled workbooks ({sum(map(len, workbooks)) // 1024} kB)",
           "openpyxl read of the same files", results)
    per = results["washfit import (check + write)"] / len(workbooks)
    print(f"  per workbook: {per * 1000:.0f} ms")


if __name__ == "__main__":
    main()
