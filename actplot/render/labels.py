"""Legend texts, the same in the file figure, the window and the terminal (no matplotlib).

A curve is called by its custom label (``relu:label=ReLU``, ``act.with_label``) or else by
its canonical name with the parameters that differ from their defaults; in a sweep every
member also names the swept value, so the default member reads ``silu(beta=1)``. With
formulas, the first entry of a group adds the formula of the variant drawn and the values
of its symbols (:mod:`actplot.render.formula_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from actplot.model import Activation
from actplot.render import formula_text


def labels(group: Sequence[Activation], formulas: bool = False) -> list[str]:
    """Legend texts of a group (one activation, or a sweep), in order."""
    varying = {
        k for a in group for k, v in a.params.items() if any(b.params.get(k) != v for b in group)
    }
    out = []
    for i, act in enumerate(group):
        text = name_of(act, varying)
        if formulas and i == 0:
            f, _ = formula_text.formulas(act)
            if f:
                where = formula_text.where(act)
                text += "\n" + f + (f", {where}" if where else "")
        out.append(text)
    return out


def name_of(act: Activation, varying: set[str] | frozenset[str] = frozenset()) -> str:
    """`act`'s legend name: its custom label (with the `varying` parameters of a sweep), or
    ``name(param=value, ...)`` for the parameters changed or `varying`."""
    shown = {k: v for k, v in act.params.items() if k in varying or k in act.changed_params}
    if act.is_vector:
        shown.pop("k", None)  # the note below states K
    if act.custom_label is not None:
        inner = {k: v for k, v in shown.items() if k in varying}
        text = act.custom_label + (f" ({_pairs(inner)})" if inner else "")
    elif act.spec.labeler is not None:  # a formula: its text with every parameter's value
        text = act.label
    else:
        text = act.name + (f"({_pairs(shown)})" if shown else "")
    if act.is_vector:
        k = act.params.get("k")
        # the curve is a profile: logit x₁ varies, the other K−1 logits stay at 0
        text += f" (x₁ of K={k}; others 0)" if k is not None else " (x₁; others 0)"
    return text


def pole_note(act: Activation, xlim: tuple[float, float]) -> str:
    """``not finite at x = 0`` for the poles of `act` inside `xlim` (the first four), or ""."""
    poles = [p for p in act.poles if xlim[0] <= p <= xlim[1]]
    if not poles:
        return ""
    listed = ", ".join(f"{p:.4g}".replace("-", "−") for p in poles[:4])
    return f"not finite at x = {listed}" + (", …" if len(poles) > 4 else "")


def flat_labels(groups: Sequence[Sequence[Activation]], formulas: bool = False) -> list[str]:
    """:func:`labels` of every group, one text per drawn curve."""
    return [t for g in groups for t in labels(g, formulas)]


def _pairs(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_fmt(v)}" for k, v in params.items())


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
