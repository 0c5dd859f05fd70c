"""Notebooks: the formula card of an activation, the table's HTML rows, ``actplot.interact``
driven without a browser (as the Tk window is in test_render_interactive.py), and the
example notebook executed by nbclient in an IPython kernel of this interpreter."""

from __future__ import annotations

import html
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.errors import ActplotError, KindError
from actplot.render import notebook as nbk
from actplot.render import notebook_display as nd
from actplot.render.text_math import to_unicode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "notebook.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


def gated_names() -> list[str]:
    return [n for n in actplot.names() if nd.is_gated(actplot.get(n))]


def one_input_names() -> list[str]:
    return [n for n in actplot.names() if not nd.is_gated(actplot.get(n))]


def option(slider, value: float):
    """The option of a selection slider nearest to `value` (what a user can pick)."""
    return min((v for _, v in slider.options), key=lambda v: abs(v - value))


def plan_slider(view, index: int, name: str):
    (k,) = [k for k, p in enumerate(view.window.plans) if (p.index, p.name) == (index, name)]
    return view.sliders[k]


def assert_lines_follow(view, i: int) -> None:
    """Activation `i`'s drawn f and f′ are its values at the drawn x (where finite)."""
    act = view.window.acts[i]
    for order in (0, 1):
        x, y = (np.asarray(v, dtype=float) for v in view.window.lines[(i, order)].get_data())
        want = np.asarray(act.profile(x, order), dtype=float)
        ok = np.isfinite(y) & np.isfinite(want)
        assert ok.sum() > len(x) // 2
        assert np.allclose(y[ok], want[ok], rtol=1e-9, atol=1e-12), (act, order)


def saturated_spans(view, i: int) -> list[tuple[float, float]]:
    ax = view.window.axes[0]
    spans = []
    for p in view.window.shading[i]:
        if p.axes is ax and p.get_hatch() is None:
            xs = p.get_path().transformed(p.get_patch_transform()).vertices[:, 0]
            spans.append((float(xs.min()), float(xs.max())))
    return sorted(spans)


# -- interact -----------------------------------------------------------------------------
def test_a_parameter_slider_moves_the_curve_relabels_and_redraws():
    view = actplot.interact(["relu", "leaky_relu:negative_slope=0.2", "elu"])
    assert view.image is not None and bytes(view.image.value).startswith(PNG)
    before = view.image.value
    slider = plan_slider(view, 1, "negative_slope")
    assert slider.value == 0.2 and slider.label == "0.2"
    slider.value = option(slider, 0.4)
    assert view.window.acts[1].params["negative_slope"] == 0.4
    assert_lines_follow(view, 1)
    x, y = view.window.lines[(1, 1)].get_data()
    assert np.allclose(np.asarray(y)[np.asarray(x) < 0], 0.4)
    assert view.functions[1].description == "leaky_relu(negative_slope=0.4)"
    legend = [t.get_text() for t in view.window.legend.get_texts()]
    assert legend == ["relu", "leaky_relu(negative_slope=0.4)", "elu"]
    assert view.image.value != before and bytes(view.image.value).startswith(PNG)
    assert view.window.lines[(0, 0)].get_ydata()[0] == 0  # the others stay


def test_every_slider_offers_exactly_the_window_sliders_values():
    view = actplot.interact(["elu", "softmax"])
    for plan, slider in zip(view.window.plans, view.sliders, strict=True):
        assert [v for _, v in slider.options] == [float(v) for v in plan.steps]
        assert slider.value == pytest.approx(plan.value)
        assert slider.description == plan.label
    top = max(v for _, v in view.threshold.options)
    assert view.threshold.value == 0.05 and top == pytest.approx(0.3)


@pytest.mark.parametrize("formulas", [False, True])
def test_a_dark_legend_stays_light_after_a_change(formulas):
    view = actplot.interact(["elu"], theme="dark", formulas=formulas)
    ink = view.window.fg_color
    alpha = plan_slider(view, 0, "alpha")
    alpha.value = option(alpha, 2.0)
    view.functions[0].value = False
    view.functions[0].value = True
    assert [t.get_color() for t in view.window.legend.get_texts()] == [ink]
    assert ink != "black"


