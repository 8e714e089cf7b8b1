"""Exports: the district summary against an openpyxl write-only dump of the same cells.

washfit's export is timed end to end (queries, stored scores, charts, the workbook streamed to a
temporary file as the web download is), with washfit's caches cleared before every run. The
baseline writes exactly the cells washfit wrote (read back beforehand, untimed) with openpyxl's
write-only mode to a temporary file and nothing else.

Peak memory is the peak resident set (``VmHWM``) of a fresh child process that runs one export,
printed beside that of a child that only imports what the export imports (the fixed cost).
``ru_maxrss`` would not do: Linux carries it across fork and exec, so a child would report this
process's peak, which holds every cell of the workbook for the baseline.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile

from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from assessments.database import make_engine
from assessments.excel.exports import export_district_summary
from assessments.rounds import find_round
from benchmarks.harness import arguments, report, timed_runs


def export(database_url: str, read_back: bool = False) -> bytes:
    """Export the default round's summary to a temporary file; its bytes only when ``read_back`` (untimed)."""
    engine = make_engine(database_url)
    with tempfile.TemporaryFile() as out, Session(engine) as session:  # answers stream while the file is written
        export_district_summary(session, find_round(session, None), out, "id")
        written = b""
        if read_back:
            out.seek(0)
            written = out.read()
    engine.dispose()
    return written


def peak_rss_kb() -> int:
    """This process's peak resident set in kB (its own address space's, unlike ``ru_maxrss``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def child_peak_mb(database_url: str, what: str) -> float:
    """The peak RSS of a fresh process that runs ``what`` ("export" or "imports")."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_exports", "--child", what, "--database-url",
                           database_url], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


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
    parser.add_argument("--child", choices=("export", "imports"),
                        help="internal: run one export (or only import), print the peak memory in kB")
    parser.add_argument("--memory-runs", type=int, default=1, help="fresh processes measuring the peak memory")
    args = parser.parse_args()
    if args.child:
        if args.child == "export":
            export(args.database_url)
        print(peak_rss_kb())
        return
    # Memory first, before this process holds every cell of the workbook.
    imports_mb = child_peak_mb(args.database_url, "imports")
    peaks_mb = sorted(child_peak_mb(args.database_url, "export") for _ in range(max(args.memory_runs, 1)))
    written = export(args.database_url, read_back=True)
    book = load_workbook(io.BytesIO(written), read_only=True)
    sheets = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    book.close()
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    results = timed_runs({
        "openpyxl write-only dump": lambda: dump(sheets),
        "washfit export-summary (cold caches)": lambda: export(args.database_url),
    }, args.repeat)
    report(f"District summary, {len(written) // 1024} kB, {cells} cells with a value in {len(sheets)} sheets",
           "openpyxl write-only dump", results)
    shown = " / ".join(f"{mb:.0f}" for mb in (peaks_mb[0], statistics.median(peaks_mb), peaks_mb[-1]))
    print(f"  peak RSS of a process running one export: {shown} MB (min / median / max of {len(peaks_mb)}); "
          f"of the same process after only its imports: {imports_mb:.0f} MB")


if __name__ == "__main__":
    main()
