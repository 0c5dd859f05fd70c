"""Shell completion of what the commands take: activation names and aliases, then, after
``NAME:``, that activation's parameter names (``elu:alpha=``) and, for a choice parameter
after ``=``, its choices; and family ids for ``--family``.

Typer calls these with the word being completed (``actplot --install-completion`` installs
the hook). They read the registry only, so completing stays quick and never loads
matplotlib.
"""

from __future__ import annotations

from actplot import registry


def activation(incomplete: str) -> list[str]:
    """Completions of `incomplete` as ``NAME[:param=value,...]``."""
    name, sep, rest = incomplete.partition(":")
    if not sep:
        return [n for n in _names() if n.startswith(incomplete)]
    try:
        spec = registry.spec(name.strip())
    except Exception:  # an unknown name or a formula: nothing to offer
        return []
    done, _, current = rest.rpartition(",")
    head = f"{name}:{done}," if done else f"{name}:"
    key, eq, value = current.partition("=")
    if not eq:
        keys = [p.name for p in spec.params] + ["label"]
        return [f"{head}{k}=" for k in keys if k.startswith(key)]
    for p in spec.params:
        if p.name == key and p.choices:
            return [f"{head}{key}={c}" for c in p.choices if c.startswith(value)]
    return []


def family(incomplete: str) -> list[str]:
    """Completions of `incomplete` as a family id (relu, sigmoid, ...)."""
    return [f for f in registry.FAMILIES if f.startswith(incomplete)]


def _names() -> list[str]:
    names = registry.names()
    aliases = [a for n in names for a in (*registry.spec(n).aliases, *registry.spellings(n))]
    return sorted({*names, *aliases})
