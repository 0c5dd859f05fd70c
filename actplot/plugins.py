"""Activations from other packages, through the entry-point group ``actplot.activations``.

A package declares, in its pyproject.toml::

    [project.entry-points."actplot.activations"]
    quick_gelu = "actplot_quick_gelu:activations"

and the object named there is an :class:`~actplot.model.ActivationSpec`, a list (or tuple)
of them, or a function returning either. The registry loads every plugin the first time it
is used. A plugin that fails (an import error, an exception, a bad object, a name that
is taken) is reported once on stderr by name and skipped; everything else keeps working.

Plugins are sandboxed where actplot calls them. Their code runs with stdout sent to stderr
(a print at import cannot spoil ``--format json``). Every kernel of a plugin's spec is
wrapped (:func:`guarded`): an exception, a recursion into itself, or a result that is not a
real number array of the input's shape becomes a one-line :class:`PluginError` naming the
activation. Each activation is probed once when loaded (f, f′, f″ on a small grid and at the
extremes, ±inf included); one that fails, or gives nan everywhere on [-3, 3], is reported
once and left out: ``names()`` does not
list it, and asking for it by name raises :class:`PluginError`. Messages are shown with
control characters escaped, so plugin text cannot drive the terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from actplot.errors import PluginError
from actplot.model import ActivationSpec

GROUP = "actplot.activations"
_REPORTED = "ACTPLOT_PLUGINS_REPORTED"  # failures already reported, comma-separated
# Probe input, two rows (vector activations act along the last axis): both signs and zero,
# where nan everywhere means a broken function; and the extremes the table and the plots
# reach (±inf, the largest and smallest floats), where the function must at least not fail.
_PROBE = np.array(
    [
        np.linspace(-3.0, 3.0, 10),
        [-np.inf, -1e300, -1e6, -30.0, -0.0, 5e-324, 30.0, 1e6, 1e300, np.inf],
    ]
)
_KERNELS = ("forward", "d1", "d2", "fused", "profile", "jacobian")

_broken: dict[str, str] = {}  # canonical name -> why it is left out
_active = threading.local()  # the guarded kernels running in this thread


def load_all(register_all: Callable[[Sequence[ActivationSpec]], None]) -> list[str]:
    """Register the activations of every installed plugin; the names of those that failed
    (entry points that did not load, and ``entry:activation`` for those left out)."""
    from importlib.metadata import entry_points

    try:
        found = entry_points(group=GROUP)
    except Exception as exc:  # a broken installation's metadata must not stop actplot
        _warn(f"actplot: warning: cannot list plugins: {one_line(exc)}")
        return []
    # Worker processes (the gallery's) inherit the environment: what the parent reported,
    # they keep quiet about, so each failure is reported once.
    reported = set(filter(None, os.environ.get(_REPORTED, "").split(",")))
    failed: list[str] = []
    with stdout_to_stderr():
        for ep in sorted(found, key=lambda e: (e.name, e.value)):
            try:
                specs = [guarded(_plain_text(s)) for s in specs_of(ep.load())]
                register_all(specs)
            except (Exception, SystemExit) as exc:  # whatever a plugin does, actplot goes on
                failed.append(ep.name)
                if ep.name not in reported:
                    _warn(
                        f"actplot: warning: plugin {ep.name!r} ({ep.value}) failed to load and "
                        f"is skipped: {one_line(exc)}"
                    )
                continue
            for s in specs:
                if (why := probe(s)) is None:
                    continue
                _broken[s.name] = why
                key = f"{ep.name}:{s.name}"
                failed.append(key)
                if key not in reported:
                    _warn(
                        f"actplot: warning: plugin {ep.name!r} ({ep.value}): activation "
                        f"{s.name!r} is left out: {why}"
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


def _plain_text(spec: ActivationSpec) -> ActivationSpec:
    """`spec`, unless a text field has control or format characters (escape sequences, bidi
    overrides): those would reach terminals through list, info and the plots."""
    for field in dataclasses.fields(spec):
        value = getattr(spec, field.name)
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str) and printable(text) != text:
                raise ValueError(
                    f"{printable(str(spec.name))!r}: its {field.name} has control characters"
                )
    return spec


def broken(name: str) -> str | None:
    """Why the plugin activation `name` (canonical) is left out, or None."""
    return _broken.get(name)


def guarded(spec: ActivationSpec) -> ActivationSpec:
    """`spec` with every kernel checked where actplot calls it (see the module docstring)."""
    changes = {
        kernel: _guard(spec.name, kernel, fn)
        for kernel in _KERNELS
        if (fn := getattr(spec, kernel)) is not None
    }
    return dataclasses.replace(spec, **changes)


def probe(spec: ActivationSpec) -> str | None:
    """Why `spec` cannot be used (it fails on a small grid, or gives nan everywhere), or None."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            act = spec.bind()
            results = [("f", act(_PROBE)), ("f′", act.derivative(_PROBE))]
            results += [
                ("f″", act.derivative(_PROBE, 2)),
                ("(f, f′)", act.value_and_derivative(_PROBE)[1]),
            ]
            if spec.vector:
                results += [("its profile", act.profile(_PROBE[0])[None])]
            for what, y in results:
                if np.isnan(y[0]).all():
                    return f"{what} is nan for every x in [-3, 3]"
    except _Failure as exc:
        return exc.reason
    except (Exception, SystemExit) as exc:
        return f"it raised {one_line(exc)}"
    return None


