"""The sigmoid/tanh family. S-shaped, bounded functions: the logistic sigmoid, tanh and log-
sigmoid (logistic), the algebraic ones softsign, arctan and ISRU (algebraic), and laplace and
dyt (modern)."""

from actplot.activations.sigmoid import algebraic, logistic, modern
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *logistic.SPECS,
    *algebraic.SPECS,
    *modern.SPECS,
)
