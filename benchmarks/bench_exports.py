"""Exports: the district summary against an openpyxl write-only dump of the same cells.

washfit's export is timed end to end (queries, stored scores, charts, the workbook streamed to a
temporary file as the web download is), with washfit's caches cleared before every run. The
baseline writes exactly the cells washfit wrote (read back beforehand, untimed) with openpyxl's
write-only mode to a temporary file and nothing else. Peak memory of the export is measured in a
child process.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile

from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from assessments.database import make_engine
from assessments.excel.exports import export_district_summary
from assessments.rounds import find_round
from benchmarks.harness import arguments, report, timed_runs


def export(database_url: str) -> bytes:
    engine = make_engine(database_url)
    with tempfile.TemporaryFile() as out, Session(engine) as session:  # answers stream while the file is written
        export_district_summary(session, find_round(session, None), out, "id")
        out.seek(0)
        written = out.read()
    engine.dispose()
    return written


def dump(sheets: list[tuple[str, list[tuple]]]) -> int:
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        return out.tell()


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--child", action="store_true", help="internal: run one export, print the peak memory in kB")
    args = parser.parse_args()
    if args.child:
        export(args.database_url)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        return
    written = export(args.database_url)
    book = load_workbook(io.BytesIO(written), read_only=True)
    sheets = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    book.close()
    cells = sum(len(rows) * max((len(r) for r in rows), default=0) for _, rows in sheets)
    results = timed_runs({
        "openpyxl write-only dump": lambda: dump(sheets),
        "washfit export-summary (cold caches)": lambda: export(args.database_url),
    }, args.repeat)
    report(f"District summary, {len(written) // 1024} kB, about {cells} cells in {len(sheets)} sheets",
           "openpyxl write-only dump", results)
    peak_kb = int(subprocess.run([sys.executable, "-m", "benchmarks.bench_exports", "--child", "--database-url",
                                  args.database_url], capture_output=True, text=True, check=True).stdout.split()[-1])
    print(f"  peak memory of the export process: {peak_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
