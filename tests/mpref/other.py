from mpmath import mp

REFERENCES = {
    "identity": lambda x: mp.mpf(x),
    "gaussian": lambda x: mp.exp(-(x**2)),
    "sinusoid": lambda x: mp.sin(x),
    "sinc": lambda x: mp.sin(x) / x if x != 0 else mp.mpf(1),
    "exponential": lambda x: mp.exp(x),
}
