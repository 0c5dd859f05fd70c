"""The built-in activations: pure data, one folder per family, named by the family id that
``actplot list`` shows. Each folder's ``SPECS`` lists its activations in order; :func:`builtin` is
all of them, and the registry (:mod:`actplot.registry`) is built from it. Importing this
package registers nothing: it only defines.

Where is mish? In ``activations/smooth/softplus_mish.py``: the family folder, then the module
named for what it holds. Shared NumPy building blocks are in ``_blocks.py``; scipy's special
functions, imported on first use, in ``_special.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actplot.model import ActivationSpec, GatedSpec

# The family ids, in the order `actplot list` and the gallery show them, with their titles.
FAMILIES: dict[str, str] = {
    "relu": "ReLU family",
    "sigmoid": "sigmoid/tanh family",
    "smooth": "smooth ReLU-like",
    "piecewise": "hard/piecewise",
    "shrinkage": "shrinkage",
    "softmax": "softmax family",
    "other": "other shapes",
    "gated": "gated units (two inputs)",
}


def builtin() -> tuple[ActivationSpec | GatedSpec, ...]:
    """Every built-in activation, family by family. The families load here, on first use,
    so that metadata-only paths (``--help``, a cached ``table``) never import them."""
    from actplot.activations import (
        gated,
        other,
        piecewise,
        relu,
        shrinkage,
        sigmoid,
        smooth,
        softmax,
    )

    return (
        *relu.SPECS,
        *sigmoid.SPECS,
        *smooth.SPECS,
        *piecewise.SPECS,
        *shrinkage.SPECS,
        *softmax.SPECS,
        *other.SPECS,
        *gated.SPECS,
    )
