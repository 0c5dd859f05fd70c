"""The registry: a catalogue of canonical names and aliases, with lookup and did-you-mean.

Names are matched case-insensitively with ``-``, ``_`` and spaces ignored, so ``LeakyReLU``,
``leaky-relu`` and ``leaky_relu`` are one key. Aliases always resolve to a canonical entry;
they are never entries of their own. The entries are the built-in activations
(:func:`actplot.activations.builtin`) and then those of installed plugins
(:mod:`actplot.plugins`); a plugin activation that failed its probe is left out of
:func:`names` and refused by name. Reading text such as ``NAME:p=v`` or a formula is
:mod:`actplot.parsing`'s job, not this module's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from actplot import plugins
from actplot.activations import FAMILIES
from actplot.errors import ActplotError, UnknownActivationError
from actplot.model import Activation, ActivationSpec, Bound, GatedActivation, GatedSpec

Spec = ActivationSpec | GatedSpec

__all__ = [
    "FAMILIES",
    "builtin_names",
    "catalogue",
    "check_family",
    "get",
    "names",
    "normalize",
    "register_all",
    "resolve",
    "spec",
]

_SPECS: dict[str, Spec] = {}
_KEYS: dict[str, str] = {}  # normalized name or alias -> canonical name
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def normalize(name: str) -> str:
    """The lookup key of a name: lower case, with ``-``, ``_`` and spaces removed."""
    return re.sub(r"[-_\s]", "", name.lower())


def register_all(specs: Sequence[Spec]) -> None:
    """Add every one of `specs`, or (if any is invalid or collides) none of them."""
    taken: dict[str, str] = {}
    for s in specs:
        if not isinstance(s, (ActivationSpec, GatedSpec)):
            raise TypeError(f"expected an ActivationSpec or GatedSpec, not {type(s).__name__}")
        if not _SNAKE.match(s.name):
            raise ValueError(f"canonical names are snake_case: {s.name!r}")
        if s.family not in FAMILIES:
            raise ValueError(f"{s.name}: unknown family {s.family!r}")
        for key in {normalize(s.name), *(normalize(a) for a in s.aliases)}:
            owner = _KEYS.get(key) or taken.get(key)
            if owner is not None:
                raise ValueError(f"{s.name}: {key!r} already names {owner}")
            taken[key] = s.name
    _KEYS.update(taken)
    _SPECS.update((s.name, s) for s in specs)


_loaded = False


def _ensure_loaded() -> None:
    """The built-ins, then the plugins' activations (once per process)."""
    global _loaded
    if _loaded:
        return
    from actplot.activations import builtin

    register_all(builtin())
    _loaded = True  # before the plugins: one that uses the registry sees the built-ins
    plugins.load_all(register_all)


def names(family: str | None = None, kinds: Sequence[str] | None = None) -> list[str]:
    """Sorted canonical names (built-in and plugins'), optionally of one family and of the
    given kinds ('elementwise', 'vector', 'gated')."""
    _ensure_loaded()
    return sorted(
        n
        for n, s in _SPECS.items()
        if (family is None or s.family == family)
        and (kinds is None or s.kind in kinds)
        and plugins.broken(n) is None
    )


def builtin_names(kinds: Sequence[str] | None = None) -> list[str]:
    """Sorted canonical names of the built-in activations alone (no plugins), optionally of
    the given kinds."""
    from actplot.activations import builtin

    return sorted(s.name for s in builtin() if kinds is None or s.kind in kinds)


def check_family(family: str, error: type[ActplotError] = UnknownActivationError) -> str:
    """`family` if it is a family id, else `error` listing the ids."""
    if family not in FAMILIES:
        raise error(f"unknown family {family!r}; families: {', '.join(FAMILIES)}")
    return family


def resolve(name: str) -> str:
    """The canonical name for a name or alias; raises with close matches otherwise (and for a
    plugin's activation that is left out, saying why)."""
    if not isinstance(name, str):
        raise UnknownActivationError(f"an activation name must be text, not {name!r}")
    _ensure_loaded()
    key = normalize(name)
    if key in _KEYS:
        if (why := plugins.broken(_KEYS[key])) is not None:
            raise plugins.PluginError(f"plugin activation {_KEYS[key]!r} is left out: {why}")
        return _KEYS[key]
    close = difflib.get_close_matches(key, list(_KEYS), n=3, cutoff=0.6)
    live = set(names())
    close = [c for c in close if _KEYS[c] in live]
    suggestions = list(dict.fromkeys(_KEYS[c] for c in close))
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise UnknownActivationError(f"unknown activation {name!r}{hint}")


def spec(name: str) -> Spec:
    """The :class:`ActivationSpec` (or, for a gated unit, :class:`GatedSpec`) of a name or
    alias."""
    return _SPECS[resolve(name)]


def get(name: str | Bound, **params: Any) -> Activation | GatedActivation:
    """An activation by name or alias, with parameters as keywords (PyTorch's names);
    :class:`~actplot.errors.UnknownActivationError` for anything else (None, a number)."""
    if isinstance(name, Bound):
        return name.spec.bind(**{**name.params, **params}) if params else name
    return spec(name).bind(**params)


def catalogue(family: str | None = None) -> list[dict[str, Any]]:
    """One plain dict per canonical activation: name, family, aliases, parameter defaults."""
    if family is not None:
        check_family(family)
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
