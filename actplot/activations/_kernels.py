"""Compiled one-pass kernels (numba) for the functions NumPy can only do in several passes.

Imported only through _jit.py, which calls them for large inputs when numba is installed
(the ``fast`` extra). Each kernel writes `out` in one loop that LLVM vectorises:

- hardsigmoid and hardswish, f and (f, f′), float32 and float64: the same operations in the
  same order and precision as the NumPy forms in piecewise/hard.py, so the same bits;
- GELU, elu, selu and celu in float32, f and (f, f′): computed in float64 and rounded once,
  so within 1 ulp of the float64 reference rounded to float32 (tools/check_float32.py checks
  all 2³² inputs).

Why by hand: numba's ``math.exp`` and ``math.erfc`` call libm once per element (the pip
wheels have no vector math library), 18–19 ns an element for GELU, as slow as SciPy's ndtr.
So the GELU kernel carries its own e^t (t ≤ 0: Cody–Waite reduction t = k·ln 2 + r with
|r| ≤ ln 2 / 2, e^r by a polynomial of degree 7, relative error 5.5e-11, and 2^k written
into the exponent bits) and the normal tail as a rational function,

    Φ(−a) = e^(−a²/2)·R(a),  R(a) ≈ P(u)/Q(u),  u = a/15,  a = min(|x|, 15)

(R fitted by tools/fit_gelu_tail.py, relative error 3.2e-9, 0.05 float32 ulp). Then, as in
smooth/_gelu.py, f = max(x, 0) − a·Φ(−a) and f′ = w for x ≤ 0, 1 − w for x > 0, with
w = Φ(−a) − a·φ(a) = e^(−a²/2)·(R(a) − a/√(2π)). That difference passes through 0 at
a0 ≈ 0.7518 and would cancel there, so w is computed as e^(−a²/2)·(a0 − a)·T(a), T a second
rational fit (relative error 1.7e-9). Beyond a = 15 the float32 result is 0 or x
(15·Φ(−15) < 1e-48), so a is capped there and e^t never leaves the normal floats.

``error_model="numpy"``: float division by zero is IEEE (no Python exception), which lets
LLVM vectorise. GELU also allows FMA contraction (it only makes its float64 arithmetic more
accurate); the hard kernels do not, so that they round as NumPy does.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numba import types
from numba.extending import intrinsic

Array = np.ndarray


def _probe() -> None:
    """Decorated once to learn whether numba can cache this file's kernels."""


def _can_cache() -> bool:
    """True if numba finds a writable cache for this file (its __pycache__, else the user's
    cache folder): compiled kernels are then loaded from disk by later processes. In a
    read-only install with no writable home numba refuses ``cache=True`` outright, so the
    kernels are compiled in each process instead."""
    try:
        numba.njit(cache=True)(_probe)
    except RuntimeError:
        return False
    return True


EXACT = {"error_model": "numpy", "nogil": True, "cache": _can_cache()}
CONTRACT = {**EXACT, "fastmath": {"contract"}}

A_MAX = 15.0
LOG2E = 1.4426950408889634
LN2_HI = 6.93147180369123816490e-01  # ln 2 = LN2_HI + LN2_LO; k·LN2_HI is exact for |k| < 2^20
LN2_LO = 1.90821492927058770002e-10
SHIFTER = 6755399441055744.0  # 1.5·2^52: adding it rounds to an integer held in the low bits


def _bitcast(source: Any, target: Any) -> Any:
    """An intrinsic that reinterprets a `source` value's 64 bits as `target` (no scalar
    ``view`` exists in numba)."""

    def cast(typingctx: Any, value: Any) -> Any:
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            return builder.bitcast(args[0], context.get_value_type(target))

        return target(source), codegen

    cast.__name__ = f"bitcast_{source}_to_{target}"
    return intrinsic(cast)


_bits_as_float = _bitcast(types.int64, types.float64)
_float_as_bits = _bitcast(types.float64, types.int64)


# The fitted coefficients, lowest degree first, as tools/fit_gelu_tail.py prints them.
EXP_C = (  # e^r on |r| <= ln 2 / 2: the Chebyshev interpolant of degree 7
    0.9999999999595622, 0.9999999999955115, 0.5000000107728609, 0.16666666786284107,
    0.04166621832050494, 0.008333283543210104, 0.0013948578260264976, 0.00019907567086439802,
)  # fmt: skip
R_P = (  # R(a) = Φ(−a)·e^(a²/2) ≈ R_P(u)/R_Q(u), u = a/15
    0.5000000015889418, 6.16655165272812, 36.298749233029525, 108.77758388347014,
    125.19384533382383, -95.84049554540347,
)  # fmt: skip
R_Q = (
    1.0, 24.301375258281418, 250.9422460670068, 1384.65940873845, 4074.9469838085893,
    4706.687558503367, -3603.423904411994,
)  # fmt: skip
T_P = (  # T(a) = (R(a) − a/√(2π))/(a0 − a) ≈ T_P(u)/T_Q(u)
    0.6650779940475093, 10.423095984361009, 72.03833403590035, 240.10635216772255,
    290.2335693126921, -193.56090519691776, 60.34296220001181,
)  # fmt: skip
T_Q = (
    1.0, 19.656185707472854, 153.6240685351138, 563.37338332397, 752.3485816962848,
    -492.68957778887955, 151.24008093441054,
)  # fmt: skip
A0_HI = 0.7517915246935645  # a0 = A0_HI + A0_LO: R(a0) = a0/√(2π), the root of f′ at −a0
A0_LO = -1.4956759177009883e-17


