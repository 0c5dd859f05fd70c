"""Gated units drawn: the artists hold the unit's own numbers (not pixels), the CLI draws
them to files and the terminal, refuses a mixture in one line, and the window's sliders move
the data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot import registry
from actplot.compute import gated_grid as gg
from actplot.errors import KindError
from actplot.render import figure as rf
from actplot.render import gated_plot as gp
from actplot.render import gated_terminal as gt
from actplot.render.options import PlotOptions

GATED = registry.builtin_names(kinds=["gated"])


def figure(*names: str, **options):
    groups = rf.resolve(list(names))
    return rf.new_figure(groups, PlotOptions(**options)), groups


def units(fig) -> list[gp.UnitArtists]:
    return fig._gated_units


@pytest.fixture(autouse=True)
def keep_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep what gated_plot.draw returns on the figure, for the assertions."""
    draw = gp.draw

    def kept(fig, groups, opts):
        fig._gated_units = draw(fig, groups, opts)
        return fig._gated_units

    monkeypatch.setattr(gp, "draw", kept)


def test_the_registry_has_gated_units() -> None:
    assert {"glu", "swiglu", "reglu"} <= set(GATED)


@pytest.mark.parametrize("name", GATED)
def test_heatmaps_hold_f_and_its_partials_on_the_grid(name: str) -> None:
    fig, _ = figure(name)
    (unit,) = units(fig)
    act = registry.get(name)
    aa, bb = np.meshgrid(unit.grid.a, unit.grid.b)
    fa, fb = act.derivative(aa, bb)
    for which, want in (("f", act(aa, bb)), ("fa", fa), ("fb", fb)):
        image = unit.heatmaps[which].image
        assert np.array_equal(np.asarray(image.get_array()), want), which
        lo, hi = image.norm.vmin, image.norm.vmax
        assert lo == -hi and hi >= np.max(np.abs(want))  # centred at 0
        assert unit.heatmaps[which].colorbar is not None
    assert unit.axes["f"].get_xlabel() == "a (gate input)"
    assert unit.axes["f"].get_ylabel() == "b (value)"
    assert not np.any(unit.grid.a == 0) and not np.any(unit.grid.b == 0)


@pytest.mark.parametrize("name", GATED)
def test_zero_contour_where_f_changes_sign_and_hatching_where_it_is_zero(name: str) -> None:
    fig, _ = figure(name)
    (unit,) = units(fig)
    heat, f = unit.heatmaps["f"], unit.grid.f
    assert (heat.zero is not None) == bool(np.any(f > 0) and np.any(f < 0))
    if heat.zero is not None:
        # Every contour vertex lies where f is 0 between neighbouring nodes of either sign.
        vertices = np.concatenate([p.vertices for p in heat.zero.get_paths() if len(p.vertices)])
        act = registry.get(name)
        step = unit.grid.a[1] - unit.grid.a[0]
        scale = np.max(np.abs(f))
        near = np.abs(act(vertices[:, 0], vertices[:, 1]))
        assert np.median(near) < 0.05 * scale and vertices.shape[0] > 10, step
    assert (heat.plateau is not None) == bool(np.any(f == 0) and not np.all(f == 0))


def test_reglu_is_hatched_on_a_below_zero_and_contoured_on_b_zero() -> None:
    fig, _ = figure("reglu")
    (unit,) = units(fig)
    heat = unit.heatmaps["f"]
    assert heat.plateau is not None
    vertices = np.concatenate([p.vertices for p in heat.zero.get_paths()])
    assert np.all(np.abs(vertices[:, 1]) < 0.05) and np.all(vertices[:, 0] > -0.05)


@pytest.mark.parametrize("name", GATED)
def test_slices_are_f_at_the_held_b(name: str) -> None:
    fig, _ = figure(name)
    (unit,) = units(fig)
    act = registry.get(name)
    assert [line.get_label() for line in unit.slices] == ["b = −2", "b = −1", "b = 1", "b = 2"]
    for line, b in zip(unit.slices, gg.B_SLICES, strict=True):
        x = line.get_xdata()
        assert np.array_equal(line.get_ydata(), act(x, np.full_like(x, b)))


@pytest.mark.parametrize("name", GATED)
def test_the_diagonal_is_the_self_gated_function_and_says_which(name: str) -> None:
    fig, _ = figure(name)
    (unit,) = units(fig)
    spec = registry.spec(name)
    line = unit.diagonal
    x, y = line.get_xdata(), line.get_ydata()
    assert np.array_equal(y, registry.get(name)(x, x))
    if spec.diagonal and spec.diagonal in registry.names():
        assert np.allclose(y, registry.get(spec.diagonal)(x), rtol=1e-12, atol=1e-12)
        assert line.get_label() == f"a = b: {spec.diagonal}(x)"
    else:
        assert line.get_label().replace("\n  ", " ") == f"a = b: {spec.diagonal_text}"
    texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert line.get_label() in texts
    # and the line a = b crosses every heatmap
    for heat in unit.heatmaps.values():
        dx, dy = heat.diagonal.get_data()
        assert np.array_equal(dx, dy)


def test_glu_says_its_diagonal_is_silu() -> None:
    fig, _ = figure("glu")
    assert units(fig)[0].diagonal.get_label() == "a = b: silu(x)"


