from mpmath import mp


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


REFERENCES = {
    "sigmoid": _sigmoid,
    "tanh": lambda x: mp.tanh(x),
    # −log(1 + e^(−x)); log1p because 1 + e^(−700) would round to 1 even at 50 digits.
    "logsigmoid": lambda x: -mp.log1p(mp.exp(-x)),
    "softsign": lambda x: x / (1 + abs(x)),
    "arctan": lambda x: mp.atan(x),
    "isru": lambda x, alpha=1.0: x / mp.sqrt(1 + mp.mpf(alpha) * x**2),
}
