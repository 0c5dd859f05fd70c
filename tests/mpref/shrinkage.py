from mpmath import mp


def _softshrink(x, lambd):
    if x > lambd:
        return x - lambd
    if x < -lambd:
        return x + lambd
    return mp.mpf(0)


REFERENCES = {
    "tanhshrink": lambda x: x - mp.tanh(x),
    "softshrink": lambda x, lambd=0.5: _softshrink(x, mp.mpf(lambd)),
    "hardshrink": lambda x, lambd=0.5: x if abs(x) > mp.mpf(lambd) else mp.mpf(0),
}
