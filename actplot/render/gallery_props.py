"""The properties in a gallery caption and index row, computed from the functions.

Range, zero-centring and monotonicity come from :mod:`actplot.compute.properties`, like the
table's; the images' saturation shading comes from :mod:`actplot.compute.regions`, like the
table's saturation and dead columns (and the gallery states its threshold from there).

The "operations" column says what the NumPy implementation computes with, read off a
probe array that records every NumPy/SciPy ufunc applied to it (or to values computed from
it). It is deliberately *not* a timing, nor named like one: timings vary from run to run and
machine to machine, the committed gallery must be byte-reproducible, and operation counts
do not order costs (NumPy's tanh is vectorised while isru's division and square root are
not faster). The classes are

* ``arithmetic``: arithmetic, comparisons and selection only (relu, hardtanh, softsign);
* ``algebraic``: also square roots (isru, squareplus), listed;
* ``transcendental``: also exp, log, tanh, erf, sin, ..., listed.

Measured costs, with their spread, are in ``actplot table``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot import registry
from actplot.model import Activation

NOTE = (
    "Operations: what each function's NumPy code computes with beyond arithmetic and "
    "comparisons (square roots; exp, log, tanh, erf or another transcendental function). "
    "This is not a cost: measured costs, relative to relu and with their spread, are in "
    "`actplot table`."
)
# Ufuncs that cost about as much as an add. Any ufunc not listed here or in _ALGEBRAIC
# counts as transcendental, so a new special function is never called cheap by mistake.
_ELEMENTARY = frozenset(
    "add subtract multiply divide true_divide floor_divide remainder negative positive "
    "absolute fabs sign copysign signbit maximum minimum fmax fmin clip greater greater_equal "
    "less less_equal equal not_equal logical_and logical_or logical_not logical_xor "
    "heaviside square reciprocal isinf isnan isfinite floor ceil rint trunc".split()
)
_ALGEBRAIC = frozenset({"sqrt", "cbrt", "hypot"})
# The textbook function behind a NumPy/SciPy routine.
_COMMON = {
    "expm1": ("exp",),
    "exp2": ("exp",),
    "expit": ("exp",),
    "log1p": ("log",),
    "log2": ("log",),
    "log10": ("log",),
    "log_expit": ("exp", "log"),
    "ndtr": ("erf",),
    "erfc": ("erf",),
    "log_ndtr": ("erf", "log"),
}


@dataclass(frozen=True)
class Properties:
    """What a caption says about one activation (as text, ready to print)."""

    range: str
    zero_centred: bool
    monotonic: str  # "increasing", "decreasing", "no", or "n/a" (a gated unit)
    kind: str  # arithmetic, algebraic or transcendental
    ops: tuple[str, ...]  # the operations that set the class, sorted

    def cells(self) -> tuple[str, str, str, str]:
        """range, zero-centred, monotonic, operations: the index's columns."""
        ops = ", ".join(self.ops) if self.ops else "arithmetic only"
        return (self.range, ("no", "yes")[self.zero_centred], self.monotonic, ops)


def properties(name: str) -> Properties:
    """The caption properties of `name` with its default parameters."""
    from actplot.compute.properties import properties as computed

    act = registry.get(name)
    kind, ops = operation_class(act)
    if act.kind == "gated":  # two inputs: the table's row (independent a, b ~ N(0, 1))
        from actplot.compute.gated_stats import gated_properties

        g = gated_properties(act)  # monotonic is a one-input property: n/a, as in the table
        return Properties(str(g.range), bool(g.zero_centered), "n/a", kind, ops)
    p = computed(act)
    monotonic = p.monotonic.value if p.monotonic.either else "no"
    return Properties(str(p.range), bool(p.zero_centered), monotonic, kind, ops)


def caption(props: Properties) -> str:
    """One line: range · zero-centred · monotonic · operations."""
    rng, zero, mono, ops = props.cells()
    return f"range {rng}   ·   zero-centred: {zero}   ·   monotonic: {mono}   ·   uses: {ops}"


def operations(act: Activation) -> set[str]:
    """The names of the NumPy/SciPy ufuncs the forward pass of `act` applies."""
    # Two rows of logits, so that a vector activation runs its real forward pass too.
    x = np.linspace(-4.0, 4.0, 10).reshape(2, 5).view(_Probe)
    _Probe.seen = set()
    act.spec.forward(*(x, x)[: 2 if act.kind == "gated" else 1], **act.params)
    return set(_Probe.seen)


def operation_class(act: Activation) -> tuple[str, tuple[str, ...]]:
    """("arithmetic" | "algebraic" | "transcendental", the operations beyond arithmetic,
    by common name)."""
    ops = operations(act) - _ELEMENTARY
    common = tuple(sorted({c for op in ops for c in _COMMON.get(op, (op,))}))
    if ops - _ALGEBRAIC:
        return "transcendental", common
    return ("algebraic", common) if ops else ("arithmetic", ())


class _Probe(np.ndarray):
    """An array that notes the name of every ufunc applied to it or to values made from it.

    Array functions (np.where, np.sum, ...) run on the probe itself, so that the ufuncs they
    call inside are noted too; only ufuncs do elementwise arithmetic.
    """

    seen: set[str] = set()

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        _Probe.seen.add(ufunc.__name__)
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(o) for o in kwargs["out"])
        return _wrap(getattr(ufunc, method)(*(_plain(i) for i in inputs), **kwargs))

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return _wrap(super().__array_function__(func, types, args, kwargs))


def _plain(a: Any) -> Any:
    if isinstance(a, _Probe):
        return a.view(np.ndarray)
    if isinstance(a, (list, tuple)):
        return type(a)(_plain(i) for i in a)
    return a


def _wrap(result: Any) -> Any:
    # Results stay probes, so that operations on intermediate values are noted too.
    if isinstance(result, np.ndarray) and not isinstance(result, _Probe):
        return result.view(_Probe)
    if isinstance(result, tuple):
        return tuple(_wrap(r) for r in result)
    return result
