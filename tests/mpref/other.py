from mpmath import mp

REFERENCES = {
    "identity": lambda x: mp.mpf(x),
    "gaussian": lambda x: mp.exp(-(x**2)),
    "sinusoid": lambda x, omega0=1.0: mp.sin(mp.mpf(omega0) * x),
    "sinc": lambda x: mp.sin(x) / x if x != 0 else mp.mpf(1),
    "exponential": lambda x: mp.exp(x),
    "snake": lambda x, alpha=1.0: x + mp.sin(mp.mpf(alpha) * x) ** 2 / mp.mpf(alpha),
    "snake_beta": lambda x, alpha=1.0, beta=1.0: x + mp.sin(mp.mpf(alpha) * x) ** 2 / mp.mpf(beta),
    "lisht": lambda x: x * mp.tanh(x),
    "logcosh": lambda x: mp.log(mp.cosh(x)),
}
