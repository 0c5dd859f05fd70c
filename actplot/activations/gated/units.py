"""The product units f(a, b) = g(a)·b: a gate g of the input a scales the value b (Dauphin et
al.'s GLU with g = σ; Shazeer's variants with ReLU, GELU, Swish, SELU; a·b itself, and
FATReLU's). Each one's kernels are its element-wise gate's, combined in _product.py, so its
limits, kinks and accuracy are the gate's: g(a)·b at a kink of g takes PyTorch's g'."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import Array, frameworks, kink_at_zero, zeros
from actplot.activations.gated._product import product_fused, product_kernels, times
from actplot.activations.piecewise.steps import threshold, threshold_fused
from actplot.activations.relu.elu import SELU_ALPHA, SELU_SCALE, selu, selu_d2, selu_fused
from actplot.activations.relu.rectifiers import relu, relu_fused
from actplot.activations.sigmoid.logistic import sigmoid, sigmoid_d2, sigmoid_fused
from actplot.activations.smooth.gelu_silu import (
    GELU,
    SILU,
    gelu,
    gelu_d2,
    gelu_fused,
    silu,
    silu_d2,
    silu_fused,
)
from actplot.model import GatedSpec, Param
from actplot.model.interval import REAL

SHAZEER = "Shazeer, GLU variants improve Transformer, 2020"
DAUPHIN = "Dauphin, Fan, Auli & Grangier, Language modeling with gated convolutional networks, 2017"
HF_MLP = "Hugging Face models compute act_fn(gate_proj(x)) * up_proj(x) with two projections"
LINEAR_IN_B = "linear in the value b: f_bb = 0 everywhere"
LIMITS = (
    "at infinite inputs the iterated limit (a first, then b): a gate of exactly 0 times "
    "b = ±inf is 0"
)
NONE = frameworks()  # no PyTorch, JAX or Keras function of that name
WIDER = "the layer needs a projection of twice the width (or 2/3 the hidden size for equal cost)"

_glu = product_kernels(sigmoid, sigmoid_fused, sigmoid_d2)
_reglu = product_kernels(relu, relu_fused, zeros)
_swiglu = product_kernels(silu, silu_fused, silu_d2)
_geglu = product_kernels(gelu, gelu_fused, gelu_d2)
_seglu = product_kernels(selu, selu_fused, selu_d2)
_fatrelu = product_kernels(threshold, threshold_fused, zeros)


def _bilinear(a: Array, b: Array) -> Array:
    return times(a, b, out=np.empty_like(a))  # a·b without a copy of a first


def _bilinear_grad(a: Array, b: Array) -> tuple[Array, Array]:
    return np.array(b), np.array(a)


def _bilinear_fused(a: Array, b: Array) -> tuple[Array, Array, Array]:
    return _bilinear(a, b), np.array(b), np.array(a)


def _bilinear_hessian(a: Array, b: Array) -> tuple[Array, Array, Array]:
    return np.zeros_like(a), np.ones_like(a), np.zeros_like(a)


GLU = GatedSpec(
    "glu",
    *_glu,
    fused=product_fused(sigmoid_fused),
    formula=r"$\sigma(a)\,b$",
    derivative_formula=r"$\partial_a f = \sigma(a)\,(1 - \sigma(a))\,b,\quad "
    r"\partial_b f = \sigma(a)$",
    text="sigmoid(a) * b",
    where=r"$\sigma$: the logistic sigmoid; a: the gate's input, b: the value",
    gate="sigmoid",
    split="second",
    diagonal="silu",
    diagonal_text="x·σ(x) = silu(x)",
    range=REAL,
    kink_rule=f"smooth everywhere: no kinks; {LINEAR_IN_B}; {LIMITS}",
    reference=DAUPHIN,
    pros=(
        "the gate σ(a) in (0, 1) lets each unit pass or block its value",
        "a linear path for the gradient through b: ∂f/∂b = σ(a), no vanishing on that side",
    ),
    cons=("the sigmoid gate saturates: ∂f/∂a vanishes for large |a|", WIDER),
    use="gated convolutional language models; the original of the Transformer GLU variants",
    aliases=("gated_linear_unit",),
    frameworks=frameworks("glu", "jax.nn.glu", "glu"),
    framework_notes="torch.nn.functional.glu(x) = x₁·σ(x₂), the second half gated (so "
    "glu(*glu.split(x)) equals it); jax.nn.glu and keras.activations.glu split the same "
    "way. PyTorch's docs once drew silu for GLU: that is its diagonal a = b",
)

RELU_GATE_KINK = (
    "f_a(0, b) = relu'(0)·b = 0 and f_ab(0, b) = 0 (PyTorch 2.13: relu'(0) = 0); f_aa = 0"
)

REGLU = GatedSpec(
    "reglu",
    *_reglu,
    fused=product_fused(relu_fused),
    formula=r"$\max(0,\ a)\,b$",
    derivative_formula=r"$\partial_a f = \mathbb{1}[a > 0]\,b,\quad \partial_b f = \max(0,\ a)$",
    text="relu(a) * b",
    where="a: the gate's input, b: the value",
    gate="relu",
    split="first",
    diagonal="relu2",
    diagonal_text="max(0, x)·x = relu2(x)",
    range=REAL,
    kinks=kink_at_zero,
    kink_rule=f"kink along a = 0: {RELU_GATE_KINK}; {LINEAR_IN_B}; {LIMITS}",
    reference=SHAZEER,
    pros=("cheapest gate: a comparison", "exact zeros: sparse outputs"),
    cons=("a unit with a <= 0 gets no gradient through a (dead gate)", WIDER),
    use="gated feed-forward blocks (T5 variants); Shazeer's ReGLU",
    frameworks=NONE,
    framework_notes=f"vLLM: ReLUSquaredActivation is relu2, not this; {HF_MLP} and "
    "hidden_act='relu'",
)

SWIGLU = GatedSpec(
    "swiglu",
    *_swiglu,
    fused=product_fused(silu_fused),
    formula=r"$a\,\sigma(\beta a)\,b$",
    derivative_formula=r"$\partial_a f = \sigma(\beta a)\,(1 + \beta a\,(1 - \sigma(\beta a)))\,b"
    r",\quad \partial_b f = a\,\sigma(\beta a)$",
    text="silu(a) * b = a * sigmoid(beta * a) * b",
    where=r"$\sigma$: the logistic sigmoid; a: the gate's input, b: the value",
    gate="silu",
    split="first",
    diagonal_text="x·silu(x) = x²·σ(βx)",
    range=REAL,
    params=SILU.params,
    kink_rule=f"smooth everywhere: no kinks; {LINEAR_IN_B}; {LIMITS}",
    reference=SHAZEER,
    pros=(
        "the best of Shazeer's variants at equal cost; the gated MLP of most open LLMs",
        "smooth gate with a small negative dip",
    ),
    cons=("dearer than ReGLU: a sigmoid per element", WIDER),
    use="LLM feed-forward blocks: LLaMA, Mistral, Qwen, DeepSeek, PaLM",
    frameworks=NONE,
    framework_notes="vLLM: SiluAndMul (silu_and_mul) with the first half the gate; "
    f"{HF_MLP} and hidden_act='silu'; beta = 1 in all of them",
)

GEGLU = GatedSpec(
    "geglu",
    *_geglu,
    fused=product_fused(gelu_fused),
    formula=r"$a\,\Phi(a)\,b$",
    derivative_formula=r"$\partial_a f = (\Phi(a) + a\,\phi(a))\,b,\quad "
    r"\partial_b f = a\,\Phi(a)$",
    variants={
        ("approximate", "tanh"): (
            r"$\frac{a}{2}\left(1 + \tanh u\right)b,\ u = \sqrt{2/\pi}\,(a + 0.044715\,a^3)$",
            r"$\partial_a f = \mathrm{gelu}_{\tanh}'(a)\,b,\quad "
            r"\partial_b f = \frac{a}{2}\left(1 + \tanh u\right)$",
        )
    },
    text="gelu(a) * b, gelu exact (a * Phi(a)) or its tanh approximation",
    where=r"$\Phi$, $\phi$: the standard normal CDF and density; a: the gate's input, b: the value",
    gate="gelu",
    split="first",
    diagonal_text="x·gelu(x) = x²·Φ(x)",
    range=REAL,
    params=GELU.params,
    kink_rule=f"smooth everywhere: no kinks; {LINEAR_IN_B}; {LIMITS}",
    reference=f"{SHAZEER}; Gemma (Google DeepMind, 2024) uses approximate='tanh'",
    pros=("as good as SwiGLU in Shazeer's comparison", "smooth gate"),
    cons=("an erf (or tanh of a cubic) per element", WIDER),
    use="Gemma (tanh form), T5 v1.1 and Flan-T5 (gated-gelu)",
    frameworks=NONE,
    framework_notes="vLLM: GeluAndMul(approximate='none'|'tanh') (gelu_and_mul, "
    "gelu_tanh_and_mul), first half the gate; Gemma's config says "
    "hidden_activation='gelu_pytorch_tanh'",
)

SEGLU = GatedSpec(
    "seglu",
    *_seglu,
    fused=product_fused(selu_fused),
    formula=r"$\lambda\,\mathrm{ELU}_\alpha(a)\,b$",
    derivative_formula=r"$\partial_a f = \mathrm{selu}'(a)\,b,\quad "
    r"\partial_b f = \mathrm{selu}(a)$",
    text="selu(a) * b",
    where=r"$\lambda \approx 1.0507$, $\alpha \approx 1.6733$ (Klambauer et al.); "
    "a: the gate's input, b: the value",
    gate="selu",
    split="first",
    diagonal_text="x·selu(x)",
    range=REAL,
    kinks=kink_at_zero,
    kink_rule=f"kink along a = 0: f_a(0, b) = λα·b = {SELU_SCALE * SELU_ALPHA:.4f}·b and "
    "f_ab(0, b) = λα (PyTorch: selu'(0) is the left value), f_aa(0, b) = 0; "
    f"{LINEAR_IN_B}; {LIMITS}",
    reference=SHAZEER,
    pros=("a gate that is negative for a < 0: can flip the value's sign",),
    cons=("trails SwiGLU and GeGLU in Shazeer's comparison", WIDER),
    use="rare; one of Shazeer's variants",
    frameworks=NONE,
)

BILINEAR = GatedSpec(
    "bilinear",
    _bilinear,
    _bilinear_grad,
    _bilinear_hessian,
    fused=_bilinear_fused,
    formula=r"$a\,b$",
    derivative_formula=r"$\partial_a f = b,\quad \partial_b f = a$",
    text="a * b",
    where="a: the gate's input, b: the value",
    gate="identity",
    split="first",
    diagonal_text="x²",
    range=REAL,
    kink_rule=f"smooth everywhere: no kinks; f_aa = f_bb = 0, f_ab = 1; {LIMITS}, "
    "and inf·0 = 0 likewise",
    reference=f"{DAUPHIN} (the linear unit without a gate); {SHAZEER}",
    pros=("no nonlinearity to compute: a product", "nearly as good as GLU in Shazeer's tests"),
    cons=("a quadratic form: unbounded in both inputs, no saturation", WIDER),
    use="a baseline of the gated family; bilinear layers in interpretability work",
    frameworks=NONE,
)

FATRELU_GLU = GatedSpec(
    "fatrelu_glu",
    *_fatrelu,
    fused=product_fused(threshold_fused),
    formula=r"$a\,\mathbb{1}[a > \theta]\,b$",
    derivative_formula=r"$\partial_a f = \mathbb{1}[a > \theta]\,b,\quad "
    r"\partial_b f = a\,\mathbb{1}[a > \theta]$",
    text="fatrelu(a) * b = (a if a > threshold else 0) * b",
    symbols={"threshold": r"\theta"},
    where="a: the gate's input, b: the value",
    gate="threshold",
    split="first",
    diagonal_text="x² for x > θ, else 0",
    range=REAL,
    params=(
        Param(
            "threshold",
            0.0,
            "gate inputs at or below it give 0",
            span=(0.0, 2.0),
        ),
    ),
    kinks=lambda p: (p["threshold"],),
    kink_rule="along a = θ: f(θ, b) = 0, f_a(θ, b) = 0 and f_ab(θ, b) = 0 (PyTorch's "
    "threshold: the gradient passes only where a > θ); for θ > 0 f jumps there from 0 to "
    f"θ·b; at θ = 0 it is reglu; f_aa = 0; {LINEAR_IN_B}; {LIMITS}",
    reference="Kurtz et al., Inducing and exploiting activation sparsity for fast inference "
    "on deep neural networks (FATReLU), ICML 2020; MiniCPM-S (ProSparse), 2024",
    pros=("exact zeros below θ: sparse activations to skip at inference",),
    cons=("no gradient through a below θ", "discontinuous in a for θ > 0", WIDER),
    use="sparsity-tuned LLMs (openbmb's MiniCPM-S); vLLM's FatreluAndMul",
    frameworks=NONE,
    framework_notes="vLLM: FatreluAndMul(threshold=0.0) (fatrelu_and_mul): "
    "F.threshold(x[..., :d], threshold, 0.0) * x[..., d:], first half the gate",
)

SPECS = (GLU, BILINEAR, REGLU, GEGLU, SWIGLU, SEGLU, FATRELU_GLU)
