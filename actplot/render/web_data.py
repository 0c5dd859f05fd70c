"""The numbers of the interactive page (:mod:`actplot.render.web_page`), all computed here by
actplot's own kernels and packed for the page's script, which only looks them up.

Per function: its curves f, f′ (and f″ with ``--second``) at the given parameters and, for
every numeric parameter, on a grid of that parameter's values with the others as given (each
bound by ``act.spec.bind`` and sampled by :func:`actplot.compute.curves.sample`, on one x
grid of :data:`POINTS` points plus the curve's kinks); per curve its saturated and dead
regions (:func:`actplot.compute.regions.regions`) at every threshold the page's slider
offers, its y range (:func:`actplot.render.panels.robust_ylim`) and its jumps.

Exact readout: values are rounded to the readout's 6 significant digits here and stored as
float32 (float64 when one is outside float32's normal range). A float32 lies within 2⁻²⁴
(6e-8, relative) of the decimal it was rounded from, far less than half the spacing of
6-digit decimals (5e-7 at least), so the page, printing 6 digits, shows exactly the digits
of actplot's value. The readout snaps to the grid points; where the drawn value differs from
the function's (a jump's break, a value clipped for drawing) the text is stored as is.

Sizes: the parameter grids get at most :data:`MAX_CURVES` curves in all (so that the page
stays small and quick to write), each slider :data:`MIN_STEPS` to :data:`MAX_STEPS` values.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.compute import curves as cv
from actplot.compute import regions as rg
from actplot.compute import shape
from actplot.errors import ActplotError, KindError
from actplot.model import Activation
from actplot.render import interactive_widgets as iw
from actplot.render import panels as pn
from actplot.render import text_math
from actplot.render.labels import labels, pole_note
from actplot.render.options import PlotOptions

POINTS = 401  # x samples per curve (at most: fewer when the options ask for fewer)
DIGITS = 6  # significant digits of the readout, as the window's
MAX_CURVES = 64  # curves on the parameter grids, over all sliders
MIN_STEPS, MAX_STEPS = 11, 41  # values per parameter slider
THRESHOLDS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)
_F32 = np.finfo(np.float32)
Json = dict[str, Any]


def check_kind(act: Any) -> None:
    """Element-wise and vector activations (drawn by their 1-D profile) are drawn; a gated
    one is refused with one line."""
    kind = getattr(act, "kind", "elementwise")
    if kind not in ("elementwise", "vector"):
        raise KindError(
            f"{act.label} is a {kind} activation: {kind} activations are not drawn on the web "
            "page yet"
        )


def number_text(v: float) -> str:
    """A value as the readout prints it (the window's :func:`readout_text` format)."""
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return "nan" if math.isnan(v) else f"{v:.{DIGITS}g}".replace("-", "−")


def thresholds(given: float) -> list[float]:
    """The threshold slider's values: :data:`THRESHOLDS`, the given one, twice it if beyond."""
    values = {*THRESHOLDS, given}
    if given > THRESHOLDS[-1]:
        values.add(2 * given)
    return sorted(values)


def steps(plan: iw.SliderPlan, count: int) -> list[float]:
    """About `count` (at least :data:`MIN_STEPS`) round values across the slider's range,
    its ends and the given value."""
    if plan.integer:
        lo, hi = math.ceil(plan.lo), math.floor(plan.hi)
        stride = max(1, math.ceil((hi - lo) / max(1, count - 1)))
        grid = np.arange(lo, hi + 1, stride, dtype=float)
    else:
        span = plan.hi - plan.lo
        raw = span / max(1, count - 1)
        mag = 10.0 ** math.floor(math.log10(raw))
        nice = [m * mag for m in (0.5, 1, 2, 2.5, 5, 10)]
        step = min(nice, key=lambda s: abs(math.log(s / raw)))  # the round step nearest
        while span / step + 1 < MIN_STEPS:
            step = max(s for s in nice if s < step) if step > nice[0] else step / 2
        grid = np.arange(math.ceil(plan.lo / step), math.floor(plan.hi / step) + 1) * step
    values = np.concatenate([grid, [plan.lo, plan.hi, plan.value]])
    values = values[(values >= plan.lo) & (values <= plan.hi)]
    return [float(v) for v in np.unique(np.round(values, 12))]


def rounded(values: np.ndarray) -> np.ndarray:
    """`values` rounded to :data:`DIGITS` significant digits (as the readout prints them)."""
    flat = np.asarray(values, dtype=np.float64).ravel().tolist()
    return np.array([float(f"{v:.{DIGITS}g}") for v in flat], dtype=np.float64)


def encode(rounded: np.ndarray) -> Json:
    """Values already :func:`rounded`, as base64 float32 (``f4``) or, when a finite value is
    outside float32's normal range, float64 (``f8``)."""
    finite = rounded[np.isfinite(rounded) & (rounded != 0)]
    wide = finite.size and (
        np.abs(finite).max() > float(_F32.max) or np.abs(finite).min() < float(_F32.tiny)
    )
    dtype = "<f8" if wide else "<f4"
    data = rounded.astype(dtype).tobytes()
    return {"t": dtype[1:], "b": base64.b64encode(data).decode("ascii")}


def f64(values: np.ndarray) -> str:
    """`values` exactly, as base64 little-endian float64."""
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")


@dataclass(frozen=True)
class Setup:
    """What every curve of a page shares: the x grid, the orders, the thresholds."""

    xlim: tuple[float, float]
    x: np.ndarray
    orders: tuple[int, ...]
    thresholds: tuple[float, ...]  # () without saturation regions

    @classmethod
    def of(cls, acts: Sequence[Activation], opts: PlotOptions) -> Setup:
        opts = opts.for_acts(list(acts))
        xlim = opts.x_range
        points = min(opts.points, POINTS)
        orders = (0, 1, 2) if opts.second else (0, 1)  # f′ always: the readout shows it
        levels = tuple(thresholds(opts.threshold)) if opts.saturation else ()
        return cls(xlim, np.linspace(*xlim, points), orders, levels)


def curve(act: Activation, label: tuple[str, str], setup: Setup) -> Json:
    """One curve of `act` for the page: its legend (name, formula line), samples, readout
    fixes, jumps, y ranges and regions."""
    c = cv.sample(act, setup.xlim, len(setup.x), setup.orders)
    extra = np.setdiff1d(c.x, setup.x)
    at_base = np.searchsorted(c.x, setup.x)
    out: Json = {"label": label[0], "formula": label[1], "y": []}
    out["extra"] = f64(extra) if extra.size else ""
    fixes: dict[int, list[str | None]] = {}
    jumps, ylims = [], []
    with np.errstate(all="ignore"):
        for k, order in enumerate(setup.orders):
            _, drawn = pn.curve_data(c, order)
            shown = rounded(drawn)
            out["y"].append(encode(shown))
            truth = act.profile(setup.x, order).astype(np.float64)
            exact, near = rounded(truth), shown[at_base]
            differ = ~((exact == near) | (np.isnan(exact) & np.isnan(near)))
            for i in np.flatnonzero(differ):
                fixes.setdefault(int(i), [None] * len(setup.orders))[k] = number_text(truth[i])
            jumps.append([[k_, *lims, v] for k_, lims, v in pn.jump_points(c, order)])
            lo, hi = pn.robust_ylim([c.x], [drawn], poles=[pn.singular_points(c, order)])
            ylims.append([float(lo), float(hi)])
    out["fix"] = [[i, *texts] for i, texts in sorted(fixes.items())]
    out["jumps"] = [[[_json_number(v) for v in j] for j in js] for js in jumps]
    out["ylim"] = ylims
    out["pole"] = pole_note(act, setup.xlim)
    out["regions"] = regions(act, setup)
    return out


def _json_number(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def regions(act: Activation, setup: Setup) -> list[list[Any]]:
    """Per threshold: the saturated and dead intervals inside the x range, and the legend's
    note, as the figure draws them: a region covering the whole range is said, not painted
    (poles are the curve's ``pole`` note). The regions are
    :func:`actplot.compute.regions.regions`', the samples they start from shared."""
    if not setup.thresholds:
        return []
    lo, hi = setup.xlim
    with np.errstate(all="ignore"):
        s = shape.samples(act)
    whole = "on the whole range"
    out = []
    for t in setup.thresholds:
        full = rg.regions(act, t, s)
        shown = full.within(lo, hi)
        covers = lambda r: bool(r.lo <= lo and r.hi >= hi)  # noqa: E731
        note = ""
        if any(map(covers, shown.dead)):
            everywhere = any(r.lo == -math.inf and r.hi == math.inf for r in full.dead)
            note = f"f′ = 0 {'everywhere' if everywhere else whole}"
        elif any(map(covers, shown.saturated)):
            note = f"|f′| < {t:g} {'everywhere' if full.everywhere else whole}"
        pairs = [
            [[float(r.lo), float(r.hi)] for r in rs if not covers(r)]
            for rs in (shown.saturated, shown.dead)
        ]
        out.append([*pairs, note])
    return out


def formula(act: Activation, group: Sequence[Activation], index: int) -> tuple[str, str]:
    """(legend name, formula line) of member `index` of `group`, as the figure's legend with
    formulas, in Unicode: the formula and its symbols' values come with a group's first."""
    first, _, rest = labels(group, formulas=True)[index].partition("\n")
    return first, text_math.to_unicode(rest)


def function(
    group: Sequence[Activation], index: int, setup: Setup, count: int
) -> tuple[Json, list[Json]]:
    """The page's entry for member `index` of `group`, and its sliders with their curves
    (`count` values each, about)."""
    act = group[index]
    check_kind(act)
    entry: Json = {"name": act.name, "base": curve(act, formula(act, group, index), setup)}
    sliders = []
    for plan in iw.slider_plans([act]):
        values, variants, texts = [], [], []
        for v in steps(plan, count):
            value: float | int = int(round(v)) if plan.integer else v
            try:
                bound = act.with_params(**{plan.name: value})
            except ActplotError:  # e.g. a lower end above the upper: not offered
                continue
            members = [*group[:index], bound, *group[index + 1 :]]
            values.append(value)
            texts.append(f"{value:g}" if isinstance(value, float) else str(value))
            label = formula(bound, members, index)
            variants.append(None if bound.params == act.params else curve(bound, label, setup))
        if not values:
            continue
        start = int(np.argmin([abs(float(v) - plan.value) for v in values]))
        sliders.append(
            {
                "name": plan.name,
                "values": values,
                "text": texts,
                "start": start,
                "integer": plan.integer,
                "variants": variants,
            }
        )
    return entry, sliders


def slider_steps(acts: Sequence[Activation]) -> int:
    """Values per slider: :data:`MAX_CURVES` shared out, within [MIN_STEPS, MAX_STEPS]."""
    n = len(iw.slider_plans(list(acts)))
    return max(MIN_STEPS, min(MAX_STEPS, MAX_CURVES // max(1, n)))
