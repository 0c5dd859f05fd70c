"""ELiSH and HardELiSH (Basirat & Roth, 2018): an ELU-like rectifier g(x) = x for x >= 0,
e^x − 1 below, gated by a sigmoid: f = g·σ (ELiSH) or g·clip((x + 1)/2, 0, 1) (HardELiSH).
Both are C¹ at 0 (f'(0) = 1/2); f'' jumps there and the x >= 0 branch's value is used."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, Array, clip_finite, frameworks, pair
from actplot.activations._logistic import expit, logistic_slope
from actplot.model import ActivationSpec, Interval

# Minima (mpmath): ELiSH's is −(3 − 2√2) at x = −asinh(1); HardELiSH's where e^x(x + 2) = 1.
ELISH_MIN = -0.17157287525380990240
HARD_ELISH_MIN = -0.099673151528742617937


def _g(x: Array, out: Array) -> Array:
    """g(x) = x for x >= 0, expm1(x) below, into `out` (−1 at −inf; nan stays nan)."""
    np.clip(x, -INF, 0.0, out=out)
    np.expm1(out, out=out)
    return np.maximum(out, x, out=out)  # expm1(min(x, 0)) >= x below 0, and 0 <= x above


def elish(x: Array) -> Array:
    r"""ELiSH: :math:`x\,\sigma(x)` for x >= 0, :math:`(e^x - 1)\,\sigma(x)` below.
    C¹: f'(0) = 1/2 from both sides; f'' jumps from 1 to 1/2 at 0, f''(0) = 1/2."""
    y = _g(x, np.empty_like(x))
    y *= expit(x)
    return y


def elish_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    s = expit(x)
    q = expit(-x)
    _g(x, y)
    # f' = g'σ + g·σ(1 − σ), g' = e^min(x, 0): 1 for x >= 0.
    np.clip(x, -INF, 0.0, out=d)
    np.exp(d, out=d)
    d *= s
    q *= s  # σσ(−x)
    q *= clip_finite(y, -INF, INF)  # g·σσ(−x): g = inf only where σ(−x) = 0
    d += q
    y *= s
    return y, d


def elish_d1(x: Array) -> Array:
    return elish_fused(x)[1]


def elish_d2(x: Array) -> Array:
    # f'' = g''σ + 2g'σ' + gσ'', σ' = σq, σ'' = σq(q − σ) = −σq·tanh(x/2), q = σ(−x).
    xf = clip_finite(x, -INF, INF)
    ex = np.exp(np.minimum(x, 0.0))  # g' (1 from 0 on); g'' = ex·[x < 0]
    g = _g(xf, np.empty_like(x))
    return ex * (x < 0) * expit(x) + logistic_slope(x) * (2 * ex - g * np.tanh(0.5 * xf))


def _hard_gate(x: Array) -> tuple[Array, Array]:
    """(h, h') with h = clip((x + 1)/2, 0, 1) and h' = 1/2 on (−1, 1), 0 outside and at
    ±1 (PyTorch's hardtanh convention)."""
    h = np.clip(x, -1.0, 1.0)
    h += 1.0
    h *= 0.5
    dh = np.abs(x)
    dh = np.less(dh, 1.0, out=dh)
    dh *= 0.5
    return h, dh


def hard_elish(x: Array) -> Array:
    r"""HardELiSH: :math:`g(x)\,\max(0, \min(1, (x+1)/2))`, g = x for x >= 0 and
    :math:`e^x - 1` below. Kinks at ±1 with the outer pieces' slopes (f'(−1) = 0, f'(1) = 1,
    PyTorch's hardtanh convention); C¹ at 0 (f'(0) = 1/2), f''(0) = 1 (x >= 0 branch)."""
    y = _g(x, np.empty_like(x))
    h = np.clip(x, -1.0, 1.0)
    h += 1.0
    h *= 0.5
    y *= h
    return y


def hard_elish_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    h, dh = _hard_gate(x)
    _g(x, y)
    xc = np.clip(x, -1.0, 1.0)
    gc = _g(xc, np.empty_like(x))  # g where h' != 0: finite
    gc *= dh
    np.clip(x, -INF, 0.0, out=d)
    np.exp(d, out=d)  # g'
    d *= h
    d += gc  # f' = g'h + g·h'
    y *= h
    return y, d


def hard_elish_d1(x: Array) -> Array:
    return hard_elish_fused(x)[1]


