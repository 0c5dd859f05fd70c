"""Activations from other packages, through the entry-point group ``actplot.activations``.

A package declares, in its pyproject.toml::

    [project.entry-points."actplot.activations"]
    quick_gelu = "actplot_quick_gelu:activations"

and the object named there is an :class:`~actplot.model.ActivationSpec`, a list (or tuple)
of them, or a function returning either. The registry loads every plugin the first time it
is used. A plugin that fails (an import error, an exception, a bad object, a name that
is taken) is reported once on stderr by name and skipped; everything else keeps working.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from actplot.model import ActivationSpec

GROUP = "actplot.activations"
_REPORTED = "ACTPLOT_PLUGINS_REPORTED"  # failed plugins already reported, comma-separated


def load_all(register_all: Callable[[Sequence[ActivationSpec]], None]) -> list[str]:
    """Register the activations of every installed plugin; the names of those that failed."""
    from importlib.metadata import entry_points

    try:
        found = entry_points(group=GROUP)
    except Exception as exc:  # a broken installation's metadata must not stop actplot
        _warn(f"actplot: warning: cannot list plugins: {_one_line(exc)}")
        return []
    # Worker processes (the gallery's) inherit the environment: what the parent reported,
    # they keep quiet about, so each failure is reported once.
    reported = set(filter(None, os.environ.get(_REPORTED, "").split(",")))
    failed: list[str] = []
    for ep in sorted(found, key=lambda e: (e.name, e.value)):
        try:
            register_all(specs_of(ep.load()))
        except (Exception, SystemExit) as exc:  # whatever a plugin does, actplot goes on
            failed.append(ep.name)
            if ep.name not in reported:
                _warn(
                    f"actplot: warning: plugin {ep.name!r} ({ep.value}) failed to load and "
                    f"is skipped: {_one_line(exc)}"
                )
    if failed:
        os.environ[_REPORTED] = ",".join(sorted(reported | set(failed)))
    return failed


def specs_of(obj: Any) -> list[ActivationSpec]:
    """The specs an entry point's object stands for (calling it if it is a function)."""
    if callable(obj) and not isinstance(obj, ActivationSpec):
        obj = obj()
    if isinstance(obj, ActivationSpec):
        return [obj]
    if isinstance(obj, (list, tuple)) and all(isinstance(s, ActivationSpec) for s in obj):
        return list(obj)
    raise TypeError(
        "an entry point must give an ActivationSpec, a list of them or a function "
        f"returning either, not {type(obj).__name__}"
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _warn(message: str) -> None:
    print(message, file=sys.stderr)
