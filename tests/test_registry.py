"""Names, aliases, parameters and errors of the registry API."""

from __future__ import annotations

import numpy as np
import pytest

import actplot
from actplot import parsing, registry
from actplot.errors import ActplotError, ParameterError, UnknownActivationError

NAMES = actplot.names()


def test_names_are_sorted_unique_snake_case() -> None:
    assert NAMES == sorted(set(NAMES))
    assert all(n == n.lower() and "-" not in n for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_aliases_resolve_and_are_never_entries(name: str) -> None:
    for alias in actplot.spec(name).aliases:
        assert actplot.resolve(alias) == name
        assert actplot.resolve(alias.upper().replace("_", "-")) == name
        assert alias not in NAMES


@pytest.mark.parametrize(
    "spelling, canonical",
    [
        ("swish", "silu"),
        ("hard_swish", "hardswish"),
        ("Hard-Swish", "hardswish"),
        ("LeakyReLU", "leaky_relu"),
        ("leaky-relu", "leaky_relu"),
        ("logistic", "sigmoid"),
        ("linear", "identity"),
        ("ReLU", "relu"),
        ("LogSoftmax", "log_softmax"),
    ],
)
def test_familiar_spellings(spelling: str, canonical: str) -> None:
    assert actplot.resolve(spelling) == canonical
    assert actplot.get(spelling).name == canonical


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(
        UnknownActivationError, match=r"unknown activation 'rleu'; did you mean relu"
    ):
        actplot.get("rleu")
    with pytest.raises(ActplotError, match="unknown activation 'zzzz'$"):
        actplot.get("zzzz")


def test_unknown_parameter_names_the_valid_ones() -> None:
    with pytest.raises(ParameterError, match="negative_slope"):
        actplot.get("leaky_relu", slope=0.2)


@pytest.mark.parametrize(
    "name, params",
    [
        ("softplus", {"beta": 0}),
        ("softplus", {"beta": -1}),
        ("hardtanh", {"min_val": 1, "max_val": 1}),
        ("hardtanh", {"min_val": 2, "max_val": 1}),
        ("gelu", {"approximate": "erf"}),
        ("leaky_relu", {"negative_slope": "abc"}),
        ("elu", {"alpha": float("nan")}),
        ("rrelu", {"lower": 0.5, "upper": 0.1}),
    ],
)
def test_invalid_values_are_refused_with_a_reason(name: str, params: dict) -> None:
    with pytest.raises(ParameterError, match=f"^{name}: .+"):
        actplot.get(name, **params)


@pytest.mark.parametrize("name", NAMES)
def test_numeric_bounds_are_enforced(name: str) -> None:
    for p in actplot.spec(name).params:
        if p.numeric and np.isfinite(p.bounds.lo):
            below = p.bounds.lo if not p.bounds.lo_closed else p.bounds.lo - 1
            with pytest.raises(ParameterError):
                actplot.get(name, **{p.name: below})


def test_get_binds_and_reports_parameters() -> None:
    act = actplot.get("leaky_relu", negative_slope=0.2)
    assert act.name == "leaky_relu" and act.params == {"negative_slope": 0.2}
    assert act.label == "leaky_relu(negative_slope=0.2)"
    assert float(act(-1.0)) == pytest.approx(-0.2)
    assert float(act.derivative(-1.0)) == pytest.approx(0.2)
    assert actplot.get("leaky_relu").label == "leaky_relu"


def test_parse_spec_strings() -> None:
    act = actplot.parse("gelu:approximate=tanh")
    assert act.params == {"approximate": "tanh"}
    assert actplot.parse(" elu : alpha = 2 ").params == {"alpha": 2.0}
    for bad in ("relu:", "leaky_relu:negative_slope", "elu:alpha=1,alpha=2", ":alpha=1"):
        if bad == "relu:":
            assert actplot.parse(bad).name == "relu"
            continue
        with pytest.raises(ActplotError):
            actplot.parse(bad)


def test_parse_sweep() -> None:
    acts = parsing.parse_sweep("silu:beta=0.5,1,2,4")
    assert [a.params["beta"] for a in acts] == [0.5, 1.0, 2.0, 4.0]
    with pytest.raises(ParameterError):
        parsing.parse_sweep("silu:beta=1")
    with pytest.raises(ParameterError):
        parsing.parse_sweep("silu")


def test_derivative_order_is_checked() -> None:
    with pytest.raises(ParameterError):
        actplot.get("relu").derivative(1.0, order=3)


def test_catalogue_lists_every_name_once() -> None:
    rows = registry.catalogue()
    assert [r["name"] for r in rows] == NAMES
    with pytest.raises(UnknownActivationError, match="families"):
        registry.catalogue("nope")
