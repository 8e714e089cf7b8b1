"""Timing helpers shared by the benchmark scripts: medians of repeats and ratios to a baseline."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required=not os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5, help="runs of each contender; the median counts")
    return parser


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(title: str, baseline_name: str, results: dict[str, float]) -> None:
    """Print each contender's median and its ratio to the baseline."""
    base = results[baseline_name]
    print(title)
    for name, seconds in results.items():
        print(f"  {name:<34} {seconds * 1000:10.1f} ms   {seconds / base:6.2f}× {baseline_name}")
