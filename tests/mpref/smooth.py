from mpmath import mp


def _gelu(x, approximate="none"):
    if approximate == "tanh":
        u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
        return x / 2 * (1 + mp.tanh(u))
    return x * mp.ncdf(x)


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
