"""Timing helpers shared by the benchmark scripts: interleaved runs, min/median/max, ratios within a run.

Each repeat runs every contender once, in turn, so a ratio compares runs made side by side on
this noisy machine; ``before`` (untimed) runs ahead of every timed run, to clear caches.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required=not os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5, help="runs of each contender (at least 3)")
    return parser


def clear_caches() -> None:
    """Forget what washfit keeps in the process between requests: parsed sets, drawn charts (by data and by
    round or plans fingerprint)."""
    from assessments.charts import district, drawing
    from assessments.indicator_sets import _PARSED

    for name in ("domain_profile", "round_change", "heat_map", "service_ladder", "plan_cost", "progress"):
        getattr(drawing, name).cache_clear()
    _PARSED.clear()
    district._KEPT.clear()
    gc.collect()


def timed_runs(contenders: Mapping[str, Callable[[], object]], repeat: int,
               before: Callable[[], None] | None = clear_caches) -> dict[str, list[float]]:
    """Seconds of each contender's ``repeat`` runs, interleaved, after one untimed warm-up each."""
    for run in contenders.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(max(repeat, 3)):
        for name, run in contenders.items():
            if before is not None:
                before()
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return times


def report(title: str, baseline_name: str, times: Mapping[str, list[float]]) -> None:
    """Print each contender's min/median/max and its ratio to the baseline run by run (min/median/max)."""
    base = times[baseline_name]
    print(title)
    for name, seconds in times.items():
        ratios = sorted(s / b for s, b in zip(seconds, base, strict=True))
        print(f"  {name:<40} min {min(seconds) * 1000:9.1f}  median {statistics.median(seconds) * 1000:9.1f}  "
              f"max {max(seconds) * 1000:9.1f} ms   × {baseline_name}: min {ratios[0]:5.2f} "
              f"median {statistics.median(ratios):5.2f} max {ratios[-1]:5.2f}")
