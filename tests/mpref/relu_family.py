from mpmath import mp

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _leaky(x, s):
    return x if x > 0 else s * x


def _elu(x, alpha):
    return x if x > 0 else alpha * (mp.exp(x) - 1)


REFERENCES = {
    "relu": lambda x: max(mp.mpf(0), x),
    "leaky_relu": lambda x, negative_slope=0.01: _leaky(x, mp.mpf(negative_slope)),
    "prelu": lambda x, weight=0.25: _leaky(x, mp.mpf(weight)),
    "rrelu": lambda x, lower=1 / 8, upper=1 / 3: _leaky(x, (mp.mpf(lower) + mp.mpf(upper)) / 2),
    "relu6": lambda x: min(max(mp.mpf(0), x), mp.mpf(6)),
    "leaky_relu6": lambda x, negative_slope=0.01: min(_leaky(x, mp.mpf(negative_slope)), 6),
    "elu": lambda x, alpha=1.0: _elu(x, mp.mpf(alpha)),
    "celu": lambda x, alpha=1.0: x if x > 0 else alpha * (mp.exp(x / alpha) - 1),
    "selu": lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
}


# Round 16: the rectifiers of recent models (actplot/activations/relu/modern.py, elish.py).


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _xielu(x, alpha_p=0.8, alpha_n=0.8, beta=0.5, eps=-1e-6):
    """Hugging Face's XIELUActivation with the effective α_p, α_n (softplus already applied)."""
    ap, an, b, e = (mp.mpf(v) for v in (alpha_p, alpha_n, beta, eps))
    if x > 0:
        return ap * x * x + b * x
    return (mp.expm1(min(x, e)) - x) * an + b * x


def _elu1(x):
    return x if x >= 0 else mp.exp(x) - 1


REFERENCES.update(
    {
        "relu2": lambda x: max(mp.mpf(0), x) ** 2,
        "star_relu": lambda x, scale=0.8944, bias=-0.4472: (
            mp.mpf(scale) * max(mp.mpf(0), x) ** 2 + mp.mpf(bias)
        ),
        "trelu": lambda x, theta=1.0: x if x > theta else mp.mpf(0),
        "xielu": _xielu,
        "elish": lambda x: _elu1(x) * _sig(x),
        "hard_elish": lambda x: _elu1(x) * min(mp.mpf(1), max(mp.mpf(0), (x + 1) / 2)),
    }
)
