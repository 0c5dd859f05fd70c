"""Formulas with poles or a restricted domain: found, refused with one line naming where,
and tabulated on a domain the user restricts to (moments then under N(0, 1) conditioned on
it, cross-checked here against scipy's adaptive quadrature)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import integrate

import actplot
from actplot.compute.properties import properties, to_json
from actplot.model import Interval

POLES = [
    ("1/x", (0.0,)),
    ("x**-2", (0.0,)),
    ("1/(x-2) + 1/(x+3)", (-3.0, 2.0)),
    ("log(abs(x))", (0.0,)),
]


@pytest.mark.parametrize(("text", "expected"), POLES)
def test_poles_are_found(text: str, expected: tuple[float, ...]) -> None:
    assert actplot.parse(text).poles == pytest.approx(expected, abs=1e-12)


def test_tan_has_its_poles_at_odd_multiples_of_half_pi() -> None:
    poles = np.array(actplot.parse("tan(x)").poles)
    assert len(poles) >= 6
    np.testing.assert_allclose(np.cos(poles), 0.0, atol=1e-12)
    assert math.pi / 2 == pytest.approx(min(p for p in poles if p > 0), rel=1e-15)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("1/x", "at x = 0"),
        ("x**-2", "at x = 0"),
        ("1/(x-2)", "at x = 2"),
        ("log(x)", "for x <= 0"),
        ("sqrt(x)", "for x < 0"),
        ("log(x*x - 1)", "for −1 <= x <= 1"),
        ("sqrt(1 - x*x)", "for x < −1, for x > 1"),
    ],
)
def test_the_table_refuses_with_one_line_naming_where(text: str, where: str) -> None:
    with pytest.raises(actplot.ParameterError) as err:
        properties(actplot.parse(text))
    message = str(err.value)
    assert message.startswith(f"{actplot.parse(text).label} is not finite {where}:")
    assert "\n" not in message and "--xlim" in message


def test_smooth_functions_and_overflow_are_not_refused() -> None:
    """exp(x) is inf beyond 709.8 by overflow, not a pole; sin(x)/x is 1 at 0, a limit."""
    for text in ("exp(x)", "sin(x)/x", "x*sigmoid(x)"):
        properties(actplot.parse(text))


def _conditional(f, lo: float, hi: float) -> tuple[float, float]:
    """E f(z) and sd f(z) for z ~ N(0, 1) conditioned on lo <= z <= hi, by scipy."""
    phi = lambda z: math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)  # noqa: E731
    mass = integrate.quad(phi, lo, hi)[0]
    mean = integrate.quad(lambda z: f(z) * phi(z), lo, hi, epsabs=1e-13, epsrel=1e-12)[0] / mass
    var = integrate.quad(lambda z: (f(z) - mean) ** 2 * phi(z), lo, hi, epsrel=1e-12)[0] / mass
    return mean, math.sqrt(var)


def test_a_restricted_domain_gives_the_properties_there() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = properties(actplot.parse("1/x"), Interval.closed(0.1, 6.0))
    row = to_json(p)
    assert row["domain"] == [0.1, 6.0]
    assert row["range"] == pytest.approx([1 / 6, 10.0], rel=1e-12)
    assert row["range_closed"] == [True, True]  # both ends are values on a closed domain
    assert row["monotonic_direction"] == "decreasing"
    assert row["continuity"] == "Cinf" and not row["odd"] and not row["identity_near_origin"]
    # |f′| = 1/x² < 0.05 from x = √20 on, to the end of the domain
    assert row["saturation"]["right"] == pytest.approx(math.sqrt(20), rel=1e-9)
    assert row["saturation"]["left"] is None and row["max_grad"] == pytest.approx(100.0)
    mean, sd = _conditional(lambda z: 1 / z, 0.1, 6.0)
    assert row["mean"] == pytest.approx(mean, rel=1e-9)
    assert row["std"] == pytest.approx(sd, rel=1e-9)
    gain = _conditional(lambda z: 1 / z**4, 0.1, 6.0)[0]
    assert row["grad_gain"] == pytest.approx(gain, rel=1e-9)


def test_a_symmetric_domain_keeps_oddness_and_the_tails_end_there() -> None:
    p = properties(actplot.get("tanh"), Interval.closed(-3.0, 3.0))
    assert p.odd and p.zero_centered and p.identity_near_origin
    assert [(t.lo, t.hi) for t in p.regions.saturated] == [
        (-3.0, pytest.approx(-2.1782722)),
        (pytest.approx(2.1782722), 3.0),
    ]
    assert p.range.lo == pytest.approx(-math.tanh(3.0)) and p.range.closed_lo


def test_a_pole_inside_a_restricted_domain_is_still_refused() -> None:
    with pytest.raises(actplot.ParameterError, match=r"at x = 0 inside the domain \[−1, 1\]"):
        properties(actplot.parse("1/x"), Interval.closed(-1.0, 1.0))


def test_an_unbounded_restriction_is_refused() -> None:
    with pytest.raises(actplot.ParameterError, match="bounded"):
        properties(actplot.get("relu"), Interval.at_least(0.0))


def test_table_and_info_refuse_a_pole_in_one_line(cli, cache_dir) -> None:
    for args in (["table", "1/x"], ["info", "1/x"], ["table", "relu", "tan(x)"]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "is not finite at x = " in lines[0]
        assert "Traceback" not in result.output


def test_table_xlim_restricts_the_domain_and_the_footer_says_so(cli, cache_dir) -> None:
    import json

    result = cli("table", "1/x", "relu", "--xlim", "0.1", "6", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["1/x"]["domain"] == [0.1, 6.0] and rows["relu"]["domain"] == [0.1, 6.0]
    assert rows["relu"]["range"] == [0.1, 6.0] and rows["relu"]["range_closed"] == [True, True]
    markdown = cli("table", "1/x", "--xlim", "0.1", "6", "--format", "markdown").stdout
    assert "Every column is computed on x in [0.1, 6] only (--xlim)" in markdown
    # the whole-line row of relu in the same cache is not the restricted one
    whole = json.loads(cli("table", "relu", "--format", "json").stdout)[0]
    assert whole["domain"] is None and whole["range"] == [0.0, None]