@numba.njit(inline="always", **CONTRACT)
def _horner(u: float, c: tuple[float, ...]) -> float:
    """c[0] + c[1]·u + ... (LLVM unrolls the loop: the length is a constant)."""
    p = c[len(c) - 1]
    for k in range(len(c) - 2, -1, -1):
        p = p * u + c[k]
    return p


@numba.njit(inline="always", **CONTRACT)
def _reduce(t: float) -> tuple[float, float]:
    """(r, 2^k) with t = k·ln 2 + r, |r| <= ln 2 / 2, for −1000 < t <= 0 (nan: r = nan)."""
    kd = t * LOG2E + SHIFTER
    k = kd - SHIFTER  # round(t / ln 2), as a float
    r = (t - k * LN2_HI) - k * LN2_LO
    return r, _bits_as_float((_float_as_bits(kd) - _float_as_bits(SHIFTER) + 1023) << 52)


@numba.njit(inline="always", **CONTRACT)
def _exp_nonpositive(t: float) -> float:
    """e^t for −1000 < t <= 0 (nan: nan), relative error < 1e-10."""
    r, two_k = _reduce(t)
    return _horner(r, EXP_C) * two_k


@numba.njit(inline="always", **CONTRACT)
def _tail_ratio(a: float) -> float:
    """R(a) = Φ(−a)·e^(a²/2) on [0, 15]."""
    u = a * (1.0 / A_MAX)
    return _horner(u, R_P) / _horner(u, R_Q)


@numba.njit(inline="always", **CONTRACT)
def _slope_ratio(a: float) -> float:
    """T(a) = (R(a) − a/√(2π))/(a0 − a) on [0, 15]."""
    u = a * (1.0 / A_MAX)
    return _horner(u, T_P) / _horner(u, T_Q)


@numba.njit(inline="always", **CONTRACT)
def _gelu_parts(xi: float) -> tuple[float, float, float]:
    """(a, e^(−a²/2), R(a)) with a = min(|x|, 15); nan stays nan, and so do the results."""
    a = abs(xi)
    a = A_MAX if a >= A_MAX else a
    return a, _exp_nonpositive(-0.5 * a * a), _tail_ratio(a)


@numba.njit(**CONTRACT)
def gelu_f32(x: Array, out: Array) -> Array:
    for i in range(x.size):
        xi = np.float64(x[i])
        a, e, r = _gelu_parts(xi)
        out[i] = np.float32((xi if xi >= 0.0 else 0.0) - a * (e * r))  # −0 for −0
    return out


@numba.njit(**CONTRACT)
def gelu_fused_f32(x: Array, f_out: Array, d_out: Array) -> None:
    for i in range(x.size):
        xi = np.float64(x[i])
        a, e, r = _gelu_parts(xi)
        f = (xi if xi >= 0.0 else 0.0) - a * (e * r)
        # w = Φ(−a) − a·φ(a), f′ for x <= 0, as e·(a0 − a)·T(a): A0_HI − a is exact near
        # the root (Sterbenz), so w keeps its relative accuracy through the sign change
        w = e * (((A0_HI - a) + A0_LO) * _slope_ratio(a))
        d = 1.0 - w if xi > 0.0 else w
        f_out[i] = np.float32(f)
        d_out[i] = np.float32(d)


# The exponential-linear units (elu, selu, celu) in float32, in float64 arithmetic rounded
# once: f = s·x for x >= 0, s·α·expm1(x/β) below; f′ = s for x > 0, s·(α/β)·e^(x/β) for
# x <= 0 (the left value at 0, as PyTorch). elu: s = 1, β = 1; selu: Klambauer's s and α,
# β = 1; celu: s = 1, β = α. expm1(t) = 2^k·expm1(r) + (2^k − 1) after the same reduction as
# e^t, with expm1(r) = r·P(r) (tools/fit_gelu_tail.py, relative error 5.1e-12), so that it
# keeps its relative accuracy for small |t| and its sign at −0; and e^t = 2^k·expm1(r) + 2^k.
EXPM1_C = (  # expm1(r)/r on |r| <= ln 2 / 2: the Chebyshev interpolant of degree 7
    0.9999999999955093, 0.4999999999995516, 0.16666666786303375, 0.04166666678623017,
    0.008333283539772456, 0.001388883911644585, 0.000199075687478496, 2.4867867340637677e-05,
)  # fmt: skip
T_MIN = -700.0  # below, expm1(t) is −1 and e^t < 1e-304 (0 in float32): t is capped there


