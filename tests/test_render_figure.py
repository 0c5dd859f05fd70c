"""The figure from actplot.plot: panels, line data, jumps, saturation shading, legend, limits.

Tests inspect the artists and their data, not pixels.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import actplot
from actplot.compute import curves as cv
from actplot.compute.properties import properties
from actplot.render import style
from actplot.render.options import PlotOptions
from actplot.render.output import DEFAULT_DPI


def lines_of(ax) -> list:  # the curves (not the jump markers or reference lines)
    return [ln for ln in ax.get_lines() if ln.get_linestyle() != "None" and len(ln.get_xdata()) > 2]


def legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def span_x(patch) -> tuple[float, float]:
    """The x extent of an axvspan patch (a Rectangle in matplotlib >= 3.9, else a Polygon)."""
    xy = patch.get_xy() if hasattr(patch, "get_xy") and not hasattr(patch, "get_width") else None
    if xy is None:
        return patch.get_x(), patch.get_x() + patch.get_width()
    xs = np.asarray(xy)[:, 0]
    return float(xs.min()), float(xs.max())


def spans_of(ax, color) -> tuple[list, list]:
    """(saturated, dead) axvspan patches drawn in `color`."""
    rgb = to_rgba(color)[:3]
    tinted, hatched = [], []
    for p in ax.patches:
        if p.get_hatch():
            if to_rgba(p.get_edgecolor())[:3] == rgb:
                hatched.append(p)
        elif to_rgba(p.get_facecolor())[:3] == rgb:
            tinted.append(p)
    return tinted, hatched


def test_panels_labels_and_sizes() -> None:
    fig = actplot.plot(["relu", "tanh"])
    assert isinstance(fig, Figure) and fig.canvas.manager is None  # not a pyplot figure
    assert fig.dpi == DEFAULT_DPI  # fig.savefig gives what `actplot show -o` writes
    assert [ax.get_ylabel() for ax in fig.axes] == ["f(x)", "f′(x)"]
    assert fig.axes[-1].get_xlabel() == "x"
    assert fig.axes[0].get_xlim() == (-6.0, 6.0)
    assert tuple(fig.get_size_inches()) == (8.0, 6.0)
    assert fig.axes[0].get_shared_x_axes().joined(fig.axes[0], fig.axes[1])
    one = actplot.plot("relu", derivative=False)
    assert [ax.get_ylabel() for ax in one.axes] == ["f(x)"]
    three = actplot.plot("relu", second=True, size=(5, 4), title="Rectifiers")
    assert [ax.get_ylabel() for ax in three.axes] == ["f(x)", "f′(x)", "f″(x)"]
    assert tuple(three.get_size_inches()) == (5.0, 4.0)
    assert three._suptitle.get_text() == "Rectifiers"


def test_lines_hold_the_function_and_its_derivative_on_a_grid_with_the_kink() -> None:
    fig = actplot.plot(["relu", "tanh"], points=1001)
    top, bottom = fig.axes
    relu, tanh = lines_of(top)
    x = relu.get_xdata()
    assert 0.0 in x and len(x) >= 1001
    np.testing.assert_array_equal(relu.get_ydata(), np.maximum(x, 0))
    np.testing.assert_allclose(tanh.get_ydata(), np.tanh(tanh.get_xdata()), rtol=1e-12)
    d_relu, d_tanh = lines_of(bottom)
    xd = d_tanh.get_xdata()
    np.testing.assert_allclose(d_tanh.get_ydata(), 1 - np.tanh(xd) ** 2, atol=1e-12)
    # relu' jumps at 0: the line is broken there, never joined by a vertical segment
    assert np.isnan(d_relu.get_ydata()[np.flatnonzero(d_relu.get_xdata() == 0)[0]])


def test_a_jump_is_not_joined_and_its_values_are_marked() -> None:
    fig = actplot.plot("binary_step")
    (line,) = lines_of(fig.axes[0])
    x, y = line.get_xdata(), line.get_ydata()
    i = int(np.flatnonzero(x == 0)[0])
    assert np.isnan(y[i]) and (y[i - 1], y[i + 1]) == (0.0, 1.0)
    finite = ~np.isnan(y)
    steps = np.abs(np.diff(y[finite]))
    assert steps.max() == 1.0 and np.sum(steps > 0) == 1  # only across the nan break
    markers = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "o"]
    hollow, solid = markers
    assert sorted(zip(hollow.get_xdata(), hollow.get_ydata(), strict=True)) == [
        (0.0, 0.0),
        (0.0, 1.0),
    ]
    value = float(actplot.get("binary_step")(0.0))
    assert list(zip(solid.get_xdata(), solid.get_ydata(), strict=True)) == [(0.0, value)]


def test_a_jump_at_the_edge_of_the_range_is_not_joined_either() -> None:
    fig = actplot.plot("relu6", xlim=(-6, 6))  # f' = 1 up to 6, and 0 at 6 (PyTorch)
    (line,) = lines_of(fig.axes[1])
    assert line.get_xdata()[-1] == 6.0 and np.isnan(line.get_ydata()[-1])
    assert line.get_ydata()[-2] == 1.0
    hollow, solid = [ln for ln in fig.axes[1].get_lines() if ln.get_marker() == "o"]
    assert (6.0, 1.0) in set(zip(hollow.get_xdata(), hollow.get_ydata(), strict=True))
    assert (6.0, 0.0) in set(zip(solid.get_xdata(), solid.get_ydata(), strict=True))


def test_tanh_saturated_spans_start_where_its_derivative_reaches_the_threshold() -> None:
    for threshold in (0.05, 0.2):
        fig = actplot.plot("tanh", threshold=threshold)
        edge = math.atanh(math.sqrt(1 - threshold))  # 1 - tanh(a)^2 = threshold
        color = style.OKABE_ITO_LIGHT[0]
        for ax in fig.axes:
            tinted, hatched = spans_of(ax, color)
            assert not hatched
            extents = sorted(span_x(p) for p in tinted)
            assert len(extents) == 2
            (lo1, hi1), (lo2, hi2) = extents
            assert lo1 <= -6 and hi2 >= 6
            assert hi1 == pytest.approx(-edge, abs=1e-9) and lo2 == pytest.approx(edge, abs=1e-9)
        assert f"saturated: |f′| < {threshold:g}" in legend_texts(fig)


def test_relu_dead_span_is_hatched_over_the_negative_side() -> None:
    fig = actplot.plot(["tanh", "relu"])
    color = style.OKABE_ITO_LIGHT[1]
    tinted, hatched = spans_of(fig.axes[0], color)
    assert len(hatched) == 1 and span_x(hatched[0]) == pytest.approx((-6.0, 0.0))
    assert [span_x(p) for p in tinted] == [pytest.approx((-6.0, 0.0))]  # dead is saturated too
    tanh_tinted, tanh_hatched = spans_of(fig.axes[0], style.OKABE_ITO_LIGHT[0])
    assert tanh_tinted and not tanh_hatched
    assert "dead: f′ = 0" in legend_texts(fig)


def test_overlapping_dead_spans_get_different_hatches() -> None:
    fig = actplot.plot(["relu", "hardshrink"])  # both dead on (−0.5, 0)
    hatches = {p.get_hatch() for p in fig.axes[0].patches if p.get_hatch()}
    assert len(hatches) == 2


def test_saturation_can_be_turned_off() -> None:
    fig = actplot.plot(["relu", "tanh"], saturation=False, formulas=False)
    assert all(not ax.patches for ax in fig.axes)
    assert legend_texts(fig) == ["relu", "tanh"]


def test_threshold_lines_in_the_derivative_panel() -> None:
    fig = actplot.plot("tanh", threshold=0.1)
    dotted = [ln for ln in fig.axes[1].get_lines() if ln.get_linestyle() == ":"]
    assert sorted(ln.get_ydata()[0] for ln in dotted) == [-0.1, 0.1]


def test_legend_tells_parameters_apart_and_formulas_are_optional() -> None:
    items = ["leaky_relu:negative_slope=0.2", "leaky_relu", "gelu", "gelu:approximate=tanh"]
    texts = legend_texts(actplot.plot(items, saturation=False, formulas=False))
    assert texts == [
        "leaky_relu(negative_slope=0.2)",
        "leaky_relu",
        "gelu",
        "gelu(approximate=tanh)",
    ]
    assert legend_texts(actplot.plot("gelu", saturation=False)) == ["gelu"]  # off by default
    with_formulas = legend_texts(actplot.plot("gelu", saturation=False, formulas=True))
    spec = actplot.spec("gelu")
    assert with_formulas == [f"gelu\n{spec.formula}, {spec.where}"]  # Φ, φ defined


def test_activation_objects_and_aliases_are_accepted() -> None:
    act = actplot.get("elu", alpha=0.5)
    fig = actplot.plot([act, "swish:beta=2"], saturation=False, formulas=False)
    assert legend_texts(fig) == ["elu(alpha=0.5)", "silu(beta=2)"]


def test_vector_functions_are_drawn_through_their_profile_and_say_so() -> None:
    act = actplot.get("softmax")
    fig = actplot.plot(act, saturation=False, formulas=False)
    (line,) = lines_of(fig.axes[0])
    np.testing.assert_allclose(line.get_ydata(), act.profile(line.get_xdata()), rtol=1e-12)
    (text,) = legend_texts(fig)
    assert text.startswith("softmax") and text.endswith(" (x₁ of K=3; others 0)")
    labels = legend_texts(
        actplot.plot(["softmin:k=5,temperature=2"], saturation=False, formulas=False)
    )
    assert labels == ["softmin(temperature=2) (x₁ of K=5; others 0)"]


def test_a_sweep_labels_every_value_and_uses_a_sequential_ramp() -> None:
    fig = actplot.plot("relu", sweep=["silu:beta=0.5,1,2,4"], saturation=False, formulas=False)
    assert legend_texts(fig) == ["relu"] + [f"silu(beta={b})" for b in ("0.5", "1", "2", "4")]
    lines = lines_of(fig.axes[0])
    assert to_rgba(lines[0].get_color())[:3] == to_rgba(style.OKABE_ITO_LIGHT[0])[:3]
    lum = [np.dot(to_rgba(ln.get_color())[:3], (0.2126, 0.7152, 0.0722)) for ln in lines[1:]]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == 4  # light to dark
    nested = actplot.plot([["elu:alpha=1", "elu:alpha=2"]], saturation=False, formulas=False)
    assert legend_texts(nested) == ["elu(alpha=1)", "elu(alpha=2)"]


def test_ylim_sets_the_function_panel_only() -> None:
    fig = actplot.plot("exponential", ylim=(-1, 3))
    assert fig.axes[0].get_ylim() == (-1.0, 3.0)
    assert fig.axes[1].get_ylim() != (-1.0, 3.0)


def test_xlim_and_points_reach_the_curves() -> None:
    fig = actplot.plot("relu", xlim=(-2, 1), points=101)
    x = lines_of(fig.axes[0])[0].get_xdata()
    assert (x[0], x[-1]) == (-2.0, 1.0) and len(x) == 101 + 3  # + the kink and its neighbours
    assert fig.axes[0].get_xlim() == (-2.0, 1.0)


def test_dark_theme_and_matplotlib_styles() -> None:
    dark = actplot.plot("relu", theme="dark")
    assert to_rgba(dark.get_facecolor())[:3] != (1.0, 1.0, 1.0)
    assert (
        to_rgba(lines_of(dark.axes[0])[0].get_color())[:3] == to_rgba(style.OKABE_ITO_DARK[0])[:3]
    )
    gg = actplot.plot("relu", style="ggplot")
    assert "ggplot" in style.available_styles()
    assert (
        to_rgba(lines_of(gg.axes[0])[0].get_color())[:3] != to_rgba(style.OKABE_ITO_LIGHT[0])[:3]
    )  # the style's own cycle


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"xlim": (3, 1)}, r"x limits must be increasing, not \(3.0, 1.0\)"),
        ({"xlim": (0, 1e13)}, r"x limits must be >= -1e\+12 and <= 1e\+12, not 1000"),
        ({"xlim": (0, 1e-12)}, "x limits must be at least 1e-09 of their size apart"),
        ({"xlim": (0, "a")}, "x limits must be a number, not 'a'"),
        ({"xlim": 3}, "x limits must be 2 numbers, not 3"),
        ({"ylim": (1, 1)}, "y limits must be increasing"),
        ({"points": 5}, "points must be between 11 and 1,000,001, not 5"),
        ({"points": 10**7}, "points must be between"),
        ({"points": 20.5}, "points must be a whole number, not 20.5"),
        ({"threshold": 0}, "threshold must be > 0, not 0"),
        ({"threshold": math.nan}, "threshold must be finite"),
        ({"theme": "blue"}, "theme must be one of 'light', 'dark', not 'blue'"),
        ({"style": "no-such-style"}, "unknown matplotlib style"),
        ({"size": (0, 3)}, "size must be >= 2.5 and <= 100, not 0"),
    ],
)
def test_bad_options_raise_parameter_error(kwargs: dict, message: str) -> None:
    with pytest.raises(actplot.ParameterError, match=message):
        actplot.plot("relu", **kwargs)


def test_an_unknown_option_is_a_type_error_from_the_explicit_signature() -> None:
    with pytest.raises(TypeError, match="colour"):
        actplot.plot("relu", colour="red")


def test_options_are_normalized_once_when_built() -> None:
    opts = PlotOptions(xlim=[-2, 3], points=101.0, theme=" Dark ")
    assert opts.xlim == (-2.0, 3.0) and opts.points == 101 and isinstance(opts.points, int)
    assert opts.theme == "dark"
    with pytest.raises(actplot.ParameterError, match="x limits"):
        PlotOptions(xlim=(1, 0))  # no unchecked options can exist


def test_bad_activations_raise_library_errors() -> None:
    with pytest.raises(actplot.UnknownActivationError, match="did you mean"):
        actplot.plot("relux")
    with pytest.raises(actplot.ParameterError, match="no parameter"):
        actplot.plot("relu:alpha=1")
    with pytest.raises(actplot.ParameterError, match="must be a number"):
        actplot.plot("elu:alpha=abc")
    with pytest.raises(actplot.ParameterError, match="nothing to plot"):
        actplot.plot([])
    with pytest.raises(actplot.ParameterError, match="at least two values"):
        actplot.plot([], sweep=["silu:beta=1"])


@pytest.mark.parametrize("name", actplot.names(kinds=ONE_INPUT))
def test_every_activation_draws_without_warnings(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = actplot.plot(name, second=True, formulas=True)
        FigureCanvasAgg(fig).draw()  # lays out and parses the legend's mathtext formula
    assert len(fig.axes) == 3
    for ax in fig.axes:
        (line,) = lines_of(ax)
        assert np.isfinite(line.get_ydata()).sum() > cv.MIN_POINTS
        lo, hi = ax.get_ylim()
        assert math.isfinite(lo) and math.isfinite(hi) and lo < hi
    assert legend_texts(fig)[0].startswith(name)


def test_a_long_legend_moves_below_in_columns_and_keeps_every_entry() -> None:
    def boxes(fig: Figure):
        FigureCanvasAgg(fig).draw()
        return fig.legends[0].get_window_extent(), fig.axes[-1].get_window_extent()

    legend, axes = boxes(actplot.plot(actplot.names(kinds=ONE_INPUT)[:5]))
    assert legend.x0 >= axes.x1  # at the right
    fig = actplot.plot(actplot.names(kinds=ONE_INPUT), formulas=True)
    legend, axes = boxes(fig)
    assert legend.y1 <= axes.y0 and legend.width > axes.width / 2  # below, in columns
    assert len(legend_texts(fig)) == len(actplot.names(kinds=ONE_INPUT)) + 2  # + region keys
    assert fig.get_figheight() > 6  # grown to make room


def shaded(fig: Figure, color) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The (tinted, hatched) x extents in `color`, the same on every panel."""
    per_panel = [tuple(sorted(map(span_x, s)) for s in spans_of(ax, color)) for ax in fig.axes]
    assert all(p == per_panel[0] for p in per_panel)
    return per_panel[0]


