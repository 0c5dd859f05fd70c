"""Legend texts, the same in the file figure, the window and the terminal (no matplotlib).

A curve is called by its custom label (``relu:label=ReLU``, ``act.with_label``) or else by
its canonical name with the parameters that differ from their defaults; in a sweep every
member also names the swept value, so the default member reads ``silu(beta=1)``. With
formulas, the first entry of a group adds the formula of the variant drawn and the values
of its symbols (:mod:`actplot.render.formula_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from actplot.errors import ParameterError
from actplot.model import Activation, validation
from actplot.render import formula_text

MAX_TEXT = 500  # characters of a title or a legend label: longer would not fit a figure
_AT_CHAR = re.compile(r"\(at char (\d+)\)")


def labels(group: Sequence[Activation], formulas: bool = False) -> list[str]:
    """Legend texts of a group (one activation, or a sweep), in order."""
    varying = {
        k for a in group for k, v in a.params.items() if any(b.params.get(k) != v for b in group)
    }
    out = []
    for i, act in enumerate(group):
        text = name_of(act, varying)
        if formulas and i == 0:
            f, _ = formula_text.formulas(act)
            if f:
                where = formula_text.where(act)
                text += "\n" + f + (f", {where}" if where else "")
        out.append(text)
    return out


def name_of(act: Activation, varying: set[str] | frozenset[str] = frozenset()) -> str:
    """`act`'s legend name: its custom label (with the `varying` parameters of a sweep), or
    ``name(param=value, ...)`` for the parameters changed or `varying`."""
    shown = {k: v for k, v in act.params.items() if k in varying or k in act.changed_params}
    if act.is_vector:
        shown.pop("k", None)  # the note below states K
    if act.custom_label is not None:
        inner = {k: v for k, v in shown.items() if k in varying}
        text = act.custom_label + (f" ({_pairs(inner)})" if inner else "")
    elif act.spec.labeler is not None:  # a formula: its text with every parameter's value
        text = act.label
    else:
        text = act.name + (f"({_pairs(shown)})" if shown else "")
    if act.is_vector:
        k = act.params.get("k")
        # the curve is a profile: logit x₁ varies, the other K−1 logits stay at 0
        text += f" (x₁ of K={k}; others 0)" if k is not None else " (x₁; others 0)"
    return text


def pole_note(act: Activation, xlim: tuple[float, float]) -> str:
    """``not finite at x = 0`` for the poles of `act` inside `xlim` (the first four), or ""."""
    poles = [p for p in act.poles if xlim[0] <= p <= xlim[1]]
    if not poles:
        return ""
    listed = ", ".join(f"{p:.4g}".replace("-", "−") for p in poles[:4])
    return f"not finite at x = {listed}" + (", …" if len(poles) > 4 else "")


def flat_labels(groups: Sequence[Sequence[Activation]], formulas: bool = False) -> list[str]:
    """:func:`labels` of every group, one text per drawn curve."""
    return [t for g in groups for t in labels(g, formulas)]


def _pairs(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_fmt(v)}" for k, v in params.items())


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def check_text(text: Any, what: str = "title") -> str:
    """`text` if a figure can show it: a str of at most :data:`MAX_TEXT` characters that is
    valid UTF-8 (no lone surrogates, which is what undecodable command-line bytes become)
    and, where matplotlib would read a line as mathtext (an even number of unescaped ``$``),
    valid mathtext. Refused with one line otherwise, before any drawing: a mistake in the math
    is reported, not typeset as something else. Matplotlib is imported only for a ``$``."""
    if not isinstance(text, str):
        raise validation.refuse(what, "text", text)
    if len(text) > MAX_TEXT:
        raise ParameterError(
            f"{what} must be at most {MAX_TEXT} characters, not {len(text):,} characters"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise validation.refuse(what, "UTF-8 text", text) from None
    for line in text.split("\n"):  # matplotlib lays out (and reads math in) each line
        if "$" in line and _is_math(line):
            _check_mathtext(line, what)
    return text


def _is_math(text: str) -> bool:
    dollars = text.count("$") - text.count(r"\$")
    return dollars > 0 and dollars % 2 == 0  # matplotlib's rule (cbook.is_math_text)


def _check_mathtext(text: str, what: str) -> None:
    from matplotlib.mathtext import MathTextParser

    hint = r"(write \$ for a dollar sign)"
    try:
        MathTextParser("path").parse(text)
    except RecursionError:
        raise ParameterError(
            f"{what} nests its mathtext too deeply: {_quoted(text)} {hint}"
        ) from None
    except ValueError as exc:
        found = _AT_CHAR.search(str(exc))
        where = f" at character {int(found.group(1)) + 1}" if found else ""
        raise ParameterError(
            f"{what} is not valid mathtext{where}: {_quoted(text)} {hint}"
        ) from None


def _quoted(text: str, most: int = 60) -> str:
    """`text` quoted, cut to `most` characters: the message stays one readable line."""
    return repr(text if len(text) <= most else text[: most - 3] + "...")


def check_labels(groups: Sequence[Sequence[Activation]]) -> None:
    """:func:`check_text` on every custom legend label of `groups`."""
    for act in (a for g in groups for a in g):
        if act.custom_label is not None:
            check_text(act.custom_label, "label")
