"""The look of a figure: colour-blind-safe palettes, light/dark themes, matplotlib styles.

Colours come from the Okabe–Ito palette (distinguishable under the common colour-vision
deficiencies), one per function or sweep; a sweep's members are shades of its colour from
faint to strong, so the order of the swept values reads at a glance.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator
from typing import Any

import numpy as np

from actplot.errors import ParameterError

THEMES = ("light", "dark")

# Okabe & Ito (2008), "Color Universal Design". Yellow last: it is faint on white.
OKABE_ITO_LIGHT = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
# On a dark background the dark blue and black vanish: lead with the bright members.
OKABE_ITO_DARK = (
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#E8E8E8",  # black's role: the foreground colour
    "#0072B2",
)
LINESTYLES = ("-", "--", ":", "-.")  # a second round of the palette changes the dash

_BASE_RC: dict[str, Any] = {
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "legend.fontsize": "small",
    "lines.linewidth": 1.8,
}
_THEME_RC: dict[str, dict[str, Any]] = {
    "light": {
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "grid.color": "#dcdcdc",
    },
    "dark": {
        "figure.facecolor": "#1c1d21",
        "axes.facecolor": "#1c1d21",
        "savefig.facecolor": "#1c1d21",
        "axes.edgecolor": "#a0a0a0",
        "axes.labelcolor": "#e8e8e8",
        "text.color": "#e8e8e8",
        "xtick.color": "#c0c0c0",
        "ytick.color": "#c0c0c0",
        "grid.color": "#3b3d44",
        "legend.facecolor": "#25262b",
        "legend.edgecolor": "#555555",
    },
}


def check_theme(theme: str) -> str:
    if theme not in THEMES:
        raise ParameterError(f"unknown theme {theme!r}; themes: {', '.join(THEMES)}")
    return theme


def available_styles() -> list[str]:
    """The names ``--style`` accepts: matplotlib's style library (imports matplotlib.style)."""
    import matplotlib.style

    return sorted(matplotlib.style.available)


def check_style(style: str | None) -> str | None:
    """`style` if matplotlib knows it, else a ParameterError naming how to list styles."""
    if style is None:
        return None
    known = available_styles()
    if style in known:
        return style
    close = difflib.get_close_matches(style, known, n=2)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise ParameterError(
        f"unknown matplotlib style {style!r}; {hint}`actplot show --list-styles` lists them"
    )


def theme_rc(theme: str) -> dict[str, Any]:
    """The rcParams of a theme (on top of matplotlib's defaults)."""
    return {**_BASE_RC, **_THEME_RC[check_theme(theme)]}


@contextlib.contextmanager
def styled(theme: str = "light", style: str | None = None) -> Iterator[None]:
    """rcParams for building a figure: the theme, then the matplotlib `style` over it.

    Artists read most rcParams when they are created, so a figure built inside keeps its
    look when it is saved or shown later.
    """
    import matplotlib

    with matplotlib.rc_context(theme_rc(theme)):
        if style is None:
            yield
        else:
            import matplotlib.style

            with matplotlib.style.context(check_style(style)):
                yield


def palette(theme: str, style: str | None = None) -> list[str]:
    """Line colours: Okabe–Ito for our themes; a `style`'s own cycle when one is given.

    Call inside :func:`styled` when `style` is set (it reads the active rcParams).
    """
    if style is not None:
        import matplotlib

        colors = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"] if "color" in c]
        if colors:
            return colors
    return list(OKABE_ITO_DARK if theme == "dark" else OKABE_ITO_LIGHT)


def sweep_colors(base: Any, n: int, theme: str) -> list[tuple[float, float, float]]:
    """`n` shades of `base` ordered from faint to strong against the page, for a sweep.

    Lightness carries the order (readable in grey and under colour-vision deficiencies);
    the hue stays the group's own palette colour, so a sweep never looks like a single.
    """
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(base))
    if theme == "dark":  # faint: a shade that still shows on the dark page
        faint, strong = rgb * 0.55, rgb + (1 - rgb) * 0.6
    else:
        faint, strong = rgb + (1 - rgb) * 0.6, rgb * 0.45
    out = []
    for t in np.linspace(0, 1, n):
        c = faint + (rgb - faint) * 2 * t if t <= 0.5 else rgb + (strong - rgb) * (2 * t - 1)
        out.append(tuple(float(v) for v in c))
    return out


def assign(groups: list[int], theme: str, style: str | None = None) -> list[tuple[Any, str]]:
    """(colour, linestyle) per drawn curve; `groups` gives the size of each group in order.

    Each group takes the next palette colour: a group of one is drawn in it, a larger group
    (a sweep) in shades of it. Past the palette's end, colours repeat with a new dash.
    """
    colors = palette(theme, style)
    out: list[tuple[Any, str]] = []
    for i, size in enumerate(groups):
        color = colors[i % len(colors)]
        dash = LINESTYLES[(i // len(colors)) % len(LINESTYLES)]
        if size == 1:
            out.append((color, dash))
        else:
            out.extend((c, dash) for c in sweep_colors(color, size, theme))
    return out


def foreground(theme: str) -> str:
    """The colour of neutral marks (zero lines, threshold lines) in a theme."""
    return "#c8c8c8" if theme == "dark" else "#404040"
