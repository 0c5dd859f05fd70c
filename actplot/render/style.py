"""The look of a figure: colour-blind-safe palettes, light/dark themes, matplotlib styles.

Colours come from the Okabe–Ito palette (distinguishable under the common colour-vision
deficiencies), one per function or sweep; a sweep's members are shades of its colour from
faint to strong, so the order of the swept values reads at a glance.

``style`` is what ``--style`` takes: one or more comma-separated matplotlib styles, each a
name from the style library (including those of installed style packages such as
SciencePlots' ``science``, ``ieee``, ``nature``, ``no-latex``), a path to an ``.mplstyle``
file, or a dotted ``package.style``. A style that typesets with LaTeX is refused when no
``latex`` is installed, with the fix (``no-latex``) in the message.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import importlib
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from actplot.errors import ParameterError
from actplot.model import validation

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
# Packages whose import adds styles to matplotlib's library (SciencePlots: science, ieee...).
STYLE_PACKAGES = ("scienceplots",)

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
    """`theme` if it is one of :data:`THEMES` (case and surrounding space forgiven)."""
    return validation.choice(theme, "theme", THEMES)


def available_styles() -> list[str]:
    """The style names ``--style`` accepts: matplotlib's library with the styles of the
    installed style packages (imports matplotlib.style, and those packages)."""
    import matplotlib.style

    _load_style_packages()
    return sorted(matplotlib.style.available)


@functools.cache
def _load_style_packages() -> None:
    for name in STYLE_PACKAGES:
        try:
            with warnings.catch_warnings():  # their use of matplotlib's deprecated helpers
                warnings.simplefilter("ignore", DeprecationWarning)
                importlib.import_module(name)
        except ImportError:  # not installed: its names stay unknown
            pass


def check_style(style: str | None) -> str | None:
    """`style` (comma-separated styles, see the module docstring) if matplotlib can load
    every part, normalized; else a ParameterError naming the part and how to list styles."""
    if style is None:
        return None
    if not isinstance(style, str):
        raise ParameterError(f"a style must be text, not {style!r}")
    parts = [part.strip() for part in style.split(",")]
    for part in parts:
        _check_one(part)
    joined = ",".join(parts)
    _check_latex(joined)
    return joined


def style_list(style: str) -> list[str]:
    """A checked style as the list matplotlib.style.context takes."""
    return style.split(",")


def _check_one(part: str) -> None:
    import matplotlib.style

    if not part:
        raise ParameterError("a style name must not be empty (--style a,b lists several)")
    if part in matplotlib.style.available:
        return
    if part.endswith(".mplstyle") or "/" in part or "\\" in part:
        if not Path(part).expanduser().is_file():
            raise ParameterError(f"no style file {part!r}")
        _try_loading(part)
        return
    _load_style_packages()
    if part in matplotlib.style.available:
        return
    if "." in part:  # package.style: a style file inside an installed package
        _try_loading(part)
        return
    close = difflib.get_close_matches(part, available_styles(), n=2)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise ParameterError(
        f"unknown matplotlib style {part!r}; {hint}`actplot show --list-styles` lists them"
    )


def _try_loading(part: str) -> None:
    import matplotlib.style

    try:
        with matplotlib.style.context(Path(part).expanduser() if "/" in part else part):
            pass
    except (OSError, ValueError, KeyError, ImportError) as error:
        raise ParameterError(f"cannot load the style {part!r}: {error}") from None


def _check_latex(style: str) -> None:
    """Refuse a style that switches LaTeX on when there is no ``latex`` to run."""
    import matplotlib
    import matplotlib.style

    with matplotlib.style.context(_loadable(style)):
        usetex = bool(matplotlib.rcParams["text.usetex"])
    if usetex and shutil.which("latex") is None:
        raise ParameterError(
            f"the style {style!r} typesets text with LaTeX, which is not installed; "
            f"add no-latex after it (--style {style},no-latex) or install LaTeX"
        )


def _loadable(style: str) -> list[Any]:
    return [Path(p).expanduser() if "/" in p else p for p in style_list(style)]


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

            with matplotlib.style.context(_loadable(check_style(style) or "")):
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


def _cycle_linestyles() -> list[Any]:
    """The line styles of the active property cycle, if it sets them (call inside styled)."""
    import matplotlib

    cycle = matplotlib.rcParams["axes.prop_cycle"]
    return [c["linestyle"] for c in cycle if "linestyle" in c]


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
    (a sweep) in shades of it. Past the palette's end, colours repeat with a new dash. A
    `style` whose cycle sets line styles too (SciencePlots' ieee, for print in black and
    white) gives each group its next line style.
    """
    colors = palette(theme, style)
    dashes = _cycle_linestyles() if style is not None else []
    out: list[tuple[Any, str]] = []
    for i, size in enumerate(groups):
        color = colors[i % len(colors)]
        if dashes:
            dash = dashes[i % len(dashes)]
        else:
            dash = LINESTYLES[(i // len(colors)) % len(LINESTYLES)]
        if size == 1:
            out.append((color, dash))
        else:
            out.extend((c, dash) for c in sweep_colors(color, size, theme))
    return out


def foreground(theme: str) -> str:
    """The colour of neutral marks (zero lines, threshold lines) in a theme."""
    return "#c8c8c8" if theme == "dark" else "#404040"
