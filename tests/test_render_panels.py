"""The Axes-level drawing pieces of actplot.render.panels: limits, curves, jumps, shading."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import actplot
from actplot.compute import curves as cv
from actplot.compute import regions as rg
from actplot.render import panels


def test_robust_ylim_keeps_bounded_curves_whole_and_cuts_runaways() -> None:
    x = np.linspace(-6, 6, 1201)
    lo, hi = panels.robust_ylim(x, [np.maximum(x, 0), np.tanh(x)])
    assert lo < -1 and hi > 6 and hi < 6.7
    assert panels.robust_ylim(x, [x**2])[1] >= 36
    assert panels.robust_ylim(x, [np.exp(x)])[1] < 100  # e^6 = 403 would flatten the rest
    assert panels.robust_ylim(x, [np.exp(x), np.maximum(x, 0)]) == pytest.approx((-0.3, 6.3))
    assert panels.robust_ylim(x, [np.exp(x), np.zeros_like(x)])[1] == pytest.approx(84, abs=1)
    assert panels.robust_ylim(x, [np.zeros_like(x)]) == (-0.5, 0.5)  # flat: a unit window
    assert panels.robust_ylim(x, [np.full_like(x, np.nan)]) == (-1.0, 1.0)
    top, bottom = (ax.get_ylim() for ax in actplot.plot(["exponential", "relu"]).axes)
    assert top == pytest.approx((-0.3, 6.3)) and bottom == pytest.approx((-0.05, 1.05))


def test_axes_level_pieces_work_on_any_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    curve = cv.sample(actplot.get("hardshrink"), (-2, 2), 201, (0, 1))
    (line,) = panels.draw_curves(ax, [curve], ["C0"], 0)
    assert line.get_label() == "hardshrink"
    assert len(panels.mark_jumps(ax, [curve], ["C0"], 0)) == 2
    relu6 = rg.regions(actplot.get("relu6"))  # tails x < 0, x > 6; dead on both
    patches = panels.shade_saturation(ax, relu6, (-2.0, 2.0), "C0", hatch="...")
    assert len(patches) == 2  # clipped to the range: the part x > 6 is not drawn
    tint, hatch = patches
    assert not tint.get_hatch() and hatch.get_hatch() == "..."
    assert tint.get_x() == -2.0 and tint.get_x() + tint.get_width() == 0.0
    assert len(panels.threshold_lines(ax, 0.05, "k")) == 2
