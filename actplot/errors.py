"""The errors actplot raises for bad input, all in one tree::

    ValueError
    └── ActplotError                 the caller's input is wrong; the CLI prints one line, exit 2
        ├── UnknownActivationError   a name that is neither a canonical activation nor an alias
        ├── ParameterError           an unknown parameter, or a value it does not accept
        │   └── ExpressionError      text that is not an expression actplot accepts
        ├── KindError                an activation of a kind the command does not take
        │                            (a gated, two-input unit where one input is needed)
        ├── OutputError              a path that cannot be written (missing folder, no
        │                            permission, unknown format, a name too long)
        ├── OverBudget               work whose estimated memory or time is over the budget
        │                            (--budget-mb, --budget-seconds, ACTPLOT_BUDGET_*)
        └── PluginError              a plugin's activation that fails when called, or was
                                     left out because it did

Every user-facing mistake raises one of these, and the command line maps exactly this tree
(in :mod:`actplot.cli.app`) to a one-line message and exit code 2; anything else that
escapes is a bug, not a user error.
"""

from __future__ import annotations


class ActplotError(ValueError):
    """Base class of every error caused by the caller's input."""


class UnknownActivationError(ActplotError):
    """A name that is neither a canonical activation nor an alias."""


class ParameterError(ActplotError):
    """An unknown parameter, or a value a parameter does not accept."""


class ExpressionError(ParameterError):
    """Text that is not an expression actplot accepts (the message quotes the part)."""


class KindError(ActplotError):
    """An activation of a kind (element-wise, vector, gated) the operation does not take."""


class OutputError(ActplotError):
    """An output path that cannot be written (missing folder, no permission, bad format)."""


class OverBudget(ActplotError):
    """Work whose estimated memory or time is over the budget."""


class PluginError(ActplotError):
    """A plugin's activation that fails when called, or was left out because it did."""
