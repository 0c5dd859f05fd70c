"""Figures for a paper (issue 13): labels, fonts and formats, styles, the default x range,
readable overlays, guides, small sizes, poles, and the API drawing the command line's figure.

Tests inspect the artists (legend texts, line styles, patches and their x extent, axes
limits) and the saved bytes, not pixels, except where pixels are the claim.
"""

from __future__ import annotations

import inspect
import io
import math
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ONE_INPUT
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import actplot
from actplot.compute import curves as cv
from actplot.render import figure as rf
from actplot.render import style
from actplot.render.options import PlotOptions


def legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def curves_of(ax) -> list:
    return [ln for ln in ax.get_lines() if ln.get_linestyle() != "None" and len(ln.get_xdata()) > 2]


def saved(fig: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    return buffer.getvalue()


# ---- labels -------------------------------------------------------------------------------


def test_labels_from_the_name_text_and_from_the_api() -> None:
    fig = actplot.plot(["relu:label=ReLU", "gelu:approximate=tanh,label=GELU (tanh, fast)"])
    assert legend_texts(fig)[:2] == ["ReLU", "GELU (tanh, fast)"]
    fig = actplot.plot(["relu", "tanh"], labels=["rectifier", None])
    assert legend_texts(fig)[:2] == ["rectifier", "tanh"]  # None keeps the default
    act = actplot.get("elu", alpha=0.5).with_label("ELU (α = 0.5)")
    assert act.label == "ELU (α = 0.5)" and act == actplot.get("elu", alpha=0.5)
    assert legend_texts(actplot.plot(act, saturation=False)) == ["ELU (α = 0.5)"]
    # A sweep keeps its family label and names each member's value.
    fig = actplot.plot([], sweep=["silu:label=Swish;beta=1,2"], saturation=False)
    assert legend_texts(fig) == ["Swish (beta=1)", "Swish (beta=2)"]
    # Defaults are unchanged: the canonical name with the non-default parameters.
    assert legend_texts(actplot.plot(["swish:beta=2"], saturation=False)) == ["silu(beta=2)"]


def test_bad_labels_are_parameter_errors() -> None:
    with pytest.raises(actplot.ParameterError, match="label= needs a text"):
        actplot.plot("relu:label=")
    with pytest.raises(actplot.ParameterError, match="labels must be 2 texts"):
        actplot.plot(["relu", "tanh"], labels=["one"])
    with pytest.raises(actplot.ParameterError, match="non-empty text"):
        actplot.get("relu").with_label("  ")


def test_a_label_survives_a_slider_and_names_it() -> None:
    from actplot.render.interactive import build_window

    window = build_window(rf.resolve(["elu:label=ELU"]))
    (plan,) = window.plans
    assert plan.label == "ELU: alpha"
    window.set_param(plan, 2.0)
    assert window.acts[0].params["alpha"] == 2.0 and window.acts[0].label == "ELU"


# ---- fonts and formats ------------------------------------------------------------------


def test_pdf_and_eps_embed_truetype_and_svg_keeps_text() -> None:
    fig = actplot.plot(["relu", "tanh"], formulas=True)
    pdf = saved(fig, "pdf")
    assert b"/Type3" not in pdf and b"/FontFile2" in pdf  # TrueType (Type 42) fonts
    eps = saved(fig, "eps")
    assert eps.startswith(b"%!PS-Adobe-3.0 EPSF") and b"/FontType 42" in eps
    assert b"/FontType 3" not in eps and b"%%CreationDate" not in eps
    assert b"<text" in saved(fig, "svg")  # text as text, not glyph paths


def test_eps_is_byte_reproducible_and_leaves_the_figure_as_it_was() -> None:
    fig = actplot.plot(["relu", "tanh", "hardshrink"])
    png = saved(fig, "png")
    first = saved(fig, "eps")
    time.sleep(1.1)  # PostScript's creation date has one-second resolution
    assert saved(fig, "eps") == first
    assert saved(fig, "png") == png  # the opaque colours for PostScript were undone
    assert b"does not support transparency" not in first


@pytest.mark.parametrize(
    "fmt, magic",
    [("jpeg", b"\xff\xd8\xff"), ("tiff", b"II*\x00"), ("webp", b"RIFF"), ("png", b"\x89PNG")],
)
def test_raster_formats_have_their_headers(fmt: str, magic: bytes) -> None:
    data = saved(actplot.plot("relu", derivative=False, size=(3, 2.5)), fmt)
    assert data.startswith(magic)
    if fmt == "webp":
        assert data[8:12] == b"WEBP"


def test_transparent_leaves_the_background_clear() -> None:
    import matplotlib.image

    fig = actplot.plot("relu", transparent=True)
    rgba = matplotlib.image.imread(io.BytesIO(saved(fig, "png")))
    assert rgba.shape[2] == 4 and rgba[0, 0, 3] == 0.0 and rgba[-1, -1, 3] == 0.0
    opaque = matplotlib.image.imread(io.BytesIO(saved(actplot.plot("relu"), "png")))
    assert opaque[0, 0, 3] == 1.0


# ---- styles ---------------------------------------------------------------------------------


def test_style_files_packages_and_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "paper.mplstyle"
    sheet.write_text("axes.prop_cycle: cycler('color', ['ff0000'])\nfont.size: 7\n")
    fig = actplot.plot("relu", style=str(sheet))
    assert to_rgba(curves_of(fig.axes[0])[0].get_color())[:3] == (1.0, 0.0, 0.0)
    package = tmp_path / "my_styles"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "blue.mplstyle").write_text("axes.prop_cycle: cycler('color', ['0000ff'])\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    fig = actplot.plot("relu", style="ggplot,my_styles.blue")  # several, the last wins
    assert to_rgba(curves_of(fig.axes[0])[0].get_color())[:3] == (0.0, 0.0, 1.0)
    with pytest.raises(actplot.ParameterError, match="no style file"):
        actplot.plot("relu", style=str(tmp_path / "missing.mplstyle"))
    with pytest.raises(actplot.ParameterError, match="cannot load the style 'my_styles.nope'"):
        actplot.plot("relu", style="my_styles.nope")


def test_a_latex_style_without_latex_says_how_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "tex.mplstyle"
    sheet.write_text("text.usetex: True\n")
    monkeypatch.setattr(style.shutil, "which", lambda name: None)
    with pytest.raises(actplot.ParameterError, match="LaTeX, which is not installed; add no-latex"):
        actplot.plot("relu", style=str(sheet))


def test_scienceplots_ieee_without_latex_when_installed() -> None:
    pytest.importorskip("scienceplots")  # the styles extra, also in the test extra
    fig = actplot.plot(["relu", "gelu", "silu"], style="science,ieee,no-latex")
    width, height = fig.get_size_inches()
    assert width == pytest.approx(3.3)  # the style's one-column width
    styles = [ln.get_linestyle() for ln in curves_of(fig.axes[0])]
    assert len(set(styles)) == 3  # ieee's cycle sets line styles for black-and-white print
    assert b"/Type3" not in saved(fig, "pdf")
    assert "ieee" in style.available_styles()


# ---- the default x range ------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, xlim",
    [
        (["relu", "tanh"], (-6.0, 6.0)),
        (["hardtanh"], (-6.0, 6.0)),  # ±1 lies well inside
        (["relu6"], (-8.0, 8.0)),  # its cap at 6 was on the edge
        (["leaky_relu6", "tanh"], (-8.0, 8.0)),
        (["softshrink:lambd=6"], (-8.0, 8.0)),
        (["threshold:threshold=20"], (-25.0, 25.0)),
        (["x*sigmoid(x/10)"], (-20.0, 20.0)),  # its minimum at −12.8
        (["tan(x)", "sinusoid"], (-6.0, 6.0)),  # periodic features do not widen it
        (["softplus"], (-6.0, 6.0)),  # its switch to x at 20 steps f′ by 2e-9: not visible
    ],
)
def test_the_default_range_shows_every_feature(names: list[str], xlim: tuple) -> None:
    fig = actplot.plot(names)
    assert fig.axes[0].get_xlim() == xlim
    far = max((abs(x) for n in names for x in cv.features(actplot.parse(n))), default=0.0)
    assert far < 6 or xlim[1] >= 1.2 * far
    assert actplot.plot(names, xlim=(-2, 2)).axes[0].get_xlim() == (-2.0, 2.0)


