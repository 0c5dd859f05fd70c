"""The phase diagram of mean-field signal propagation: in the (σ_b², σ_w²) plane, each
activation's edge of chaos (χ₁ = 1) between the ordered phase below it (gradients vanish)
and the chaotic phase above (they explode), with the usual initialisations marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from actplot.render import style as st
from actplot.render.figure import repeatable_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# σ_w² of the usual initialisations (Xavier's 2/(fan_in + fan_out) is LeCun's 1/fan_in for
# square layers), drawn at σ_b² = 0 where they are defined.
INITS = (("He", 2.0), ("LeCun / Xavier", 1.0))


def draw_phase(
    ax: Axes,
    curves: Sequence[tuple[str, np.ndarray, np.ndarray]],
    colors: Sequence[object],
    marker_color: object,
) -> None:
    """Each (label, σ_b², σ_w²) boundary as a labelled line (gaps where it has none), and
    the initialisations as points on the σ_w² axis."""
    top = 0.0
    for (label, sb2, sw2), color in zip(curves, colors, strict=True):
        ax.plot(sb2, sw2, color=color, linewidth=1.6, label=label)
        finite = np.isfinite(sw2)
        if finite.any():
            i = int(np.flatnonzero(finite)[-1])
            ax.annotate(label, (sb2[i], sw2[i]), xytext=(4, 0), textcoords="offset points",
                        color=color, va="center", fontsize="small")  # fmt: skip
            top = max(top, float(np.nanmax(sw2)))
    for name, sw2 in INITS:
        ax.plot([0.0], [sw2], marker="o", color=marker_color, clip_on=False, zorder=5)
        ax.annotate(name, (0.0, sw2), xytext=(6, 6), textcoords="offset points",
                    color=marker_color, fontsize="small")  # fmt: skip
    if top > 10:
        ax.set_yscale("log")
    ax.set_xlabel(r"$\sigma_b^2$  (bias variance)")
    ax.set_ylabel(r"$\sigma_w^2$  (weight variance × fan-in)")
    ax.set_xlim(0, float(max(c[1][-1] for c in curves)) * 1.15 if curves else 1)
    ax.text(0.98, 0.02, "ordered (χ₁ < 1) below each line, chaotic (χ₁ > 1) above",
            transform=ax.transAxes, ha="right", va="bottom", fontsize="small")  # fmt: skip


def plot_phase(
    curves: Sequence[tuple[str, np.ndarray, np.ndarray]],
    *,
    title: str | None = None,
    theme: str = "light",
    size: tuple[float, float] = (7.0, 5.0),
) -> Figure:
    """A Figure of the phase diagram (built without pyplot)."""
    from matplotlib.figure import Figure

    with st.styled(theme):
        fig = Figure(figsize=size, layout=repeatable_layout())
        colors = [c for c, _ in st.assign([1] * len(curves), theme)]
        ax = fig.subplots()
        draw_phase(ax, curves, colors, st.foreground(theme))
        if title:
            ax.set_title(title)
    return fig
