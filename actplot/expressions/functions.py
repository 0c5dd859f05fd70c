"""The functions an expression may call: math functions with their first two derivatives,
max/min/abs/where, and every registry activation by name or alias (parameters by keyword).

Each unary entry gives (f, f′, f″) as functions of the argument's value; the evaluator
applies the chain rule. Registry activations use ``act.profile(u, order)``, so their own
kink conventions hold, and a vector activation contributes its 1-D curve (one logit u, the
other K−1 at 0), as in every plot and table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from actplot.activations import _special
from actplot.errors import ActplotError, ParameterError
from actplot.expressions import tree as t

Array = np.ndarray
Unary = tuple[Callable[[Array], Array], Callable[[Array], Array], Callable[[Array], Array]]
_TWO_OVER_SQRT_PI = 2.0 / np.sqrt(np.pi)


def _sech2(v: Array) -> Array:
    """1/cosh² without overflow or cancellation: 4w/(1+w)² with w = e^(−2|v|)."""
    w = np.exp(-2.0 * np.abs(v))
    return 4.0 * w / (1.0 + w) ** 2


def _gauss(v: Array) -> Array:
    return _TWO_OVER_SQRT_PI * np.exp(-v * v)


UNARY: dict[str, Unary] = {
    "exp": (np.exp, np.exp, np.exp),
    "log": (np.log, lambda v: 1.0 / v, lambda v: -1.0 / (v * v)),
    "log1p": (np.log1p, lambda v: 1.0 / (1.0 + v), lambda v: -1.0 / (1.0 + v) ** 2),
    "expm1": (np.expm1, np.exp, np.exp),
    "sqrt": (np.sqrt, lambda v: 0.5 / np.sqrt(v), lambda v: -0.25 / (v * np.sqrt(v))),
    "sin": (np.sin, np.cos, lambda v: -np.sin(v)),
    "cos": (np.cos, lambda v: -np.sin(v), lambda v: -np.cos(v)),
    "tan": (np.tan, lambda v: 1.0 / np.cos(v) ** 2, lambda v: 2.0 * np.tan(v) / np.cos(v) ** 2),
    "tanh": (np.tanh, _sech2, lambda v: -2.0 * np.tanh(v) * _sech2(v)),
    "sinh": (np.sinh, np.cosh, np.sinh),
    "cosh": (np.cosh, np.sinh, np.cosh),
    "erf": (_special.erf, _gauss, lambda v: -2.0 * v * _gauss(v)),
    "erfc": (_special.erfc, lambda v: -_gauss(v), lambda v: 2.0 * v * _gauss(v)),
}
# name -> (least, most) number of arguments; None: no upper bound.
ARITY: dict[str, tuple[int, int | None]] = {
    **{name: (1, 1) for name in UNARY},
    "abs": (1, 1),
    "max": (2, None),
    "min": (2, None),
    "where": (3, 3),
}
MATH = tuple(ARITY)


def known_function(name: str) -> bool:
    """Whether `name` is a math function or a registry activation (name or alias)."""
    from actplot import registry

    if name in ARITY:
        return True
    try:
        registry.resolve(name)
    except ActplotError:
        return False
    return True


def call_node(name: str, args: tuple[t.Node, ...], params: Mapping[str, float | str]) -> t.Node:
    """The tree node for ``name(*args, **params)``; ParameterError if the call is wrong."""
    if name in ARITY:
        least, most = ARITY[name]
        if params:
            raise ParameterError(f"{name} takes no keyword parameters")
        if len(args) < least or (most is not None and len(args) > most):
            count = str(least) if least == most else f"at least {least}"
            raise ParameterError(f"{name} takes {count} argument{'s' * (least > 1)}")
        return t.Call(name, args)
    from actplot import registry
    from actplot.model import require_kind

    spec = registry.spec(name)  # the parser checked known_function(name) first
    if spec.kind == "gated":
        require_kind(spec.bind(), ("elementwise",), "a formula")
    if len(args) != 1:
        raise ParameterError(
            f"{spec.name} takes one argument, the input, and its parameters by keyword, "
            f"as in {spec.name}(x{''.join(f', {p.name}={p.default!r}' for p in spec.params)})"
        )
    act = registry.get(name, **params)  # with the parameters a framework spelling fixes
    bound = tuple((k, act.params[k]) for k in {**registry.name_params(name), **params})
    return t.Call(spec.name, args, bound, act)
