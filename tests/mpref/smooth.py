from mpmath import mp


def _ncdf(x):
    """Φ(x). mpmath's erfc overflows a float beyond |x| ≈ 1e154; there the tail is
    φ(x)/|x| to a relative 1/x² < 1e-200."""
    if abs(x) < 1e100:
        return mp.ncdf(x)
    tail = mp.exp(-(x**2) / 2) / (abs(x) * mp.sqrt(2 * mp.pi))
    return 1 - tail if x > 0 else tail


def _gelu(x, approximate="none"):
    if approximate == "tanh":
        u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
        return x / 2 * (1 + mp.tanh(u))
    return x * _ncdf(x)


def _softplus(x, beta=1.0, threshold=20.0):
    beta = mp.mpf(beta)
    return x if beta * x > threshold else mp.log(1 + mp.exp(beta * x)) / beta


def _sparse_plus(x):
    if x <= -1:
        return mp.mpf(0)
    return x if x >= 1 else (x + 1) ** 2 / 4


REFERENCES = {
    "gelu": _gelu,
    "silu": lambda x, beta=1.0: x / (1 + mp.exp(-mp.mpf(beta) * x)),
    "mish": lambda x: x * mp.tanh(mp.log(1 + mp.exp(x))),
    "softplus": _softplus,
    "squareplus": lambda x, b=4.0: (x + mp.sqrt(x**2 + b)) / 2,
    "sparse_plus": _sparse_plus,
    "isrlu": lambda x, alpha=1.0: x if x >= 0 else x / mp.sqrt(1 + alpha * x**2),
    "bent_identity": lambda x: (mp.sqrt(x**2 + 1) - 1) / 2 + x,
}


# Round 16: GELU variants and self-gated activations (actplot/activations/smooth/
# gelu_variants.py, self_gated.py).


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _erf(x):
    """erf(x); beyond x = 1e100 its complement is below e^(−1e200): 1 at any precision."""
    return mp.mpf(1) if x > 1e100 else mp.erf(x)


def _golu(x):
    # Below x = −1e4 the gate e^(−e^(−x)) is below e^(−10^4342): 0 at any precision used
    # (and mpmath cannot hold its exponent for x = −1e300).
    return mp.mpf(0) * x if x < -1e4 else x * mp.exp(-mp.exp(-x))


def _tanhexp(x):
    # Above x = 1e4, 1 − tanh(e^x) is below e^(−10^4342): tanh(e^x) = 1 at any precision.
    return x if x > 1e4 else x * mp.tanh(mp.exp(x))


REFERENCES.update(
    {
        "quick_gelu": lambda x: x / (1 + mp.exp(-mp.mpf("1.702") * x)),
        "gelu_10": lambda x: min(max(x * _ncdf(x), mp.mpf(-10)), mp.mpf(10)),
        "golu": _golu,
        "serf": lambda x: x * _erf(mp.log(1 + mp.exp(x))),
        "smish": lambda x: x * mp.tanh(mp.log(1 + _sig(x))),
        "tanhexp": _tanhexp,
    }
)
