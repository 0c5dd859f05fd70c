"""Shared pieces of the benchmark scripts: interleaved timing, the machine, tables.

Every script sets the BLAS/OpenMP thread variables to 1 before it imports numpy (see
THREAD_VARS), so that actplot and PyTorch are both measured on one thread.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS")
REPO = Path(__file__).resolve().parents[1]


def single_thread() -> None:
    """Pin numpy's (and torch's) thread pools to one thread; call before importing them."""
    for var in THREAD_VARS:
        os.environ[var] = "1"


def machine() -> str:
    """The processor, core count and Python/numpy versions: the line under every table."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import numpy

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, numpy {numpy.__version__}"
    )


def calibrate(job: Callable[[], object], min_seconds: float) -> int:
    """How many calls of `job` last at least `min_seconds` (after one warm-up call)."""
    job()
    start = time.perf_counter()
    job()
    once = time.perf_counter() - start
    return max(1, math.ceil(min_seconds / max(once, 1e-9)))


def best_times(
    jobs: Sequence[Callable[[], object]], rounds: int, min_seconds: float
) -> list[float]:
    """Seconds per call of each job, the best of `rounds`. Jobs run interleaved, one timed
    batch each per round, so that a load spike on the machine hits all of them alike."""
    loops = [calibrate(job, min_seconds) for job in jobs]
    best = [math.inf] * len(jobs)
    for _ in range(rounds):
        for k, job in enumerate(jobs):
            start = time.perf_counter()
            for _ in range(loops[k]):
                job()
            best[k] = min(best[k], (time.perf_counter() - start) / loops[k])
    return best


def run_seconds(argv: Sequence[str], cwd: Path | None = None, env: dict | None = None) -> float:
    """Wall time of one subprocess run; a failure stops the benchmark with its stderr."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def alternating_medians(
    commands: Sequence[Sequence[str]], runs: int, cwd: Path | None = None, warmup: int = 1
) -> list[float]:
    """Median wall time of each command, run in turn (A B C A B C ...) after `warmup` rounds."""
    for _ in range(warmup):
        for argv in commands:
            run_seconds(argv, cwd)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for k, argv in enumerate(commands):
            times[k].append(run_seconds(argv, cwd))
    return [statistics.median(t) for t in times]


def geomean(values: Sequence[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def markdown(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table; the first column is left-aligned, the rest right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def _cell(v: object) -> str:
    if isinstance(v, float):
        return "—" if math.isnan(v) else f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(v)
