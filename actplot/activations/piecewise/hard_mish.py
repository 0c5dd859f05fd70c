"""Hard Mish: mish's piecewise-quadratic stand-in, ½x·clip(x + 2, 0, 2): 0 up to −2, the
parabola x(x + 2)/2 on [−2, 0] (minimum −1/2 at x = −1), x from 0 on. Continuous, C¹ at 0
(slope 1 from both sides), a kink at −2 (slope 0 on the left, −1 on the right)."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, Array, frameworks, pair, times_mask
from actplot.model import ActivationSpec, Interval


def _half_gate(x: Array, out: Array) -> Array:
    """½·clip(x + 2, 0, 2) into `out`: exactly 0 from −2 down and 1 from 0 up; x + 2 is exact
    near −2, so the parabola keeps full relative accuracy."""
    np.add(x, 2.0, out=out)
    np.clip(out, 0.0, 2.0, out=out)
    out *= 0.5
    return out


def hard_mish(x: Array) -> Array:
    r"""Hard Mish :math:`\tfrac12\,x\,\mathrm{clip}(x+2, 0, 2)`."""
    return times_mask(_half_gate(x, np.empty_like(x)), x, 0.0)


def _slope(x: Array, out: Array) -> Array:
    """f' = clip(x, −2, 0) + 1 on [−2, ∞), 0 below: x + 1 on [−2, 0] (f'(−2) = −1, the
    right-hand value), 1 above; nan stays nan (nan·0 is nan)."""
    np.clip(x, -2.0, 0.0, out=out)
    out += 1.0
    out *= x >= -2.0
    out += 0.0  # −1·0 is −0 below −2: make it 0
    return out


def hard_mish_d1(x: Array) -> Array:
    return _slope(x, np.empty_like(x))


def hard_mish_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    _slope(x, d)
    return times_mask(_half_gate(x, y), x, 0.0), d


def hard_mish_d2(x: Array) -> Array:
    """f'' = 1 on the closed [−2, 0], else 0 (nan: 0, restored by the caller)."""
    out = np.greater_equal(x, -2.0, out=np.empty_like(x))
    out *= x <= 0.0
    return out


HARD_MISH = ActivationSpec(
    name="hard_mish",
    family="piecewise",
    forward=hard_mish,
    d1=hard_mish_d1,
    fused=hard_mish_fused,
    nan_safe=(0, 1),
    d2=hard_mish_d2,
    formula=r"$\frac{x}{2}\,\min(\max(x+2,\ 0),\ 2)$",
    derivative_formula=r"$0$ if $x<-2$, $x+1$ if $-2\leq x\leq 0$, else $1$",
    text="0.5 * x * clip(x + 2, 0, 2): 0 for x <= -2, x * (x + 2) / 2 up to 0, then x",
    range=Interval(-0.5, INF, lo_closed=True),
    kinks=lambda p: (-2.0, 0.0),
    kink_rule="f(−2) = 0, f'(−2) = −1 and f''(−2) = 1 (the right-hand values); f(0) = 0, "
    "f'(0) = 1 from both sides and f''(0) = 1 (the left-hand value): the derivatives of "
    "x(x + 2)/2 on the closed [−2, 0], as PyTorch's autograd of 0.5*x*clamp(x + 2, 0, 2) "
    "(clamp passes the gradient at its bounds) and timm's hand-written backward give",
    reference="Misra, H-Mish (github.com/digantamisra98/H-Mish, 2020), after the hard "
    "swish of Howard et al., Searching for MobileNetV3, ICCV 2019; in timm as hard_mish",
    pros=(
        "mish's shape (a small negative dip, then about x) from a clip and two products",
        "exactly 0 below −2 and exactly x above 0: no exponentials",
    ),
    cons=(
        "a kink at −2 where the slope jumps from 0 to −1",
        "f'' jumps at −2 and 0: only C¹ at 0, and not smooth anywhere near the dip",
    ),
    use="mobile and edge CNNs that want mish's behaviour at hardswish's cost (timm's 'hard_mish')",
    aliases=("hardmish", "h_mish"),
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; timm's hard_mish and HardMish "
    "compute 0.5 * x * (x + 2).clamp(0, 2) (its memory-efficient HardMishMe has the same "
    "gradient, x + 1 on [−2, 0])",
)

SPECS = (HARD_MISH,)
