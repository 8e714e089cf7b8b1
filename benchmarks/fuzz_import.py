"""The workbook importer's fuzz campaign: thousands of generated and mutated files.

Each case goes through the full import into a database holding the demo; a refused file must
leave the database exactly as it was, an accepted one is committed, and any exception other than
a refusal is counted as a failure and printed. Run by hand:

    .venv/bin/python -m benchmarks.fuzz_import --cases 10000
"""

from __future__ import annotations

import argparse
import collections
import itertools
import tempfile
import time
import traceback
from pathlib import Path

from sqlalchemy.orm import Session

from assessments.accounts.users import authenticate
from assessments.database import make_engine, upgrade_to_head
from assessments.demo import load_demo
from assessments.excel.offline_form import domain_sheet_titles
from assessments.excel.offline_form_import import import_workbook
from assessments.facilities import find_facility, profile_of
from assessments.indicator_sets import first_indicator_set
from assessments.rounds import find_round
from tests.assessments.excel.workbook_files import filled, template_bytes
from tests.assessments.excel.workbook_fuzz import mutations
from tests.assessments.test_excel_fuzz import state

PASSWORD = "demo-password-1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    indicator_set = first_indicator_set()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'fuzz.sqlite'}")
        upgrade_to_head(engine)
        with Session(engine, expire_on_commit=False) as session:
            load_demo(session, password=PASSWORD)
            session.commit()
            assessor = authenticate(session, "demo-penilai", PASSWORD)
            facility = find_facility(session, "KPG25")  # not yet assessed in the follow-up
            round_ = find_round(session, None)
            session.commit()
            sheets = list(domain_sheet_titles(indicator_set).values())
            template = template_bytes(indicator_set, facility_code=facility.code, round_name=round_.name,
                                      profile=profile_of(facility))
            good = filled(template, {f"'{sheets[0]}'!D5": "Memenuhi", f"'{sheets[1]}'!D5": "Tidak memenuhi"})
            kinds: collections.Counter[str] = collections.Counter()
            outcomes: collections.Counter[str] = collections.Counter()
            failures = partial_writes = 0
            started = time.perf_counter()
            for kind, data in itertools.islice(mutations(template, good, sheets, args.seed), args.cases):
                kinds[kind] += 1
                before = state(session)
                try:
                    result = import_workbook(session, indicator_set, data, assessor, file_name="fuzz.xlsx")
                except Exception:  # noqa: BLE001 - every escape is what this campaign counts
                    failures += 1
                    session.rollback()
                    print(f"UNHANDLED ({kind}):\n{traceback.format_exc()}")
                    continue
                if result.accepted:
                    session.commit()
                    outcomes["accepted"] += 1
                else:
                    session.rollback()
                    outcomes["refused"] += 1
                    if state(session) != before:
                        partial_writes += 1
                        print(f"PARTIAL WRITE ({kind}): {[str(p) for p in result.problems]}")
    elapsed = time.perf_counter() - started
    print(f"{args.cases} cases in {elapsed:.0f} s ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"accepted {outcomes['accepted']}, refused {outcomes['refused']}, "
          f"unhandled exceptions {failures}, partial writes {partial_writes}")


if __name__ == "__main__":
    main()
