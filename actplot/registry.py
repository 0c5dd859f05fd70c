"""The registry: a catalogue of canonical names and aliases, with lookup and did-you-mean.

Names are matched case-insensitively with ``-``, ``_`` and spaces ignored, so ``LeakyReLU``,
``leaky-relu`` and ``leaky_relu`` are one key. Aliases always resolve to a canonical entry;
they are never entries of their own. The entries are the built-in activations
(:func:`actplot.activations.builtin`) and then those of installed plugins
(:mod:`actplot.plugins`); a plugin activation that failed its probe is left out of
:func:`names` and refused by name. Reading text such as ``NAME:p=v`` or a formula is
:mod:`actplot.parsing`'s job, not this module's.

Other frameworks' spellings (:mod:`actplot.activations.names`: ``gelu_pytorch_tanh``,
``silu_and_mul``, ONNX's ``ThresholdedRelu``, ...) resolve too, to a canonical name and the
parameters that reproduce them (:func:`lookup`): ``get("gelu_pytorch_tanh")`` is gelu with
approximate='tanh'. A parameter the name fixes cannot be changed by the caller
(``gelu_pytorch_tanh:approximate=none`` is refused, pointing to ``gelu:approximate=none``);
the others are free. Where frameworks disagree on a spelling, a canonical name or alias keeps
the registry's (PyTorch's) meaning; :func:`framework_names` lists what each framework means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from actplot import plugins
from actplot.activations import FAMILIES
from actplot.errors import ActplotError, ParameterError, UnknownActivationError
from actplot.model import Activation, ActivationSpec, Bound, GatedActivation, GatedSpec

if TYPE_CHECKING:
    from actplot.activations.names import Name

Spec = ActivationSpec | GatedSpec

__all__ = [
    "FAMILIES",
    "builtin_names",
    "catalogue",
    "check_family",
    "framework_names",
    "get",
    "lookup",
    "name_params",
    "names",
    "normalize",
    "register_all",
    "resolve",
    "spec",
    "spellings",
    "used_by",
    "models",
]

_SPECS: dict[str, Spec] = {}
_KEYS: dict[str, str] = {}  # normalized name or alias -> canonical name
# normalized framework spelling (not a name or alias) -> (canonical, the parameters it fixes)
_NAMED: dict[str, tuple[str, dict[str, Any]]] = {}
_SPELLED: dict[str, str] = {}  # normalized framework spelling -> one way it is written
_TABLE: tuple[Name, ...] = ()
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
            owner = _KEYS.get(key) or taken.get(key) or _NAMED.get(key, ("",))[0]
            if owner:
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
    from actplot.activations.names import NAMES

    index_names(NAMES)
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


def index_names(table: Sequence[Name]) -> None:
    """Index the frameworks' spellings (:data:`actplot.activations.names.NAMES`) over the
    registered names, refusing silent collisions: a spelling that is not a name or alias gets
    one meaning from its non-contextual entries (two different ones are an error), and an
    entry that means something else than its spelling resolves to must say so in its note."""
    from actplot.activations.names import ECOSYSTEMS

    named: dict[str, tuple[str, dict[str, Any]]] = {}
    spelled: dict[str, str] = {}
    for entry in table:
        unknown = [e for e in entry.ecosystems if e not in ECOSYSTEMS]
        if unknown or not entry.ecosystems:
            raise ValueError(f"{entry.spelling!r}: unknown ecosystem in {entry.ecosystems}")
        key = normalize(entry.spelling)
        contextual = all(ECOSYSTEMS[e].contextual for e in entry.ecosystems)
        if key in _KEYS or contextual or entry.expression:
            continue
        meaning = (entry.canonical, dict(entry.params))
        if named.setdefault(key, meaning) != meaning:
            raise ValueError(
                f"{entry.spelling!r} ({', '.join(entry.ecosystems)}) means {_text(*meaning)} "
                f"but another entry {_text(*named[key])}"
            )
        spelled.setdefault(key, entry.spelling)
    for entry in table:
        key = normalize(entry.spelling)
        here = (_KEYS[key], {}) if key in _KEYS else named.get(key)
        if here is None:
            raise ValueError(f"{entry.spelling!r}: no entry gives the spelling a meaning here")
        if _meaning(entry) != _text(*here) and not entry.note:
            raise ValueError(
                f"{entry.spelling!r} in {', '.join(entry.ecosystems)} is {_meaning(entry)} but "
                f"resolves to {_text(*here)} here: say so in its note"
            )
    global _TABLE
    _NAMED.update(named)
    _SPELLED.update(spelled)
    _TABLE = tuple(table)


def _text(canonical: str, params: dict[str, Any]) -> str:
    """``gelu:approximate=tanh``: the text that gives `canonical` with `params`."""
    return canonical + (":" + ",".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _meaning(entry: Name) -> str:
    """What the entry's frameworks mean by the spelling, as text actplot reads."""
    return entry.expression or _text(entry.canonical, dict(entry.params))


def lookup(name: str) -> tuple[str, dict[str, Any]]:
    """The canonical name of a name, alias or framework spelling, and the parameters the
    spelling fixes (``{}`` for a name or alias); raises with close matches otherwise (and for
    a plugin's activation that is left out, saying why)."""
    if not isinstance(name, str):
        raise UnknownActivationError(f"an activation name must be text, not {name!r}")
    _ensure_loaded()
    key = normalize(name)
    if key in _KEYS:
        canonical, fixed = _KEYS[key], {}
    elif key in _NAMED:
        canonical, fixed = _NAMED[key]
        if canonical not in _SPECS:
            raise UnknownActivationError(f"{name!r} is {canonical}, which is not registered")
    else:
        raise _unknown(name, key)
    if (why := plugins.broken(canonical)) is not None:
        raise plugins.PluginError(f"plugin activation {canonical!r} is left out: {why}")
    return canonical, dict(fixed)


