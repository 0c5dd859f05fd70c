"""scipy.special, imported on first use so that metadata-only paths (``--help``, ``list``,
a cached ``table``) never pay its import time. The logistic functions are not here: SciPy
loops over them per element, _logistic.py has vectorised forms."""

from __future__ import annotations

from typing import Any

import numpy as np

_special: Any = None


def sp() -> Any:
    """The scipy.special module, imported on the first call."""
    global _special
    if _special is None:
        import scipy.special

        _special = scipy.special
    return _special


def erf(x: np.ndarray) -> np.ndarray:
    return sp().erf(x)


def erfc(x: np.ndarray) -> np.ndarray:
    return sp().erfc(x)


def ndtr(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The standard normal CDF Φ(x), accurate in both tails."""
    return sp().ndtr(x, out=out)


def log_ndtr(x: np.ndarray) -> np.ndarray:
    return sp().log_ndtr(x)
