"""The property table as rich, Markdown, CSV, JSON or LaTeX text (no matplotlib).

Rows are :class:`~actplot.compute.properties.Properties`; every format shows the same
columns (:data:`COLUMNS`), and JSON and CSV add the raw numbers behind the text cells.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from actplot.compute.properties import SATURATION, Monotonic, Properties, Smoothness, to_json

# key, header, right-aligned (numbers)
COLUMNS: list[tuple[str, str, bool]] = [
    ("name", "name", False),
    ("range", "range", False),
    ("zero_centered", "zero-centred", False),
    ("monotonic", "monotonic", False),
    ("continuity", "smooth", False),
    ("identity", "≈x at 0", False),
    ("saturation", "saturates", False),
    ("dead", "dead (f′=0)", False),
    ("mean", "E f", True),
    ("std", "sd f", True),
    ("grad_gain", "E f′²", True),
    ("max_grad", "max |f′|", True),
    ("cost", "cost f", True),
    ("cost_with_derivative", "cost f+f′", True),
]
# Two-line headers where the terminal table saves width by them.
RICH_HEADERS = {
    "zero_centered": "zero-\ncentred",
    "monotonic": "mono-\ntonic",
    "identity": "≈x\nat 0",
    "dead": "dead\n(f′=0)",
    "max_grad": "max\n|f′|",
    "cost": "cost\nf",
    "cost_with_derivative": "cost\nf+f′",
}
LATEX_HEADERS = {
    "identity": r"$\approx x$ at 0",
    "dead": r"dead ($f'=0$)",
    "mean": r"$E f$",
    "std": r"$\mathrm{sd}\, f$",
    "grad_gain": r"$E f'^2$",
    "max_grad": r"$\max|f'|$",
    "cost": r"cost $f$",
    "cost_with_derivative": r"cost $f+f'$",
}


def footer(rows: Sequence[Properties]) -> list[str]:
    """What the columns mean and how cost was measured."""
    from actplot.compute.cost import describe

    dates = sorted({p.measured for p in rows if p.measured})
    when = " to ".join(dict.fromkeys([dates[0], dates[-1]])) if dates else "never"
    threshold = rows[0].threshold if rows else SATURATION
    lines = [
        f"{describe(when)}.",
        "E f, sd f, E f′² (the per-layer gradient gain: < 1 shrinks gradients, > 1 grows "
        "them): under z ~ N(0, 1); zero-centred: f odd or |E f| ≤ 0.1 sd f; "
        f"saturates: |f′| < {threshold:g} from there on; dead: f′ = 0 exactly; "
        "≈x at 0: f(0) = 0 and f′(0) = 1.",
    ]
    domains = sorted({str(p.domain) for p in rows if p.domain.bounded})
    if domains:
        lines.append(
            f"Every column is computed on x in {' and '.join(domains)} only (--xlim): range, "
            "shape and saturation there, E f, sd f and E f′² under z ~ N(0, 1) conditioned "
            "on z lying in it."
        )
    return lines


# ---- cells ---------------------------------------------------------------------------


def _num(v: float, digits: int = 4) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) < 5e-13:  # quadrature noise of an exact 0 (odd functions)
        return "0"
    return f"{v:.{digits}g}".replace("-", "−")


def _x(v: float) -> str:
    """An x position: exact short values as such (0, 6, 0.5), others to 3 digits (−3.00)."""
    if math.isfinite(v) and abs(v - round(v, 2)) <= 1e-9 * max(1.0, abs(v)):
        return _num(round(v, 2) + 0.0)
    return f"{v:#.3g}".replace("-", "−")


def saturation_text(p: Properties) -> str:
    regions = p.regions
    if regions.everywhere:
        return "everywhere"
    left, right = regions.left, regions.right
    if left is not None and right is not None and math.isclose(-left, right, rel_tol=1e-6):
        return f"|x| > {_x(right)}" if right > 0 else "everywhere"
    parts = [f"x < {_x(left)}"] if left is not None else []
    parts += [f"x > {_x(right)}"] if right is not None else []
    return ", ".join(parts) or "no"


def dead_text(p: Properties) -> str:
    spans = [(d.lo, d.hi) for d in p.regions.dead]
    if not spans:
        return "no"
    if spans == [(-math.inf, math.inf)]:
        return "everywhere"
    if len(spans) == 2 and math.isinf(spans[0][0]) and math.isinf(spans[1][1]):
        if math.isclose(-spans[0][1], spans[1][0], rel_tol=1e-9) and spans[1][0] > 0:
            return f"|x| > {_x(spans[1][0])}"
    out = []
    for lo, hi in spans:
        if math.isinf(lo):
            out.append(f"x < {_x(hi)}")
        elif math.isinf(hi):
            out.append(f"x > {_x(lo)}")
        elif math.isclose(-lo, hi, rel_tol=1e-9):
            out.append(f"|x| < {_x(hi)}")
        else:
            out.append(f"{_x(lo)} < x < {_x(hi)}")
    return ", ".join(out)


MONOTONIC_TEXT = {
    Monotonic.INCREASING: "yes ↑",
    Monotonic.DECREASING: "yes ↓",
    Monotonic.NEITHER: "no",
}
SMOOTHNESS_TEXT = {
    Smoothness.DISCONTINUOUS: "discontinuous",
    Smoothness.C0: "C⁰",
    Smoothness.C1: "C¹",
    Smoothness.C2: "C²",
    Smoothness.CINF: "C^∞",
}


def cells(p: Properties) -> dict[str, str]:
    """Plain Unicode text of every column."""
    cost = p.cost
    return {
        "name": p.label,
        "range": str(p.range),
        "zero_centered": ("yes (odd)" if p.odd else "yes") if p.zero_centered else "no",
        "monotonic": MONOTONIC_TEXT[p.monotonic],
        "continuity": SMOOTHNESS_TEXT[p.smoothness],
        "identity": "yes" if p.identity_near_origin else "no",
        "saturation": saturation_text(p),
        "dead": dead_text(p),
        "mean": _num(p.mean),
        "std": _num(p.std),
        "grad_gain": _num(p.grad_gain),
        "max_grad": _num(p.max_grad),
        "cost": f"{cost.forward:.2f}" if cost else "",
        "cost_with_derivative": f"{cost.with_derivative:.2f}" if cost else "",
    }


# ---- formats -------------------------------------------------------------------------


def render_rich(rows: Sequence[Properties]) -> Any:
    """A rich Table with the footer as its caption."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{len(rows)} activations",
        box=box.SIMPLE_HEAVY,
        caption="\n".join(footer(rows)),
        caption_justify="left",
    )
    for key, header, right in COLUMNS:
        # On a terminal narrower than the table, cells wrap (never vanish or get cut).
        table.add_column(
            RICH_HEADERS.get(key, header), justify="right" if right else "left", overflow="fold"
        )
    for p in rows:  # Text, not str: no markup parsing of "[0, ∞)", and faster
        table.add_row(*(Text(c) for c in cells(p).values()))
    return table