def _unknown(name: str, key: str) -> UnknownActivationError:
    """The error for an unknown name, with up to three close names or spellings; for a
    module-qualified name (``nn.GELU``, ``jax.nn.gelu``) the bare name, when it is known:
    names are typed without their module, whose meaning may differ (Keras' LeakyReLU layer)."""
    if "." in name and (bare := name.rsplit(".", 1)[1]) and normalize(bare) in {*_KEYS, *_NAMED}:
        return UnknownActivationError(
            f"unknown activation {name!r}; names go without their module: {bare}"
        )
    candidates = {k: v for k, v in _KEYS.items()}
    candidates.update((k, _SPELLED[k]) for k in _NAMED)
    close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.6)
    live = set(names())
    close = [c for c in close if c in _NAMED or _KEYS[c] in live]
    suggestions = list(dict.fromkeys(candidates[c] for c in close))
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
    return UnknownActivationError(f"unknown activation {name!r}{hint}")


def resolve(name: str) -> str:
    """The canonical name for a name, alias or framework spelling (see :func:`lookup`)."""
    return lookup(name)[0]


def name_params(name: str) -> dict[str, Any]:
    """The parameters a framework spelling fixes (``gelu_new``: approximate='tanh'); ``{}``
    for a canonical name or alias."""
    return lookup(name)[1]


def spec(name: str) -> Spec:
    """The :class:`ActivationSpec` (or, for a gated unit, :class:`GatedSpec`) of a name,
    alias or framework spelling (without the spelling's parameters: :func:`get` applies
    them)."""
    return _SPECS[resolve(name)]


def get(name: str | Bound, **params: Any) -> Activation | GatedActivation:
    """An activation by name, alias or framework spelling, with parameters as keywords
    (PyTorch's names); :class:`~actplot.errors.UnknownActivationError` for anything else
    (None, a number), :class:`~actplot.errors.ParameterError` for a parameter the spelling
    fixes to another value."""
    if isinstance(name, Bound):
        return name.spec.bind(**{**name.arguments, **params}) if params else name
    canonical, fixed = lookup(name)
    act = _SPECS[canonical].bind(**{**fixed, **params})
    bound = act.arguments
    for key, value in fixed.items():
        if bound.get(key) != value:
            wanted = _text(canonical, {key: bound.get(key)})
            raise ParameterError(
                f"{name}: the name fixes {key}={value} (it is {_text(canonical, fixed)}); "
                f"for {key}={bound.get(key)} use {wanted}"
            )
    return act


def framework_names(canonical: str) -> list[dict[str, Any]]:
    """The frameworks' spellings about `canonical`, as plain dicts: those that mean it (with
    the parameters that reproduce them) and those that resolve to it but mean something else.
    ``here`` is what typing the spelling gives in actplot, ``means`` what the frameworks mean;
    ``differs`` says whether they differ."""
    _ensure_loaded()
    from actplot.activations.names import ECOSYSTEMS

    rows = []
    for entry in _TABLE:
        key = normalize(entry.spelling)
        here = _text(_KEYS[key], {}) if key in _KEYS else _text(*_NAMED[key])
        target = _KEYS.get(key) or _NAMED[key][0]
        if canonical not in (entry.canonical, target):
            continue
        rows.append(
            {
                "name": entry.spelling,
                "ecosystems": list(entry.ecosystems),
                "frameworks": [ECOSYSTEMS[e].title for e in entry.ecosystems],
                "means": _meaning(entry),
                "params": dict(entry.params),
                "here": here,
                "differs": _meaning(entry) != here,
                "note": entry.note,
            }
        )
    return rows


def spellings(canonical: str) -> list[str]:
    """The framework spellings that give `canonical` when typed here (not its name or
    aliases), each once as first written, in table order."""
    _ensure_loaded()
    return [_SPELLED[k] for k, (c, _) in _NAMED.items() if c == canonical]


def catalogue(family: str | None = None) -> list[dict[str, Any]]:
    """One plain dict per canonical activation: name, family, aliases, the framework
    spellings that resolve to it, parameter defaults."""
    if family is not None:
        check_family(family)
    return [
        {
            "name": s.name,
            "family": s.family,
            "aliases": list(s.aliases),
            "framework_names": spellings(s.name),
            "params": s.defaults,
            "formula": s.text,
        }
        for s in (_SPECS[n] for n in names(family))
    ]


def used_by(canonical: str | None = None, model: str | None = None) -> list[dict[str, Any]]:
    """Well-known models' uses of activations (:mod:`actplot.activations.used_by`), each with
    its source: those of `canonical`, of models whose name contains `model` (ignoring case,
    ``-``, ``_`` and spaces), or all."""
    from actplot.activations.used_by import USES

    wanted = None if model is None else normalize(model)
    return [
        {
            "model": u.model,
            "activation": u.activation,
            "params": dict(u.params),
            "text": _text(u.activation, dict(u.params)),
            "source": u.source,
        }
        for u in USES
        if (canonical is None or u.activation == canonical)
        and (wanted is None or wanted in normalize(u.model))
    ]


def models() -> list[str]:
    """The models :func:`used_by` knows, each once, in table order."""
    from actplot.activations.used_by import USES

    return list(dict.fromkeys(u.model for u in USES))
