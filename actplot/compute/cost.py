"""Measured cost: time per element of f and of f plus f', relative to relu timed in the same
run (so the machine's speed cancels out).

Each of REPEATS rounds times every job once, interleaved; a round's ratio is the job's time
over relu's in that round. The cost is the median of those ratios and its spread their
interquartile range, so a noisy measurement shows as a wide spread instead of hiding in a
best-of figure.
"""

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
REPEATS = 9
MIN_SECONDS = 1e-3  # each timed repeat runs the call enough times to last this long


@dataclass(frozen=True)
class Cost:
    """Time of f(x) (``forward``) and of f(x) plus f'(x) (``with_derivative``), relu = 1:
    medians over the rounds, with the quartiles (q1, q3) of each in ``*_iqr``."""

    forward: float
    with_derivative: float
    forward_iqr: tuple[float, float] | None = None
    with_derivative_iqr: tuple[float, float] | None = None

    @property
    def forward_spread(self) -> float:
        """Half the interquartile range of ``forward`` (0 when not measured in rounds)."""
        return _half(self.forward_iqr)

    @property
    def with_derivative_spread(self) -> float:
        return _half(self.with_derivative_iqr)


def _half(iqr: tuple[float, float] | None) -> float:
    return 0.0 if iqr is None else 0.5 * (iqr[1] - iqr[0])


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
        f"N = {ELEMENTS:,}, median ± half the interquartile range of {REPEATS} interleaved "
        f"rounds, measured {when} on {machine()}"
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
    times = np.empty((REPEATS, len(jobs)))
    for r in range(REPEATS):
        for k, job in enumerate(jobs):
            times[r, k] = _time(job, loops[k])
    ratios = np.empty_like(times)
    ratios[:, 0::2] = times[:, 0::2] / times[:, [0]]  # each round against relu in that round
    ratios[:, 1::2] = times[:, 1::2] / times[:, [1]]
    q1, median, q3 = np.percentile(ratios, [25, 50, 75], axis=0)

    def cost(k: int) -> Cost:
        return Cost(
            float(median[k]),
            float(median[k + 1]),
            (float(q1[k]), float(q3[k])),
            (float(q1[k + 1]), float(q3[k + 1])),
        )

    found = {a: cost(2 + 2 * i) for i, a in enumerate(others)}
    return [found.get(a, Cost(1.0, 1.0, (1.0, 1.0), (1.0, 1.0))) for a in acts]


def _loops(job: Callable[[], object]) -> int:
    job()  # warm up (first calls import scipy.special, fill caches)
    once = _time(job, 1)
    return max(1, int(MIN_SECONDS / max(once, 1e-7)))


def _time(job: Callable[[], object], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        job()
    return (time.perf_counter() - start) / loops
