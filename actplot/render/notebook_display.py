"""Activations in a notebook: a formula card, as HTML and as a PNG.

Why formatters, not ``_repr_html_``: :class:`~actplot.model.Activation` lives in the model
layer, which may not import rendering (tests/test_layers.py), so the card cannot be a method
of it. Instead :func:`install` registers the card with the running IPython shell's display
formatters, for every activation type (``Bound``, gated ones included). ``import actplot``
calls it when IPython is already imported (every Jupyter kernel has imported it), so a plain
``import actplot`` never imports IPython; importing this module and registering costs no
matplotlib: the card's code runs when a card is shown.

The HTML card: the label and family; f and f′ typeset by mathtext as inline SVG in the text
colour (as in the HTML table); the values of the formulas' symbols; the parameters with
their meaning; the range of f measured as ``actplot table`` measures it (cached); and a
picture of f and f′ over the default x range, drawn by :func:`actplot.plot`. The PNG is the
same picture with the formula as its title, for frontends without HTML (PDF export). A
gated (two-input) activation gets the card without a picture: it is not one curve.

The figures :func:`actplot.plot` returns are made without pyplot, so a kernel whose inline
backend was never activated (pyplot not imported) would show them as text: :func:`install`
also registers :func:`figure_png` for them, which gives way to the inline backend's printer.
"""

from __future__ import annotations

import base64
import html
import sys
import uuid
from typing import Any

from actplot.model import activation as am

CARD_SIZE = (4.8, 3.4)  # inches: f over f′, beside the card's text
CARD_DPI = 150  # drawn at 1.5× and shown at 100 px per inch: sharp on high-density screens
SHOWN_PX_PER_INCH = 100
CELL = 'style="text-align: left; vertical-align: middle; padding: .15rem .6rem .15rem 0"'
HEAD = 'style="text-align: left; vertical-align: middle; padding: .15rem .8rem .15rem 0"'


def install(shell: Any = None) -> bool:
    """Register the card for activations with `shell` (default: the running IPython shell,
    if IPython is imported and a shell runs); whether one was found. Idempotent."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(am.Bound, card_html)
    formatters["image/png"].for_type(am.Bound, card_png)
    # By name, so matplotlib is not imported; the inline backend's own printer, when it is
    # active, takes precedence (IPython looks up a deferred printer only for a type it has
    # no printer for) and replaces this one when activated later.
    formatters["image/png"].for_type_by_name("matplotlib.figure", "Figure", figure_png)
    return True


def is_gated(act: Any) -> bool:
    return getattr(act, "kind", "elementwise") == "gated"


def card_html(act: Any) -> str:
    """The formula card of `act` as an HTML fragment, styled inline (no <style>, no script)."""
    from actplot.render.formula_text import formulas, where
    from actplot.render.table_html import formula_svg, inline_svg
    from actplot.render.text_math import to_unicode

    ident = "c" + uuid.uuid4().hex[:8]  # the SVGs' ids, unique on the notebook's page

    def math(text: str, n: int) -> str:
        label = f'role="img" aria-label="{html.escape(to_unicode(text))}" '
        return inline_svg(formula_svg(text, f"{ident}-{n}").replace('role="img" ', label, 1))

    gated = is_gated(act)
    f, df = formulas(act)
    rows = [("f(a, b)" if gated else "f(x)", math(f, 0))]
    if df:
        rows.append(("∂f/∂a, ∂f/∂b" if gated else "f′(x)", math(df, 1)))
    if symbols := where(act):
        rows.append(("where", math(symbols, 2)))
    if gated:
        rows.append(("f(x, x)", html.escape(act.spec.diagonal_text)))
    rows.append(("range", html.escape(range_text(act))))
    if act.spec.params:
        rows.append(("parameters", _params_table(act)))
    body = "".join(f"<tr><th {HEAD}>{h}</th><td {CELL}>{v}</td></tr>" for h, v in rows)
    family = html.escape(act.spec.family)
    title = (
        f'<div style="font-weight: 600; font-size: 115%">{html.escape(act.label)}'
        f'<span style="font-weight: normal; opacity: .7"> · {family} family</span></div>'
    )
    text = f'<div style="max-width: 38rem">{title}<table>{body}</table></div>'
    picture = "" if gated else _picture(act)
    return (
        '<div class="actplot-card" style="display: flex; flex-wrap: wrap; gap: 1.2rem;'
        f' align-items: flex-start">{text}{picture}</div>'
    )


def _picture(act: Any) -> str:
    """The curve as an <img>, with what it shows under it when it is a vector's profile."""
    from actplot.render.labels import name_of

    data = base64.b64encode(curve_png(act)).decode("ascii")
    width = round(CARD_SIZE[0] * SHOWN_PX_PER_INCH)
    alt = html.escape(f"f and f′ of {act.label}")
    img = f'<img src="data:image/png;base64,{data}" width="{width}" alt="{alt}">'
    if not act.is_vector:
        return img
    note = f'<div style="font-size: 90%; opacity: .8">{html.escape(name_of(act))}</div>'
    return f"<div>{img}{note}</div>"


def _params_table(act: Any) -> str:
    rows = []
    for p in act.spec.params:
        value = act.params[p.name]
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        cells = [f"<code>{html.escape(p.name)}</code>", html.escape(shown), html.escape(p.doc)]
        rows.append("<tr>" + "".join(f"<td {CELL}>{c}</td>" for c in cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def range_text(act: Any) -> str:
    """The set of values f takes, measured as ``actplot table`` does (the cached row): the
    image of a one-input function, the range over all (a, b) of a gated unit."""
    from actplot.io import cache
    from actplot.model import REAL
    from actplot.render.table_columns import COLUMNS, image_text

    (p,) = cache.rows([act], False, REAL)
    if is_gated(act):
        return next(c for c in COLUMNS if c.key == "range").text(p)
    return image_text(p)


def figure_png(fig: Any) -> tuple[bytes, dict[str, int]] | None:
    """A figure of :func:`actplot.plot` as the PNG ``show -o`` writes, shown at 100 px per
    inch; None for any other figure (IPython then shows what it would without actplot)."""
    import io

    from actplot.render.figure import _canvas_class

    if not isinstance(fig.canvas, _canvas_class()):
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue(), {"width": round(fig.get_figwidth() * SHOWN_PX_PER_INCH)}


def card_png(act: Any) -> bytes | None:
    """f and f′ of `act` with its formula as the title, as PNG bytes; None for a gated
    activation (IPython then leaves the PNG out)."""
    if is_gated(act):
        return None
    from actplot.render.formula_text import formulas

    return curve_png(act, title=f"{act.label}:  {formulas(act)[0]}")


def curve_png(act: Any, title: str | None = None) -> bytes:
    """f over f′ of `act` on its default x range, drawn as ``actplot.plot`` draws, as PNG
    (the legend left out: the card names the function)."""
    import io

    from actplot.render.figure import new_figure
    from actplot.render.options import PlotOptions

    fig = new_figure([[act]], PlotOptions(size=CARD_SIZE, saturation=False, title=title))
    for legend in list(fig.legends):
        legend.remove()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=CARD_DPI)
    return buffer.getvalue()
