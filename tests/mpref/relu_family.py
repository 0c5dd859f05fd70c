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
