"""Gated (two-input) activations: ``f(a, b) = g(a)·b`` and its relatives (GLU, SwiGLU, GeGLU).

A gated unit takes two inputs: ``a``, the gate's input, and ``b``, the value it scales. In a
model both come from one projection of width 2d, split on the last axis; *which half is the
gate* differs between codebases, so each spec names its convention (:data:`SPLITS`) and
:meth:`GatedActivation.split` applies it:

- ``"second"``: PyTorch's ``F.glu(x) = x₁ ⊗ σ(x₂)``: the second half is the gate's input.
- ``"first"``: vLLM's ``*_and_mul`` kernels and Hugging Face's merged ``gate_up_proj``:
  the first half is the gate's input, ``act(x[..., :d]) * x[..., d:]``.
- ``"interleaved"``: GPT-OSS: ``x[..., ::2]`` is the gate's input, ``x[..., 1::2]`` the value.

Binding with ``split=`` chooses another convention for a codebase that gates the other half
(``swiglu:split=second`` is vLLM's mul_and_silu); f(a, b) itself does not change.

``act(a, b)`` broadcasts like NumPy; the result is float32 when both inputs are float32 (or
one is and the other a Python number), else float64; a nan in either input gives nan.
``act.derivative(a, b)`` gives (∂f/∂a, ∂f/∂b), ``order=2`` gives (∂²f/∂a², ∂²f/∂a∂b, ∂²f/∂b²).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot.errors import KindError, ParameterError
from actplot.model import validation
from actplot.model.activation import _FP_STATE, Bound, _at_least_1d
from actplot.model.interval import Interval
from actplot.model.param import Param, Params, ParamValue, bind_values

Array = np.ndarray
Pair = tuple[Array, Array]
Triple = tuple[Array, Array, Array]

SPLITS: dict[str, str] = {
    "second": "the second half of the last axis is the gate's input a, the first the value b "
    "(PyTorch's F.glu)",
    "first": "the first half of the last axis is the gate's input a, the second the value b "
    "(vLLM's *_and_mul, Hugging Face's merged gate_up_proj)",
    "interleaved": "even positions of the last axis are the gate's input a, odd ones the "
    "value b (GPT-OSS)",
}


def _no_points(params: Params) -> Sequence[float]:
    return ()


@dataclass(frozen=True)
class GatedSpec:
    """Everything actplot knows about one gated activation, independent of parameter values.

    ``forward(a, b, **params)``, ``grad`` → (f_a, f_b) and ``hessian`` → (f_aa, f_ab, f_bb)
    take float arrays of one shape; ``fused``, if given, → (f, f_a, f_b) from one evaluation
    of the gate, the partials as grad's and f within a few ulp of forward's (a fused gate may
    round differently); without it value_and_derivative calls forward and grad. ``diagonal``
    names the element-wise activation that f(x, x) equals (glu's is silu), or is '' with
    ``diagonal_text`` saying what it is.
    ``kinks`` are the values of a at which the gate's derivative jumps.
    """

    name: str
    forward: Callable[..., Array]
    grad: Callable[..., Pair]
    hessian: Callable[..., Triple]
    formula: str  # mathtext, f(a, b)
    derivative_formula: str  # mathtext, the two partial derivatives
    text: str  # plain text, one line
    gate: str  # the element-wise function of a (its canonical name), e.g. "silu"
    split: str  # a key of SPLITS
    diagonal_text: str  # f(x, x) in plain text, e.g. "x·σ(x) = silu(x)"
    range: Interval  # of f over all (a, b), for the default parameters
    kink_rule: str
    reference: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    use: str
    family: str = "gated"
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    diagonal: str = ""  # canonical name of f(x, x) when the registry has it
    kinks: Callable[[Params], Sequence[float]] = _no_points
    frameworks: Mapping[str, str] = field(
        default_factory=lambda: {"torch": "", "jax": "", "keras": ""}
    )
    framework_notes: str = ""
    check: Callable[[Params], str | None] | None = None
    where: str = ""
    symbols: Mapping[str, str] = field(default_factory=dict)
    variants: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    labeler: Callable[[Params], str] | None = None
    fused: Callable[..., Triple] | None = None
    kind: str = field(default="gated", init=False)

    def __post_init__(self) -> None:
        if self.split not in SPLITS:
            raise ValueError(f"{self.name}: split must be one of {', '.join(SPLITS)}")

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def bind(self, **params: Any) -> GatedActivation:
        """A :class:`GatedActivation` with `params` validated over the defaults. ``split``
        (one of :data:`SPLITS`) overrides the unit's own convention for :meth:`split`, for a
        codebase that gates the other half (vLLM's mul_and_silu); it is not a parameter of
        f(a, b)."""
        convention = params.pop("split", None)
        if convention is not None:
            convention = validation.choice(convention, f"{self.name}: split", tuple(SPLITS))
            convention = None if convention == self.split else convention
        values = bind_values(self.name, self.params, params, self.check)
        return GatedActivation(self, values, split=convention)


def _inputs(a: Any, b: Any, wide: bool) -> tuple[Array, Array, tuple[int, ...], np.dtype]:
    """`a` and `b` broadcast to one shape (at least 1-d) in the working dtype, the shape of
    the result, and its dtype: float32 when every array input is float32 (Python numbers
    adapt, as in NumPy), else float64."""
    arrays = [np.asarray(v) for v in (a, b) if type(v) not in (int, float, bool)]
    single = bool(arrays) and all(x.dtype == np.float32 for x in arrays)
    work = np.float64 if wide or not single else np.float32
    xa, xb = (np.asarray(v).astype(work, copy=False) for v in (a, b))
    try:
        xa, xb = np.broadcast_arrays(xa, xb)
    except ValueError:
        raise ParameterError(
            f"a and b do not broadcast: shapes {xa.shape} and {xb.shape}"
        ) from None
    shape = xa.shape
    # The kernels make several passes: on the strided halves of a projection (act.split) or
    # on a broadcast view each pass costs about 3 of a contiguous one, so copy once first.
    xa, xb = (_at_least_1d(np.ascontiguousarray(v)) for v in (xa, xb))
    return xa, xb, shape, np.dtype(np.float32 if single else np.float64)


class GatedActivation(Bound):
    """A gated activation with bound parameters: ``act(a, b)``, ``act.derivative(a, b)``,
    ``act.split(x)``; ``act(*act.split(x))`` is the layer's output for a projection `x`."""

    __slots__ = ("_split",)
    kind = "gated"
    spec: GatedSpec

    def __init__(
        self,
        spec: GatedSpec,
        params: Mapping[str, ParamValue],
        label: str | None = None,
        split: str | None = None,
    ) -> None:
        super().__init__(spec, params, label)
        self._split = split  # None: the spec's convention

    def with_label(self, label: str | None) -> GatedActivation:
        """The same unit (split included) with the legend label `label`."""
        out = super().with_label(label)
        out._split = self._split
        return out

    @property
    def arguments(self) -> dict[str, ParamValue]:
        return {**self.params, "split": self.split_convention}

    @property
    def split_convention(self) -> str:
        """Which part of a projection is the gate's input (a key of :data:`SPLITS`)."""
        return self._split or self.spec.split

    @property
    def label(self) -> str:
        base = super().label
        if self._split is None or self.custom_label is not None:
            return base
        inner = f"split={self._split}"
        return f"{base[:-1]}, {inner})" if base.endswith(")") else f"{base}({inner})"

    def __eq__(self, other: object) -> bool:
        same = super().__eq__(other)
        if same is not True or not isinstance(other, GatedActivation):
            return same
        return self._split == other._split

    def __hash__(self) -> int:
        return hash((super().__hash__(), self._split))

    def __call__(self, a: Any, b: Any) -> Array:
        return self._computed(lambda xa, xb: (self.spec.forward(xa, xb, **self.params),), a, b)[0]

    def derivative(self, a: Any, b: Any, order: int = 1) -> tuple[Array, ...]:
        """(∂f/∂a, ∂f/∂b) for ``order=1``; (∂²f/∂a², ∂²f/∂a∂b, ∂²f/∂b²) for ``order=2``."""
        if order not in (1, 2):
            raise ParameterError(f"derivative order must be 1 or 2, not {order!r}")
        fn = self.spec.grad if order == 1 else self.spec.hessian
        return self._computed(lambda xa, xb: fn(xa, xb, **self.params), a, b)

    def value_and_derivative(self, a: Any, b: Any) -> tuple[Array, tuple[Array, Array]]:
        """``(act(a, b), act.derivative(a, b))`` computed together: with the spec's fused
        form the gate is evaluated once for f and both partials."""

        def parts(xa: Array, xb: Array) -> tuple[Array, ...]:
            if self.spec.fused is not None:
                return self.spec.fused(xa, xb, **self.params)
            fa, fb = self.spec.grad(xa, xb, **self.params)
            return self.spec.forward(xa, xb, **self.params), fa, fb

        f, fa, fb = self._computed(parts, a, b)
        return f, (fa, fb)

    def _computed(
        self, kernels: Callable[[Array, Array], tuple[Array, ...]], a: Any, b: Any
    ) -> tuple[Array, ...]:
        """The kernels' outputs on the working inputs, each finished (shape, nan, dtype)."""
        xa, xb, shape, dtype = _inputs(a, b, self._wide)
        with np.errstate(**_FP_STATE):
            parts = kernels(xa, xb)
            lost = _nan_mask(xa, xb)
            return tuple(_finish(part, xa.shape, lost, shape, dtype) for part in parts)

    def diagonal(self, x: Any) -> Array:
        """f(x, x): the self-gated function the unit becomes when both inputs are equal."""
        return self(x, x)

    def split(self, x: Any) -> tuple[Array, Array]:
        """(a, b) from a projection `x` of even width on the last axis, by the unit's
        convention (:data:`SPLITS`; ``split=`` at binding overrides it); views of `x`."""
        arr = np.asarray(x)
        if arr.ndim == 0 or arr.shape[-1] % 2:
            shape = arr.shape or "()"
            raise ParameterError(f"split needs an even last axis, not shape {shape}")
        convention = self.split_convention
        if convention == "interleaved":
            return arr[..., ::2], arr[..., 1::2]
        d = arr.shape[-1] // 2
        first, second = arr[..., :d], arr[..., d:]
        return (second, first) if convention == "second" else (first, second)

    @property
    def kinks(self) -> tuple[float, ...]:
        """Values of a where the gate's derivative jumps, sorted."""
        return tuple(sorted(set(float(k) for k in self.spec.kinks(self.params))))


def _finish(
    y: Array, work: tuple[int, ...], lost: Array | None, shape: tuple[int, ...], dtype: np.dtype
) -> Array:
    """`y` (of the working shape `work`, or a constant) in `shape`, nan wherever `lost` is
    set (an input is nan), in `dtype`."""
    out = np.asarray(y)
    if out.shape != work:
        out = np.broadcast_to(out, work).copy()
    if lost is not None:
        out = np.where(lost, np.nan, out)
    if out.dtype != dtype:
        with np.errstate(over="ignore"):  # float32 of a float64 result: inf is its rounding
            out = out.astype(dtype)
    return out.reshape(shape)


def _nan_mask(a: Array, b: Array) -> Array | None:
    """Where either input is nan, or None when neither has one (one min() each)."""
    if a.size == 0 or not (np.isnan(np.min(a)) or np.isnan(np.min(b))):
        return None
    return np.isnan(a) | np.isnan(b)


# How messages name each kind of activation.
KIND_WORDS = {
    "elementwise": "an element-wise",
    "vector": "a vector",
    "gated": "a gated (two-input)",
}


def require_kind(act: Bound, allowed: Sequence[str], what: str) -> None:
    """Raise :class:`~actplot.errors.KindError` (one line) unless `act` is of a kind in
    `allowed`; `what` names the operation ("gradflow")."""
    if act.kind in allowed:
        return
    takes = " and ".join(KIND_WORDS[k].split(" ", 1)[1] for k in allowed)
    raise KindError(f"{act.label} is {KIND_WORDS[act.kind]} activation; {what} takes {takes} ones")
