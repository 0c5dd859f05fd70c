"""sin and cos written into given arrays (sinusoid and sinc use them).

NumPy's own sin/cos do the work: a hand-made reduction and polynomial would be faster for
long float64 arrays, but libm's accuracy is worth more here than its speed.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def sin_cos(
    x: Array,
    sin: Array | None = None,
    cos: Array | None = None,
    r: Array | None = None,
    z: Array | None = None,
) -> tuple[Array | None, Array | None]:
    """sin(x) into `sin` and cos(x) into `cos` (either may be None: not computed).

    ±inf gives nan, without a warning: sin and cos have no limit there. `r` and `z` are
    scratch arrays the caller may offer; they are not needed and left alone.
    """
    with np.errstate(invalid="ignore"):
        return (
            None if sin is None else np.sin(x, out=sin),
            None if cos is None else np.cos(x, out=cos),
        )
