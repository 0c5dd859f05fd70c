"""The errors actplot raises for bad input.

Every user-facing mistake (an unknown name, a bad parameter, an unwritable path) raises a
subclass of :class:`ActplotError`; the command line maps exactly these to a one-line message
and a non-zero exit, so anything else that escapes is a bug, not a user error.
"""

from __future__ import annotations


class ActplotError(ValueError):
    """Base class of every error caused by the caller's input."""


class UnknownActivationError(ActplotError):
    """A name that is neither a canonical activation nor an alias."""


class ParameterError(ActplotError):
    """An unknown parameter, or a value a parameter does not accept."""


class OutputError(ActplotError):
    """An output path that cannot be written (missing folder, unknown format)."""
