"""Gated (two-input) units drawn truthfully: f(a, b) as a heatmap with its zero set, beside
∂f/∂a and ∂f/∂b, the gate slices f(a; b = b_k), and the diagonal a = b as the self-gated
function the unit becomes (glu's is silu: PyTorch's old GLU picture was that line alone).

Axes-level functions (:func:`draw_heatmap`, :func:`draw_slices`, :func:`draw_diagonal`)
take an Axes and the numbers of :mod:`actplot.compute.gated_grid` and return what they
added, never touching pyplot; :func:`draw` lays out one block per unit in a Figure
(:func:`actplot.render.figure.new_figure` makes it, with the file figure's canvas, layout
and one-column rc). Heatmaps use one diverging colormap centred at 0 (symmetric limits, so
equal colours are equal |values| on both sides); the zero set is a contour where f changes
sign and hatching where f is exactly 0 on a region (reglu's a ≤ 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute import gated_grid as gg
from actplot.errors import KindError
from actplot.model import Bound, GatedActivation
from actplot.render import formula_text
from actplot.render import style as st
from actplot.render.options import PlotOptions

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.lines import Line2D

CMAP = "RdBu_r"  # diverging, blue below 0, red above; readable in grey as |value|
# Marks on a heatmap (zero set, a = b) in either theme: the colormap's centre is near white.
HEATMAP_INK = "#202020"
A_LABEL, B_LABEL = "a (gate input)", "b (value)"
TITLES = {"f": "f(a, b)", "fa": "∂f/∂a", "fb": "∂f/∂b"}
PLATEAU_HATCH = "////"
WIDE_FROM = 6.0  # inches: a unit's panels in one row from this width, else two by two
ROW_HEIGHT = {True: 2.35, False: 4.6}  # inches per unit (one row / two rows of panels)
KEY_HEIGHT = 0.45  # inches for the key under the blocks
ZERO_WIDTH = 0.9


def gated_units(groups: Sequence[Sequence[Bound]]) -> list[GatedActivation]:
    """The gated units of `groups`, flattened (a sweep's members become one row each)."""
    return [a for g in groups for a in g if isinstance(a, GatedActivation)]


def is_gated(groups: Sequence[Sequence[Bound]]) -> bool:
    """Whether `groups` are gated units (:func:`check_kinds` refuses a mixture)."""
    return any(a.kind == "gated" for g in groups for a in g)


def check_kinds(groups: Sequence[Sequence[Bound]]) -> None:
    """KindError (one line) when gated units and one-input activations are drawn together:
    they have different axes (two inputs against one)."""
    acts = [a for g in groups for a in g]
    gated = [a for a in acts if a.kind == "gated"]
    other = [a for a in acts if a.kind != "gated"]
    if gated and other:
        raise KindError(
            f"{gated[0].label} is a gated (two-input) unit and {other[0].label} is not: "
            f"draw them separately (actplot show {gated[0].name}; actplot show {other[0].name})"
        )


def diagonal_label(act: GatedActivation, most: int = 0) -> str:
    """``a = b: silu(x)`` when the registry has the function f(x, x) equals (and the
    parameters are the defaults it was stated for), else ``a = b: `` + the spec's text,
    wrapped into lines of at most `most` characters (0: one line)."""
    import textwrap

    spec = act.spec
    if spec.diagonal and not act.changed_params:
        return f"a = b: {spec.diagonal}(x)"
    text = f"a = b: {spec.diagonal_text or 'f(x, x)'}"
    if most <= 0 or len(text) <= most:
        return text
    # Break after a product's dot or a comma, never inside a name: '·' and ', ' are spaces.
    spaced = text.replace("·", "· ").replace(", ", ",\u00a0")
    lines = textwrap.wrap(spaced, most, break_long_words=False, subsequent_indent="  ")
    return "\n".join(line.replace("· ", "·").replace("\u00a0", " ") for line in lines)


def symmetric_limit(values: np.ndarray) -> float:
    """The colour scale's half-range: the largest finite |value| (1 when all are 0)."""
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


@dataclass
class HeatmapArtists:
    """What :func:`draw_heatmap` added: the image, the zero contour (None when the values
    keep one sign), the hatching of exact zeros (None without a plateau), the diagonal."""

    image: Any
    zero: Any | None
    plateau: Any | None
    diagonal: Line2D | None
    colorbar: Any | None = None


def draw_heatmap(
    ax: Axes,
    grid: gg.GatedGrid,
    which: str = "f",
    *,
    ink: Any = "#404040",
    diagonal: bool = True,
    colorbar: bool = True,
) -> HeatmapArtists:
    """`grid`'s `which` ("f", "fa", "fb") as an image over a (across) and b (up), with the
    zero set and the line a = b; a colorbar beside it, labelled with the quantity."""
    from matplotlib.colors import Normalize

    values = grid.part(which)
    top = symmetric_limit(values)
    image = ax.imshow(
        values,
        origin="lower",
        extent=grid.extent,
        cmap=CMAP,
        norm=Normalize(-top, top),
        interpolation="nearest",
        aspect="auto",
        zorder=1,
    )
    flat = values == 0
    zero = None
    if np.any(values > 0) and np.any(values < 0):
        zero = ax.contour(
            grid.a,
            grid.b,
            np.ma.masked_where(flat, values),
            levels=[0.0],
            colors=[ink],
            linewidths=ZERO_WIDTH,
            zorder=2,
        )
    plateau = None
    if np.any(flat) and not np.all(flat):
        plateau = ax.contourf(
            grid.a,
            grid.b,
            flat.astype(float),
            levels=[0.5, 1.5],
            colors="none",
            hatches=[PLATEAU_HATCH],
            zorder=2,
        )
        for collection in _collections(plateau):
            collection.set_edgecolor(ink)
            collection.set_linewidth(0.0)
    line = None
    if diagonal:
        lo = max(grid.a[0], grid.b[0])
        hi = min(grid.a[-1], grid.b[-1])
        (line,) = ax.plot(
            [lo, hi], [lo, hi], color=ink, linestyle=(0, (3, 2)), linewidth=0.9, zorder=3
        )
    ax.set_xlim(grid.extent[:2])
    ax.set_ylim(grid.extent[2:])
    ax.grid(False)
    ax.set_xlabel(A_LABEL)
    ax.set_ylabel(B_LABEL)
    ax.set_title(TITLES[which], fontsize="medium")
    bar = None
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.08, pad=0.03, aspect=18)
        bar.ax.tick_params(labelsize="small")
        bar.outline.set_linewidth(0.5)
    return HeatmapArtists(image, zero, plateau, line, bar)


