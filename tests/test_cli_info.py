"""`actplot info`: the card in rich and JSON, errors, and the mathtext-to-Unicode reading."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest
from typer.testing import Result

import actplot
from actplot.render.text_math import to_unicode

pytestmark = pytest.mark.usefixtures("module_cache_dir")


@pytest.fixture
def info(cli: Callable[..., Result]) -> Callable[..., dict]:
    """`actplot info ARGS --format json`, parsed."""

    def card(*args: str) -> dict:
        result = cli("info", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return card


def test_json_card_has_every_section(info) -> None:
    card = info("leaky_relu:negative_slope=0.2")
    assert card["label"] == "leaky_relu(negative_slope=0.2)" and card["family"] == "relu"
    assert card["formula"] == "max(0,x) + s min(0,x)"
    assert card["derivative"] == "1 if x>0 else s"
    (param,) = card["params"]
    assert param == {
        "name": "negative_slope", "value": 0.2, "default": 0.01,
        "accepts": ">= 0 and <= 1", "doc": "slope for x <= 0",
    }  # fmt: skip
    assert card["frameworks"] == {"torch": "leaky_relu", "jax": "jax.nn.leaky_relu",
                                  "keras": "leaky_relu"}  # fmt: skip
    assert "Keras 0.2" in card["framework_notes"]
    assert card["kink_rule"].startswith("f'(0) = negative_slope") and card["kinks"] == [0.0]
    assert card["reference"] and card["pros"] and card["cons"] and card["use"]
    props = card["properties"]
    assert props["label"] == card["label"] and props["params"] == {"negative_slope": 0.2}
    # E[max(0, z) + s min(0, z)] = (1 − s) / √(2π): computed for the bound slope, not 0.01
    assert props["mean"] == pytest.approx(0.8 / (2 * math.pi) ** 0.5, rel=1e-12)
    assert props["range"] == [None, None] and props["continuity"] == "C0"


def test_rich_card_reads_like_a_card(cli) -> None:
    result = cli("info", "elu:alpha=0.5")
    assert result.exit_code == 0
    out = result.stdout
    for part in (
        "elu(alpha=0.5)", "ReLU family", "x if x>0 else α(eˣ−1)", "alpha = 0.5", "default 1",
        "range", "(−0.5, ∞)", "zero-centred", "smoothness", "C⁰", "saturates", "E f′(z)²",
        "cost", "relative to relu", "at kinks", "PyTorch: elu", "JAX: jax.nn.elu", "Clevert",
    ):  # fmt: skip
        assert part in out, part


def test_info_of_an_alias_is_the_canonical_card(info) -> None:
    assert info("swish")["name"] == "silu"


@pytest.mark.parametrize(
    "args, message",
    [(["nosuch"], "unknown activation 'nosuch'"), (["relu:foo=1"], "no parameter 'foo'"),
     (["elu:alpha=x"], "must be a number")],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2(cli, args: list[str], message: str) -> None:
    result = cli("info", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    "mathtext, text",
    [
        (r"$\sigma(x) = \frac{1}{1+e^{-x}}$", "σ(x) = 1/(1+e⁻ˣ)"),
        (r"$\frac{x}{2\sqrt{x^2 + 1}} + 1$", "x/(2√(x² + 1)) + 1"),
        (r"$x$ if $x>0$ else $\alpha(e^{x/\alpha}-1)$", "x if x>0 else α(e^(x/α)−1)"),
        (r"$\frac{1}{\beta}\ln(1 + e^{\beta x})$", "1/β · ln(1 + e^(βx))"),
        (r"$\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)$", "½(1 + x/√(x² + b))"),
        (r"$\left(\frac{1}{\sqrt{1+\alpha x^2}}\right)^3$", "(1/√(1+αx²))³"),
        (r"$\frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)$",
         "∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ)"),
        (r"$0$ if $x \leq -1$", "0 if x ≤ −1"),
        (r"$\log\sigma(x)$, $\tanh^2 x$, $\mathbb{1}[x > 0]$", "log σ(x), tanh² x, 𝟙[x > 0]"),
        (r"$\max_{i \leq k}\ (w_i x)$", "max_(i ≤ k) (wᵢ x)"),
        ("plain text, no math", "plain text, no math"),
    ],
)  # fmt: skip
def test_mathtext_to_unicode(mathtext: str, text: str) -> None:
    assert to_unicode(mathtext) == text


@pytest.mark.parametrize("name", actplot.names())
def test_every_registry_formula_reads_without_tex(name: str) -> None:
    spec = actplot.spec(name)
    for formula in (spec.formula, spec.derivative_formula):
        text = to_unicode(formula)
        assert text and not set(text) & set("\\$"), (formula, text)
        assert "frac" not in text and "sqrt" not in text and "left" not in text


# --- framework spellings, conflicts and the models that use the activation


def test_info_of_a_framework_spelling_is_the_canonical_with_its_parameters(info) -> None:
    card = info("gelu_pytorch_tanh")
    assert card["name"] == "gelu" and card["params"][0]["value"] == "tanh"
    rows = {(r["name"], tuple(r["ecosystems"])): r for r in card["framework_names"]}
    assert rows[("gelu_new", ("transformers", "vllm"))]["here"] == "gelu:approximate=tanh"
    jax = rows[("gelu", ("jax", "keras.ops"))]
    assert jax["differs"] and jax["means"] == "gelu:approximate=tanh"
    gpt2 = next(u for u in card["used_by"] if u["model"] == "GPT-2")
    assert gpt2["text"] == "gelu:approximate=tanh" and "configuration_gpt2.py" in gpt2["source"]


def test_rich_card_states_conflicts_and_models(cli) -> None:
    out = " ".join(cli("info", "leaky_relu").stdout.split())
    assert "LeakyReLU in keras.layers is leaky_relu:negative_slope=0.3" in out
    assert "JAX's autodiff takes its x >= 0 branch at 0, f'(0) = 1" in out
    out = " ".join(cli("info", "HardSigmoid").stdout.split())
    assert "HardSigmoid in ONNX is max(0, min(1, 0.2*x + 0.5)) (here hardsigmoid)" in out
    assert "used by MobileNetV3" in out
    out = " ".join(cli("info", "sinusoid").stdout.split())
    assert "used by SIREN" in out and "omega0=30" in out


@pytest.mark.parametrize(
    "name, claim",
    [
        ("relu", "jnp.maximum(x, 0) gives 0.5"), ("relu6", "f'(0) = f'(6) = 0, as PyTorch"),
        ("elu", "f''(0) = alpha"), ("celu", "f''(0) = 1/(4·alpha)"),
        ("selu", "f''(0) = scale·alpha"), ("softsign", "f''(0) = −2"),
        ("gelu", "keras.ops.gelu default to approximate=True"), ("leaky_relu", "0.3"),
        ("hardtanh", "f'(±1) = 1"),
    ],
)  # fmt: skip
def test_framework_notes_state_the_checked_differences(info, name: str, claim: str) -> None:
    assert claim in info(name)["framework_notes"]
