"""The terminal plot: layout, colour codes, and the geometry of the braille curves."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot.errors import ParameterError
from actplot.render.options import PlotOptions
from actplot.render.terminal import check_width, render_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")
XLIM = (-6.0, 6.0)


def render(
    acts,
    *,
    derivative=False,
    second=False,
    xlim=XLIM,
    ylim=None,
    width=80,
    color=False,
    points=1201,
    glyphs=None,
):
    if not isinstance(acts, list):
        acts = [acts]
    opts = PlotOptions(derivative=derivative, second=second, xlim=xlim, ylim=ylim, points=points)
    return render_terminal([[a] for a in acts], opts, width=width, color=color, glyphs=glyphs)


def panels(text: str) -> dict[str, list[str]]:
    """The rows of each panel (title -> rows between the title and the x axis line)."""
    out: dict[str, list[str]] = {}
    title = None
    for line in ANSI.sub("", text).splitlines():
        stripped = line.strip()
        if stripped in ("f(x)", "f'(x)", "f''(x)"):
            title, out[stripped] = stripped, []
        elif stripped.startswith("└"):
            title = None
        elif title is not None:
            out[title].append(line)
    return out


def dots(rows: list[str]) -> np.ndarray:
    """The braille dots of a panel as a boolean (4·rows, 2·cols) array, row 0 at the top."""
    start = rows[0].index("┤") + 1 if "┤" in rows[0] else rows[0].index("│") + 1
    cols = max(len(r) for r in rows) - start
    grid = np.zeros((4 * len(rows), 2 * cols), dtype=bool)
    bits = [
        (0, 0, 0x01),
        (1, 0, 0x02),
        (2, 0, 0x04),
        (0, 1, 0x08),
        (1, 1, 0x10),
        (2, 1, 0x20),
        (3, 0, 0x40),
        (3, 1, 0x80),
    ]
    for r, line in enumerate(rows):
        for c, ch in enumerate(line[start:]):
            code = ord(ch) - 0x2800
            if 0 < code <= 0xFF:
                for dr, dc, bit in bits:
                    grid[4 * r + dr, 2 * c + dc] |= bool(code & bit)
    return grid


def test_widths_fit_and_every_activation_renders():
    acts = [actplot.get(n) for n in actplot.names(kinds=ONE_INPUT)]
    for width in (30, 47, 80, 163):
        text = render(acts[:6], derivative=True, second=True, width=width, color=True)
        widths = [len(line) for line in ANSI.sub("", text).splitlines()]
        assert max(widths) <= width
        assert max(widths) >= width - 1  # it uses the width it is given
    for act in acts:
        text = render(act, derivative=True, second=True, width=60)
        assert max(len(line) for line in text.splitlines()) <= 60


def test_default_width_is_the_terminal_width(monkeypatch):
    import os
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: os.terminal_size((57, 20)))
    text = render(actplot.get("relu"), width=None)
    assert max(len(line) for line in text.splitlines()) == 57


def test_legend_names_every_curve():
    acts = [actplot.get("relu"), actplot.get("leaky_relu", negative_slope=0.2), actplot.get("elu")]
    text = render(acts, width=50)
    legend = "\n".join(text.splitlines()[:2])
    for act in acts:
        assert act.label in legend
    assert "leaky_relu(negative_slope=0.2)" in legend


def test_x_limits_are_labelled_under_the_last_panel():
    text = render(actplot.get("relu"), derivative=True, xlim=(-5.0, 3.0))
    last = text.splitlines()[-1].split()
    assert last[0] == "-5" and last[-1] == "3"
    assert "0" in last
    assert text.count("└") == 2 and "f'(x)" in text and "f''(x)" not in text


def test_panels_follow_the_options():
    relu = actplot.get("relu")
    assert list(panels(render(relu))) == ["f(x)"]
    assert list(panels(render(relu, derivative=True, second=True))) == ["f(x)", "f'(x)", "f''(x)"]
    assert list(panels(render(relu, second=True))) == ["f(x)", "f''(x)"]


def test_colour_codes_only_with_colour():
    acts = [actplot.get("relu"), actplot.get("elu")]
    plain = render(acts, derivative=True, glyphs=False)
    coloured = render(acts, derivative=True, color=True)
    assert "\x1b" not in plain
    assert "\x1b[38;5;" in coloured
    assert ANSI.sub("", coloured) == plain  # colour changes nothing else (no glyphs in colour)


def test_output_is_deterministic_and_nothing_is_printed(capsys):
    act = actplot.get("selu")
    assert render(act, derivative=True) == render(act, derivative=True)
    assert capsys.readouterr() == ("", "")


def test_relu_geometry():
    grid = dots(panels(render(actplot.get("relu"), ylim=(-1.0, 6.0)))["f(x)"])
    height, width = grid.shape
    zero = round(6.0 / 7.0 * (height - 1))  # the dot row of y = 0
    left, right = grid[:, : width // 2 - 1], grid[:, width // 2 + 1 :]
    assert left[zero].all() and not np.delete(left, zero, axis=0).any()  # flat at 0
    assert right[0, -2:].any() and not right[zero + 1 :].any()  # rises to 6, never below 0
    tops = [int(np.flatnonzero(col)[0]) for col in right.T]
    assert all(a >= b for a, b in zip(tops, tops[1:], strict=False))  # rising left to right
    y_above_3 = round((6.0 - 3.2) / 7.0 * (height - 1))
    assert not right[:y_above_3, : right.shape[1] // 2].any()  # f < 3.2 for 0 < x < 3


def test_relu_derivative_jump_is_not_joined():
    grid = dots(panels(render(actplot.get("relu"), derivative=True))["f'(x)"])
    height, width = grid.shape
    middle = grid[height // 4 : 3 * height // 4]
    assert not middle.any()  # no vertical line from 0 up to 1 at x = 0
    assert (
        grid[-height // 4 :, : width // 2 - 1].any() and grid[: height // 4, width // 2 + 1 :].any()
    )


@pytest.mark.parametrize("name", actplot.names(kinds=ONE_INPUT))
def test_curve_follows_the_function(name):
    """Decoding the dots of the f panel gives back f, to within a dot."""
    act = actplot.get(name)
    ylim = (-3.0, 7.0)
    grid = dots(panels(render(act, ylim=ylim, width=70))["f(x)"])
    height, width = grid.shape
    xs = np.linspace(*XLIM, width)
    half = (XLIM[1] - XLIM[0]) / (width - 1) / 2
    checked = 0
    for c, x in enumerate(xs):
        y = act.profile(np.linspace(x - half, x + half, 9))
        y = y[np.isfinite(y)]
        if y.size == 0 or y.max() > ylim[1] or y.min() < ylim[0]:
            continue
        rows = (ylim[1] - y) / (ylim[1] - ylim[0]) * (height - 1)
        found = np.flatnonzero(grid[:, c])
        assert found.size, f"no dot at x={x:.3f}"
        assert found.min() <= rows.max() + 1 and found.max() >= rows.min() - 1
        checked += 1
    assert checked > width // 3


@pytest.mark.parametrize(
    "name",
    [n for n in actplot.names(kinds=ONE_INPUT) if any(-5 < j < 5 for j in actplot.get(n).jumps)],
)
def test_jumps_are_not_joined(name):
    act = actplot.get(name)
    ylim = (-3.0, 7.0)
    grid = dots(panels(render(act, ylim=ylim, width=70))["f(x)"])
    height, width = grid.shape
    for j in act.jumps:
        lo, hi = sorted(float(act.profile(j + s)) for s in (-1e-9, 1e-9))
        rows = sorted((ylim[1] - v) / (ylim[1] - ylim[0]) * (height - 1) for v in (lo, hi))
        col = round((j - XLIM[0]) / (XLIM[1] - XLIM[0]) * (width - 1))
        gap = grid[int(rows[0]) + 2 : int(rows[1]) - 1, col - 1 : col + 2]
        assert not gap.any()


def test_the_terminal_takes_the_groups_and_options_of_the_figure():
    groups = [[actplot.get("relu")], actplot.parsing.parse_sweep("elu:alpha=1,2")]
    opts = PlotOptions(derivative=False, xlim=(-3.0, 3.0), points=301)
    text = render_terminal(groups, opts, width=60)
    assert list(panels(text)) == ["f(x)"]
    assert "elu(alpha=2)" in text.splitlines()[0] + text.splitlines()[1]
    assert text.splitlines()[-1].split()[0] == "-3"


def test_bad_input():
    relu = actplot.get("relu")
    with pytest.raises(ParameterError, match="terminal width must be >= 30 and <= 1000, not 10"):
        check_width(10)
    assert check_width(None) is None and check_width(30.0) == 30
    with pytest.raises(ParameterError, match="y limits"):
        render(relu, ylim=(2.0, 1.0))
    with pytest.raises(ParameterError, match="x limits"):
        render(relu, xlim=(1.0, 1.0))
    with pytest.raises(ParameterError):
        render([])


def test_without_colour_each_curve_has_its_own_glyph_in_the_plot_and_the_legend():
    acts = [actplot.get("relu"), actplot.get("tanh"), actplot.get("sigmoid")]
    text = render(acts, derivative=True)  # colour off: glyphs by default
    legend = text.splitlines()[0]
    assert legend.startswith("━o━ relu   ━x━ tanh   ━+━ sigmoid")
    body = "\n".join(text.splitlines()[1:])
    for glyph in "ox+":
        assert body.count(glyph) >= 3, glyph  # every few columns along each curve
    # relu's glyphs sit on the relu line: at x > 0 they climb from row to row
    f_rows = panels(text)["f(x)"]
    spots = sorted((c, r) for r, row in enumerate(f_rows) for c, ch in enumerate(row) if ch == "o")
    right = [r for c, r in spots if c > len(f_rows[0]) * 0.6]
    assert right == sorted(right, reverse=True) and len(set(right)) == len(right) >= 2
    assert "\x1b" not in text
    assert render([acts[0]]).count("o") == 0  # a single curve needs no glyph
    assert render(acts, color=True).count("━o━") == 0  # colour tells them apart


@pytest.mark.parametrize("width", [60, 80, 100, 120, 150, 200])
@pytest.mark.parametrize("xlim", [(-6.0, 6.0), (-8.0, 8.0), (-3.0, 1.0), (0.0, 0.3), (-1e3, 1e3)])
def test_x_tick_labels_are_round_numbers_at_any_width(width, xlim):
    text = render(actplot.get("relu"), xlim=xlim, width=width)
    labels = text.splitlines()[-1].split()
    values = [float(v.replace("−", "-")) for v in labels]
    ends = [v for v in values if v in xlim]
    inner = [v for v in values if v not in xlim]
    assert len(inner) >= 2 and values == sorted(values)
    steps = {round(b - a, 9) for a, b in zip(inner, inner[1:], strict=False)}
    assert len(steps) == 1  # evenly spaced
    (step,) = steps
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert round(mantissa, 6) in (1.0, 2.0, 5.0)  # 1, 2 or 5 × 10^k: no 2.5 steps
    decimals = {len(v.split(".")[1]) if "." in v else 0 for v in labels if float(v) not in ends}
    assert len(decimals - {0}) <= 1 and not any(v.endswith(".0") and step >= 1 for v in labels)
    assert all(len(line) <= width for line in text.splitlines())