def _collections(contour: Any) -> list[Any]:
    """The artists of a contour set: itself (matplotlib ≥ 3.8) or its collections."""
    old = getattr(contour, "_old_style_split_collections", None)
    if old is not None or not hasattr(contour, "get_paths"):
        return list(getattr(contour, "collections", []))
    return [contour]


def draw_slices(
    ax: Axes,
    slices: gg.Slices,
    colors: Sequence[Any],
    held: str = "b",
    order: int = 0,
) -> list[Line2D]:
    """One line per held value (``b = 1``), faint to strong as the value grows: f (or, with
    `order` 1, the partial along the slice)."""
    lines = []
    for value, y, dy, color in zip(slices.values, slices.y, slices.dy, colors, strict=True):
        (line,) = ax.plot(
            slices.x,
            dy if order else y,
            color=color,
            label=f"{held} = {value:g}".replace("-", "−"),
            zorder=2.5,
        )
        lines.append(line)
    return lines


def draw_diagonal(ax: Axes, x: np.ndarray, y: np.ndarray, label: str, ink: Any) -> Line2D:
    """f(x, x) over x, dashed in the foreground colour, labelled as the function it is."""
    (line,) = ax.plot(x, y, color=ink, linestyle=(0, (3, 2)), linewidth=1.3, label=label, zorder=3)
    return line


def slice_colors(base: Any, count: int, theme: str) -> list[Any]:
    """Shades of the unit's colour, faint to strong (the held values in increasing order)."""
    return st.sweep_colors(base, count, theme) if count > 1 else [base]


@dataclass
class UnitArtists:
    """Everything drawn for one unit: its grid, heatmaps by quantity, slice lines, the
    diagonal curve, and the Axes by role ("f", "fa", "fb", "slices")."""

    act: GatedActivation
    grid: gg.GatedGrid
    axes: dict[str, Axes]
    heatmaps: dict[str, HeatmapArtists] = field(default_factory=dict)
    slices: list[Line2D] = field(default_factory=list)
    diagonal: Line2D | None = None


def unit_layout(wide: bool, derivative: bool) -> list[list[str]]:
    """The panel roles of one unit's block, as a mosaic."""
    if not derivative:
        return [["f", "slices"]]
    if wide:
        return [["f", "fa", "fb", "slices"]]
    return [["f", "slices"], ["fa", "fb"]]


