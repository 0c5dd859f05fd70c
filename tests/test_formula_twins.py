"""A formula and the registry entry it equals give the same table row and the same figure.

Each pair below is one function written twice. Every computed column (range and its ends,
zero-centring, monotonicity, smoothness, saturation, dead regions, the moments under
N(0, 1), the largest slope) must agree to 1e-6, and so must the regions the figure shades.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest

import actplot
from actplot.compute.properties import properties, to_json

TWINS = [
    ("1/(1+exp(-x))", "sigmoid"),
    ("x*sigmoid(x)", "silu"),
    ("x*tanh(softplus(x))", "mish"),
    ("x*0.5*(1+erf(x/sqrt(2)))", "gelu"),
    ("log(1+exp(x))", "softplus"),
    ("max(0,x)", "relu"),
    ("max(0.01*x, x)", "leaky_relu"),
    ("where(x>0, x, exp(x)-1)", "elu"),
    ("(exp(x)-exp(-x))/(exp(x)+exp(-x))", "tanh"),
    ("x/(1+abs(x))", "softsign"),
]
NOT_COMPUTED = {
    "name",
    "label",
    "family",
    "params",
    "cost",
    "cost_with_derivative",
    "cost_measured",
}
TOL = 1e-6


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isinf(a) or math.isinf(b):
            return a == b
        return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))
    return a == b


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, Any]]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for formula, name in TWINS:
            for text in (formula, name):
                row = to_json(properties(actplot.parse(text)))
                out[text] = {k: v for k, v in row.items() if k not in NOT_COMPUTED}
    return out


@pytest.mark.parametrize(("formula", "name"), TWINS)
def test_every_column_agrees(rows: dict[str, dict[str, Any]], formula: str, name: str) -> None:
    mine, theirs = rows[formula], rows[name]
    assert mine.keys() == theirs.keys()
    differ = {k: (mine[k], theirs[k]) for k in mine if not _close(mine[k], theirs[k])}
    # range_text is the printed form of range and range_closed, which are compared above.
    differ.pop("range_text", None)
    assert not differ, f"{formula} vs {name}: {differ}"


@pytest.mark.parametrize(("formula", "name"), TWINS)
def test_values_and_derivatives_agree_everywhere(formula: str, name: str) -> None:
    """Out to ±1e300 and at ±inf: the formula keeps the registry's limits, no nan, no warning."""
    x = np.concatenate([-np.geomspace(1e-3, 1e300, 200), [0.0], np.geomspace(1e-3, 1e300, 200)])
    x = np.concatenate([[-np.inf], x, [np.inf]])
    a, b = actplot.parse(formula), actplot.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for order in (0, 1, 2):
            mine, theirs = a.profile(x, order), b.profile(x, order)
            if order == 2:  # f″ at a kink is a convention (elu″(0) = 0, where() takes a side)
                at_kink = np.isin(x, b.kinks)
                mine, theirs = mine[~at_kink], theirs[~at_kink]
            assert not np.isnan(mine).any(), f"{formula}: nan in order {order}"
            np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-12, err_msg=formula)
