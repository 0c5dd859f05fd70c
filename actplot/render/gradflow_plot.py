"""The gradient-flow figure: ‖∂L/∂W‖ per layer on a log scale, one line per activation; below
it ‖∂L/∂z‖ measured beside the mean-field theory's prediction, the spread of the activations
and the fraction of dead units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute.gradflow import Flow
from actplot.render import style as st
from actplot.render.figure import repeatable_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def legend_label(flow: Flow) -> str:
    """``relu (he)``, plus what the log scale cannot show: zeros and overflow."""
    text = f"{flow.act.label} ({flow.init})"
    g = flow.grad_norm
    if (bad := int((~np.isfinite(g)).sum())) > 0:
        text += f" — overflow (inf/nan) in {bad}/{len(g)} layers"
    elif (zero := int((g == 0).sum())) > 0:
        text += f" — gradient exactly 0 in {zero}/{len(g)} layers"
    return text


def positive(values: np.ndarray) -> np.ndarray:
    """`values` with zeros and non-finite entries as nan: gaps on a log axis, not errors."""
    out = np.asarray(values, dtype=np.float64).copy()
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


def draw_gradients(ax: Axes, flows: Sequence[Flow], looks: Sequence[tuple[Any, str]]) -> list:
    """‖∂L/∂W_l‖ against the layer l on a log axis; returns the lines (for a legend)."""
    lines = []
    for flow, (color, dash) in zip(flows, looks, strict=True):
        layers = np.arange(1, len(flow.grad_norm) + 1)
        (line,) = ax.plot(
            layers,
            positive(flow.grad_norm),
            color=color,
            linestyle=dash,
            marker="o",
            markersize=2.5,
            label=legend_label(flow),
        )
        lines.append(line)
    ax.set_yscale("log")
    ax.set_ylabel("‖∂L/∂W‖ of the layer")
    return lines


def draw_theory(ax: Axes, flows: Sequence[Flow], looks: Sequence[tuple[Any, str]]) -> None:
    """‖∂L/∂z_l‖ measured (solid) and as mean-field theory predicts it (dashed, where the
    theory applies), per layer on a log axis."""
    for flow, (color, _) in zip(flows, looks, strict=True):
        layers = np.arange(1, len(flow.preact_grad_norm) + 1)
        ax.plot(layers, positive(flow.preact_grad_norm), color=color, linewidth=1.4)
        if flow.theory is not None:
            ax.plot(layers, positive(flow.theory.preact_grad_norm), color=color,
                    linestyle=(0, (4, 2)), linewidth=1.2)  # fmt: skip
    ax.set_yscale("log")
    ax.set_ylabel("‖∂L/∂z‖\n— measured\n- - theory")


def draw_spread(ax: Axes, flows: Sequence[Flow], looks: Sequence[tuple[Any, str]]) -> None:
    """The standard deviation of each layer's activations, on a log axis."""
    for flow, (color, dash) in zip(flows, looks, strict=True):
        layers = np.arange(1, len(flow.std) + 1)
        ax.plot(layers, positive(flow.std), color=color, linestyle=dash)
    ax.set_yscale("log")
    ax.set_ylabel("sd of f(z)")


def draw_dead(ax: Axes, flows: Sequence[Flow], looks: Sequence[tuple[Any, str]]) -> None:
    """The fraction of units with f′ = 0 for every sample of the batch, per layer."""
    for flow, (color, dash) in zip(flows, looks, strict=True):
        layers = np.arange(1, len(flow.dead) + 1)
        ax.plot(layers, flow.dead, color=color, linestyle=dash, drawstyle="steps-mid")
    ax.set_ylim(-0.04, 1.04)
    ax.set_ylabel("dead units")


def plot_gradflow(
    flows: Sequence[Flow],
    *,
    title: str | None = None,
    theme: str = "light",
    size: tuple[float, float] = (9.0, 8.5),
) -> Figure:
    """A Figure of `flows` (built without pyplot; nothing is shown or saved)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with st.styled(theme):
        fig = Figure(figsize=size, layout=repeatable_layout())
        looks = st.assign([1] * len(flows), theme)
        axes = fig.subplots(4, 1, sharex=True, height_ratios=[3, 2, 1.6, 1.2])
        lines = draw_gradients(axes[0], flows, looks)
        draw_theory(axes[1], flows, looks)
        draw_spread(axes[2], flows, looks)
        draw_dead(axes[3], flows, looks)
        depth = max(len(f.grad_norm) for f in flows)
        axes[-1].set_xlim(0.5, depth + 0.5)
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
        axes[-1].set_xlabel("layer (1 = next to the input; gradients flow from right to left)")
        if title:
            fig.suptitle(title)
        columns = 3 if max(len(line.get_label()) for line in lines) < 28 else 2
        fig.legend(
            handles=lines, loc="outside lower center", ncols=min(columns, len(lines)), frameon=False
        )
    return fig
