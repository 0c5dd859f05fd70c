"""Formulas that match what is drawn: the variant's own formula, and every symbol either a
parameter shown with its value or defined (render.formula_text, read by the legend with
--formulas, `actplot info` and the gallery)."""

from __future__ import annotations

import dataclasses

import pytest

import actplot
from actplot.model import ActivationSpec
from actplot.render import formula_text as ft
from actplot.render.text_math import to_unicode


def _variant_spec() -> ActivationSpec:
    """leaky_relu with a second form chosen by a parameter, and a constant c defined."""
    base = actplot.spec("leaky_relu")
    form = dataclasses.replace(base.params[0], name="form", default="a", choices=("a", "b"))
    return dataclasses.replace(
        base,
        params=(*base.params, form),
        symbols={"negative_slope": "s"},
        where=r"$c$: a constant",
        variants={("form", "b"): (r"$\max(sx,\ x) + c$", r"$1$ or $s$")},
    )


def test_the_variant_drawn_gives_its_own_formulas() -> None:
    spec = _variant_spec()
    default, other = spec.bind(), spec.bind(form="b")
    assert ft.formulas(default) == (spec.formula, spec.derivative_formula)
    assert ft.formulas(other) == (r"$\max(sx,\ x) + c$", r"$1$ or $s$")


def test_parameter_symbols_come_with_their_values_and_others_are_defined() -> None:
    act = _variant_spec().bind(negative_slope=0.2, form="b")
    assert ft.where(act) == r"$s = 0.2$, $c$: a constant"
    assert to_unicode(ft.where(act)) == "s = 0.2, c: a constant"
    # the default form has no c, so c is not defined there (gelu's tanh form has no Φ)
    assert ft.where(_variant_spec().bind(negative_slope=0.2)) == "$s = 0.2$"
    assert ft.where(actplot.get("gelu", approximate="tanh")) == ""
    assert "standard normal" in ft.where(actplot.get("gelu"))


def test_greek_and_one_letter_names_and_expression_parameters_need_no_table() -> None:
    assert ft.where(actplot.get("silu", beta=2)).startswith(r"$\beta = 2$")
    assert ft.where(actplot.get("elu", alpha=0.5)).startswith(r"$\alpha = 0.5$")
    assert ft.where(actplot.get("squareplus")).startswith("$b = 4$")
    assert ft.where(actplot.parse("x*sigmoid(b*x):b=2")) == "$b = 2$"
    # a parameter its formula does not show (gelu's variant switch, softmax's K) is not listed
    assert "approximate" not in ft.where(actplot.get("gelu"))
    assert "k =" not in ft.where(actplot.get("softmax"))


def test_a_symbol_is_found_only_as_a_symbol() -> None:
    assert ft._mentions(r"$\max(0,x) + s\,\min(0,x)$", "s")
    assert not ft._mentions(r"$\sigma(x)\,\mathrm{sech}^2 x$", "s")  # \sigma and sech
    assert not ft._mentions(r"$\mathrm{ReLU6}(x+3)$", "L")
    assert ft._mentions(r"$x\,\sigma(\beta x)$", r"\beta")
    assert not ft._mentions(r"$\betax$", r"\beta")


def test_the_card_and_the_legend_show_the_same_formula() -> None:
    from actplot.render.labels import labels

    act = actplot.get("silu", beta=2)
    (text,) = labels([act], formulas=True)
    f, _ = ft.formulas(act)
    assert text == f"silu(beta=2)\n{f}, {ft.where(act)}"


# ---- the registry's data (actplot/activations) ----------------------------------------------


def test_the_registry_gives_gelus_tanh_form_its_own_formula() -> None:
    exact, approx = actplot.get("gelu"), actplot.get("gelu", approximate="tanh")
    assert "tanh" in ft.formulas(approx)[0] and "tanh" not in ft.formulas(exact)[0]
    assert "tanh" in ft.formulas(approx)[1]
    assert "Φ" in to_unicode(ft.where(exact))  # Φ and φ are defined


@pytest.mark.parametrize(
    "text, shown",
    [
        ("leaky_relu:negative_slope=0.2", "s = 0.2"),
        ("leaky_relu6", "s = 0.01"),
        ("threshold:threshold=2,value=-1", "θ = 2, v = −1"),
        ("hardtanh", "a = −1, b = 1"),
        ("prelu", "a = 0.25"),
        ("rrelu", "l = 0.125"),
        ("softshrink:lambd=1", "λ = 1"),
        ("hardshrink", "λ = 0.5"),
        ("softplus", "t = 20"),
        ("softmax:temperature=2", "T = 2"),
        ("selu", "λ ≈ 1.0507"),
        ("silu", "σ"),
    ],
)
def test_the_registrys_symbols_are_parameters_with_values_or_defined(text: str, shown: str) -> None:
    assert shown in to_unicode(ft.where(actplot.parse(text)))
