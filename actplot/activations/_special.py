"""scipy.special, imported on first use so that metadata-only paths (``--help``, ``list``,
a cached ``table``) never pay its import time."""

from __future__ import annotations

from typing import Any

import numpy as np

_special: Any = None


def _sp() -> Any:
    global _special
    if _special is None:
        import scipy.special

        _special = scipy.special
    return _special


def expit(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The logistic sigmoid 1/(1+e^(−x)), stable for every x."""
    return _sp().expit(x, out=out)


def log_expit(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """log σ(x) without cancellation or overflow."""
    return _sp().log_expit(x, out=out)


def erf(x: np.ndarray) -> np.ndarray:
    return _sp().erf(x)


def erfc(x: np.ndarray) -> np.ndarray:
    return _sp().erfc(x)


def ndtr(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The standard normal CDF Φ(x), accurate in both tails."""
    return _sp().ndtr(x, out=out)


def log_ndtr(x: np.ndarray) -> np.ndarray:
    return _sp().log_ndtr(x)
