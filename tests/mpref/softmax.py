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


REFERENCES = {"softmax": _softmax, "log_softmax": _log_softmax, "softmin": _softmin}