def test_one_block_per_unit_with_its_title_and_no_derivatives_when_asked() -> None:
    fig, _ = figure("glu", "swiglu:beta=2")
    got = units(fig)
    assert [u.act.label for u in got] == ["glu", "swiglu(beta=2)"]
    assert [sf.get_suptitle().split(":")[0] for sf in fig.subfigs] == ["glu", "swiglu(beta=2)"]
    assert "β = 2" in fig.subfigs[1].get_suptitle().replace("$\\beta = 2$", "β = 2")
    fig, _ = figure("swiglu", derivative=False)
    assert set(units(fig)[0].axes) == {"f", "slices"}


def test_one_column_figure_is_two_by_two() -> None:
    fig, _ = figure("swiglu", size=(3.4, 4.2))
    (unit,) = units(fig)
    boxes = {k: ax.get_position() for k, ax in unit.axes.items()}
    assert boxes["f"].y0 > boxes["fa"].y1 - 1e-9  # f above the partials
    assert boxes["slices"].x0 > boxes["f"].x1 - 1e-9


def test_a_sweep_draws_a_row_per_value() -> None:
    groups = rf.resolve([], ["swiglu:beta=0.5,2"])
    fig = rf.new_figure(groups, PlotOptions())
    assert [u.act.params["beta"] for u in fig._gated_units] == [0.5, 2.0]


@pytest.mark.parametrize("names", [["swiglu", "relu"], ["relu", "glu"]])
def test_mixing_kinds_is_refused(names: list[str]) -> None:
    with pytest.raises(KindError, match="draw them separately"):
        rf.resolve(names)


def test_cli_writes_png_and_pdf(cli, tmp_path: Path) -> None:
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF")):
        out = tmp_path / f"x{suffix}"
        result = cli("show", "swiglu", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] == magic


def test_cli_terminal_shows_the_slices_without_colour(cli) -> None:
    result = cli("show", "glu", "--terminal", "--width", "80")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "\x1b[" not in text
    assert "b = −2" in text and "b = 2" in text and "a = b: silu(x)" in text
    assert "a (gate input)" in text and "∂f/∂a" in text
    assert any(0x2800 <= ord(c) <= 0x28FF for c in text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_terminal_panel_is_drawn_from_the_slices() -> None:
    act = actplot.get("reglu")
    text = gt.render_terminal([[act]], PlotOptions(derivative=False), width=60)
    rows = text.splitlines()
    # reglu is 0 for every b on a < 0: the left part of the panel is one flat line at 0
    zero_row = next(r for r in rows if r.strip().startswith("0┤"))
    left = zero_row.split("┤", 1)[1][:20]
    assert all(0x2800 < ord(c) <= 0x28FF for c in left.replace(" ", ""))
    assert left.strip()


def test_cli_mixed_kinds_is_one_line_and_exit_2(cli, tmp_path: Path) -> None:
    out = tmp_path / "m.png"
    result = cli("show", "swiglu", "relu", "-o", str(out))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "separately" in result.stderr and not out.exists()


def test_window_sliders_change_the_drawn_data() -> None:
    from actplot.render.gated_window import GatedWindow
    from actplot.render.interactive import build_window

    win = build_window([[actplot.parse("swiglu")], [actplot.parse("glu")]], PlotOptions())
    assert isinstance(win, GatedWindow)
    assert [p.label for p in win.plans] == ["swiglu: beta"]
    (beta,) = win.sliders
    beta.set_val(2.0)
    act = win.acts[0]
    assert act.params["beta"] == 2.0
    unit = win.units[0]
    aa, bb = np.meshgrid(unit.grid.a, unit.grid.b)
    assert np.array_equal(np.asarray(unit.heatmaps["f"].image.get_array()), act(aa, bb))
    assert "beta=2" in win.blocks[0].get_suptitle()
    # the slice slider moves the slice and its line across the f heatmap
    win.slice_sliders[1].set_val(-2.0)
    (line,) = win.units[1].slices
    x = line.get_xdata()
    assert np.array_equal(line.get_ydata(), win.acts[1](x, np.full_like(x, -2.0)))
    assert list(win.slice_lines[1].get_ydata()) == [-2.0, -2.0]
    lo, hi = win.units[1].axes["slices"].get_ylim()
    assert lo <= float(np.min(line.get_ydata())) and hi >= float(np.max(line.get_ydata()))
    win.fig.canvas.draw()


def test_gallery_pages_and_sheet_cells() -> None:
    from actplot.render import gallery_sheet as gs
    from actplot.render.gallery_props import properties

    props = properties("reglu")
    assert props.monotonic == "n/a" and props.zero_centred  # a one-input property, as in the table
    assert not properties("swiglu_oai").zero_centred  # (u + 1): E f > 0
    page = gs.activation_figure("reglu", props)
    assert "zero-centred: yes" in page.get_suptitle()
    family = gs.family_overlay("gated", GATED)
    titles = [ax.get_title() for ax in family.axes]
    assert set(GATED) <= set(titles)
    sheet = gs.contact_sheet(["relu", "glu", "silu"])
    assert [ax.get_title() for ax in sheet.axes if ax.get_visible()][-1] == "glu: f(a, b)"


def test_a_parameter_slider_keeps_the_units_split_and_label() -> None:
    from actplot.render.interactive import build_window
    from actplot.render.options import PlotOptions

    act = actplot.parse("swiglu:split=second").with_label("MulAndSilu")
    win = build_window([[act]], PlotOptions())
    win.sliders[0].set_val(2.0)
    moved = win.acts[0]
    assert moved.params["beta"] == 2.0 and moved.split_convention == "second"
    assert moved.label == "MulAndSilu"
