"""An :class:`Activation`: a spec bound to parameter values, and what users call:
``act(x)``, ``act.derivative(x, order)``, ``act.value_and_derivative(x)``, ``act.profile``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from actplot.errors import ParameterError
from actplot.model.param import ParamValue

if TYPE_CHECKING:
    from actplot.model.spec import ActivationSpec

Array = np.ndarray


# The floating-point state every evaluation runs in, whatever the user set with np.seterr:
# underflow is ordinary gradual rounding (ignored); overflow, division by zero and invalid
# operations warn, NumPy's default, so a case a kernel did not handle shows (the tests make
# warnings errors) but never raises in the user's program. Kernels silence, with their own
# errstate, the cases they handle. One errstate per call costs about a microsecond.
_FP_STATE = {"under": "ignore", "over": "warn", "divide": "warn", "invalid": "warn"}

_F32 = np.finfo(np.float32)
B = TypeVar("B", bound="Bound")


def as_float_array(x: Any) -> Array:
    """`x` as an array of float32 or float64 (kept, in native byte order) or float64
    (everything else)."""
    return _as_input(x, wide=False)[0]


def _as_input(x: Any, wide: bool) -> tuple[Array, np.dtype]:
    """(the array the kernels compute on, the dtype the result must have).

    float32 and float64 keep their dtype whatever their byte order (a big-endian input is
    computed in native order and returned in its own); with `wide`, float32 is computed in
    float64 and rounded once at the end. Everything else becomes float64.
    """
    a = np.asarray(x)
    dt = a.dtype
    if dt == np.float64 or (dt == np.float32 and not wide):
        return a, dt
    if dt.kind == "f" and dt.itemsize in (4, 8):
        work = np.float64 if wide or dt.itemsize == 8 else np.float32
        return a.astype(work), dt
    return a.astype(np.float64), np.dtype(np.float64)


def _beyond_float32(value: ParamValue) -> bool:
    """Whether a parameter value has no float32 of its own magnitude (it would overflow to
    inf or underflow to 0 or to a subnormal): float32 input is then computed in float64."""
    if not isinstance(value, float) or value == 0:
        return False
    return not float(_F32.tiny) <= abs(value) <= float(_F32.max)


class Bound:
    """What every activation bound to parameter values shares, whatever its kind: the spec,
    the parameters, the legend label, equality. :class:`Activation` (one input) and
    :class:`~actplot.model.gated.GatedActivation` (two) add the kernels."""

    __slots__ = ("spec", "params", "custom_label", "_wide")
    kind: str = "elementwise"

    def __init__(
        self, spec: Any, params: Mapping[str, ParamValue], label: str | None = None
    ) -> None:
        self.spec = spec
        self.params: dict[str, ParamValue] = dict(params)
        self.custom_label = label  # the legend text the user chose (``relu:label=ReLU``)
        self._wide = any(_beyond_float32(v) for v in self.params.values())

    def with_label(self: B, label: str | None) -> B:
        """The same function with the legend label `label` (None: the default label)."""
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise ParameterError(f"a label must be non-empty text, not {label!r}")
        return type(self)(self.spec, self.params, label)

    def with_params(self: B, **params: Any) -> B:
        """The same function with `params` changed (validated), its label and, for a gated
        unit, its split convention kept: what a slider moving one parameter shows."""
        return self.spec.bind(**{**self.arguments, **params}).with_label(self.custom_label)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def arguments(self) -> dict[str, ParamValue]:
        """What ``spec.bind`` takes to make this function again: the parameters (and, for
        a gated unit, a split convention other than its own)."""
        return dict(self.params)

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

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())
        if self.custom_label is not None:
            inner += f"{', ' if inner else ''}label={self.custom_label!r}"
        return f"{type(self).__name__}({self.name!r}{', ' if inner else ''}{inner})"

    def __eq__(self, other: object) -> bool:  # the same function, whatever its label
        if not isinstance(other, Bound):
            return NotImplemented
        return self.spec is other.spec and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.params.items()))))


class Activation(Bound):
    """An activation function with bound parameters: ``act(x)``, ``act.derivative(x, order)``.

    Inputs may be any array-like; float32 and float64 keep their dtype (byte order
    included), other types become float64, the output has the input's shape, and the input
    is never written to. Every evaluation runs in one floating-point state
    (:data:`_FP_STATE`), so the user's ``np.seterr`` never turns a rounding the kernel
    handles into an exception. float32 input with a parameter beyond float32's range is
    computed in float64 and rounded once.
    """

    __slots__ = ()
    spec: ActivationSpec

    @property
    def kind(self) -> str:  # type: ignore[override]
        """'elementwise' or 'vector' (gated activations are another class)."""
        return self.spec.kind

    @property
    def is_vector(self) -> bool:
        return self.spec.vector

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
        a, dtype = _as_input(x, self._wide)
        with np.errstate(**_FP_STATE):
            y = self.spec.forward(_at_least_1d(a), **self.params)
            return _finish(y, a, self._lost_nan(a, 0), dtype)

    def derivative(self, x: Any, order: int = 1) -> Array:
        """The first (``order=1``) or second (``order=2``) derivative at `x`.

        For vector activations, the diagonal ∂y_i/∂x_i (∂²y_i/∂x_i²) along the last axis.
        """
        if order not in (1, 2):
            raise ParameterError(f"derivative order must be 1 or 2, not {order!r}")
        a, dtype = _as_input(x, self._wide)
        fn = self.spec.d1 if order == 1 else self.spec.d2
        with np.errstate(**_FP_STATE):
            y = fn(_at_least_1d(a), **self.params)
            return _finish(y, a, self._lost_nan(a, order), dtype)

    def value_and_derivative(self, x: Any) -> tuple[Array, Array]:
        """``(act(x), act.derivative(x))`` computed together: with the spec's fused form,
        the derivative reuses the forward pass's intermediates."""
        a, dtype = _as_input(x, self._wide)
        a1 = _at_least_1d(a)
        with np.errstate(**_FP_STATE):
            if self.spec.fused is not None:
                y, d = self.spec.fused(a1, **self.params)
            else:
                y, d = self.spec.forward(a1, **self.params), self.spec.d1(a1, **self.params)
            nan = self._lost_nan(a, 0, 1)
            return _finish(y, a, nan, dtype), _finish(d, a, nan, dtype)

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
        a, dtype = _as_input(x, self._wide)
        assert self.spec.profile is not None
        with np.errstate(**_FP_STATE):
            y = self.spec.profile(a, **self.params)[order]
            return _finish(y, a, np.isnan(a), dtype)

    def jacobian(self, x: Any) -> Array:
        """The K×K Jacobian ∂y_i/∂x_j of a vector activation at a 1-D `x`."""
        if self.spec.jacobian is None:
            raise ParameterError(f"{self.name} is elementwise: its Jacobian is diagonal")
        a, dtype = _as_input(x, self._wide)
        if a.ndim != 1:
            raise ParameterError(f"jacobian needs a 1-D input, not shape {a.shape}")
        with np.errstate(**_FP_STATE):
            jac = np.asarray(self.spec.jacobian(a, **self.params))
            with np.errstate(over="ignore"):  # float32 of a float64 result: inf is its rounding
                return jac.astype(dtype, copy=False)


def _finish(y: Any, x: Array, nan: Array | None, dtype: np.dtype) -> Array:
    """`y` in the shape of `x` (a 0-d x was computed as one element) with x's nan wherever
    `nan` is set, in `dtype` (the input's)."""
    out = np.asarray(y)
    if out.shape != x.shape:
        out = out.reshape(x.shape) if out.size == x.size else np.broadcast_to(out, x.shape).copy()
    if nan is not None:
        out = np.where(nan, x, out)
    if out.dtype != dtype:
        with np.errstate(over="ignore"):  # float32 of a float64 result: inf is its rounding
            out = out.astype(dtype)
    return out


def _at_least_1d(a: Array) -> Array:  # so that spec functions may write into out= arrays
    return a.reshape(1) if a.ndim == 0 else a


def _fmt_value(v: ParamValue) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
