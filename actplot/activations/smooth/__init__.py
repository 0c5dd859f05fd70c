"""The smooth ReLU-like family. Smooth approximations of ReLU: GELU and SiLU (gelu_silu), softplus
and Mish (softplus_mish), and the algebraic squareplus, sparse_plus, ISRLU and bent
identity (algebraic), QuickGELU and the clipped gelu_10 (gelu_variants), and the self-gated
GoLU, SERF, Smish and TanhExp (self_gated)."""

from actplot.activations.smooth import (
    algebraic,
    gelu_silu,
    gelu_variants,
    self_gated,
    softplus_mish,
)
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *gelu_silu.SPECS,
    *gelu_variants.SPECS,
    *softplus_mish.SPECS,
    *algebraic.SPECS,
    *self_gated.SPECS,
)
