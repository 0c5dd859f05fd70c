"""Independent high-precision references: one mpmath function per activation.

Each family file defines ``REFERENCES = {name: f}`` with ``f(x: mpf, **params) -> mpf``,
written from the textbook formula (no stability tricks: 50 digits make them unnecessary).
For vector activations the reference is the 1-D profile: one logit x, the other K−1 at 0.
A reference may carry ``f.derivatives = (d1, d2)``, closed forms of its derivatives from the
textbook, which the tests then use instead of differentiating f numerically.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import mpmath

mpmath.mp.dps = 50  # the default; tests raise it where a tail needs more

REFERENCES: dict[str, Callable[..., mpmath.mpf]] = {}
for _info in pkgutil.iter_modules(__path__):
    REFERENCES.update(importlib.import_module(f"{__name__}.{_info.name}").REFERENCES)
