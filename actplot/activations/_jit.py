"""When to use the compiled kernels of _kernels.py, and the calls that use them.

They run only if numba is installed (``pip install "actplot[fast]"``), ``ACTPLOT_JIT`` is not
``0``, and the input is a C-contiguous float array of at least MIN_SIZE elements: smaller
arrays (plots, tables, the CLI's grids) keep the NumPy forms, so they never pay numba's
import (0.4–0.7 s here) or a first compilation (0.6–2 s a function, then cached), and
their results do not depend on whether the extra is installed. Each function here returns
None when the kernel does not apply, and the caller goes on with NumPy.
"""

from __future__ import annotations

import importlib.util
import os
from types import ModuleType
from typing import NamedTuple

import numpy as np

from actplot.activations._blocks import pair

Array = np.ndarray

MIN_SIZE = 1 << 16
_state: dict[str, bool | None] = {"on": None}


def available() -> bool:
    """numba is installed and ACTPLOT_JIT is not 0 (decided once per process)."""
    if _state["on"] is None:
        off = os.environ.get("ACTPLOT_JIT", "").strip() == "0"
        _state["on"] = not off and importlib.util.find_spec("numba") is not None
    return bool(_state["on"])


def _kernels(x: Array, dtypes: tuple[type, ...]) -> ModuleType | None:
    """The kernels module if the kernels apply to `x`, else None."""
    if x.size < MIN_SIZE or x.dtype.type not in dtypes or not x.flags.c_contiguous:
        return None
    if not available():
        return None
    from actplot.activations import _kernels  # numba's import and the kernels' compile

    return _kernels


class Kernel(NamedTuple):
    forward: str  # the names in _kernels.py of f and of the fused (f, f′)
    fused: str
    dtypes: tuple[type, ...]
    constants: bool  # takes HARD_CONSTANTS in x's dtype as its last argument


BOTH = (np.float32, np.float64)
# elu, selu, celu: one kernel, given (s, α, β) by the caller (relu/elu.py)
EXP_LINEAR = Kernel("exp_linear_f32", "exp_linear_fused_f32", (np.float32,), constants=False)
KERNELS = {
    "gelu": Kernel("gelu_f32", "gelu_fused_f32", (np.float32,), constants=False),
    "hardsigmoid": Kernel("hardsigmoid", "hardsigmoid_fused", BOTH, constants=True),
    "hardswish": Kernel("hardswish", "hardswish_fused", BOTH, constants=True),
    "elu": EXP_LINEAR,
    "selu": EXP_LINEAR,
    "celu": EXP_LINEAR,
}


def _extra(module: ModuleType, kernel: Kernel, x: Array) -> tuple[Array, ...]:
    return (np.array(module.HARD_CONSTANTS, dtype=x.dtype),) if kernel.constants else ()


def forward(name: str, x: Array, *args: float) -> Array | None:
    """f(x) by the compiled kernel `name` (given `args` after x and the output), or None
    where it does not apply."""
    kernel = KERNELS[name]
    module = _kernels(x, kernel.dtypes)
    if module is None:
        return None
    out = np.empty_like(x)
    flat = (x.reshape(-1), out.reshape(-1))
    getattr(module, kernel.forward)(*flat, *args, *_extra(module, kernel, x))
    return out


def fused(name: str, x: Array, *args: float) -> tuple[Array, Array] | None:
    """(f(x), f′(x)) by the compiled kernel `name` (given `args` after x and the outputs), or
    None where it does not apply."""
    kernel = KERNELS[name]
    module = _kernels(x, kernel.dtypes)
    if module is None:
        return None
    f, d = pair(x)
    flat = (x.reshape(-1), f.reshape(-1), d.reshape(-1))
    getattr(module, kernel.fused)(*flat, *args, *_extra(module, kernel, x))
    return f, d