def test_the_threshold_slider_moves_the_shading_and_the_threshold_lines():
    view = actplot.interact("elu")
    ((_, hi),) = saturated_spans(view, 0)
    assert hi == pytest.approx(math.log(0.05), abs=1e-6)
    view.threshold.value = option(view.threshold, 0.2)
    ((_, hi),) = saturated_spans(view, 0)
    assert hi == pytest.approx(math.log(0.2), abs=1e-6)
    assert sorted(line.get_ydata()[0] for line in view.window.threshold_lines) == [-0.2, 0.2]


def test_check_boxes_toggle_curves_panels_and_shading():
    view = actplot.interact(["relu", "elu"])
    win = view.window
    assert win.axes[1].get_visible() and not win.axes[2].get_visible()
    png = view.image.value
    view.functions[0].value = False
    assert not any(win.lines[(0, o)].get_visible() for o in (0, 1, 2))
    assert [t.get_text() for t in win.legend.get_texts()] == ["elu"]
    assert view.image.value != png
    view.panels[1].value = False
    assert not win.axes[1].get_visible() and win.axes[0].get_xlabel() == "x"
    view.panels[2].value = True
    assert win.axes[2].get_visible()
    view.saturation.value = False
    assert all(not p.get_visible() for ps in win.shading.values() for p in ps)
    view.functions[0].value = True
    assert win.lines[(0, 0)].get_visible()
    assert win.checks.get_status() == [True, True, False, True, False]


def test_the_readout_follows_x_with_exact_values():
    view = actplot.interact(["relu", "elu"])
    view.x.value = 1.0
    lines = view.readout.value.split("\n")
    assert "x = 1" in lines[0]
    assert any(line.startswith("relu") and "f = 1  f′ = 1" in line for line in lines)
    assert "f″" not in view.readout.value  # no f″ panel, no f″ value
    assert all(line.get_xdata()[0] == 1.0 for line in view.window.cursor)
    view.x.value = -2.0
    elu = next(line for line in view.readout.value.split("\n") if line.startswith("elu"))
    assert f"f′ = {math.exp(-2.0):.6g}" in elu
    view.panels[2].value = True
    assert "f″" in view.readout.value


def test_a_rejected_value_keeps_the_curve_and_says_why():
    view = actplot.interact("rrelu")
    before = view.window.lines[(0, 0)].get_ydata().copy()
    lower = plan_slider(view, 0, "lower")
    lower.value = option(lower, 0.9)  # above upper = 1/3
    assert "lower must be &lt;= upper" in view.status.value
    assert view.window.acts[0].params["lower"] == 0.125
    assert np.array_equal(view.window.lines[(0, 0)].get_ydata(), before)
    lower.value = option(lower, 0.2)
    assert view.status.value == "" and view.window.acts[0].params["lower"] == 0.2


def test_an_integer_parameter_stays_whole():
    view = actplot.interact("softmax")
    k = plan_slider(view, 0, "k")
    assert all(float(v).is_integer() for _, v in k.options)
    k.value = 7.0
    assert view.window.acts[0].params["k"] == 7 and isinstance(view.window.acts[0].params["k"], int)
    assert_lines_follow(view, 0)


@pytest.mark.parametrize("name", one_input_names())
def test_every_activation_follows_its_sliders(name):
    view = actplot.interact(name, points=201, canvas=True)  # no PNG per move
    for plan, slider in zip(view.window.plans, view.sliders, strict=True):
        values = [v for _, v in slider.options]
        slider.value = values[0] if slider.value != values[0] else values[-1]
        if not view.status.value:  # a value its other parameters refuse keeps the curve
            assert view.window.acts[plan.index].params[plan.name] == pytest.approx(slider.value)
    assert_lines_follow(view, 0)