def hard_elish_d2(x: Array) -> Array:
    # f'' = g''h + 2g'h' (h'' = 0), g' = e^min(x, 0), g'' = e^x·[x < 0].
    h, dh = _hard_gate(x)
    ex = np.exp(np.minimum(x, 0.0))
    return ex * ((x < 0) * h + 2 * dh)


ELISH = ActivationSpec(
    name="elish",
    where=r"$\sigma$: the logistic sigmoid",
    family="relu",
    forward=elish,
    d1=elish_d1,
    fused=elish_fused,
    nan_safe=(0, 1),
    d2=elish_d2,
    formula=r"$x\,\sigma(x)$ if $x \geq 0$ else $(e^x - 1)\,\sigma(x)$",
    derivative_formula=r"$\sigma(x)(1 + x(1-\sigma(x)))$ if $x \geq 0$ else "
    r"$\sigma(x)(e^x + (e^x - 1)(1 - \sigma(x)))$",
    text="x * sigmoid(x) if x >= 0 else (exp(x) - 1) * sigmoid(x)",
    range=Interval(ELISH_MIN, INF, lo_closed=True),
    kinks=lambda p: (0.0,),
    kink_rule="C¹: f(0) = 0 and f'(0) = 0.5 from both sides; f'' jumps from 1 (left) to "
    "0.5 (right) at 0 and f''(0) = 0.5, the x >= 0 branch's value, as PyTorch 2.13's "
    "autograd gives for torch.where(x >= 0, x, torch.expm1(x)) * torch.sigmoid(x)",
    reference="Basirat & Roth, The quest for the golden activation function, 2018 "
    "(arXiv 1808.00783)",
    pros=(
        "Swish on the positive side, an ELU-like saturating negative side",
        "found by a genetic search over activation functions (Basirat & Roth)",
    ),
    cons=(
        "an exp and a sigmoid per element",
        "second derivative jumps at 0",
        "little use beyond its paper; in no framework",
    ),
    use="an experiment: a Swish variant with bounded negative outputs for image classifiers",
    frameworks=frameworks(),
    framework_notes="no framework ships it. The paper's definition is followed; some "
    "third-party packages print other formulas under the name (x·tanh-like or "
    "e^x − 1 without the sigmoid on the negative side)",
)

HARD_ELISH = ActivationSpec(
    name="hard_elish",
    family="relu",
    forward=hard_elish,
    d1=hard_elish_d1,
    fused=hard_elish_fused,
    nan_safe=(0, 1),
    d2=hard_elish_d2,
    formula=r"$g(x)\,\max(0, \min(1, \frac{x+1}{2}))$, $g = x$ if $x \geq 0$ else $e^x - 1$",
    derivative_formula=r"$g'(x)\,h(x) + g(x)\,\frac{1}{2}\mathbb{1}[|x| < 1]$, "
    r"$h = \max(0, \min(1, \frac{x+1}{2}))$",
    text="x * clip((x + 1) / 2, 0, 1) if x >= 0 else (exp(x) - 1) * clip((x + 1) / 2, 0, 1)",
    range=Interval(HARD_ELISH_MIN, INF, lo_closed=True),
    kinks=lambda p: (-1.0, 0.0, 1.0),
    kink_rule="f' jumps at −1 (from 0 to (e^-1 − 1)/2 ≈ −0.316) and at 1 (from 1.5 to 1); "
    "the outer pieces' values are used, as PyTorch 2.13's hardtanh gives for the gate "
    "F.hardtanh((x + 1)/2, 0, 1): f(−1) = 0, f'(−1) = 0, f''(−1) = 0 and f(1) = 1, "
    "f'(1) = 1, f''(1) = 0. At 0 f is C¹ (f'(0) = 0.5) and f'' jumps from 1.5 to 1, "
    "f''(0) = 1 (the x >= 0 branch, torch.where(x >= 0, ...))",
    reference="Basirat & Roth, The quest for the golden activation function, 2018 "
    "(arXiv 1808.00783)",
    pros=(
        "ELiSH with the sigmoid replaced by a hard sigmoid: cheaper, exactly 0 below −1",
        "linear (exactly x) from 1 on",
    ),
    cons=(
        "kinks at ±1; no gradient below −1, so units can die",
        "still one exp per negative input; in no framework",
    ),
    use="an experiment: a cheaper ELiSH for image classifiers",
    frameworks=frameworks(),
    framework_notes="no framework ships it; the paper's gate max(0, min(1, (x + 1)/2)) "
    "is the sparse_sigmoid here (JAX and Keras' hard_sigmoid is x/6 + 1/2 instead)",
)

SPECS = (ELISH, HARD_ELISH)