def render_markdown(rows: Sequence[Properties]) -> str:
    """A GitHub table followed by the footer."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(esc(h) for _, h, _ in COLUMNS) + " |",
        "|" + "|".join("---:" if right else "---" for _, _, right in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in cells(p).values()) + " |" for p in rows]
    return "\n".join([*lines, "", *footer(rows)])


def render_json(rows: Sequence[Properties]) -> str:
    return json.dumps([to_json(p) for p in rows], indent=2, ensure_ascii=False)


def render_csv(rows: Sequence[Properties]) -> str:
    """The text columns plus the numbers behind them (inf as 'inf', blank for none)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    extra = ["family", "range_lo", "range_hi", "saturates_left", "saturates_right"]
    keys = [k for k, _, _ in COLUMNS]
    writer.writerow([*keys, *extra])
    for p in rows:
        text = cells(p)
        numeric = {
            "mean": p.mean,
            "std": p.std,
            "grad_gain": p.grad_gain,
            "max_grad": p.max_grad,
            "cost": p.cost.forward if p.cost else "",
            "cost_with_derivative": p.cost.with_derivative if p.cost else "",
        }
        row = [numeric.get(k, text[k]) for k in keys]
        row += [p.family, p.range.lo, p.range.hi, *_csv_sides(p)]
        writer.writerow(row)
    return buf.getvalue()


