from mpmath import mp


def _clip(x, lo, hi):
    return min(max(x, mp.mpf(lo)), mp.mpf(hi))


def _maxout(x, k=3, w1=-0.5, w2=0.25, w3=1.5, w4=3.0, b1=-1.5, b2=0.0, b3=-2.5, b4=-8.0):
    pieces = [(w1, b1), (w2, b2), (w3, b3), (w4, b4)][: int(k)]
    return max(mp.mpf(w) * x + mp.mpf(b) for w, b in pieces)


REFERENCES = {
    "hardswish": lambda x: x * _clip(x + 3, 0, 6) / 6,
    "hardsigmoid": lambda x: _clip(x + 3, 0, 6) / 6,
    "hardtanh": lambda x, min_val=-1.0, max_val=1.0: _clip(x, min_val, max_val),
    "sparse_sigmoid": lambda x: _clip(x + 1, 0, 2) / 2,
    "binary_step": lambda x: mp.mpf(1) if x >= 0 else mp.mpf(0),
    "threshold": lambda x, threshold=1.0, value=0.0: x if x > mp.mpf(threshold) else mp.mpf(value),
    "maxout": _maxout,
    "hard_mish": lambda x: x * _clip(x + 2, 0, 2) / 2,
}
