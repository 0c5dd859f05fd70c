"""Every built-in at the ends of its parameters' slider spans against its mpmath reference.

tests/test_activations.py holds the defaults to 1e-7 out to |x| = 1e300; a branch taken only
for other parameter values (snake_beta's α ≠ β, sinusoid's ω₀ ≠ 1, laplace's μ and σ) would
go unchecked there. Here each numeric parameter is set to both ends of its span (the others
at their defaults) and f, f′, f″ are compared on an ordinary grid, away from kinks, with the
same tolerance: relative where the reference is a normal float, absolute below.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from conftest import ONE_INPUT
from mpref import REFERENCES

import actplot
from actplot import registry

RTOL = 1e-7
TINY = np.finfo(np.float64).tiny
GRID = np.concatenate([np.linspace(-8.0, 8.0, 81) + 0.0137, [-40.0, -3e3, 40.0, 3e3]])


def _binds(name: str, params: dict) -> bool:
    try:
        actplot.get(name, **params)
    except actplot.ActplotError:  # a span end that conflicts with another default
        return False
    return True


def _cases() -> list[tuple[str, dict[str, float]]]:
    out = []
    for name in registry.builtin_names(kinds=ONE_INPUT):
        for p in actplot.spec(name).params:
            if p.numeric and p.span is not None:
                out += [(name, {p.name: float(v) if not p.integer else int(v)}) for v in p.span]
    return [(n, p) for n, p in out if _binds(n, p)]


CASES = _cases()


def _mp(act: actplot.Activation, order: int, x: float) -> float:
    ref = REFERENCES[act.name]
    f = lambda t: ref(t, **act.params)  # noqa: E731
    with mpmath.workprec(1200):  # tails like sech²(160) = 1e-139 next to tanh = 1
        if order == 0:
            return float(f(mpmath.mpf(x)))
        if closed := getattr(ref, "derivatives", None):  # textbook closed forms
            return float(closed[order - 1](mpmath.mpf(x), **act.params))
        return float(mpmath.diff(f, mpmath.mpf(x), n=order))


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{k}={v}" for n, p in CASES for k, v in p.items()]
)
def test_span_ends_match_mpmath(name: str, params: dict) -> None:
    act = actplot.get(name, **params)
    keep = np.ones(GRID.shape, bool)
    for k in (*act.kinks, *act.jumps):
        keep &= np.abs(GRID - k) > 1e-3 * max(1.0, abs(k))
    xs = GRID[keep]
    for order in (0, 1, 2):
        got = act.profile(xs, order)
        want = np.array([_mp(act, order, float(x)) for x in xs])
        with np.errstate(invalid="ignore", over="ignore"):
            err = np.abs(got - want)
        allowed = np.where(np.abs(want) >= TINY, RTOL * np.abs(want), TINY)
        bad = ~(err <= allowed) & ~(got == want)
        assert not bad.any(), (order, xs[bad][:3], got[bad][:3], want[bad][:3])
