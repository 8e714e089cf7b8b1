"""Peak memory and CPU of an offline-form upload: the hostile workbooks refused, a real form imported.

Each case runs ``import_workbook`` in a fresh Python process (so one case's memory cannot hide
another's), against a SQLite database holding the form's facility, round and an admin; the
import is rolled back so every run starts alike. "Idle" is the process's resident memory just
before the import (interpreter, washfit, openpyxl and the indicator set loaded, the file's bytes
in memory): what a gunicorn worker holds when the upload arrives. The kernel's high-water mark
is reset there (``/proc/self/clear_refs``), so the peak is the import's own. Reported: the median of
``--repeat`` runs of the peak above idle and of the CPU time, and each as a ratio to the real
form imported in the same run (the floor). Run by hand:

    .venv/bin/python -m benchmarks.bench_upload_bounds --repeat 3

The goal (issue 17): at most 100 MB above idle for any upload, at most 2 s of CPU to refuse one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from assessments.database import make_engine, upgrade_to_head
from assessments.models import AssessmentRound, Facility, User
from assessments.shipped_files import shipped_path
from scoring import load_indicator_set
from tests.assessments.excel.workbook_files import HOSTILE_WORKBOOKS, filled, template_bytes

REAL_FORM = "a real filled form (seed set)"


def _prepare(folder: Path) -> tuple[str, dict[str, Path]]:
    """The database and one file per case, written once by the parent."""
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with Session(engine) as session:
        session.add_all([
            Facility(code="F1", name="Puskesmas Satu", inpatient=True, delivery=True),
            AssessmentRound(name="Baseline 2025", starts_on=dt.date(2025, 5, 1)),
            User(username="admin", role="admin", password_hash="not-a-hash"),
        ])
        session.commit()
    engine.dispose()
    indicator_set = load_indicator_set(shipped_path("seed_indicators.yaml"))
    template = template_bytes(indicator_set)
    answers = {f"{sheet}!D{row}": "Memenuhi" for sheet, rows in (("Air", range(5, 17)), ("Sanitasi", range(5, 16)))
               for row in rows}
    files = {REAL_FORM: filled(template, answers)}
    files.update({name: make(template) for name, make in HOSTILE_WORKBOOKS.items()})
    paths = {}
    for number, (name, data) in enumerate(files.items()):
        paths[name] = folder / f"case{number}.xlsx"
        paths[name].write_bytes(data)
    return url, paths


def _child(url: str, path: Path) -> None:
    """One import in this process; prints peak-above-idle (MB), CPU seconds and the outcome as JSON."""
    from assessments.excel.offline_form_import import import_workbook
    from assessments.shipped_files import shipped_path as shipped

    indicator_set = load_indicator_set(shipped("seed_indicators.yaml"))
    data = path.read_bytes()
    engine = make_engine(url)
    with Session(engine) as session:
        actor = session.query(User).filter_by(username="admin").one()
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak to what is resident now
        idle = _status_kb("VmRSS")
        cpu = time.process_time()
        result = import_workbook(session, indicator_set, data, actor, file_name=path.name)
        cpu = time.process_time() - cpu
        peak = _status_kb("VmHWM")
        session.rollback()
    outcome = f"imported, {result.changed} answers" if result.accepted else f"refused: {result.problems[0]}"
    print(json.dumps({"above_idle_mb": (peak - idle) / 1024, "cpu_s": cpu, "size_mb": len(data) / 2**20,
                      "outcome": outcome}))


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} is not in /proc/self/status")


def _run(url: str, path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_upload_bounds", "--child", url, str(path)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case; the median counts")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        url, paths = _prepare(Path(folder))
        results = {name: [_run(url, path) for _ in range(args.repeat)] for name, path in paths.items()}
    floor = results[REAL_FORM]
    floor_mb = statistics.median(float(r["above_idle_mb"]) for r in floor)  # type: ignore[arg-type]
    floor_cpu = statistics.median(float(r["cpu_s"]) for r in floor)  # type: ignore[arg-type]
    print(f"upload bounds: median of {args.repeat} runs, each in a fresh process (ratio to the real form)")
    print(f"  {'case':<30} {'file':>7} {'peak above idle':>22} {'CPU':>18}   outcome")
    for name, runs in results.items():
        mb = [float(r["above_idle_mb"]) for r in runs]  # type: ignore[arg-type]
        cpu = [float(r["cpu_s"]) for r in runs]  # type: ignore[arg-type]
        print(f"  {name:<30} {float(runs[0]['size_mb']):5.1f}MB "  # type: ignore[arg-type]
              f"{statistics.median(mb):8.1f} MB ({statistics.median(mb) / max(floor_mb, 0.1):6.1f}x) "
              f"{statistics.median(cpu):7.2f} s ({statistics.median(cpu) / floor_cpu:5.1f}x)   "
              f"min {min(mb):.1f} MB / {min(cpu):.2f} s   {runs[0]['outcome']}")


if __name__ == "__main__":
    main()
