"""An :class:`ActivationSpec` describes one activation once: its kernels (f, f′, f″ and the
fused (f, f′)), formulas, parameters, kinks, references and framework names. Binding it to
parameter values gives an :class:`~actplot.model.activation.Activation`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot.model.activation import Activation
from actplot.model.interval import Interval
from actplot.model.param import Param, Params, ParamValue, bind_values

Array = np.ndarray


def _no_points(params: Params) -> Sequence[float]:
    return ()


@dataclass(frozen=True)
class ActivationSpec:
    """Everything actplot knows about one activation, independent of parameter values.

    ``forward``/``d1``/``d2`` take a float array and the parameters as keywords. For vector
    activations (``vector=True``) they act along the last axis, ``d1``/``d2`` give the
    diagonal ∂y_i/∂x_i, and ``profile`` gives (f, f', f'') of one logit with the other
    K−1 logits at 0, the 1-D view used for plots and tables.
    """

    name: str
    family: str
    forward: Callable[..., Array]
    d1: Callable[..., Array]
    d2: Callable[..., Array]
    formula: str  # matplotlib mathtext
    derivative_formula: str  # mathtext
    text: str  # plain text, one line
    range: Interval  # declared for the default parameters; checked by the tests
    kink_rule: str  # the derivative's value at each kink or jump, and why
    reference: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    use: str
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    # The true image when it is not the interval `range` (a set of points or a union);
    # () means `range`. Declared for the default parameters; checked by the tests.
    image: tuple[Interval, ...] = ()
    kinks: Callable[[Params], Sequence[float]] = _no_points  # f' jumps (or f itself does)
    jumps: Callable[[Params], Sequence[float]] = _no_points  # f itself jumps
    poles: Callable[[Params], Sequence[float]] = _no_points  # f is not finite there
    frameworks: Mapping[str, str] = field(default_factory=dict)  # torch/jax/keras -> name
    framework_notes: str = ""
    check: Callable[[Params], str | None] | None = None  # cross-parameter validation
    # True only where f, f′ or f″ has no limit at ±inf (sin; snake′): nan is honest there
    no_limit_at_inf: bool = False
    vector: bool = False
    jacobian: Callable[..., Array] | None = None
    profile: Callable[..., tuple[Array, Array, Array]] | None = None
    fused: Callable[..., tuple[Array, Array]] | None = None  # (f, f'), sharing intermediates
    # The orders (0 = f, 1 = f', also in `fused`) whose formulas give nan for nan by
    # construction (tested): Activation skips its nan check for them.
    nan_safe: tuple[int, ...] = ()
    # The label for bound parameters, where name(param=value) would not tell two apart
    # (a formula's parameters: "x*sigmoid(b*x):b=2"); None for the usual label.
    labeler: Callable[[Params], str] | None = None
    # How the formulas write a parameter that is not named after a Greek letter or a single
    # letter (leaky_relu's negative_slope is s); render.formula_text shows its value.
    symbols: Mapping[str, str] = field(default_factory=dict)
    # Mathtext defining the formulas' symbols that are not parameters (selu's λ, gelu's Φ).
    where: str = ""
    # (choice parameter, value) -> (formula, derivative_formula) of that variant.
    variants: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    @property
    def kind(self) -> str:
        """'vector' (acts along the last axis) or 'elementwise'."""
        return "vector" if self.vector else "elementwise"

    def bind(self, **params: Any) -> Activation:
        """An :class:`Activation` with `params` validated over the defaults."""
        return Activation(self, bind_values(self.name, self.params, params, self.check))
