"""Fit the two rational functions the compiled float32 GELU kernel uses for the normal tail,
and print the polynomials of the kernels' e^r and expm1(r) (activations/_kernels.py).

    R(a) = Φ(−a)·e^(a²/2) ≈ P(u)/Q(u),  u = a/15,  a in [0, 15],  deg P = 5, deg Q = 6, Q(0) = 1

(R is the Mills ratio over √(2π): R(0) = 1/2, R(a) ~ 1/(a√(2π)) as a grows, so Q has the
higher degree), and for the derivative, whose negative side is
w = Φ(−a) − a·φ(a) = e^(−a²/2)·(R(a) − a/√(2π)) with a root at a0 ≈ 0.7518,

    T(a) = (R(a) − a/√(2π)) / (a0 − a) ≈ P(u)/Q(u),  deg P = deg Q = 6

so that the kernel computes w = e^(−a²/2)·(a0 − a)·T(a) with a0 − a exact near the root (a0
held as two floats): relative accuracy right through the sign change, where R(a) − a/√(2π)
would cancel. T(a0) = −(R − a/√(2π))′ at a0 > 0, and T → 1/√(2π) as a grows.

Each fit minimises the relative error at 4000 Chebyshev points against mpmath at 50 digits:
rounds of linearised least squares (P − r·Q = 0, weighted by 1/(r·Q) of the round before)
with Lawson's reweighting towards the minimax error; the best round is kept. Beyond a = 15
the float32 GELU is 0 or x (15·Φ(−15) < 1e-48), so the kernel caps a there.

    python tools/fit_gelu_tail.py      # prints the coefficients and the largest relative error

The coefficients are pasted into actplot/activations/_kernels.py; tests/test_jit.py checks the
kernel, and tools/check_float32.py checks it over every float32 input.
"""

from __future__ import annotations

import mpmath
import numpy as np

mpmath.mp.dps = 50
A_MAX = 15.0


def _mills(a: mpmath.mpf) -> mpmath.mpf:
    return mpmath.erfc(a / mpmath.sqrt(2)) / 2 * mpmath.exp(a * a / 2)


def mills(a: float) -> float:
    """R(a) = Φ(−a)·e^(a²/2) to float64, from mpmath."""
    return float(_mills(mpmath.mpf(a)))


ROOT = mpmath.findroot(lambda a: _mills(a) - a / mpmath.sqrt(2 * mpmath.pi), 0.75)


def slope_ratio(a: float) -> float:
    """T(a) = (R(a) − a/√(2π))/(a0 − a) to float64, from mpmath."""
    m = mpmath.mpf(a)
    if abs(m - ROOT) < mpmath.mpf(10) ** -20:
        m = ROOT + mpmath.mpf(10) ** -20  # the removable singularity, to 1e-20
    return float((_mills(m) - m / mpmath.sqrt(2 * mpmath.pi)) / (ROOT - m))


def fit(
    u: np.ndarray, r: np.ndarray, deg_p: int, deg_q: int, rounds: int = 60
) -> tuple[np.ndarray, np.ndarray, float]:
    """P, Q (Q(0) = 1) minimising max |P/Q / r − 1| over the points u."""
    powers_p = u[:, None] ** np.arange(deg_p + 1)
    powers_q = r[:, None] * u[:, None] ** np.arange(1, deg_q + 1)
    system = np.hstack([powers_p, -powers_q])
    scale = 1.0 / r  # the first round: P − R·Q relative to R (Q ≈ 1)
    lawson = np.ones_like(u)
    best: tuple[np.ndarray, np.ndarray, float] | None = None
    for _ in range(rounds):
        w = scale * np.sqrt(lawson)
        c, *_ = np.linalg.lstsq(system * w[:, None], r * w, rcond=None)
        p, q = c[: deg_p + 1], np.concatenate([[1.0], c[deg_p + 1 :]])
        qu = np.polynomial.polynomial.polyval(u, q)
        err = np.polynomial.polynomial.polyval(u, p) / qu / r - 1
        worst = float(np.abs(err).max())
        if best is None or worst < best[2]:
            best = (p, q, worst)
        scale = 1.0 / np.abs(r * qu)
        lawson *= np.abs(err) / np.abs(err).max() + 1e-12
        lawson /= lawson.sum()
    assert best is not None
    return best


def report(name: str, fn: object, deg_p: int, deg_q: int) -> None:
    n = 4000
    u = (1 - np.cos(np.linspace(0.0, np.pi, n))) / 2
    r = np.array([fn(v) for v in u * A_MAX])  # type: ignore[operator]
    p, q, worst = fit(u, r, deg_p, deg_q)
    uf = np.linspace(0.0, 1.0, 20001)  # a finer grid than the fit's
    rf = np.array([fn(v) for v in uf * A_MAX])  # type: ignore[operator]
    approx = np.polynomial.polynomial.polyval(uf, p) / np.polynomial.polynomial.polyval(uf, q)
    print(f"{name}: P =", ", ".join(repr(float(c)) for c in p))
    print(f"{name}: Q =", ", ".join(repr(float(c)) for c in q))
    print(
        f"{name}: largest relative error {worst:.3g} at the fit's points, "
        f"{np.abs(approx / rf - 1).max():.3g} on a grid of 20001"
    )


def _expm1_over_r(r: np.ndarray) -> np.ndarray:
    return np.array(
        [float(mpmath.expm1(mpmath.mpf(v)) / mpmath.mpf(v)) if v else 1.0 for v in np.atleast_1d(r)]
    )


def polynomial(label: str, fn: object, exact: object, times_r: bool, degree: int = 7) -> None:
    """A kernel polynomial on |r| <= ln 2 / 2: the Chebyshev interpolant (near-minimax) of
    `fn`, and its largest relative error against mpmath's `exact` (times r if `times_r`)."""
    half = float(mpmath.log(2) / 2)
    cheb = np.polynomial.chebyshev.Chebyshev.interpolate(fn, degree, domain=[-half, half])
    coef = cheb.convert(kind=np.polynomial.Polynomial).coef
    r = np.linspace(-half, half, 20001)
    want = np.array([float(exact(mpmath.mpf(v))) for v in r])  # type: ignore[operator]
    got = np.polynomial.polynomial.polyval(r, coef) * (r if times_r else 1.0)
    nonzero = want != 0
    err = np.abs(got[nonzero] / want[nonzero] - 1).max()
    print(f"{label}: c =", ", ".join(repr(float(c)) for c in coef))
    print(f"{label}: largest relative error {err:.3g} on a grid of 20001")


def main() -> None:
    polynomial("exp", np.exp, mpmath.exp, times_r=False)  # e^r
    polynomial("expm1", _expm1_over_r, mpmath.expm1, times_r=True)  # expm1(r) = r·P(r)
    hi = float(ROOT)
    print(f"a0 = {hi!r} + {float(ROOT - hi)!r}")
    report("R", mills, 5, 6)
    report("T", slope_ratio, 6, 6)


if __name__ == "__main__":
    main()