def ends(regions) -> list[float]:
    return [v for r in sorted(regions, key=lambda r: r.lo) for v in (r.lo, r.hi)]


def flat(spans: list[tuple[float, float]]) -> list[float]:
    return [v for span in spans for v in span]


@pytest.mark.parametrize("name", actplot.names(kinds=ONE_INPUT))
def test_the_figure_shades_the_tables_regions(name: str) -> None:
    """Tinted spans are the table's saturated tails, hatched ones its dead intervals, both
    clipped to the x range: one answer, drawn and tabulated."""
    xlim = (-6.0, 6.0)
    fig = actplot.plot(name, xlim=xlim)
    want = properties(actplot.get(name)).regions.within(*xlim)
    # A region over the whole range is said in the legend (binary_step: f′ = 0 everywhere),
    # not painted over the panel.
    whole = [r for r in (*want.saturated, *want.dead) if r.lo <= xlim[0] and r.hi >= xlim[1]]
    saturated = [r for r in want.saturated if r not in whole]
    dead = [r for r in want.dead if r not in whole]
    tinted, hatched = shaded(fig, style.OKABE_ITO_LIGHT[0])
    assert flat(tinted) == pytest.approx(ends(saturated), rel=1e-15, abs=1e-15)
    assert flat(hatched) == pytest.approx(ends(dead), rel=1e-15, abs=1e-15)
    assert ("dead: f′ = 0" in legend_texts(fig)) == bool(dead)
    assert ("saturated: |f′| < 0.05" in legend_texts(fig)) == bool(saturated)
    first = legend_texts(fig)[0]
    assert (" everywhere)" in first or "on the whole range)" in first) == bool(whole)