def draw_unit(
    target: Figure | SubFigure,
    act: GatedActivation,
    opts: PlotOptions,
    color: Any,
    *,
    wide: bool = True,
    b_values: Sequence[float] = gg.B_SLICES,
) -> UnitArtists:
    """One unit's block in `target`: f, the partials (when `opts.derivative`), the slices
    panel with the diagonal. `opts.xlim` (if set) is the range of a and of b; `opts.ylim`
    the slices panel's y range; `opts.points` the samples along a slice."""
    import matplotlib as mpl

    ink = mpl.rcParams["text.color"]
    lim = gg.box([act], opts.xlim)
    grid = gg.grid(act, lim)
    axes = target.subplot_mosaic(unit_layout(wide, opts.derivative))
    out = UnitArtists(act, grid, dict(axes))
    for which in ("f", "fa", "fb"):
        if which in axes:
            out.heatmaps[which] = draw_heatmap(axes[which], grid, which, ink=HEATMAP_INK)
            if wide and which != "f":  # one b axis for the row: its label by the first panel
                axes[which].set_ylabel("")
    ax = axes["slices"]
    x = gg.line(lim, opts.points)
    slices = gg.slices_along_a(act, x, [v for v in b_values if lim[0] <= v <= lim[1]])
    out.slices = draw_slices(ax, slices, slice_colors(color, len(slices.values), opts.theme))
    diag, _ = gg.diagonal(act, x)
    most = label_chars(float(target.get_figure(root=True).get_size_inches()[0]))
    out.diagonal = draw_diagonal(ax, x, diag, diagonal_label(act, most), ink)
    ax.axhline(0, color=ink, linewidth=0.8, alpha=0.45, zorder=1.2)
    ax.set_xlim(lim)
    ax.set_ylim(opts.ylim if opts.ylim is not None else slice_ylim(slices, diag))
    ax.grid(opts.grid)
    ax.set_xlabel(A_LABEL)
    ax.set_ylabel("f(a; b)")
    ax.set_title("slices at fixed b", fontsize="medium")
    for panel in axes.values():
        _round_ticks(panel, panel is not ax)
    return out


def slice_ylim(slices: gg.Slices, diagonal: np.ndarray) -> tuple[float, float]:
    """The slices panel's y range: every slice whole, the diagonal kept in view up to
    twice their span (x² would flatten them)."""
    ys = np.concatenate([*slices.y]) if slices.y else diagonal
    ys = ys[np.isfinite(ys)]
    lo, hi = (float(ys.min()), float(ys.max())) if ys.size else (-1.0, 1.0)
    d = diagonal[np.isfinite(diagonal)]
    if d.size:
        span = max(hi - lo, 1e-12)
        lo, hi = min(lo, max(float(d.min()), lo - span)), max(hi, min(float(d.max()), hi + span))
    pad = 0.06 * max(hi - lo, 1e-12)
    return lo - pad, hi + pad


def _round_ticks(ax: Axes, square: bool) -> None:
    """Round ticks on the input axes that leave room for their labels; every panel drawn
    square (on the heatmaps the line a = b then runs at 45°)."""
    ax.set_xticks(round_ticks(ax.get_xlim()))
    if square:
        ax.set_yticks(round_ticks(ax.get_ylim()))
    ax.set_box_aspect(1)


def round_ticks(lim: tuple[float, float]) -> list[float]:
    """Multiples of 1, 2 or 5 × 10^k inside `lim`: at most 4 steps, 2 for labels of three
    characters or more (−10 0 10), so that they never touch in a small panel."""
    import math

    lo, hi = sorted(lim)
    span = hi - lo
    for most in (4, 2):
        mag = 10.0 ** math.floor(math.log10(span / most))
        step = next(m * mag for m in (1, 2, 5, 10) if span / (m * mag) <= most + 1e-9)
        ticks = [
            k * step for k in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1)
        ]
        if max(len(f"{t:g}") for t in ticks) <= 2 or most == 2:
            return [float(t) for t in ticks]
    return []


def _block_legend(target: Figure | SubFigure, unit: UnitArtists, extra: Sequence[Any]) -> Any:
    """The slices' and the diagonal's key under the unit's block (with `extra` handles), in
    as many columns as fit the block's width."""
    handles = [*unit.slices, *([unit.diagonal] if unit.diagonal is not None else []), *extra]
    texts = [h.get_label() for h in handles]
    fig = target.get_figure(root=True)
    width = float(fig.get_size_inches()[0])
    ncols = legend_columns(texts, width)
    while True:
        legend = target.legend(
            handles=handles,
            loc="outside lower center",
            ncols=ncols,
            frameon=False,
            fontsize="small",
            handlelength=1.6,
            columnspacing=1.2,
        )
        # The estimate from character counts can be short (wide glyphs, a long diagonal
        # label); a key wider than the figure makes the layout give up and clip the panels,
        # so measure it and take a column off until it fits.
        if ncols == 1 or legend.get_window_extent().width <= 0.98 * width * fig.dpi:
            return legend
        legend.remove()
        ncols -= 1