class _Failure(PluginError):
    """A kernel's failure: the message names the activation, `reason` says what it did."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"plugin activation {name!r} failed: {reason}")
        self.name, self.reason = name, reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # raised in a gallery worker too
        return type(self), (self.name, self.reason)


def _guard(name: str, kernel: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    parts = {"fused": 2, "profile": 3}.get(kernel)

    def call(x: Any, *args: Any, **kwargs: Any) -> Any:
        running: set[tuple[str, str]] = _active.__dict__.setdefault("running", set())
        key = (name, kernel)
        if key in running:
            raise _Failure(name, f"its {kernel} calls itself (through actplot.get?)")
        running.add(key)
        try:
            out = fn(x, *args, **kwargs)
        except PluginError:
            raise
        except RecursionError:
            raise _Failure(name, f"its {kernel} recurses without end") from None
        except (Exception, SystemExit) as exc:
            raise _Failure(name, f"its {kernel} raised {one_line(exc)}") from None
        finally:
            running.discard(key)
        shape = np.shape(x)
        if kernel == "jacobian":
            shape = shape[-1:] * 2
        if parts is None:
            _check(name, kernel, out, shape)
        elif not isinstance(out, (tuple, list)) or len(out) != parts:
            raise _Failure(name, f"its {kernel} must return {parts} arrays")
        else:
            for part in out:
                _check(name, kernel, part, shape)
        return out

    return call


def _check(name: str, kernel: str, out: Any, shape: tuple[int, ...]) -> None:
    kind = getattr(out, "dtype", np.asarray(out, dtype=object).dtype).kind
    if kind == "O":  # a list or a scalar: what NumPy makes of it
        with contextlib.suppress(Exception):
            kind = np.asarray(out).dtype.kind
    if kind not in "fiub":
        what = getattr(out, "dtype", type(out).__name__)
        raise _Failure(name, f"its {kernel} must return real numbers, not {_clip(what)}")
    got = np.shape(out)
    if got != shape:
        raise _Failure(name, f"its {kernel} returned shape {got} for input shape {shape}")


def _clip(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send whatever is printed to stdout (by Python or at the file descriptor) to stderr."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    saved = None
    with contextlib.suppress(OSError, ValueError):
        saved = os.dup(1)
        os.dup2(2, 1)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


def one_line(exc: BaseException) -> str:
    """``Type: message`` on one line, control characters escaped."""
    text = printable(" ".join(str(exc).split()))
    name = printable(type(exc).__name__)
    return f"{name}: {text}" if text else name


def printable(text: str) -> str:
    """`text` with control and format characters (escape sequences, bidi overrides)
    written as Python escapes."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cf")
        else ch
        for ch in text
    )


def _warn(message: str) -> None:
    print(printable(" ".join(message.split())), file=sys.stderr)