def test_a_dip_at_a_minimum_is_not_tinted() -> None:
    """gelu′ is 0 at gelu's minimum (x ≈ −0.75): |f′| < 0.05 there, but it is no tail."""
    gelu = actplot.get("gelu")
    x_min = -0.7517915241
    assert abs(float(gelu.derivative(x_min))) < 1e-8
    tinted, hatched = shaded(actplot.plot("gelu"), style.OKABE_ITO_LIGHT[0])
    assert not hatched and len(tinted) == 1
    ((lo, hi),) = tinted  # the left tail only, ending well before the minimum
    assert lo == -6.0 and hi < -2
    for name, at in (("gaussian", 0.0), ("sinc", 4.49)):  # a top, a wave's bottom
        spans, _ = shaded(actplot.plot(name), style.OKABE_ITO_LIGHT[0])
        assert not any(lo < at < hi for lo, hi in spans), name


def test_regions_run_past_a_wide_range_and_dead_needs_no_underflow() -> None:
    # sigmoid′ is exactly 0 beyond 745, yet sigmoid is not dead there; its tails reach the
    # edges of any range.
    fig = actplot.plot("sigmoid", xlim=(-1000, 1000))
    tinted, hatched = shaded(fig, style.OKABE_ITO_LIGHT[0])
    assert not hatched
    assert tinted[0][0] == -1000 and tinted[-1][1] == 1000 and len(tinted) == 2
