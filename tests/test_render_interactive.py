"""The interactive window, driven offscreen (Agg): sliders, check buttons, the cursor readout."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.render import interactive_widgets as iw
from actplot.render.interactive import build_window
from actplot.render.options import PlotOptions


def window(*names: str, **options):
    return build_window([[actplot.parse(n)] for n in names], PlotOptions(**options))


def slider(win, index: int, name: str):
    (k,) = [k for k, p in enumerate(win.plans) if (p.index, p.name) == (index, name)]
    return win.sliders[k]


def x_range(patch) -> tuple[float, float]:
    """The x extent of an axvspan patch (a Polygon or a Rectangle, by matplotlib version)."""
    xs = patch.get_path().transformed(patch.get_patch_transform()).vertices[:, 0]
    return float(xs.min()), float(xs.max())


def saturated(win, i: int) -> list[tuple[float, float]]:
    """The saturated (not dead) spans drawn for activation `i` on the f panel."""
    ax = win.axes[0]
    return sorted(x_range(p) for p in win.shading[i] if p.axes is ax and p.get_hatch() is None)


def move(win, x: float, y: float, order: int = 0):
    """Send a mouse motion over (x, y) in data coordinates of panel `order`."""
    from matplotlib.backend_bases import MouseEvent

    win.fig.canvas.draw()
    px, py = win.axes[order].transData.transform((x, y))
    event = MouseEvent("motion_notify_event", win.fig.canvas, px, py)
    win.fig.canvas.callbacks.process("motion_notify_event", event)


def test_parameter_slider_moves_the_curves_and_relabels():
    win = window("relu", "leaky_relu:negative_slope=0.2", "elu")
    f, d = win.lines[(1, 0)], win.lines[(1, 1)]
    assert f.get_ydata()[0] == pytest.approx(-0.2 * 6)
    slider(win, 1, "negative_slope").set_val(0.4)
    assert win.acts[1].params["negative_slope"] == 0.4
    assert f.get_ydata()[0] == pytest.approx(-0.4 * 6)
    x, y = d.get_xdata(), d.get_ydata()
    assert np.allclose(y[x < 0], 0.4) and np.allclose(y[x > 0], 1.0)
    assert win.checks.labels[1].get_text() == "leaky_relu(negative_slope=0.4)"
    assert "negative_slope=0.4" in win.lines[(1, 0)].get_label()
    assert win.lines[(0, 0)].get_ydata()[0] == 0  # the others stay as they were


def test_slider_moves_the_saturation_shading():
    win = window("elu")
    ((lo, hi),) = saturated(win, 0)  # |f'| = e^x < 0.05 for x < ln 0.05
    assert lo == -6 and hi == pytest.approx(math.log(0.05), abs=1e-6)
    slider(win, 0, "alpha").set_val(2.0)  # f' = 2 e^x on x < 0
    ((_, hi),) = saturated(win, 0)
    assert hi == pytest.approx(math.log(0.05 / 2), abs=1e-6)


def test_threshold_slider_moves_shading_and_threshold_lines():
    win = window("elu")
    win.threshold_slider.set_val(0.2)
    ((_, hi),) = saturated(win, 0)
    assert hi == pytest.approx(math.log(0.2), abs=1e-6)
    assert sorted(line.get_ydata()[0] for line in win.threshold_lines) == [-0.2, 0.2]


def test_check_buttons_toggle_curves_panels_and_shading():
    win = window("relu", "elu", derivative=True, second=False, formulas=True)
    n = len(win.acts)
    assert win.axes[1].get_visible() and not win.axes[2].get_visible()
    f_height = win.axes[0].get_position().height

    win.checks.set_active(0)  # hide relu
    assert not any(win.lines[(0, o)].get_visible() for o in (0, 1, 2))
    assert all(not p.get_visible() for p in win.shading[0])
    assert win.lines[(1, 0)].get_visible()
    assert [t.get_text() for t in win.legend.get_texts()][0].startswith("elu")

    win.checks.set_active(n)  # the f' panel off: f takes its room
    assert not win.axes[1].get_visible()
    assert win.axes[0].get_position().height > f_height
    assert win.axes[0].get_xlabel() == "x"  # the lowest visible panel carries the x axis
    win.checks.set_active(n + 1)  # the f'' panel on
    assert win.axes[2].get_visible()
    assert win.axes[2].get_position().y0 < win.axes[0].get_position().y0

    win.checks.set_active(n + 2)  # saturation off
    assert all(not p.get_visible() for ps in win.shading.values() for p in ps)
    win.checks.set_active(0)  # relu back, shading still off
    assert win.lines[(0, 0)].get_visible()
    assert all(not p.get_visible() for p in win.shading[0])


def test_readout_shows_exact_values_under_the_cursor():
    win = window("relu", "elu")
    move(win, 1.0, 0.5)
    text = win.readout.get_text()
    lines = text.splitlines()
    x = float(lines[0].split("=")[1].replace("−", "-"))
    assert abs(x - 1.0) < 0.05  # the pixel grid rounds the position
    relu = next(line for line in lines if line.startswith("relu"))
    assert f"f = {x:.6g}" in relu and "f′ = 1" in relu
    elu = next(line for line in lines if line.startswith("elu"))
    assert "f″" not in elu  # no f'' panel, no f'' value
    assert all(line.get_xdata()[0] == pytest.approx(x) for line in win.cursor)

    move(win, -2.0, 0.2, order=1)  # the derivative panel reads out too
    elu = next(line for line in win.readout.get_text().splitlines() if line.startswith("elu"))
    x = float(win.readout.get_text().splitlines()[0].split("=")[1].replace("−", "-"))
    assert f"f′ = {math.exp(x):.6g}" in elu


def test_rejected_value_keeps_the_curve_and_says_why():
    win = window("rrelu")
    before = win.lines[(0, 0)].get_ydata().copy()
    slider(win, 0, "lower").set_val(0.9)  # above upper = 1/3
    assert "lower must be <= upper" in win.status.get_text()
    assert win.acts[0].params["lower"] == 0.125
    assert np.array_equal(win.lines[(0, 0)].get_ydata(), before)
    slider(win, 0, "lower").set_val(0.2)
    assert win.status.get_text() == "" and win.acts[0].params["lower"] == 0.2


def test_integer_parameter_slider():
    win = window("softmax")
    slider(win, 0, "k").set_val(7)
    assert win.acts[0].params["k"] == 7 and isinstance(win.acts[0].params["k"], int)


def test_fixed_ylim_survives_updates():
    win = window("leaky_relu", ylim=(-1.0, 2.0))
    slider(win, 0, "negative_slope").set_val(0.5)
    assert win.axes[0].get_ylim() == (-1.0, 2.0)


@pytest.mark.parametrize("name", actplot.names())
def test_every_slider_end_is_accepted(name):
    """Each slider's range lies inside what its parameter accepts (cross-parameter rules
    aside), and includes the default."""
    act = actplot.get(name)
    for plan in iw.slider_plans([act]):
        param = next(p for p in act.spec.params if p.name == plan.name)
        assert plan.lo <= act.params[plan.name] <= plan.hi
        for end in (plan.lo, plan.hi):
            param.coerce(end, name)


def test_every_activation_builds_and_follows_its_sliders():
    for name in actplot.names():
        win = window(name, second=True)
        for plan, s in zip(win.plans, win.sliders, strict=True):
            s.set_val(plan.lo if plan.value != plan.lo else plan.hi)
        assert win.fig.axes  # drew without raising
        win.fig.canvas.draw()


def test_layout_keeps_widgets_apart():
    for n_sliders in (1, 5, 8, 9, 16):
        lay = iw.layout(n_sliders, 6)
        assert len(lay.sliders) == n_sliders
        bottoms = [r[1] + r[3] for r in lay.sliders]
        assert max(bottoms) < lay.panels[1]  # sliders stay under the plots
        assert lay.panels[0] + lay.panels[2] < lay.checks[0]  # checks right of the plots
        assert all(0 <= v <= 1 for r in lay.sliders for v in r)
        assert len({(r[0], r[1]) for r in lay.sliders}) == n_sliders


def test_build_window_leaves_pyplot_alone_and_open_window_needs_a_gui():
    code = textwrap.dedent(
        """
        import sys
        import actplot
        from actplot.errors import ActplotError
        from actplot.render.interactive import build_window, open_window
        build_window([[actplot.get("relu")]]).fig.canvas.draw()
        assert "matplotlib.pyplot" not in sys.modules
        try:
            open_window([[actplot.get("relu")]])
        except ActplotError as error:
            print("refused:", error)
        """
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("refused: no interactive matplotlib backend")


def test_sweep_groups_get_the_figure_labels_and_colours():
    groups = [[actplot.get("relu")], actplot.parsing.parse_sweep("silu:beta=0.5,1,2")]
    win = build_window(groups, PlotOptions(theme="dark"))
    texts = [t.get_text() for t in win.checks.labels[:4]]
    assert texts == ["relu", "silu(beta=0.5)", "silu(beta=1)", "silu(beta=2)"]
    assert len({tuple(np.round(np.asarray(c, dtype=float), 3)) for c in win.colors[1:]}) == 3
    assert win.fig.get_facecolor()[:3] != (1.0, 1.0, 1.0)  # the dark theme
    slider(win, 2, "beta").set_val(3.0)
    assert win.checks.labels[2].get_text() == "silu(beta=3)"
    with pytest.raises(actplot.ParameterError, match="nothing to plot"):
        build_window([[], []])


def test_the_window_shades_the_tables_regions_and_not_interior_dips():
    from actplot.compute.properties import properties

    win = window("gelu", "hardtanh")
    for i, name in enumerate(("gelu", "hardtanh")):
        want = properties(actplot.get(name)).regions.within(-6.0, 6.0)
        drawn = [v for span in saturated(win, i) for v in span]
        assert drawn == pytest.approx([v for r in want.saturated for v in (r.lo, r.hi)])
    ((lo, hi),) = saturated(win, 0)  # gelu: the left tail only, not its minimum at −0.75
    assert lo == -6.0 and hi < -2


def test_a_formula_gets_a_slider_per_parameter_and_it_moves_the_curve():
    win = window("x*sigmoid(b*x):b=1", "a*x*sigmoid(b*x):a=1,b=1.5")
    assert [(p.index, p.name, p.lo, p.hi, p.value) for p in win.plans] == [
        (0, "b", 0.0, 2.0, 1.0),
        (1, "a", 0.0, 2.0, 1.0),
        (1, "b", 0.0, 3.0, 1.5),
    ]  # the span from the default: 0 to twice it
    assert [s.label.get_text() for s in win.sliders] == [
        "x*sigmoid(b*x): b", "a*x*sigmoid(b*x): a", "a*x*sigmoid(b*x): b"
    ]  # fmt: skip
    slider(win, 1, "a").set_val(2.0)
    x, y = win.lines[(1, 0)].get_xdata(), win.lines[(1, 0)].get_ydata()
    np.testing.assert_allclose(y, 2 * x / (1 + np.exp(-1.5 * x)), rtol=1e-12, atol=1e-300)
    assert win.checks.labels[1].get_text() == "a*x*sigmoid(b*x):a=2,b=1.5"


def test_the_window_starts_on_the_default_range_of_its_functions():
    assert window("relu6").axes[0].get_xlim() == (-8.0, 8.0)
    assert window("relu6", xlim=(-1, 1)).axes[0].get_xlim() == (-1.0, 1.0)


def test_the_legend_keeps_the_dark_theme_after_a_slider_moves():
    win = build_window([[actplot.get("elu")]], PlotOptions(theme="dark", formulas=True))
    before = win.legend.get_texts()[0].get_color()
    win.sliders[0].set_val(2.0)
    assert win.legend.get_texts()[0].get_color() == before != "black"
