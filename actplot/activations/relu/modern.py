"""Rectifiers of recent models: squared ReLU (Primer, nanoGPT-style LLMs), StarReLU
(MetaFormer), the thresholded ReLU (Keras) and xIELU (Apertus, Hugging Face's
XIELUActivation). elish.py beside it holds ELiSH and HardELiSH."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import (
    INF,
    Array,
    above,
    frameworks,
    kink_at_zero,
    pair,
    positive_part,
    zeros,
)
from actplot.model import ActivationSpec, Interval, Param, Params

# xIELU's minimum with HF's defaults (α_n = 0.8, β = 0.5), at x = ln(1 − β/α_n), from mpmath.
XIELU_MIN = -0.20575122409648212894


def relu2(x: Array) -> Array:
    r"""Squared ReLU: :math:`\max(0, x)^2`. C¹; f'' jumps from 0 to 2 at 0, where f''(0) = 0
    (PyTorch's autograd of F.relu(x)**2, since relu'(0) = 0)."""
    y = positive_part(x)
    with np.errstate(over="ignore"):  # x > 1.3e154: the square is beyond the floats, inf
        return np.multiply(y, y, out=y)


def relu2_d1(x: Array) -> Array:
    d = positive_part(x)
    with np.errstate(over="ignore"):
        d *= 2.0  # 2·max(0, x)
    return d


def relu2_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    positive_part(x, d)
    with np.errstate(over="ignore"):
        np.multiply(d, d, out=y)
        d *= 2.0
    return y, d


def relu2_d2(x: Array) -> Array:
    d = above(x, 0.0)
    d *= 2.0
    return d


def _scaled_square(x: Array, scale: float, out: Array) -> Array:
    """scale·max(0, x)² into `out` as (scale·r)·r: scale·r passes the float maximum only
    where the result does too, so a tiny scale keeps a huge x² finite. scale = 0 gives 0
    (not 0·inf) everywhere."""
    if scale == 0:
        out.fill(0.0)
        return out
    r = positive_part(x)
    with np.errstate(over="ignore"):
        np.multiply(r, scale, out=out)
        out *= r
    return out


def star_relu(x: Array, scale: float = 0.8944, bias: float = -0.4472) -> Array:
    r"""StarReLU: :math:`s\max(0, x)^2 + b`. C¹ at 0 (f'(0) = 0); f'' jumps from 0 to 2s
    there and f''(0) = 0 (PyTorch's autograd of scale * F.relu(x)**2 + bias)."""
    y = _scaled_square(x, scale, np.empty_like(x))
    with np.errstate(over="ignore"):  # s·x² + b beyond the maximum: inf, its rounding
        y += bias
    return y


def _star_slope(x: Array, scale: float, out: Array) -> Array:
    """f' = 2s·max(0, x) into `out` (0 everywhere for s = 0: no inf·0)."""
    if scale == 0:
        out.fill(0.0)
        return out
    positive_part(x, out)
    with np.errstate(over="ignore"):  # 2·s·x beyond the maximum only where it truly is
        out *= scale
        out *= 2.0
    return out


def star_relu_d1(x: Array, scale: float = 0.8944, bias: float = -0.4472) -> Array:
    return _star_slope(x, scale, np.empty_like(x))


def star_relu_fused(x: Array, scale: float = 0.8944, bias: float = -0.4472) -> tuple[Array, Array]:
    y, d = pair(x)
    _scaled_square(x, scale, y)
    with np.errstate(over="ignore"):
        y += bias
    return y, _star_slope(x, scale, d)


def star_relu_d2(x: Array, scale: float = 0.8944, bias: float = -0.4472) -> Array:
    d = above(x, 0.0)
    with np.errstate(over="ignore"):  # 2s > max: inf, its correct rounding
        d *= scale
        d *= 2.0
    return d


def trelu(x: Array, theta: float = 1.0) -> Array:
    r"""Thresholded ReLU (Keras): x if x > θ else 0. f jumps from 0 to θ at θ, where
    f(θ) = 0 and f'(θ) = 0 (Keras' x·[x > θ]; PyTorch's F.threshold(x, θ, 0) agrees)."""
    y = np.clip(x, theta, INF)  # x above θ, θ below (finite for x = −inf; nan stays nan)
    y *= x > theta
    return y


def trelu_d1(x: Array, theta: float = 1.0) -> Array:
    return above(x, theta)


def trelu_fused(x: Array, theta: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    above(x, theta, d)
    np.clip(x, theta, INF, out=y)
    y *= d
    return y, d


def _xielu_parts(
    x: Array, alpha_p: float, alpha_n: float, beta: float, eps: float
) -> tuple[Array, Array, Array]:
    """(p, e, pos): p = max(x, 0), e = e^min(x, eps) times [x <= eps] (so e = 0 on
    (eps, 0] and above), pos = [x > 0]. e·α_n is the exponential part of f' on x <= 0."""
    p = positive_part(x)
    m = np.minimum(x, eps)
    e = np.exp(m, out=m)
    e *= x <= eps
    return p, e, x > 0


def xielu(
    x: Array, alpha_p: float = 0.8, alpha_n: float = 0.8, beta: float = 0.5, eps: float = -1e-6
) -> Array:
    r"""xIELU, as Hugging Face's XIELUActivation computes it:

    :math:`\alpha_p x^2 + \beta x` for x > 0, and
    :math:`\alpha_n(\mathrm{expm1}(\min(x, \epsilon)) - x) + \beta x` for x <= 0,

    with the effective α_p = softplus(a_p) > 0 and α_n = β + softplus(a_n) > β of HF's
    stored parameters a_p, a_n (initialised so that α_p = alpha_p_init = 0.8 and α_n =
    alpha_n_init = 0.8), β = 0.5 and ε = −1e-6 fixed. With ε < 0, f is linear with slope
    β − α_n on (ε, 0], and f(0) = α_n·expm1(ε) ≈ −8e-7: f jumps by α_n|expm1(ε)| at 0
    (f(0) the left value) and f' jumps at ε. At x = ε the left values are used (min(x, ε)
    differentiated as clamp(x, max=ε)): f'(ε) = α_n e^ε + β − α_n, f''(ε) = α_n e^ε; at 0
    the x <= 0 branch: f'(0) = β − α_n, f''(0) = 0 (α_n for ε = 0).
    """
    c = beta - alpha_n  # the slope of the x <= 0 branch, less the exponential part
    neg = np.minimum(x, 0.0)
    m = np.minimum(neg, eps)
    y = np.expm1(m, out=m)
    y *= alpha_n
    with np.errstate(over="ignore"):  # (β − α_n)·x beyond the maximum: f is too (c < 0)
        neg *= c
    y += neg  # α_n·expm1(min(x, ε)) + (β − α_n)·x on x <= 0
    p = positive_part(x)
    with np.errstate(over="ignore"):  # x > 1e154: α_p·x² is beyond the floats, inf
        q = np.multiply(p, alpha_p)
        q += beta
        q *= p  # (α_p·x + β)·x on x > 0, 0 elsewhere
    return np.where(x > 0, q, y)


def xielu_d1(
    x: Array, alpha_p: float = 0.8, alpha_n: float = 0.8, beta: float = 0.5, eps: float = -1e-6
) -> Array:
    p, e, pos = _xielu_parts(x, alpha_p, alpha_n, beta, eps)
    with np.errstate(over="ignore"):
        p *= alpha_p
        p *= 2.0
        p += beta  # 2α_p·x + β
    e *= alpha_n
    e += beta - alpha_n  # α_n·e^x·[x <= ε] + β − α_n
    return np.where(pos, p, e)


def xielu_d2(
    x: Array, alpha_p: float = 0.8, alpha_n: float = 0.8, beta: float = 0.5, eps: float = -1e-6
) -> Array:
    _, e, pos = _xielu_parts(x, alpha_p, alpha_n, beta, eps)
    e *= alpha_n
    with np.errstate(over="ignore"):  # 2α_p > max (python gives inf): inf, its rounding
        top = x.dtype.type(2.0 * alpha_p)
    return np.where(pos, top, e)


def _xielu_kinks(p: Params) -> tuple[float, ...]:
    eps = float(p["eps"])
    return (eps, 0.0) if eps < 0 else (0.0,)


def _xielu_jumps(p: Params) -> tuple[float, ...]:
    return (0.0,) if float(p["eps"]) < 0 else ()


def _xielu_check(p: Params) -> str | None:
    if float(p["alpha_n"]) > float(p["beta"]):
        return None
    return f"alpha_n must be > beta ({p['beta']!r}), not {p['alpha_n']!r}"


RELU2 = ActivationSpec(
    name="relu2",
    family="relu",
    forward=relu2,
    d1=relu2_d1,
    fused=relu2_fused,
    nan_safe=(0, 1),
    d2=relu2_d2,
    formula=r"$\max(0,\ x)^2$",
    derivative_formula=r"$2\max(0,\ x)$",
    text="max(0, x)^2",
    range=Interval(0.0, INF, lo_closed=True),
    kinks=kink_at_zero,
    kink_rule="C¹: f'(0) = 0 from both sides; f'' jumps from 0 to 2 at 0 and f''(0) = 0, "
    "the left value, as PyTorch 2.13's autograd gives for F.relu(x)**2 (and HF's "
    "torch.square(F.relu(x))): relu'(0) = 0 makes both derivatives 0 there",
    reference="So et al., Primer: Searching for efficient transformers for language "
    "modeling, NeurIPS 2021 (Hugging Face ReLUSquaredActivation)",
    pros=(
        "one comparison and one product: almost as cheap as ReLU",
        "found by architecture search to train Transformer LMs faster than GELU (Primer)",
        "sparse like ReLU: exactly 0 for every negative input",
    ),
    cons=(
        "dies like ReLU: no gradient for negative inputs",
        "grows quadratically: large activations can overflow low-precision formats",
    ),
    use="feed-forward blocks of Transformer language models (Primer, nanoGPT speedruns)",
    aliases=("squared_relu", "relu_squared"),
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras: F.relu(x)**2, jnp.square("
    "jax.nn.relu(x)); Hugging Face transformers names it relu2 (ReLUSquaredActivation)",
)

STAR_RELU = ActivationSpec(
    name="star_relu",
    symbols={"scale": "s", "bias": "b"},
    family="relu",
    forward=star_relu,
    d1=star_relu_d1,
    fused=star_relu_fused,
    nan_safe=(0, 1),
    d2=star_relu_d2,
    formula=r"$s\,\max(0,\ x)^2 + b$",
    derivative_formula=r"$2s\,\max(0,\ x)$",
    text="scale * max(0, x)^2 + bias",
    range=Interval(-0.4472, INF, lo_closed=True),
    params=(
        Param("scale", 0.8944, "s, multiplies relu(x)² (learnable in MetaFormer)", span=(0.1, 2.0)),
        Param("bias", -0.4472, "b, added (learnable in MetaFormer)", span=(-1.0, 1.0)),
    ),
    kinks=lambda p: (0.0,) if float(p["scale"]) != 0 else (),
    kink_rule="C¹: f'(0) = 0 from both sides; f'' jumps from 0 to 2·scale (1.7888) at 0 "
    "and f''(0) = 0, the left value, as PyTorch 2.13's autograd gives for scale * "
    "F.relu(x)**2 + bias (relu'(0) = 0)",
    reference="Yu et al., MetaFormer baselines for vision, TPAMI 2024 (arXiv 2210.13452): "
    "s = 0.8944, b = −0.4472 give mean 0 and variance 1 for x ~ N(0, 1)",
    pros=(
        "squared ReLU rescaled so that a unit Gaussian input gives zero mean, unit variance",
        "as cheap as squared ReLU (a multiply-add more); reported to beat GELU in MetaFormer",
    ),
    cons=(
        "dies like ReLU: no gradient for negative inputs",
        "quadratic growth, like squared ReLU",
    ),
    use="MetaFormer vision models (CAFormer, ConvFormer)",
    frameworks=frameworks(),
    framework_notes="timm and the MetaFormer code (StarReLU) make scale and bias "
    "learnable scalars initialised at scale_value = 1.0 and bias_value = 0.0; the "
    "defaults here are the paper's constants 0.8944 and −0.4472 (1/√1.25 and −0.5/√1.25, "
    "rounded as printed)",
)

TRELU = ActivationSpec(
    name="trelu",
    family="relu",
    forward=trelu,
    d1=trelu_d1,
    fused=trelu_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$x$ if $x > \theta$ else $0$",
    derivative_formula=r"$\mathbb{1}[x > \theta]$",
    text="x if x > theta else 0",
    range=Interval(0.0, INF, lo_closed=True),
    image=(Interval.closed(0.0, 0.0), Interval.above(1.0)),  # {0} ∪ (1, ∞)
    params=(
        Param(
            "theta",
            1.0,
            "inputs at or below it give 0 (Keras: a float >= 0)",
            bounds=Interval.at_least(0.0),
            span=(0.0, 3.0),
        ),
    ),
    kinks=lambda p: (float(p["theta"]),),
    jumps=lambda p: (float(p["theta"]),) if float(p["theta"]) != 0 else (),
    kink_rule="f jumps from 0 to theta at x = theta, f(theta) = 0 and f'(theta) = 0 "
    "(Keras' x·[x > θ]; PyTorch 2.13's F.threshold(x, θ, 0) gives the same values and "
    "autograd); defaults: f(1) = 0, f'(1) = 0, no output in (0, 1]; f'' = 0 everywhere",
    reference="Konda, Memisevic & Krueger, Zero-bias autoencoders and the benefits of "
    "co-adapting features, ICLR 2015 (Keras ThresholdedReLU)",
    pros=(
        "an exact zero for every input up to theta: sparse codes without a bias",
        "one comparison per element",
    ),
    cons=("discontinuous at theta (for theta > 0)", "no gradient at or below theta"),
    use="zero-bias autoencoders and other sparse-coding layers",
    aliases=("thresholded_relu",),
    frameworks=frameworks(),
    framework_notes="Keras 2's ThresholdedReLU layer (theta = 1.0, theta >= 0), dropped in "
    "Keras 3: keras.activations.threshold(x, theta, 0) computes it, while Keras 3's "
    "ReLU(threshold=θ) layer keeps x at x = θ (f(θ) = θ, not 0); PyTorch: "
    "F.threshold(x, theta, 0); ONNX ThresholdedRelu (alpha = 1.0); Flux's trelu",
)

XIELU = ActivationSpec(
    name="xielu",
    symbols={"alpha_p": r"\alpha_p", "alpha_n": r"\alpha_n", "eps": r"\epsilon"},
    family="relu",
    forward=xielu,
    d1=xielu_d1,
    nan_safe=(0, 1),
    d2=xielu_d2,
    formula=r"$\alpha_p x^2 + \beta x$ if $x > 0$ else "
    r"$\alpha_n(e^{\min(x,\epsilon)} - 1 - x) + \beta x$",
    derivative_formula=r"$2\alpha_p x + \beta$ if $x > 0$ else "
    r"$\alpha_n e^{x}\,\mathbb{1}[x \leq \epsilon] + \beta - \alpha_n$",
    text="alpha_p*x^2 + beta*x if x > 0 else alpha_n*(expm1(min(x, eps)) - x) + beta*x",
    range=Interval(XIELU_MIN, INF, lo_closed=True),
    params=(
        Param(
            "alpha_p",
            0.8,
            "effective α_p = softplus(HF's alpha_p) (alpha_p_init); > 0",
            bounds=Interval.above(0.0),
            span=(0.1, 2.0),
        ),
        Param(
            "alpha_n",
            0.8,
            "effective α_n = beta + softplus(HF's alpha_n) (alpha_n_init); > beta",
            bounds=Interval.above(0.0),
            span=(0.55, 2.0),
        ),
        Param(
            "beta",
            0.5,
            "the slope at 0 (fixed in HF)",
            bounds=Interval.at_least(0.0),
            span=(0.0, 0.75),
        ),
        Param(
            "eps",
            -1e-6,
            "caps the exponential's argument at min(x, eps) (fixed in HF)",
            bounds=Interval.at_most(0.0),
            span=(-0.5, 0.0),
        ),
    ),
    check=_xielu_check,
    kinks=_xielu_kinks,
    jumps=_xielu_jumps,
    kink_rule="as HF computes it, with eps = −1e-6 f' jumps at x = eps (from 0.5 to "
    "β − α_n = −0.3) and f itself jumps at 0, from α_n·expm1(eps) ≈ −8e-7 to 0; the left "
    "values are used: f(0) = α_n·expm1(eps), f'(0) = β − α_n = −0.3, f''(0) = 0, and "
    "f'(eps) = α_n·e^eps + β − α_n ≈ 0.4999992, f''(eps) = α_n·e^eps ≈ 0.7999992 "
    "(torch.where(x > 0, ...) takes the x <= 0 branch at 0, and min(x, eps) is "
    "differentiated as torch.clamp(x, max=eps); HF's torch.min(x, eps) instead splits the "
    "gradient at the tie x = eps, giving the mean of the two sides there). With eps = 0, "
    "f and f' are continuous (f'(0) = β) and only f'' jumps (α_n to 2α_p)",
    reference="Huang & Schlag, Deriving activation functions using integration, 2024 "
    "(arXiv 2411.13010); the form of Hugging Face transformers' XIELUActivation "
    "(Apertus)",
    pros=(
        "trainable curvature on both sides: quadratic for x > 0 like squared ReLU",
        "negative inputs keep a gradient (slope β − α_n far left), so units do not die",
        "used in Apertus LLMs in place of SwiGLU, without the extra gate matrix",
    ),
    cons=(
        "not monotonic: f grows again to +∞ for very negative inputs",
        "HF's eps leaves a jump of about 8e-7 at 0 and a kink at eps",
        "four parameters, two of them trained per layer",
    ),
    use="feed-forward blocks of the Apertus language models",
    frameworks=frameworks(),
    framework_notes="Hugging Face transformers' XIELUActivation(alpha_p_init=0.8, "
    "alpha_n_init=0.8, beta=0.5, eps=-1e-6) stores a_p = log(expm1(alpha_p_init)) and "
    "a_n = log(expm1(alpha_n_init − beta)) and uses α_p = softplus(a_p), α_n = beta + "
    "softplus(a_n): the parameters here are those effective values. HF's default "
    "dtype=torch.bfloat16 rounds a_p, a_n, beta and eps to bfloat16 (about 3 digits), and "
    "checkpoints load their own trained a_p, a_n per layer. eps is a numerical device of "
    "the implementation (min(x, eps) inside expm1): eps = 0 gives the C¹ function of the "
    "paper's derivation; vLLM's XIELU and MLX ports copy HF's form",
)

SPECS = (RELU2, STAR_RELU, TRELU, XIELU)