@pytest.mark.parametrize("name", gated_names())
def test_a_gated_activation_is_refused_in_one_line(name):
    with pytest.raises(KindError) as caught:
        actplot.interact(["relu", name])
    assert "gated" in str(caught.value) and "\n" not in str(caught.value)


def test_without_ipywidgets_one_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets: ImportError
    with pytest.raises(ActplotError) as caught:
        actplot.interact(["relu", "gelu"])
    assert str(caught.value) == nbk.MISSING
    assert 'pip install "actplot[notebook]"' in str(caught.value)


def test_bad_options_are_one_line_errors():
    with pytest.raises(ActplotError, match="threshold"):
        actplot.interact("relu", threshold=-1)
    with pytest.raises(ActplotError, match="unknown activation"):
        actplot.interact("no_such_thing")


def test_with_ipympl_the_figure_is_a_live_canvas_and_the_pointer_moves_the_readout():
    from ipympl.backend_nbagg import Canvas
    from matplotlib.backend_bases import MouseEvent

    view = actplot.interact(["relu", "elu"], canvas=True)
    fig = view.window.fig
    assert view.image is None and isinstance(fig.canvas, Canvas)
    assert fig.canvas in view.widget.children
    alpha = plan_slider(view, 1, "alpha")
    alpha.value = option(alpha, 2.0)
    assert view.window.acts[1].params["alpha"] == 2.0
    assert_lines_follow(view, 1)
    fig.canvas.draw()
    px, py = view.window.axes[0].transData.transform((1.5, 0.5))
    fig.canvas.callbacks.process(
        "motion_notify_event", MouseEvent("motion_notify_event", fig.canvas, px, py)
    )
    assert view.x.value == pytest.approx(1.5, abs=0.05)
    assert f"x = {view.x.value:.6g}" in view.readout.value


def test_ipympl_is_chosen_by_the_backend(monkeypatch):
    import matplotlib

    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://ipympl.backend_nbagg")
    assert nbk.uses_ipympl()
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.x")
    assert not nbk.uses_ipympl()


# -- the formula card ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert nd.install(shell)
    return shell


@pytest.mark.parametrize(
    "name", ["gelu:approximate=tanh", "leaky_relu:negative_slope=0.2", "silu:beta=2"]
)
def test_an_activation_shows_its_card(shell, name):
    """The card: formulas, parameters, the range as measured for these parameter values
    (silu's declared range is beta=1's), the picture, and PNG for frontends without HTML."""
    from actplot.render.formula_text import formulas

    act = actplot.parse(name)
    data, _ = shell.display_formatter.format(act)
    card = data["text/html"]
    f, df = formulas(act)
    for formula in (f, df):
        assert f'aria-label="{html.escape(to_unicode(formula))}"' in card
    assert act.label in card and act.spec.family in card
    for p in act.spec.params:
        assert f"<code>{p.name}</code>" in card
    (row,) = actplot.table([name], columns=["range"])
    assert f"<td {nd.CELL}>{row['range_text']}</td>" in card
    assert '<img src="data:image/png;base64,' in card
    assert "<style" not in card and "<script" not in card
    assert data["image/png"].startswith(PNG)
    assert data["text/plain"] == repr(act)


def test_the_card_names_the_symbols_values():
    card = nd.card_html(actplot.parse("leaky_relu:negative_slope=0.3"))
    assert 'aria-label="s = 0.3"' in card


def test_a_vector_card_says_what_the_curve_is():
    card = nd.card_html(actplot.get("softmax"))
    assert "x₁ of K=3; others 0" in card


@pytest.mark.parametrize("params", [{}, {"limit": 3.0}])
def test_a_gated_card_has_no_picture_and_its_measured_range(params):
    act = actplot.get("swiglu_oai", **params)
    card = nd.card_html(act)
    assert "<img" not in card and f'aria-label="{to_unicode(act.spec.formula)}"' in card
    assert act.spec.diagonal_text in card
    (row,) = actplot.table([act.label.replace("(", ":").rstrip(")")], columns=["range"])
    assert row["range_text"] in card  # the range `actplot table` measures, parameters and all
    assert nd.card_png(act) is None
    with pytest.raises(KindError):
        nbk.check_kinds([act])


