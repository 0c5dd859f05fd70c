"""The `Activation` type: one activation function, its exact derivatives and its metadata.

An :class:`ActivationSpec` describes a function once (formulas, parameters, references); an
:class:`Activation` is a spec bound to concrete parameter values, and is what users call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot.errors import ParameterError

Array = np.ndarray
ParamValue = float | int | str
Params = Mapping[str, ParamValue]


def as_float_array(x: Any) -> Array:
    """`x` as an array of float32 (kept) or float64 (everything else)."""
    a = np.asarray(x)
    if a.dtype == np.float32 or a.dtype == np.float64:
        return a
    return a.astype(np.float64)


@dataclass(frozen=True)
class Interval:
    """A real interval such as [0, ∞) or (−1, 1); ±inf ends are always open."""

    lo: float
    hi: float
    lo_closed: bool = False
    hi_closed: bool = False

    def __str__(self) -> str:
        left = "[" if self.lo_closed and math.isfinite(self.lo) else "("
        right = "]" if self.hi_closed and math.isfinite(self.hi) else ")"
        return f"{left}{_fmt_end(self.lo)}, {_fmt_end(self.hi)}{right}"

    def contains(self, y: Array, tol: float = 0.0) -> Array:
        """Elementwise membership, with an absolute tolerance at finite ends."""
        y = np.asarray(y, dtype=np.float64)
        lo_ok = y >= self.lo - tol if self.lo_closed or tol else y > self.lo
        hi_ok = y <= self.hi + tol if self.hi_closed or tol else y < self.hi
        return lo_ok & hi_ok


def _fmt_end(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


@dataclass(frozen=True)
class Param:
    """One parameter: its PyTorch-style name, default, meaning and accepted values.

    Numeric parameters accept ``low <= v <= high`` (``*_open`` makes an end strict);
    string parameters accept one of ``choices``. ``span`` is a sensible range for sliders.
    """

    name: str
    default: ParamValue
    doc: str
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    integer: bool = False
    choices: tuple[str, ...] = ()
    span: tuple[float, float] | None = None

    @property
    def numeric(self) -> bool:
        return not self.choices

    def coerce(self, value: Any, owner: str) -> ParamValue:
        """Validate `value` (a number, or text from the command line) for this parameter."""
        where = f"{owner}: {self.name}"
        if self.choices:
            text = str(value).strip().lower()
            if text not in self.choices:
                options = ", ".join(repr(c) for c in self.choices)
                raise ParameterError(f"{where} must be one of {options}, not {value!r}")
            return text
        if isinstance(value, bool):
            raise ParameterError(f"{where} must be a number, not {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ParameterError(f"{where} must be a number, not {value!r}") from None
        if math.isnan(number) or math.isinf(number):
            raise ParameterError(f"{where} must be finite, not {value!r}")
        if self.integer:
            if number != int(number):
                raise ParameterError(f"{where} must be a whole number, not {value!r}")
            number = int(number)
        too_low = number <= self.low if self.low_open else number < self.low
        too_high = number >= self.high if self.high_open else number > self.high
        if too_low or too_high:
            raise ParameterError(f"{where} must be {self.bounds_text()}, not {value!r}")
        return number

    def bounds_text(self) -> str:
        parts = []
        if math.isfinite(self.low):
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if math.isfinite(self.high):
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return " and ".join(parts) or "a finite number"


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
    kinks: Callable[[Params], Sequence[float]] = _no_points  # f' jumps (or f itself does)
    jumps: Callable[[Params], Sequence[float]] = _no_points  # f itself jumps
    frameworks: Mapping[str, str] = field(default_factory=dict)  # torch/jax/keras -> name
    framework_notes: str = ""
    check: Callable[[Params], str | None] | None = None  # cross-parameter validation
    no_limit_at_inf: bool = False  # True only where f has no limit at ±inf (sin): nan is honest
    vector: bool = False
    jacobian: Callable[..., Array] | None = None
    profile: Callable[..., tuple[Array, Array, Array]] | None = None
    fused: Callable[..., tuple[Array, Array]] | None = None  # (f, f'), sharing intermediates
    # The orders (0 = f, 1 = f', also in `fused`) whose formulas give nan for nan by
    # construction (tested): Activation skips its nan check for them.
    nan_safe: tuple[int, ...] = ()

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def bind(self, **params: Any) -> Activation:
        """An :class:`Activation` with `params` validated over the defaults."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            valid = ", ".join(known) if known else "none"
            raise ParameterError(
                f"{self.name} has no parameter {unknown[0]!r} (parameters: {valid})"
            )
        values = self.defaults
        for key, value in params.items():
            values[key] = known[key].coerce(value, self.name)
        if self.check is not None and (reason := self.check(values)):
            raise ParameterError(f"{self.name}: {reason}")
        return Activation(self, values)


class Activation:
    """An activation function with bound parameters: ``act(x)``, ``act.derivative(x, order)``.

    Inputs may be any array-like; float32 stays float32, other types become float64, and the
    output has the input's shape.
    """

    __slots__ = ("spec", "params")

    def __init__(self, spec: ActivationSpec, params: Mapping[str, ParamValue]) -> None:
        self.spec = spec
        self.params: dict[str, ParamValue] = dict(params)

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
        """``name`` or ``name(param=value, ...)`` for the non-default parameters."""
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
        return f"Activation({self.name!r}{', ' if inner else ''}{inner})"

    def __eq__(self, other: object) -> bool:
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
