from mpmath import mp


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _laplace(x, mu=0.707107, sigma=0.282095):
    """½(1 + erf((x − μ)/(σ√2))) as ½·erfc(−u) (1 + erf(u) cancels for u ≪ 0 even at 50
    digits); beyond |u| = 1e100 mpmath's erfc leaves the float range and the value is 0 or 1
    to far below a float's precision, bar the lower tail's e^(−u²)/(|u|√π)."""
    u = (x - mp.mpf(mu)) / (mp.mpf(sigma) * mp.sqrt(2))
    if abs(u) < 1e100:
        return mp.erfc(-u) / 2
    return mp.mpf(1) if u > 0 else mp.exp(-(u**2)) / (2 * abs(u) * mp.sqrt(mp.pi))


def _laplace_d1(x, mu=0.707107, sigma=0.282095):
    """The normal density of (x − μ)/σ, over σ."""
    z = (x - mp.mpf(mu)) / mp.mpf(sigma)
    return mp.exp(-(z**2) / 2) / (mp.mpf(sigma) * mp.sqrt(2 * mp.pi))


def _laplace_d2(x, mu=0.707107, sigma=0.282095):
    return -(x - mp.mpf(mu)) / mp.mpf(sigma) ** 2 * _laplace_d1(x, mu, sigma)


# Closed-form derivatives from the textbook: numerical differentiation of erfc at the
# 1200+ bits an underflowing result asks for takes about a second per point.
_laplace.derivatives = (_laplace_d1, _laplace_d2)

REFERENCES = {
    "sigmoid": _sigmoid,
    "tanh": lambda x: mp.tanh(x),
    # −log(1 + e^(−x)); log1p because 1 + e^(−700) would round to 1 even at 50 digits.
    "logsigmoid": lambda x: -mp.log1p(mp.exp(-x)),
    "softsign": lambda x: x / (1 + abs(x)),
    "arctan": lambda x: mp.atan(x),
    "isru": lambda x, alpha=1.0: x / mp.sqrt(1 + mp.mpf(alpha) * x**2),
    "laplace": _laplace,
    "dyt": lambda x, alpha=0.5, gamma=1.0, beta=0.0: (
        mp.mpf(gamma) * mp.tanh(mp.mpf(alpha) * x) + mp.mpf(beta)
    ),
}
