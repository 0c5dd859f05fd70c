"""Softmax family: the 1-D profile, one logit x with the other K−1 logits at 0."""

from mpmath import mp


def _softmax(x, temperature=1.0, k=3):
    a = mp.exp(x / mp.mpf(temperature))
    return a / (a + (k - 1))


def _log_softmax(x, temperature=1.0, k=3):
    u = x / mp.mpf(temperature)
    return u - mp.log(mp.exp(u) + (k - 1))


def _softmin(x, temperature=1.0, k=3):
    a = mp.exp(-x / mp.mpf(temperature))
    return a / (a + (k - 1))


def _sparsemax(x, k=3):
    """The projection of (x, 0, ..., 0) onto the simplex from the definition: try each
    support size j (the j largest logits), keep the one whose threshold τ leaves exactly
    those entries above it."""
    row = sorted([x] + [mp.mpf(0)] * (int(k) - 1), reverse=True)
    for j in range(len(row), 0, -1):
        tau = (sum(row[:j]) - 1) / j
        if row[j - 1] > tau:
            return max(x - tau, mp.mpf(0))
    raise AssertionError("the largest logit is always in the support")


REFERENCES = {
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "softmin": _softmin,
    "sparsemax": _sparsemax,
}
