"""The registry: canonical names, aliases, lookup with did-you-mean, and ``NAME:p=v`` specs.

Names are matched case-insensitively with ``-``, ``_`` and spaces ignored, so ``LeakyReLU``,
``leaky-relu`` and ``leaky_relu`` are one key. Aliases always resolve to a canonical entry;
they are never entries of their own. The entries are the built-in families plus those of
installed plugins (:mod:`actplot.plugins`); :func:`parse` also accepts an expression in x.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from actplot.core import Activation, ActivationSpec
from actplot.errors import ActplotError, ParameterError, UnknownActivationError

_SPECS: dict[str, ActivationSpec] = {}
_KEYS: dict[str, str] = {}  # normalized name or alias -> canonical name
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
FAMILIES: dict[str, str] = {
    "relu": "ReLU family",
    "sigmoid": "sigmoid/tanh family",
    "smooth": "smooth ReLU-like",
    "piecewise": "hard/piecewise",
    "shrinkage": "shrinkage",
    "softmax": "softmax family",
    "other": "other shapes",
}


def normalize(name: str) -> str:
    """The lookup key of a name: lower case, with ``-``, ``_`` and spaces removed."""
    return re.sub(r"[-_\s]", "", name.lower())


def register(spec: ActivationSpec) -> ActivationSpec:
    """Add `spec` under its canonical name and aliases; collisions are programming errors."""
    register_all([spec])
    return spec


def register_all(specs: Sequence[ActivationSpec]) -> None:
    """Add every one of `specs`, or (if any is invalid or collides) none of them."""
    taken: dict[str, str] = {}
    for spec in specs:
        if not isinstance(spec, ActivationSpec):
            raise TypeError(f"expected an ActivationSpec, not {type(spec).__name__}")
        if not _SNAKE.match(spec.name):
            raise ValueError(f"canonical names are snake_case: {spec.name!r}")
        if spec.family not in FAMILIES:
            raise ValueError(f"{spec.name}: unknown family {spec.family!r}")
        for key in {normalize(spec.name), *(normalize(a) for a in spec.aliases)}:
            owner = _KEYS.get(key) or taken.get(key)
            if owner is not None:
                raise ValueError(f"{spec.name}: {key!r} already names {owner}")
            taken[key] = spec.name
    _KEYS.update(taken)
    _SPECS.update((spec.name, spec) for spec in specs)


_loaded = False


def _ensure_loaded() -> None:
    """Import the families, then the plugins' activations (once per process)."""
    global _loaded
    if _loaded:
        return
    import actplot.activations  # noqa: F401  (registers every family on import)
    from actplot import plugins

    _loaded = True  # before the plugins: one that uses the registry sees the built-ins
    plugins.load_all(register_all)


def names(family: str | None = None) -> list[str]:
    """Sorted canonical names, optionally of one family."""
    _ensure_loaded()
    return sorted(n for n, s in _SPECS.items() if family is None or s.family == family)


def resolve(name: str) -> str:
    """The canonical name for a name or alias; raises with close matches otherwise."""
    _ensure_loaded()
    key = normalize(name)
    if key in _KEYS:
        return _KEYS[key]
    close = difflib.get_close_matches(key, list(_KEYS), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(_KEYS[c] for c in close))
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise UnknownActivationError(f"unknown activation {name!r}{hint}")


def spec(name: str) -> ActivationSpec:
    """The :class:`ActivationSpec` of a name or alias."""
    return _SPECS[resolve(name)]


def aliases(name: str) -> tuple[str, ...]:
    return spec(name).aliases


def get(name: str | Activation, **params: Any) -> Activation:
    """An activation by name or alias, with parameters as keywords (PyTorch's names)."""
    if isinstance(name, Activation):
        return name.spec.bind(**{**name.params, **params}) if params else name
    return spec(name).bind(**params)


def parse(text: str) -> Activation:
    """An activation from ``NAME``, ``NAME:param=value[,param=value...]`` or an expression
    in x such as ``x*sigmoid(1.702*x)`` (see :func:`actplot.from_expression`).

    The registry is tried first. Text it rejects becomes an expression if it parses as one;
    otherwise the error is the registry's (with its did-you-mean) when the text looks like
    a name (letters, digits, ``_``, ``-``, spaces, optionally ``:params``), and the
    expression's (quoting the offending part) when it does not.
    """
    try:
        return _parse_name(text)
    except ActplotError as exc:
        if not isinstance(text, str):
            raise
        from actplot.expressions import ExpressionError, from_expression

        try:
            return from_expression(text)
        except ExpressionError:
            if _NAME_LIKE.fullmatch(text):
                raise exc from None
            raise


_NAME_LIKE = re.compile(r"\s*([A-Za-z][\w\- ]*)?\s*(:.*)?", re.DOTALL)


def _parse_name(text: str) -> Activation:
    name, _, rest = text.partition(":")
    if not name.strip():
        raise UnknownActivationError(f"missing activation name in {text!r}")
    return get(name.strip(), **parse_params(rest, name.strip()))


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


def catalogue(family: str | None = None) -> list[dict[str, Any]]:
    """One plain dict per canonical activation: name, family, aliases, parameter defaults."""
    if family is not None and family not in FAMILIES:
        raise UnknownActivationError(f"unknown family {family!r}; families: {', '.join(FAMILIES)}")
    return [
        {
            "name": s.name,
            "family": s.family,
            "aliases": list(s.aliases),
            "params": s.defaults,
            "formula": s.text,
        }
        for s in (_SPECS[n] for n in names(family))
    ]


def parse_sweep(text: str) -> list[Activation]:
    """A family of activations from ``NAME:param=v1,v2,...`` (one parameter swept).

    Other fixed parameters may precede it: ``elu:alpha=0.5,1,2`` or, with ``;`` between
    them, ``softplus:threshold=30;beta=0.5,1,2``.
    """
    name, _, rest = text.partition(":")
    *fixed, swept = rest.split(";") if rest else [""]
    key, sep, values = swept.partition("=")
    if not name.strip() or not sep or not key.strip() or not values.strip():
        raise ParameterError(f"a sweep looks like NAME:param=v1,v2,..., not {text!r}")
    base = parse_params(",".join(fixed), name.strip())
    acts = [
        get(name.strip(), **{**base, key.strip(): v.strip()})
        for v in values.split(",")
        if v.strip()
    ]
    if len(acts) < 2:
        raise ParameterError(f"a sweep needs at least two values, not {text!r}")
    return acts
