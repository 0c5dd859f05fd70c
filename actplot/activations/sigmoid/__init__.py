"""The sigmoid/tanh family. S-shaped, bounded functions: the logistic sigmoid, tanh and log-
sigmoid (logistic), and the algebraic ones softsign, arctan and ISRU (algebraic)."""

from actplot.activations.sigmoid import algebraic, logistic
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *logistic.SPECS,
    *algebraic.SPECS,
)