def test_figures_show_as_png(shell):
    fig = actplot.plot(["relu", "gelu"])
    data, _ = shell.display_formatter.format(fig)  # IPython's own, not actplot's, formatter
    assert data["image/png"].startswith(PNG)


# -- the table ----------------------------------------------------------------------------
def test_table_rows_are_the_list_and_show_as_the_html_table():
    rows = actplot.table(["relu", "tanh"], columns=["range", "zero_centered"])
    plain = json.loads(json.dumps(rows))
    assert rows == plain and isinstance(rows, list) and type(plain) is list
    assert [(r["name"], r["range_text"], r["zero_centered"]) for r in rows] == [
        ("relu", "[0, ∞)", False),
        ("tanh", "(−1, 1)", True),
    ]
    page = rows._repr_html_()
    assert page.count("<tr>") == 3 and "zero-centred</th>" in page
    assert "<td>[0, ∞)</td>" in page and "<td>(−1, 1)</td>" in page
    assert 'aria-label="max(0, x)"' in page and "fill: currentColor" in page
    assert "<style" not in page and "<!DOCTYPE" not in page  # a fragment, styled inline
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(rows)) == rows and copy.deepcopy(rows) == rows


# -- import lightness ---------------------------------------------------------------------
def run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_actplot_under_ipython_registers_the_card_without_matplotlib():
    out = run(
        """
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        import actplot
        assert "matplotlib" not in sys.modules and "ipywidgets" not in sys.modules
        data, _ = shell.display_formatter.format(actplot.get("relu"))
        print("actplot-card" in data["text/html"], data["image/png"][:4])
        """
    )
    assert out.split() == ["True", "b'\\x89PNG'"]


def test_import_actplot_alone_never_imports_ipython():
    assert run("import sys, actplot; print('IPython' in sys.modules)").strip() == "False"


# -- the example notebook -----------------------------------------------------------------
def test_the_example_notebook_runs_in_a_kernel(tmp_path, monkeypatch):
    """examples/notebook.ipynb, executed in an IPython kernel of this very interpreter (a
    kernel spec written here, so no other installed "python3" kernel is picked up), with
    the inline backend a notebook has (not the suite's Agg)."""
    import ipykernel.kernelspec
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    # Nothing of the user's: no IPython profile or startup files, a private runtime folder.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    kernels = tmp_path / "kernels"
    ipykernel.kernelspec.write_kernel_spec(kernels / "actplot-test")
    manager = KernelManager(
        kernel_name="actplot-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels])
    )
    nb = nbformat.read(EXAMPLE, as_version=4)
    client = NotebookClient(nb, km=manager, timeout=300, resources={"metadata": {"path": tmp_path}})
    # Given its own manager, nbclient leaves the kernel running and the client's channels
    # open (their zmq sockets then leak as ResourceWarnings); setup_kernel(cleanup_kc=True)
    # shuts the kernel down, stops the channels and destroys both zmq contexts on leaving.
    with client.setup_kernel(cleanup_kc=True):
        client.execute()
    assert not manager.is_alive() and manager.context.closed

    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]

    def data(fragment: str) -> dict:
        (cell,) = [c for c in code if fragment in c.source]
        (out,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        return out.data

    assert "actplot-card" in data("act = actplot.get")["text/html"]
    assert "image/png" in data("actplot.plot(")
    assert "<table>" in data("actplot.table(")["text/html"]
    view = data("actplot.interact(")
    assert "application/vnd.jupyter.widget-view+json" in view
    assert view["text/plain"] == "<actplot.interact: relu, leaky_relu, gelu>"
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    models = {m["model_name"] for m in state.values()}
    assert {"ImageModel", "SelectionSliderModel", "CheckboxModel"} <= models
