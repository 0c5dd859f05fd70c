"""``actplot show ... -o page.html``: one self-contained interactive page.

What the window offers, in a browser: the functions overlaid with their derivative
panel(s), saturated and dead regions shaded, check boxes per function and per panel, a
slider per numeric parameter and for the saturation threshold, and the readout of x, f(x),
f′(x) under the pointer; a light or dark theme (``--theme``; without it the reader's
system preference). Every number on the page is computed beforehand by actplot
(:mod:`actplot.render.web_data`); the page's script only looks them up and draws them with
uPlot, vendored in ``assets/`` (see its README) and inlined, like everything else: the page
fetches nothing (its Content-Security-Policy forbids it) and works from ``file://``.

The bytes depend only on the functions and the options (no dates), so the gallery can
rewrite its family pages only when they change.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from actplot.io import atomic
from actplot.model import Activation
from actplot.render import style as st
from actplot.render import web_data as wd
from actplot.render.options import PlotOptions

ASSETS = ("uPlot.min.css", "page.css", "uPlot.iife.min.js", "page.js")
# Nothing may be fetched: no connections, frames, fonts or images from anywhere; only the
# inline script and style, and images made by the page itself (canvas patterns).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; base-uri 'none'; form-action 'none'"
)
DASHES = {"-": [], "solid": [], "--": [6, 4], "dashed": [6, 4], ":": [1.5, 3], "dotted": [1.5, 3]}
DASHES |= {"-.": [6, 3, 1.5, 3], "dashdot": [6, 3, 1.5, 3]}
HINT = "move the pointer over a plot"


@cache
def asset(name: str) -> str:
    return (resources.files("actplot.render") / "assets" / name).read_text(encoding="utf-8")


def check_kinds(groups: Sequence[Sequence[Activation]]) -> None:
    """Refuse, with one line, a kind of activation the page cannot draw (gated ones)."""
    for act in (a for g in groups for a in g):
        wd.check_kind(act)


def page_data(
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions,
    follow_system: bool = False,
    clip: Sequence[tuple[float, float]] = (),
    shaded: bool = True,
) -> dict[str, Any]:
    """Everything the page's script needs, as JSON-ready values. `follow_system`: no theme
    forced, the reader's light or dark preference decides; `clip`: the most each panel's y
    range may span (f, f′, ...), as the gallery's overlays; `shaded`: the regions shown at
    the start (they are computed with ``opts.saturation`` either way)."""
    check_kinds(groups)
    acts = [a for g in groups for a in g]
    setup = wd.Setup.of(acts, opts)
    count = wd.slider_steps(acts)
    functions: list[dict[str, Any]] = []
    for gi, group in enumerate(groups):
        for i in range(len(group)):
            entry, sliders = wd.function(group, i, setup, count)
            functions.append({**entry, "group": gi, "sliders": sliders})
    looks = {theme: _looks(groups, theme, opts) for theme in st.THEMES}
    dashes = _dashes(groups, [f["base"] for f in functions], looks["light"], setup)
    for k, f in enumerate(functions):
        f["color"] = {theme: looks[theme][k][0] for theme in st.THEMES}
        f["dash"] = dashes[k]
    start = setup.thresholds.index(opts.threshold) if setup.thresholds else 0
    return {
        "title": opts.title or "",
        "theme": None if follow_system else opts.theme,
        "xlim": list(setup.xlim),
        "x": wd.f64(setup.x),
        "xtext": [wd.number_text(v) for v in setup.x.tolist()],
        "orders": list(setup.orders),
        "panels": {"1": opts.derivative, "2": opts.second},
        "saturation": opts.saturation and shaded,
        "thresholds": list(setup.thresholds),
        "threshold": start,
        "ylim": list(opts.ylim) if opts.ylim else None,
        "clip": [list(c) for c in clip],
        "grid": opts.grid,
        "hint": HINT,
        "functions": functions,
    }


def _looks(groups: Sequence[Sequence[Activation]], theme: str, opts: PlotOptions) -> list[Any]:
    sizes = [len(g) for g in groups]
    if opts.style is None:
        pairs = st.assign(sizes, theme)
    else:
        with st.styled(theme, opts.style):
            pairs = st.assign(sizes, theme, opts.style)
    return [(_hex(c), d) for c, d in pairs]


def _hex(color: Any) -> str:
    if isinstance(color, str) and color.startswith("#") and len(color) == 7:
        return color.lower()
    from matplotlib.colors import to_hex

    return to_hex(color)


def _dashes(
    groups: Sequence[Sequence[Activation]],
    bases: Sequence[dict[str, Any]],
    looks: Sequence[Any],
    setup: wd.Setup,
) -> list[list[float]]:
    """Canvas dash patterns: the palette's, then the figure's rule that a curve nearly
    coinciding with an earlier one is drawn dashed over it."""
    from actplot.compute import curves as cv
    from actplot.render import panels as pn

    acts = [a for g in groups for a in g]
    styles: list[Any] = [d for _, d in looks]
    if len(acts) > 1:
        lows = [b["ylim"][0][0] for b in bases]
        highs = [b["ylim"][0][1] for b in bases]
        curves = [cv.sample(a, setup.xlim, 257, (0,)) for a in acts]
        styles = pn.overlay_dashes(curves, styles, max(highs) - min(lows))
    return [_dash(s) for s in styles]


def _dash(style: Any) -> list[float]:
    if isinstance(style, tuple) and len(style) == 2 and isinstance(style[1], Sequence):
        return [float(v) for v in style[1]]
    return DASHES.get(str(style), [])


def page_html(
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions,
    follow_system: bool = False,
    **page: Any,
) -> str:
    """The whole page as text: the assets and the data inlined (`page`: see
    :func:`page_data`)."""
    values = page_data(groups, opts, follow_system, **page)
    data = json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    data = data.replace("</", "<\\/")  # never ends the script element early
    names = ", ".join(dict.fromkeys(a.label for g in groups for a in g))
    title = _escape(opts.title or f"actplot: {names}")
    theme = values["theme"]
    scheme = theme or "light dark"
    css = "\n".join(asset(n) for n in ASSETS if n.endswith(".css"))
    js = [asset(n) for n in ASSETS if n.endswith(".js")]
    attr = f' data-theme="{theme}"' if theme else ""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="en"{attr}>',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="color-scheme" content="{scheme}">',
            '<meta name="generator" content="actplot">',
            f"<title>{title}</title>",
            f"<style>\n{css}\n</style>",
            "</head>",
            "<body>",
            '<div id="app"></div>',
            f'<script id="actplot-data" type="application/json">{data}</script>',
            *(f"<script>\n{j}\n</script>" for j in js),
            "</body>",
            "</html>",
            "",
        ]
    )


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def write_page(
    path: str | os.PathLike[str],
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions,
    follow_system: bool = False,
) -> Path:
    """Write the page of `groups` to `path` atomically (whole or not at all); with
    `follow_system` it takes the reader's light or dark system preference, not opts.theme."""
    data = page_html(groups, opts, follow_system).encode("utf-8")
    p = Path(path)
    with atomic.replacing(p) as fh:
        fh.write(data)
    return p