def legend_columns(texts: Sequence[str], width: float) -> int:
    """The most columns (each as wide as its widest entry) that fit `width` inches (call
    inside styled: it reads the legend font size)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points() * 0.83
    import math

    chars = [max(len(line) for line in t.split("\n")) for t in texts]
    for n in range(len(texts), 1, -1):  # filled column by column, as matplotlib does
        rows = math.ceil(len(texts) / n)
        columns = [chars[j : j + rows] for j in range(0, len(texts), rows)]
        points = sum(max(c) * 0.55 * size + 3.6 * size for c in columns)  # text, line, gap
        if points <= 0.95 * width * 72:
            return len(columns)
    return 1


def label_chars(width: float) -> int:
    """The characters of a key entry that fit half of `width` inches (call inside styled)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points() * 0.83
    return max(20, int(0.5 * width * 72 / (0.55 * size)) - 4)


def unit_title(act: GatedActivation, wide: bool = True) -> str:
    """``swiglu(beta=2):  f(a, b) = a σ(βa) b,  β = 2`` in mathtext: the formula of the
    variant drawn with the values of its parameter symbols; when narrow, one line for the
    name and one per part of the formula."""
    f, _ = formula_text.formulas(act)
    where = formula_text.where(act)
    if act.spec.where and where.endswith(act.spec.where):  # a and b: the axes say it
        where = where[: -len(act.spec.where)].rstrip(", ")
    if not f:
        return f"{act.label}:  {act.spec.text}"
    parts = f.strip("$").split(r",\ ")
    if "=" not in parts[0]:
        parts[0] = f"f(a, b) = {parts[0]}"
    pieces = [f"${p}$" for p in parts] + ([where] if where else [])
    if wide:
        return f"{act.label}:  " + ",  ".join(pieces)
    return f"{act.label}:\n{pieces[0]}" + ("\n" + ",  ".join(pieces[1:]) if pieces[1:] else "")


def figure_size(count: int, opts: PlotOptions, width: float | None = None) -> tuple[float, float]:
    """`opts.size`, or 10 inches wide (`width` when given, e.g. a style's) and a block height
    per unit: one row of panels when wide, two by two when narrow. (Four square panels, three
    colour bars and their labels need the 10 inches the gallery uses; at 8 the layout runs
    out of room and clips the slices panel.)"""
    if opts.size is not None:
        return opts.size
    width = 10.0 if width is None else width
    rows = 1 if width >= WIDE_FROM or not opts.derivative else 2
    panels = 4 if rows == 1 and opts.derivative else 2
    per = rows * (width / panels * 0.82 + 0.45) + 0.5  # square panels, titles, the key
    return (width, round(count * per + (0.3 if opts.title else 0.0), 3))


def draw(fig: Figure, groups: Sequence[Sequence[Bound]], opts: PlotOptions) -> list[UnitArtists]:
    """One block per gated unit of `groups` in the empty `fig` (call inside
    :func:`actplot.render.style.styled`), titled by the unit's name and formula, with the
    key of its slices and diagonal under it, and the heatmaps' marks explained."""
    check_kinds(groups)
    acts = gated_units(groups)
    looks = st.assign([1] * len(acts), opts.theme, opts.style)
    width = float(fig.get_size_inches()[0])
    wide = width >= WIDE_FROM
    targets = [fig] if len(acts) == 1 else list(np.ravel(fig.subfigures(len(acts), 1)))
    units = []
    for target, act, (color, _) in zip(targets, acts, looks, strict=True):
        unit = draw_unit(target, act, opts, color, wide=wide or not opts.derivative)
        units.append(unit)
        target.suptitle(unit_title(act, wide), fontsize="medium", x=0.02, ha="left")
    marks = _marks(units)
    for i, (target, unit) in enumerate(zip(targets, units, strict=True)):
        _block_legend(target, unit, marks if i == len(units) - 1 else [])
    if opts.title:
        fig.suptitle(opts.title) if len(acts) > 1 else _title_over(fig, opts.title)
    if opts.transparent:
        fig.patch.set_alpha(0.0)
        for unit in units:
            for ax in unit.axes.values():
                ax.patch.set_alpha(0.0)
    return units


def _title_over(fig: Figure, title: str) -> None:
    """A title above a single unit's own title line."""
    head = fig._suptitle.get_text() if fig._suptitle is not None else ""
    fig.suptitle(f"{title}\n{head}", fontsize="medium", x=0.02, ha="left")


def _marks(units: Sequence[UnitArtists]) -> list[Any]:
    """Handles explaining the marks on the heatmaps: a = b, the zero contour, exact zeros."""
    import matplotlib as mpl
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ink = mpl.rcParams["text.color"]
    handles: list[Any] = []
    if any(h.zero is not None for u in units for h in u.heatmaps.values()):
        handles.append(Line2D([], [], color=ink, linewidth=ZERO_WIDTH, label="zero contour"))
    if any(h.plateau is not None for u in units for h in u.heatmaps.values()):
        handles.append(
            Patch(facecolor="none", edgecolor=ink, hatch=PLATEAU_HATCH, lw=0, label="exactly 0")
        )
    return handles
