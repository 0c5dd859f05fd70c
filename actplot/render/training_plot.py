"""The training figure: loss and accuracy per epoch, one colour per activation, training set
solid and test set dashed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute.training import History
from actplot.render import style as st
from actplot.render.figure import repeatable_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SETS = (("train", "-"), ("test", "--"))


def legend_label(hist: History) -> str:
    text = f"{hist.act.label}: test {hist.test_acc[-1]:.3f}"
    if hist.diverged_at is not None:
        text += f" (diverged at epoch {hist.diverged_at})"
    return text


def draw_curves(ax: Axes, histories: Sequence[History], colors: Sequence[Any], metric: str) -> list:
    """`metric` ("loss" or "acc") per epoch for the train and test sets; returns one line per
    activation (for a legend)."""
    lines = []
    for hist, color in zip(histories, colors, strict=True):
        for which, dash in SETS:
            values = np.asarray(getattr(hist, f"{which}_{metric}"), dtype=np.float64)
            if metric == "loss":  # a log axis: non-finite and 0 leave gaps
                values = np.where(np.isfinite(values) & (values > 0), values, np.nan)
            epochs = np.arange(1, len(values) + 1)
            (line,) = ax.plot(epochs, values, color=color, linestyle=dash, linewidth=1.4)
            if which == "train":
                line.set_label(legend_label(hist))
                lines.append(line)
    if metric == "loss":
        ax.set_yscale("log")
        ax.set_ylabel("cross-entropy loss")
    else:
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel("accuracy")
    ax.set_xlabel("epoch")
    return lines


def plot_training(
    histories: Sequence[History],
    *,
    title: str | None = None,
    theme: str = "light",
    size: tuple[float, float] = (10.0, 4.8),
) -> Figure:
    """A Figure of the loss and accuracy curves (built without pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with st.styled(theme):
        fig = Figure(figsize=size, layout=repeatable_layout())
        colors = [c for c, _ in st.assign([1] * len(histories), theme)]
        loss_ax, acc_ax = fig.subplots(1, 2)
        lines = draw_curves(loss_ax, histories, colors, "loss")
        draw_curves(acc_ax, histories, colors, "acc")
        epochs = max(len(h.train_loss) for h in histories)
        for ax in (loss_ax, acc_ax):
            ax.set_xlim(0.5 if epochs == 1 else 1, max(epochs, 2))
        fg = st.foreground(theme)
        keys = [
            Line2D([], [], color=fg, linestyle=dash, label=f"{which} set") for which, dash in SETS
        ]
        if title:
            fig.suptitle(title)
        fig.legend(
            handles=[*lines, *keys],
            loc="outside lower center",
            ncols=min(4, len(lines) + len(keys)),
            frameon=False,
        )
    return fig