def _csv_sides(p: Properties) -> tuple[float | str, float | str]:
    """The onsets of the left and right tails, blank for none; saturated everywhere is
    written inf, −inf (every x is below inf and above −inf), as the CSV always has."""
    r = p.regions
    if r.everywhere:
        return math.inf, -math.inf
    return tuple("" if v is None else v for v in (r.left, r.right))  # type: ignore[return-value]


_LATEX_TEXT = {"−": "-", "∞": r"$\infty$", "′": "'", "≤": r"$\leq$", "≥": r"$\geq$",
               "≈": r"$\approx$", "·": r"$\cdot$", "²": r"$^2$", "~": r"$\sim$",
               "|": r"$|$", "<": r"$<$", ">": r"$>$"}  # fmt: skip
_LATEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {"\\": r"\textbackslash{}", "^": r"\^{}"}


def latex_escape(text: str) -> str:
    """Plain Unicode text as LaTeX text (specials escaped, symbols as math)."""
    out = "".join(_LATEX_SPECIAL.get(c, c) for c in text)
    return "".join(_LATEX_TEXT.get(c, c) for c in out).replace("$$", "")


def _math(text: str) -> str:
    """A cell such as "|x| > 2.18" or "−0.16" as inline LaTeX math."""
    for a, b in (("−", "-"), ("∞", "\\infty "), ("≤", "\\leq "), ("≥", "\\geq ")):
        text = text.replace(a, b)
    return f"${text.strip()}$"


def _latex_cells(p: Properties) -> list[str]:
    text = cells(p)
    r = p.range

    def end(v: float) -> str:
        text = "∞" if math.isinf(v) else f"{abs(v):.4f}".rstrip("0").rstrip(".")
        return ("-" if v < 0 else "") + _math(text)[1:-1]

    left = "[" if r.lo_closed and math.isfinite(r.lo) else "("
    right = "]" if r.hi_closed and math.isfinite(r.hi) else ")"
    smooth = {
        Smoothness.DISCONTINUOUS: "discontinuous",
        Smoothness.C0: "$C^0$",
        Smoothness.C1: "$C^1$",
        Smoothness.C2: "$C^2$",
        Smoothness.CINF: r"$C^\infty$",
    }
    mono = {
        Monotonic.INCREASING: "yes",
        Monotonic.DECREASING: "yes (decr.)",
        Monotonic.NEITHER: "no",
    }
    out = []
    for key, _, numeric in COLUMNS:
        cell = text[key]
        if key == "range":
            cell = f"${left}{end(r.lo)}, {end(r.hi)}{right}$"
        elif key == "continuity":
            cell = smooth[p.smoothness]
        elif key == "monotonic":
            cell = mono[p.monotonic]
        elif (numeric or key in ("saturation", "dead")) and cell not in ("", "no", "everywhere"):
            cell = _math(cell)
        else:
            cell = latex_escape(cell)
        out.append(cell)
    return out


def render_latex(rows: Sequence[Properties]) -> str:
    """A booktabs table (needs \\usepackage{booktabs}) with the footer as caption."""
    spec = "".join("r" if right else "l" for _, _, right in COLUMNS)
    headers = [LATEX_HEADERS.get(k, latex_escape(h)) for k, h, _ in COLUMNS]
    body = [" & ".join(_latex_cells(p)) + r" \\" for p in rows]
    threshold = rows[0].threshold if rows else SATURATION
    legend = (
        r"$E f$, $\mathrm{sd}\,f$ and $E f'^2$ (the per-layer gradient gain) for "
        r"$z \sim N(0, 1)$; zero-centred: $f$ odd or $|E f| \leq 0.1\,\mathrm{sd}\,f$; "
        rf"saturates: $|f'| < {threshold:g}$ from there on; dead: $f' = 0$ exactly; "
        r"$\approx x$ at 0: $f(0) = 0$ and $f'(0) = 1$."
    )
    caption = latex_escape(footer(rows)[0]) + " " + legend
    return "\n".join(
        [
            r"\begin{table}[ht]",
            r"\centering",
            r"\small",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(headers) + r" \\",
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabular}",
            rf"\caption{{{caption}}}",
            r"\end{table}",
        ]
    )


RENDERERS: dict[str, Callable[[Sequence[Properties]], Any]] = {
    "rich": render_rich,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "latex": render_latex,
}
