"""An :class:`Activation`: a spec bound to parameter values, and what users call:
``act(x)``, ``act.derivative(x, order)``, ``act.value_and_derivative(x)``, ``act.profile``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.errors import ParameterError
from actplot.model.param import ParamValue

if TYPE_CHECKING:
    from actplot.model.spec import ActivationSpec

Array = np.ndarray


def as_float_array(x: Any) -> Array:
    """`x` as an array of float32 (kept) or float64 (everything else)."""
    a = np.asarray(x)
    if a.dtype == np.float32 or a.dtype == np.float64:
        return a
    return a.astype(np.float64)


class Activation:
    """An activation function with bound parameters: ``act(x)``, ``act.derivative(x, order)``.

    Inputs may be any array-like; float32 stays float32, other types become float64, and the
    output has the input's shape.
    """

    __slots__ = ("spec", "params", "custom_label")

    def __init__(
        self, spec: ActivationSpec, params: Mapping[str, ParamValue], label: str | None = None
    ) -> None:
        self.spec = spec
        self.params: dict[str, ParamValue] = dict(params)
        self.custom_label = label  # the legend text the user chose (``relu:label=ReLU``)

    def with_label(self, label: str | None) -> Activation:
        """The same function with the legend label `label` (None: the default label)."""
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise ParameterError(f"a label must be non-empty text, not {label!r}")
        return Activation(self.spec, self.params, label)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def is_vector(self) -> bool:
        return self.spec.vector

    @property
    def changed_params(self) -> dict[str, ParamValue]:
        """The parameters that differ from their defaults."""
        return {k: v for k, v in self.params.items() if self.spec.defaults[k] != v}

    @property
    def label(self) -> str:
        """The custom label if one was set, else ``name`` or ``name(param=value, ...)`` for
        the non-default parameters."""
        if self.custom_label is not None:
            return self.custom_label
        if self.spec.labeler is not None:
            return self.spec.labeler(self.params)
        changed = self.changed_params
        if not changed:
            return self.name
        inner = ", ".join(f"{k}={_fmt_value(v)}" for k, v in changed.items())
        return f"{self.name}({inner})"

    @property
    def kinks(self) -> tuple[float, ...]:
        """Points where f' (or f) is discontinuous, sorted."""
        return tuple(sorted(set(float(k) for k in self.spec.kinks(self.params))))

    @property
    def poles(self) -> tuple[float, ...]:
        """Points where f is not finite (1/x at 0), sorted; poles are jumps too."""
        return tuple(sorted(set(float(k) for k in self.spec.poles(self.params))))

    @property
    def jumps(self) -> tuple[float, ...]:
        """Points where f itself is discontinuous, sorted."""
        return tuple(sorted(set(float(k) for k in self.spec.jumps(self.params))))

    def __call__(self, x: Any) -> Array:
        a = as_float_array(x)
        y = self.spec.forward(_at_least_1d(a), **self.params)
        return _finish(y, a, self._lost_nan(a, 0))

    def derivative(self, x: Any, order: int = 1) -> Array:
        """The first (``order=1``) or second (``order=2``) derivative at `x`.

        For vector activations, the diagonal ∂y_i/∂x_i (∂²y_i/∂x_i²) along the last axis.
        """
        if order not in (1, 2):
            raise ParameterError(f"derivative order must be 1 or 2, not {order!r}")
        a = as_float_array(x)
        fn = self.spec.d1 if order == 1 else self.spec.d2
        return _finish(fn(_at_least_1d(a), **self.params), a, self._lost_nan(a, order))

    def value_and_derivative(self, x: Any) -> tuple[Array, Array]:
        """``(act(x), act.derivative(x))`` computed together: with the spec's fused form,
        the derivative reuses the forward pass's intermediates."""
        a = as_float_array(x)
        a1 = _at_least_1d(a)
        if self.spec.fused is not None:
            y, d = self.spec.fused(a1, **self.params)
        else:
            y, d = self.spec.forward(a1, **self.params), self.spec.d1(a1, **self.params)
        nan = self._lost_nan(a, 0, 1)
        return _finish(y, a, nan), _finish(d, a, nan)

    def _lost_nan(self, x: Array, *orders: int) -> Array | None:
        """Where `x` is nan, if the formulas of these orders may have lost it, else None.
        Piecewise formulas (x > 0 ...) turn nan into a branch value, unless the spec lists
        the order in ``nan_safe``; one min() finds any nan for less than an isnan pass."""
        safe = set(orders) <= set(self.spec.nan_safe)
        if safe or self.is_vector or x.size == 0 or not np.isnan(np.min(x)):
            return None
        return np.isnan(x)

    def profile(self, x: Any, order: int = 0) -> Array:
        """The 1-D curve drawn and tabulated: f, f' or f'' (``order`` 0, 1, 2).

        Elementwise activations: the function itself. Vector activations: one logit `x`
        with the other K−1 logits held at 0.
        """
        if order not in (0, 1, 2):
            raise ParameterError(f"derivative order must be 0, 1 or 2, not {order!r}")
        if not self.is_vector:
            return self(x) if order == 0 else self.derivative(x, order)
        a = as_float_array(x)
        assert self.spec.profile is not None
        out = _finish(self.spec.profile(a, **self.params)[order], a, None)
        return np.where(np.isnan(a), a, out)

    def jacobian(self, x: Any) -> Array:
        """The K×K Jacobian ∂y_i/∂x_j of a vector activation at a 1-D `x`."""
        if self.spec.jacobian is None:
            raise ParameterError(f"{self.name} is elementwise: its Jacobian is diagonal")
        a = as_float_array(x)
        if a.ndim != 1:
            raise ParameterError(f"jacobian needs a 1-D input, not shape {a.shape}")
        return np.asarray(self.spec.jacobian(a, **self.params)).astype(a.dtype, copy=False)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        if self.custom_label is not None:
            inner += f"{', ' if inner else ''}label={self.custom_label!r}"
        return f"Activation({self.name!r}{', ' if inner else ''}{inner})"

    def __eq__(self, other: object) -> bool:  # the same function, whatever its label
        if not isinstance(other, Activation):
            return NotImplemented
        return self.spec is other.spec and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.params.items()))))


def _finish(y: Any, x: Array, nan: Array | None) -> Array:
    """`y` in the dtype and shape of `x` (a 0-d x was computed as one element), with x's nan
    wherever `nan` is set."""
    out = np.asarray(y)
    if out.dtype != x.dtype:
        out = out.astype(x.dtype)
    if out.shape != x.shape:
        out = out.reshape(x.shape) if out.size == x.size else np.broadcast_to(out, x.shape).copy()
    return out if nan is None else np.where(nan, x, out)


def _at_least_1d(a: Array) -> Array:  # so that spec functions may write into out= arrays
    return a.reshape(1) if a.ndim == 0 else a


def _fmt_value(v: ParamValue) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