@numba.njit(inline="always", **CONTRACT)
def _expm1_and_exp(t: float) -> tuple[float, float]:
    """(expm1(t), e^t) for t <= 0 (nan: nan)."""
    r, two_k = _reduce(T_MIN if t < T_MIN else t)
    m = r * _horner(r, EXPM1_C)
    return two_k * m + (two_k - 1.0), two_k * m + two_k


@numba.njit(**CONTRACT)
def exp_linear_f32(x: Array, out: Array, s: float, alpha: float, beta: float) -> Array:
    sa = s * alpha
    for i in range(x.size):
        xi = np.float64(x[i])
        em1, _ = _expm1_and_exp((0.0 if xi >= 0.0 else xi) / beta)  # nan stays nan
        out[i] = np.float32(s * xi if xi >= 0.0 else sa * em1)  # −0 for −0
    return out


@numba.njit(**CONTRACT)
def exp_linear_fused_f32(
    x: Array, f_out: Array, d_out: Array, s: float, alpha: float, beta: float
) -> None:
    sa = s * alpha
    slope = sa / beta
    for i in range(x.size):
        xi = np.float64(x[i])
        em1, e = _expm1_and_exp((0.0 if xi >= 0.0 else xi) / beta)
        f_out[i] = np.float32(s * xi if xi >= 0.0 else sa * em1)
        d_out[i] = np.float32(s if xi > 0.0 else slope * e)


# The hard kernels read their constants from `c`, an array in x's dtype (HARD_CONSTANTS in
# that order), so that float32 inputs are computed in float32: a Python float literal would
# promote them to float64 and round differently from NumPy. They are read into locals before
# the loop: read from `c` inside it, LLVM must assume a store to the output may change them
# and does not vectorise (4-15x slower).
HARD_CONSTANTS = (1 / 6, 0.5, 0.0, 1.0, 3.0, 1 / 3, 1.5, -np.inf)


@numba.njit(inline="always", **EXACT)
def _hardsigmoid_at(xi: Any, sixth: Any, half: Any, zero: Any, one: Any) -> Any:
    """clip(x·(1/6) + 1/2, 0, 1), nan kept (as np.clip)."""
    h = xi * sixth + half
    h = zero if h < zero else h
    return one if h > one else h


@numba.njit(**EXACT)
def hardsigmoid(x: Array, out: Array, c: Array) -> Array:
    sixth, half, zero, one = c[0], c[1], c[2], c[3]
    for i in range(x.size):
        out[i] = _hardsigmoid_at(x[i], sixth, half, zero, one)
    return out


@numba.njit(**EXACT)
def hardsigmoid_fused(x: Array, f_out: Array, d_out: Array, c: Array) -> None:
    sixth, half, zero, one, three = c[0], c[1], c[2], c[3], c[4]
    for i in range(x.size):
        xi = x[i]
        f_out[i] = _hardsigmoid_at(xi, sixth, half, zero, one)
        d_out[i] = sixth if abs(xi) < three else zero  # 1/6 on (−3, 3), else 0 (nan: 0)


@numba.njit(**EXACT)
def hardswish(x: Array, out: Array, c: Array) -> Array:
    sixth, half, zero, one, neg_inf = c[0], c[1], c[2], c[3], c[7]
    for i in range(x.size):
        xi = x[i]
        y = _hardsigmoid_at(xi, sixth, half, zero, one) * xi
        out[i] = zero if xi == neg_inf else y  # 0, not 0·(−inf)
    return out


@numba.njit(**EXACT)
def hardswish_fused(x: Array, f_out: Array, d_out: Array, c: Array) -> None:
    sixth, half, zero, one, three, third, three_halves, neg_inf = (
        c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
    )  # fmt: skip
    for i in range(x.size):
        xi = x[i]
        y = _hardsigmoid_at(xi, sixth, half, zero, one) * xi
        f_out[i] = zero if xi == neg_inf else y
        # (clip(x, −3, 3) + 1.5)·(1/3) inside (−3, 3) and at nan (nan), 0 from −3 down, 1
        # from 3 up
        k = -three if xi < -three else (three if xi > three else xi)
        s = (k + three_halves) * third
        d = zero if abs(xi) >= three else s
        d_out[i] = one if xi >= three else d
