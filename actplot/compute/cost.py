"""Measured cost: time per element of f and of f plus f', relative to relu timed in the same
run (so the machine's speed cancels out)."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from actplot.model import Activation

# 640 × 16 float64 = 80 KiB per array: small enough that temporaries come from the heap
# (glibc serves >= 128 KiB by mmap, and on a VM the page faults of fresh mappings can cost
# 10× the arithmetic), large enough that the per-call overhead stays small next to it.
ELEMENTS = 10_240
ROWS = 16  # the input is (640, 16): vector activations act along rows of 16 logits
REPEATS = 7
MIN_SECONDS = 1e-3  # each timed repeat runs the call enough times to last this long


@dataclass(frozen=True)
class Cost:
    """Time of f(x) (``forward``) and of f(x) plus f'(x) (``with_derivative``), relu = 1."""

    forward: float
    with_derivative: float


def machine() -> str:
    """The processor and core count, for the footer (and the cache key)."""
    return f"{cpu_model()} ({os.cpu_count()} CPUs, {platform.machine()})"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("model name", "Hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def describe(when: str) -> str:
    """The footer sentence saying how the figures were measured."""
    return (
        "cost: time per element of f and of f + f′ relative to relu (= 1.0), float64, "
        f"N = {ELEMENTS:,}, best of {REPEATS}, measured {when} on {machine()}"
    )


def measure(acts: Sequence[Activation], relu: Activation) -> list[Cost]:
    """The cost of each of `acts` relative to `relu`, interleaved so that load spikes on
    the machine spread over all of them instead of skewing one. relu itself is 1 exactly."""
    x = np.random.default_rng(0).standard_normal(ELEMENTS).reshape(-1, ROWS) * 3.0
    others = [a for a in dict.fromkeys(acts) if a != relu]
    jobs: list[Callable[[], object]] = []
    for act in (relu, *others):
        jobs.append(lambda a=act: a(x))
        jobs.append(lambda a=act: a.value_and_derivative(x))  # what users get for both
    loops = [_loops(job) for job in jobs]
    best = [float("inf")] * len(jobs)
    for _ in range(REPEATS):
        for k, job in enumerate(jobs):
            best[k] = min(best[k], _time(job, loops[k]))
    fwd0, both0 = best[0], best[1]
    found = {a: Cost(best[2 + 2 * i] / fwd0, best[3 + 2 * i] / both0) for i, a in enumerate(others)}
    return [found.get(a, Cost(1.0, 1.0)) for a in acts]


def _loops(job: Callable[[], object]) -> int:
    job()  # warm up (first calls import scipy.special, fill caches)
    once = _time(job, 1)
    return max(1, int(MIN_SECONDS / max(once, 1e-7)))


def _time(job: Callable[[], object], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        job()
    return (time.perf_counter() - start) / loops