# ---- readable overlays ------------------------------------------------------------------


def test_near_coincident_curves_are_told_apart_by_the_dash() -> None:
    fig = actplot.plot(["gelu", "gelu:approximate=tanh", "relu", "tanh"], saturation=False)
    gelu, tanh_form, relu, tanh = (ln.get_linestyle() for ln in curves_of(fig.axes[0]))
    assert gelu == "-" and tanh_form == "--"  # the later drawn dashed over the earlier
    assert relu == "-" and tanh == "-"
    handles = fig.legends[0].legend_handles
    assert handles[1].get_linestyle() == "--"  # the legend shows it too
    fig = actplot.plot(["silu", "swish", "swish:beta=1"], saturation=False)
    assert len({ln.get_linestyle() for ln in curves_of(fig.axes[0])}) == 3


def test_many_functions_get_one_strip_each_instead_of_stacked_tints() -> None:
    names = ["relu", "gelu", "silu", "tanh", "sigmoid", "elu"]
    fig = actplot.plot(names)
    *panels, strips = fig.axes
    assert len(panels) == 2 and not any(ax.patches for ax in panels)  # no full-height tints
    rows = [t.get_text() for t in strips.get_yticklabels()]
    assert rows == names  # every function with regions has its named row, top to bottom
    colors = [to_rgba(t.get_color())[:3] for t in strips.get_yticklabels()]
    lines = [to_rgba(ln.get_color())[:3] for ln in curves_of(panels[0])]
    assert colors == lines  # the row label is in the curve's colour
    relu = actplot.get("relu")
    from actplot.compute import regions as rg

    want = rg.regions(relu).within(-6, 6)
    top = [p for p in strips.patches if p.get_y() > len(names) - 1]  # relu's row
    spans = sorted((p.get_x(), p.get_x() + p.get_width()) for p in top)
    assert spans == [(-6.0, want.dead[0].hi)] * 2  # tinted and hatched: saturated and dead
    assert "saturated: |f′| < 0.05" in legend_texts(fig) and "dead: f′ = 0" in legend_texts(fig)
    assert strips.get_xlabel() == "x" and panels[-1].get_xlabel() == ""


