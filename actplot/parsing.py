"""Text to activations: ``NAME``, ``NAME:param=value[,param=value]``, sweeps
``NAME:param=v1,v2,...`` and, for text the registry does not know, a formula in x with its
own parameters declared the same way: ``x*sigmoid(b*x):b=1``, swept as
``x*sigmoid(b*x):b=0.5,1,2``. The reserved key ``label`` sets the legend text and, coming
last, takes the rest of the text: ``gelu:approximate=tanh,label=GELU (tanh, fast)``.

This is the layer above the registry and the expressions, so that neither needs the other:
the registry knows names, the expressions know formulas, and only here is one tried after
the other.
"""

from __future__ import annotations

import functools
import re

from actplot import registry
from actplot.errors import ExpressionError, ParameterError, UnknownActivationError
from actplot.expressions import from_expression
from actplot.model import Activation

# A name, NAME:params, or a module-qualified name (nn.GELU, which the registry answers)
_NAME_LIKE = re.compile(r"\s*([A-Za-z][\w\- ]*(\.[A-Za-z][\w\-]*)*)?\s*(:.*)?", re.DOTALL)
_LABEL = re.compile(r"(?:^|,)\s*label\s*=")  # the reserved key, after the parameters


def parse(text: str) -> Activation:
    """An activation from ``NAME``, ``NAME:param=value[,param=value...]`` or an expression
    in x such as ``x*sigmoid(1.702*x)`` (see :func:`actplot.from_expression`).

    The registry is tried first. Text it rejects becomes an expression if it parses as one
    (what follows a ``:`` declares the formula's parameters with their defaults);
    otherwise the error is the registry's (with its did-you-mean) when the text looks like
    a name (letters, digits, ``_``, ``-``, spaces, optionally ``:params``), and the
    expression's (quoting the offending part) when it does not.
    """
    text, label = split_label(text)
    act = _parse(text)
    return act if label is None else act.with_label(label)


def split_label(text: str) -> tuple[str, str | None]:
    """``NAME:params,label=TEXT`` as (``NAME:params``, TEXT); (text, None) without a label.

    The label takes everything after ``label=``, commas, colons and ``=`` included.
    """
    if not isinstance(text, str):
        return text, None
    head, sep, rest = text.partition(":")
    params, label = _label_of(rest, head) if sep else (rest, None)
    if label is None:
        return text, None
    return (f"{head}:{params}" if params.strip() else head), label


def _label_of(params: str, owner: str) -> tuple[str, str | None]:
    """`params` without its trailing ``label=TEXT``, and TEXT (None if there is none)."""
    match = _LABEL.search(params)
    if match is None:
        return params, None
    label = params[match.end() :].strip()
    if not label:
        raise ParameterError(f"{owner.strip()}: label= needs a text, e.g. label=Mine")
    return params[: match.start()], label


def _parse(text: str) -> Activation:
    try:
        return _parse_name(text)
    except UnknownActivationError as exc:
        # Not a name: a formula, unless it fails as one and looked like a name (then the
        # registry's did-you-mean is the better answer). A known name with a bad
        # parameter (elu:alpha=x) keeps the registry's error.
        if not isinstance(text, str):
            raise
        try:
            return _formula(text)
        except ExpressionError:
            if _NAME_LIKE.fullmatch(text):
                raise exc from None
            raise


def _formula(text: str, **extra: str) -> Activation:
    """``FORMULA[:param=value,...]`` as an expression with those parameters declared."""
    formula, sep, rest = text.partition(":")
    params = parse_params(rest, formula.strip()) if sep else {}
    return from_expression(formula, **{**params, **extra})


def _parse_name(text: str) -> Activation:
    name, _, rest = text.partition(":")
    if not name.strip():
        raise UnknownActivationError(f"missing activation name in {text!r}")
    return registry.get(name.strip(), **parse_params(rest, name.strip()))


def parse_params(text: str, owner: str) -> dict[str, str]:
    """``a=1,b=tanh`` as a dict of strings (the spec coerces and validates them)."""
    params: dict[str, str] = {}
    if not text.strip():
        return params
    for item in text.split(","):
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise ParameterError(f"{owner}: expected param=value, not {item.strip()!r}")
        if key in params:
            raise ParameterError(f"{owner}: parameter {key!r} given twice")
        params[key] = value
    return params


def parse_sweep(text: str) -> list[Activation]:
    """A family of activations from ``NAME:param=v1,v2,...`` (one parameter swept).

    Other fixed parameters may precede it: ``elu:alpha=0.5,1,2`` or, with ``;`` between
    them, ``softplus:threshold=30;beta=0.5,1,2``. A ``label=TEXT`` part names the family
    (``silu:label=Swish;beta=1,2``); the legend adds each member's swept value.
    """
    name, _, rest = text.partition(":")
    parts = [_label_of(part, name) for part in rest.split(";")] if rest else [("", None)]
    labels = [label for _, label in parts if label is not None]
    label = labels[-1] if labels else None  # label=TEXT in any ;-separated part
    *fixed, swept = [part for part, _ in parts if part.strip()] or [""]
    key, sep, values = swept.partition("=")
    if not name.strip() or not sep or not key.strip() or not values.strip():
        raise ParameterError(f"a sweep looks like NAME:param=v1,v2,..., not {text!r}")
    base = parse_params(",".join(fixed), name.strip())
    swept_values = [v.strip() for v in values.split(",") if v.strip()]
    key = key.strip()
    try:
        registry.resolve(name.strip())
        bind = functools.partial(registry.get, name.strip())  # with the name's parameters
    except UnknownActivationError:
        # A formula: its parameters are declared here, the swept one at its first value.
        first = _formula(name + (":" + ",".join(fixed) if fixed else ""), **{key: swept_values[0]})
        bind = first.spec.bind
    acts = [bind(**{**base, key: v}) for v in swept_values]
    if len(acts) < 2:
        raise ParameterError(f"a sweep needs at least two values, not {text!r}")
    return acts if label is None else [a.with_label(label) for a in acts]
