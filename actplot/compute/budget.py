"""Budgets: what `show`, `gradflow` and `train` may cost, estimated before they start.

An :class:`Estimate` is arithmetic on the sizes asked for (no measurement, so the same
command is accepted or refused on every machine): bytes from the arrays the work holds at
once, seconds from its operation counts at deliberately modest rates (one core, float64).
:meth:`Budget.check` refuses an estimate over the budget with one line that gives the
estimate, the budget and how to raise it.

The budget is :data:`DEFAULT_MB` megabytes and :data:`DEFAULT_SECONDS` seconds, unless the
environment sets ``ACTPLOT_BUDGET_MB`` / ``ACTPLOT_BUDGET_SECONDS`` or a command's options
``--budget-mb`` / ``--budget-seconds`` do (an option wins over the environment).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from actplot.errors import OverBudget
from actplot.model.interval import Interval
from actplot.model.validation import number

DEFAULT_MB = 2048.0  # a quarter of a small laptop's memory
DEFAULT_SECONDS = 600.0  # ten minutes: longer work is asked for, never stumbled into
ENV_MB, ENV_SECONDS = "ACTPLOT_BUDGET_MB", "ACTPLOT_BUDGET_SECONDS"
AMOUNTS = Interval.above(0.0)
MB = 1024.0**2

# Rates of the estimates: modest on purpose (a slow laptop core, float64, NumPy).
FLOPS = 5e9  # floating-point operations of matrix products per second
ELEMENTS = 5e7  # evaluations of an activation or its derivative (erf, exp...) per second
ARITH = 5e8  # elements of plain array arithmetic (+, ×, √: Adam's update) per second
CALL = 5e-6  # seconds of Python and NumPy overhead per array operation
ARRAY = 200  # bytes of a NumPy array's header and the list slot holding it


@dataclass(frozen=True)
class Estimate:
    """What a piece of work needs: `bytes` held at once and `seconds` of computing."""

    what: str  # "show of 41 curves at 1,000,001 points"
    bytes: float
    seconds: float


@dataclass(frozen=True)
class Budget:
    """The most memory (MB) and time (seconds) a command may take."""

    megabytes: float = DEFAULT_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def resolve(cls, megabytes: float | None = None, seconds: float | None = None) -> Budget:
        """The options given, else the environment's ACTPLOT_BUDGET_MB/_SECONDS, else the
        defaults; each a finite number > 0 (ParameterError otherwise)."""
        return cls(
            _amount(megabytes, ENV_MB, "--budget-mb", DEFAULT_MB),
            _amount(seconds, ENV_SECONDS, "--budget-seconds", DEFAULT_SECONDS),
        )

    def check(self, estimate: Estimate) -> Estimate:
        """`estimate`, or :class:`OverBudget` naming it when it exceeds this budget."""
        if estimate.bytes > self.megabytes * MB:
            raise OverBudget(
                f"{estimate.what} needs about {size(estimate.bytes)} of memory, over the "
                f"budget of {size(self.megabytes * MB)} (raise it with --budget-mb or "
                f"{ENV_MB}, or ask for less)"
            )
        if estimate.seconds > self.seconds:
            raise OverBudget(
                f"{estimate.what} takes about {duration(estimate.seconds)}, over the budget "
                f"of {duration(self.seconds)} (raise it with --budget-seconds or "
                f"{ENV_SECONDS}, or ask for less)"
            )
        return estimate


def _amount(value: float | None, env: str, option: str, default: float) -> float:
    if value is not None:
        return float(number(value, option, AMOUNTS))
    text = os.environ.get(env, "").strip()
    return default if not text else float(number(text, env, AMOUNTS))


def size(nbytes: float) -> str:
    """``512 MB``, ``4.6 GB``, ``3.2 TB``."""
    for unit, scale in (("TB", MB**2), ("GB", MB * 1024), ("MB", MB)):
        if nbytes >= scale or unit == "MB":
            value = nbytes / scale
            return f"{value:.2g} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")


def duration(seconds: float) -> str:
    """``40 s``, ``12 minutes``, ``3.1 hours``, ``9 days``."""
    for unit, scale in (("days", 86400.0), ("hours", 3600.0), ("minutes", 60.0)):
        if seconds >= 2 * scale:
            value = seconds / scale
            return f"{value:.2g} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"


# ---- the estimates ------------------------------------------------------------------------

SHOW_BASE = 150 * MB  # matplotlib, NumPy and the drawing's fixed parts
SHOW_POINT = 48  # bytes per point of a curve: its x and the line's path and transforms
SHOW_ORDER = 48  # bytes per point per order drawn: the values, their path, temporaries
SHOW_CURVE = 0.15  # seconds per curve: kinks, extrema, regions, legend entry
PIXEL = 8  # bytes per pixel of a raster image: RGBA, and the encoder's copy


def show(curves: int, points: int, orders: int, pixels: float = 0.0) -> Estimate:
    """Drawing `curves` at `points` samples with `orders` panels, onto `pixels` pixels
    (0 for a vector file or the terminal)."""
    per_point = curves * points
    return Estimate(
        f"show of {curves:,} curve{'s' * (curves != 1)} at {points:,} points"
        + (f" on {pixels / 1e6:,.0f} megapixels" if pixels >= 1e7 else ""),
        SHOW_BASE + per_point * (SHOW_POINT + SHOW_ORDER * orders) + PIXEL * pixels,
        curves * SHOW_CURVE + per_point * orders * 4 / ELEMENTS + pixels * 10 / ELEMENTS,
    )


def gradflow(activations: int, depth: int, width: int, batch: int) -> Estimate:
    """`depth` layers of `width` units on `batch` samples, once per activation: the shared
    weights, and per run the scaled copy, the forward trace and the gradients."""
    cells = batch * width  # one layer's activations
    weights = (depth + 1) * (width * width * 8 + ARRAY)
    per_run = weights * 2 + depth * (5 * cells * 8 + 6 * ARRAY)
    ops = depth * (6 * cells * width / FLOPS + 2 * cells / ELEMENTS + 8 * cells / ARITH + 12 * CALL)
    return Estimate(
        f"gradflow of {activations:,} activation{'s' * (activations != 1)} through {depth:,} "
        f"layers of width {width:,} (batch {batch:,})",
        SHOW_BASE / 3 + weights + per_run,
        activations * ops,
    )


def train(
    activations: int, sizes: tuple[int, ...], samples: int, epochs: int, batch: int
) -> Estimate:
    """`epochs` passes over 3/4 of `samples` in batches of `batch` through layers of `sizes`
    (inputs first), evaluating both sets every epoch, once per activation."""
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    hidden = ",".join(map(str, sizes[1:-1]))
    units = sum(sizes[1:])
    layers = len(sizes) - 1
    train_rows = max(1, samples * 3 // 4)
    steps = math.ceil(train_rows / max(1, batch))
    rows = min(batch, train_rows)
    # per step: forward and backward products (3 × 2 × rows × weights flops), the
    # activation and its derivative, Adam's update (about 12 operations per weight)
    step = (
        6 * rows * weights / FLOPS
        + 2 * rows * units / ELEMENTS
        + (4 * rows * units + 12 * weights) / ARITH
        + (10 * layers + 4) * CALL
    )
    evaluate = 2 * samples * weights / FLOPS + samples * units / ELEMENTS
    memory = (
        SHOW_BASE / 3
        + 8 * weights * 7  # the initial weights, a run's copy, gradients, Adam's two moments
        + 8 * samples * (units + sizes[0]) * 3  # evaluating a whole set: z, f(z) and a copy
    )
    return Estimate(
        f"train of {activations:,} activation{'s' * (activations != 1)} for {epochs:,} "
        f"epoch{'s' * (epochs != 1)} on {samples:,} samples through {hidden}",
        memory,
        activations * epochs * (steps * step + evaluate),
    )


MAX_SIDE = 2**23 - 1  # pixels a side: Agg, matplotlib's rasterizer, draws nothing larger


def check_image(width: float, height: float, budget: Budget) -> None:
    """Refuse a raster image of `width` × `height` pixels that Agg cannot draw or whose
    pixels alone (:data:`PIXEL` bytes each) are over the memory budget, naming the limit."""
    w, h = round(width), round(height)
    most = budget.megabytes * MB / PIXEL
    if max(w, h) > MAX_SIDE or w * h > most:
        raise OverBudget(
            f"a {w:,} × {h:,}-pixel image ({w * h / 1e6:,.0f} megapixels) is over the limit of "
            f"{most / 1e6:,.0f} megapixels and {MAX_SIDE:,} pixels a side (the memory budget "
            f"of {size(budget.megabytes * MB)}; lower --dpi or --size, or raise --budget-mb "
            f"or {ENV_MB})"
        )