def test_a_function_dead_everywhere_does_not_hatch_the_panel() -> None:
    fig = actplot.plot(["binary_step", "tanh"])
    blue = to_rgba(style.OKABE_ITO_LIGHT[0])[:3]
    for ax in fig.axes:
        mine = [p for p in ax.patches if blue in (to_rgba(p.get_facecolor())[:3],
                                                   to_rgba(p.get_edgecolor())[:3])]  # fmt: skip
        assert not mine
    assert legend_texts(fig)[0] == "binary_step (f′ = 0 everywhere)"
    narrow = actplot.plot("relu", xlim=(-3, -1))
    assert not narrow.axes[0].patches
    assert legend_texts(narrow)[0] == "relu (f′ = 0 on the whole range)"


def test_asymptote_guides_are_an_option() -> None:
    fig = actplot.plot(["tanh", "sigmoid", "1/x"], asymptotes=True, saturation=False)
    guides = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == "--"]
    horizontal = sorted(y[0] for ln in guides if (y := ln.get_ydata())[0] == y[1])
    assert horizontal == [-1.0, 0.0, 1.0]  # tanh ±1; sigmoid 0 (shared with 1/x) and 1
    vertical = [x[0] for ln in guides if (x := ln.get_xdata())[0] == x[1]]
    assert vertical == [0.0]  # the pole of 1/x
    assert "asymptotes" in legend_texts(fig)
    plain = actplot.plot(["tanh"], saturation=False)
    assert not [ln for ln in plain.axes[0].get_lines() if ln.get_linestyle() == "--"]


def test_at_one_paper_column_the_legend_leaves_the_width_to_the_curves() -> None:
    fig = actplot.plot(["relu", "gelu", "silu", "tanh"], size=(3.3, 2.6))
    FigureCanvasAgg(fig).draw()
    legend, top = fig.legends[0].get_window_extent(), fig.axes[0].get_window_extent()
    page = fig.bbox
    assert legend.y1 <= fig.axes[-1].get_window_extent().y0  # below the panels
    assert top.width >= 0.75 * page.width  # the curves keep most of the width
    assert legend.width <= page.width
    wide = actplot.plot(["relu", "tanh"])
    FigureCanvasAgg(wide).draw()
    assert wide.legends[0].get_window_extent().x0 >= wide.axes[0].get_window_extent().x1


# ---- poles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("formula", ["1/x", "x**-2", "tan(x)"])
def test_a_pole_is_a_gap_with_a_readable_y_range_and_a_note(formula: str) -> None:
    act = actplot.parse(formula)
    fig = actplot.plot(formula, saturation=False)
    (line,) = curves_of(fig.axes[0])
    x, y = line.get_xdata(), line.get_ydata()
    for p in act.poles:
        if -6 < p < 6:
            i = int(np.flatnonzero(x == p)[0])
            assert np.isnan(y[i])  # no vertical line joins the branches
    lo, hi = fig.axes[0].get_ylim()
    assert -50 < lo < 0 < hi < 50  # the shape, not a ±1e12 blow-up
    assert "not finite at x = " in legend_texts(fig)[0]


