"""The property table as a booktabs LaTeX table, ready for a paper.

Numbers are in math mode at one precision per column (``$0.584$``, ``$\\infty$``), intervals
and conditions are math (``$[0, \\infty)$``, ``$|x| > 2.18$``), words are text. The default
columns (:data:`~.table_columns.LATEX_DEFAULT`) fit the text width of a one-column article
in ``\\small``; more columns (``--columns``) fit a two-column-spanning ``table*``
(``layout="wide"``) or a landscape ``sidewaystable`` (``layout="landscape"``, package
rotating). The tests compile every layout with pdflatex and read the log for overfull boxes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from actplot.compute.kinds import Monotonic, Smoothness
from actplot.compute.properties import Properties
from actplot.model import Interval
from actplot.render.table_columns import Column

LAYOUTS = {"column": "table", "wide": "table*", "landscape": "sidewaystable"}
# Columns whose longest cells hold two conditions ("x < −2.19, x > 3.58") wrap at the comma
# within this width instead of widening the whole table.
WRAP = {"saturation": "p{46pt}", "dead": "p{58pt}", "image": "p{70pt}"}
DECIMALS = {"mean": 3, "std": 3, "grad_gain": 3, "max_grad": 3, "lipschitz": 3, "sparsity": 3}
HEADERS = {
    "zero_centered": "zero-c.",
    "monotonic": "mono.",
    "monotonic_derivative": "$f'$ mono.",
    "continuity": "$C^k$",
    "identity_near_origin": r"$\approx x$",
    "dead": r"dead",
    "asymptotes": r"asympt.",
    "mean": r"$E f$",
    "std": r"$\mathrm{sd}\, f$",
    "grad_gain": r"$E f'^2$",
    "max_grad": r"$\max|f'|$",
    "lipschitz": "Lip.",
    "sparsity": r"$P[f{=}0]$",
    "self_normalizing": "SN",
    "cost": r"cost $f$",
    "cost_with_derivative": r"cost $f{+}f'$",
}
SMOOTH = {
    Smoothness.DISCONTINUOUS: "disc.",
    Smoothness.C0: "$C^0$",
    Smoothness.C1: "$C^1$",
    Smoothness.C2: "$C^2$",
    Smoothness.CINF: r"$C^\infty$",
}
MONO = {Monotonic.INCREASING: "yes", Monotonic.DECREASING: "decr.", Monotonic.NEITHER: "no"}
WORDS = ("no", "none", "yes", "everywhere", "—", "")

_TEXT = {c: "\\" + c for c in "&%$#_{}"} | {"\\": r"\textbackslash{}", "^": r"\^{}",
         "~": r"\textasciitilde{}"}  # fmt: skip
_MATH = [("−", "-"), ("∞", r"\infty "), ("≤", r"\leq "), ("≥", r"\geq "), ("∪", r"\cup "),
         ("{", r"\{"), ("}", r"\}"), ("·", r"\cdot "), ("…", r"\dots ")]  # fmt: skip


def escape(text: str) -> str:
    """Plain text as LaTeX text (the specials escaped; − as a hyphen-minus)."""
    return "".join(_TEXT.get(c, c) for c in text).replace("−", "-")


def to_math(text: str) -> str:
    """A cell such as "|x| > 2.18", "{0} ∪ (1, ∞)", "−0.3088 at −1.192" or "0 on x ≤ 0" as
    LaTeX: math, with the words "at", "on" and "and" as text between."""
    if text in WORDS:
        return escape(text)
    parts = re.split(r" (at|on|/) ", text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(" / " if part == "/" else f" {part} ")
            continue
        for a, b in _MATH:
            part = part.replace(a, b)
        out.append(part if part in WORDS else f"${part.strip()}$")
    return "".join(out)


def _number(key: str, v: float) -> str:
    if math.isinf(v):
        return r"$\infty$" if v > 0 else r"$-\infty$"
    return f"${v:.{DECIMALS[key]}f}$".replace("$-0.000$", "$0.000$")


def _end(v: float) -> str:
    if math.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
    return f"{v:.3f}".rstrip("0").rstrip(".")


def interval(i: Interval) -> str:
    """An interval in math, its ends to at most three decimals: ``$(-1.758, \\infty)$``."""
    left, right = "[" if i.closed_lo else "(", "]" if i.closed_hi else ")"
    return f"${left}{_end(i.lo)}, {_end(i.hi)}{right}$"


def cell(column: Column, p: Properties) -> str:
    key = column.key
    if not column.applies(p):  # a gated unit's one-input column: "n/a"
        return escape(column.text(p))
    if key == "range":
        return interval(p.range)
    if key in DECIMALS:
        return _number(key, getattr(p, key))
    if key == "continuity":
        return SMOOTH[p.smoothness]
    if key in ("monotonic", "monotonic_derivative"):
        return MONO[getattr(p, key)]
    if key in ("cost", "cost_with_derivative"):
        text = column.text(p)
        return "$" + text.replace("±", r"{\pm}") + "$" if text else ""  # tight: a column
    if key in ("name", "family", "zero_centered", "parity", "identity_near_origin",
               "self_normalizing"):  # fmt: skip
        return escape(column.text(p))
    if key in ("saturation", "dead"):  # conditions: each its own formula, breakable between
        return r"\raggedright " + ", ".join(to_math(part) for part in column.text(p).split(", "))
    return to_math(column.text(p))


def header(column: Column) -> str:
    return HEADERS.get(column.key, escape(column.flat_header))


def caption(columns: Sequence[Column], rows: Sequence[Properties]) -> str:
    """The key under the table as one caption, each header with its meaning."""
    from actplot.render.table_columns import key_lines

    by_header = {c.flat_header: c for c in columns}
    parts = []
    for line in key_lines(columns, rows):
        head, sep, meaning = line.partition(": ")
        c = by_header.get(head)
        if c is None or not sep:
            parts.append(to_text(line))
        else:
            parts.append(f"{header(c)}: {to_text(meaning)}")
    return "; ".join(p.rstrip(".") for p in parts) + "."


def to_text(line: str) -> str:
    """Prose with formulas ("|f′| < 0.05 from there to ±∞") as LaTeX text with inline math
    for its symbols."""
    out = escape(line.replace("C^∞", "\0"))
    for a, b in (("′", "'"), ("∞", r"$\infty$"), ("±", r"$\pm$"), ("≤", r"$\leq$"),
                 ("≥", r"$\geq$"), ("↦", r"$\mapsto$"), ("↑", r"$\uparrow$"),
                 ("↓", r"$\downarrow$"), ("·", r"$\cdot$"), ("²", r"$^2$"), ("⁰", r"$^0$"),
                 ("¹", r"$^1$"), ("|", r"$|$"), ("<", r"$<$"), (">", r"$>$"), ("≈", r"$\approx$"),
                 (r"\textasciitilde{}", r"$\sim$"), ("\0", r"$C^\infty$"), ("‖", r"$\|$"),
                 ("∇", r"$\nabla$"), ("∂", r"$\partial$")):  # fmt: skip
        out = out.replace(a, b)
    return out.replace("$$", "")


def render_latex(
    rows: Sequence[Properties], columns: Sequence[Column], layout: str = "column"
) -> str:
    """A booktabs table (``\\usepackage{booktabs}``; landscape also ``{rotating}``)."""
    if layout not in LAYOUTS:
        from actplot.model.validation import choice

        choice(layout, "the LaTeX layout", tuple(LAYOUTS))
    env = LAYOUTS[layout]
    spec = "".join(WRAP.get(c.key, "r" if c.numeric or c.key in DECIMALS else "l") for c in columns)
    needs = r"\usepackage{booktabs}" + (r", \usepackage{rotating}" if layout == "landscape" else "")
    # \raggedright in a last column would take over its \\: end such rows unambiguously
    end = r" \tabularnewline" if columns[-1].key in WRAP else r" \\"
    body = [" & ".join(cell(c, p) for c in columns) + end for p in rows]
    return "\n".join(
        [
            f"% actplot table: needs {needs}",
            rf"\begin{{{env}}}" + ("" if layout == "landscape" else "[htbp]"),
            r"\centering",
            r"\footnotesize" if layout == "landscape" else r"\small",
            r"\setlength{\tabcolsep}{3pt}",
            rf"\begin{{tabular}}{{@{{}}{spec}@{{}}}}",
            r"\toprule",
            " & ".join(header(c) for c in columns) + r" \\",
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabular}",
            rf"\caption{{{caption(columns, rows)}}}",
            rf"\end{{{env}}}",
        ]
    )