def test_a_derivative_singularity_does_not_set_its_panel_range() -> None:
    fig = actplot.plot("sqrt(x)", saturation=False)
    lo, hi = fig.axes[1].get_ylim()
    assert hi < 50  # √x′ = 1/(2√x) is infinite at 0


# ---- the API draws the command line's figure ----------------------------------------------


def test_plot_has_an_explicit_documented_signature_with_the_defaults() -> None:
    sig = inspect.signature(actplot.render.figure.plot)
    params = sig.parameters
    assert not any(p.kind is p.VAR_KEYWORD or p.kind is p.VAR_POSITIONAL for p in params.values())
    assert all(p.annotation is not inspect.Parameter.empty for p in params.values())
    doc = inspect.getdoc(actplot.render.figure.plot) or ""
    for name in params:
        assert f"{name}:" in doc, name
    defaults = PlotOptions()
    for field in PlotOptions.__dataclass_fields__:
        assert params[field].default == getattr(defaults, field), field
    assert "**" not in str(inspect.signature(actplot.plot))  # the facade forwards it whole


def test_plot_draws_into_the_users_axes_and_nothing_else() -> None:
    fig = Figure()
    mine, ax_f, ax_df = fig.subplots(1, 3)
    mine.plot([0, 1], [0, 1])
    before = (len(mine.lines), len(fig.legends), len(fig.axes))
    out = actplot.plot(["relu", "tanh"], axes=(ax_f, ax_df))
    assert out is fig
    assert (len(mine.lines), len(fig.legends), len(fig.axes)) == before
    assert len(curves_of(ax_f)) == 2 and len(curves_of(ax_df)) == 2
    np.testing.assert_allclose(curves_of(ax_df)[1].get_ydata()[600], 1.0, atol=1e-3)  # tanh′(0)
    assert [t.get_text() for t in ax_f.get_legend().get_texts()][:2] == ["relu", "tanh"]
    single = Figure()
    ax = single.add_subplot()
    actplot.plot("relu", ax=ax)
    assert single.axes == [ax] and ax.get_ylabel() == "f(x)"
    with pytest.raises(actplot.ParameterError, match="not both"):
        actplot.plot("relu", ax=ax, axes=(ax,))


def test_plot_and_show_give_the_same_pixels_with_options(tmp_path: Path, cli) -> None:
    import matplotlib.image

    out, api = tmp_path / "cli.png", tmp_path / "api.png"
    args = ["relu6", "gelu:label=GELU", "--second", "--size", "5", "4", "--title", "T"]
    result = cli("show", *args, "--asymptotes", "-o", str(out), "--dpi", "80")
    assert result.exit_code == 0, result.output
    fig = actplot.plot(
        ["relu6", "gelu:label=GELU"], second=True, size=(5, 4), title="T", asymptotes=True
    )
    fig.savefig(api, dpi=80)
    a, b = matplotlib.image.imread(out), matplotlib.image.imread(api)
    assert a.shape == b.shape == (320, 400, 4) and (a == b).all()


def test_a_sub_figure_gives_back_its_root_figure() -> None:
    fig = Figure()
    (sub,) = fig.subfigures(1, 1, squeeze=False)[0]
    ax = sub.add_subplot()
    assert actplot.plot("relu", ax=ax) is fig


def test_formulas_in_the_legend_name_their_symbols() -> None:
    text = legend_texts(actplot.plot("silu:beta=2", formulas=True, saturation=False))[0]
    assert text.startswith("silu(beta=2)\n" + actplot.spec("silu").formula + ", $\\beta = 2$")
    expression = legend_texts(actplot.plot("x*sigmoid(b*x):b=2", formulas=True))[0]
    assert expression.endswith(", $b = 2$")
    with_all = actplot.plot(actplot.names(kinds=ONE_INPUT)[:6], formulas=True)
    FigureCanvasAgg(with_all).draw()  # the mathtext parses


def test_every_activation_has_a_symmetric_default_range_of_at_least_six() -> None:
    for name in actplot.names(kinds=ONE_INPUT):
        lo, hi = cv.default_xlim([actplot.get(name)])
        assert lo == -hi and 6 <= hi < 100 and math.isfinite(hi), name
