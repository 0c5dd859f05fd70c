"""The property table's columns: one :class:`Column` per JSON key, with its header, its
meaning (the key printed under a table) and its cell as human text and as machine fields.

Every format reads from here: rich, Markdown, LaTeX and HTML show :meth:`Column.text`
(LaTeX its own math forms), CSV and TSV write :meth:`Column.fields` (booleans ``true`` and
``false``, numbers as numbers, an unbounded end empty), JSON the keys :attr:`Column.json`.
:func:`select` turns ``--columns name,range,...`` into columns, refusing an unknown key with
the list of valid ones.

Gated units' rows (:mod:`actplot.compute.gated_stats`) lack the one-input columns: the one
rule is ``row.applies(column.key)``; where it is false a cell reads :data:`NA` ("n/a") in
the human formats, its CSV/TSV fields are empty and its JSON keys null. A column whose
meaning differs for a gated unit says how in :attr:`Column.gated` (the key under a table).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from actplot.compute.gated_stats import BOX
from actplot.compute.kinds import Asymptote, Extremum, Monotonic, Smoothness
from actplot.compute.properties import SATURATION, Properties, column_key
from actplot.errors import ParameterError
from actplot.model import Interval

Fields = dict[str, Any]
NA = "n/a"  # a cell of a column that does not apply to the row (a gated unit's saturation)


# ---- numbers and positions as text ----------------------------------------------------------


def num(v: float, digits: int = 4) -> str:
    """A value to `digits` significant digits, with the Unicode minus and ∞."""
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) < 5e-13:  # quadrature noise of an exact 0 (odd functions)
        return "0"
    return f"{v:.{digits}g}".replace("-", "−")


def x_text(v: float, digits: int = 3) -> str:
    """An x position: exact short values as such (0, 6, 0.5), others to `digits` (−3.00)."""
    if math.isfinite(v) and abs(v - round(v, 2)) <= 1e-9 * max(1.0, abs(v)):
        return num(round(v, 2) + 0.0)
    return f"{v:#.{digits}g}".replace("-", "−")


def saturation_text(p: Properties) -> str:
    regions = p.regions
    if regions.everywhere:
        return "everywhere"
    left, right = regions.left, regions.right
    if left is not None and right is not None and math.isclose(-left, right, rel_tol=1e-6):
        return f"|x| > {x_text(right)}" if right > 0 else "everywhere"
    parts = [f"x < {x_text(left)}"] if left is not None else []
    parts += [f"x > {x_text(right)}"] if right is not None else []
    return ", ".join(parts) or "no"


def interval_text(i: Interval, var: str = "x") -> str:
    """An interval of x as a condition: "x < 0", "|x| < 1", "−1 < x < 2", "x ≥ 6"."""
    lo, hi = i.lo, i.hi
    lt_lo = "≤" if i.closed_lo else "<"
    lt_hi = "≤" if i.closed_hi else "<"
    if math.isinf(lo) and math.isinf(hi):
        return "everywhere"
    if math.isinf(lo):
        return f"{var} {lt_hi} {x_text(hi)}"
    if math.isinf(hi):
        return f"{var} {'≥' if i.closed_lo else '>'} {x_text(lo)}"
    if math.isclose(-lo, hi, rel_tol=1e-9) and lt_lo == lt_hi:
        return f"|{var}| {lt_hi} {x_text(hi)}"
    return f"{x_text(lo)} {lt_lo} {var} {lt_hi} {x_text(hi)}"


def dead_text(p: Properties) -> str:
    spans = [(d.lo, d.hi) for d in p.regions.dead]
    if not spans:
        return "no"
    if len(spans) == 2 and math.isinf(spans[0][0]) and math.isinf(spans[1][1]):
        if math.isclose(-spans[0][1], spans[1][0], rel_tol=1e-9) and spans[1][0] > 0:
            return f"|x| > {x_text(spans[1][0])}"
    return ", ".join(interval_text(d) for d in p.regions.dead)


def line_text(a: Asymptote | None) -> str:
    """y = a·x + b as "x", "0.01x", "1.5x − 0.5", "−1"; "none" for no asymptote."""
    if a is None:
        return "none"
    if a.slope == 0:
        return num(a.intercept)
    slope = {1.0: "x", -1.0: "−x"}.get(a.slope, f"{num(a.slope)}x")
    if a.intercept == 0:
        return slope
    sign = "−" if a.intercept < 0 else "+"
    return f"{slope} {sign} {num(abs(a.intercept))}"


def asymptotes_text(p: Properties) -> str:
    if p.domain.bounded:
        return "—"  # a bounded domain has no ±∞
    return " / ".join(line_text(a) for a in p.asymptotes)


def extremum_text(e: Extremum | None) -> str:
    """ "−0.3088 at −1.192", "0 on x ≤ 0", "1 at 1.571, …"; "none" when not attained."""
    if e is None:
        return "none"
    if e.plateau is not None:
        return f"{num(e.value)} on {interval_text(e.plateau)}"
    return f"{num(e.value)} at {x_text(e.at, 4)}{'' if e.unique else ', …'}"


def image_text(p: Properties) -> str:
    from actplot.compute.image import image_text as text

    return text(p.image) if p.image else str(p.range)


def cost_text(median: float, spread: float) -> str:
    """The median cost and ± half its interquartile range at the same precision."""
    digits = 2 if median < 10 else 1
    if spread == 0:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f}±{spread:.{digits}f}"


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


def yes(b: bool) -> str:
    return "yes" if b else "no"


def _blank(v: float | None) -> float | str:
    """A number for CSV: an unbounded or absent value is an empty field."""
    return "" if v is None or not math.isfinite(v) else v


def _inf(v: float) -> float | str:
    """A number for CSV where ∞ is a value (an infinite Lipschitz constant): "inf"."""
    return v if math.isfinite(v) else ("inf" if v > 0 else "-inf")


def _direction(m: Monotonic) -> str:
    return m.value if m.either else ""


def _line_fields(side: str, a: Asymptote | None) -> Fields:
    return {
        f"asymptote_{side}_slope": "" if a is None else a.slope,
        f"asymptote_{side}_intercept": "" if a is None else a.intercept,
    }


def _extremum_fields(key: str, e: Extremum | None) -> Fields:
    return {key: "" if e is None else e.value, f"{key}_at": "" if e is None else e.at}


def _sides(p: Properties) -> Fields:
    """The onsets of the saturated tails, blank for none; saturated everywhere is written
    inf, −inf (every x is below inf and above −inf)."""
    r = p.regions
    left, right = (math.inf, -math.inf) if r.everywhere else (r.left, r.right)
    return {
        "saturates_left": "" if left is None else _inf(left),
        "saturates_right": "" if right is None else _inf(right),
    }


def _cost_fields(key: str, p: Properties, derivative: bool) -> Fields:
    c = p.cost
    if c is None:
        return {key: "", f"{key}_q1": "", f"{key}_q3": ""}
    median = c.with_derivative if derivative else c.forward
    iqr = (c.with_derivative_iqr if derivative else c.forward_iqr) or (median, median)
    return {key: median, f"{key}_q1": iqr[0], f"{key}_q3": iqr[1]}


def _cost_cell(p: Properties, derivative: bool) -> str:
    c = p.cost
    if c is None:
        return ""
    if derivative:
        return cost_text(c.with_derivative, c.with_derivative_spread)
    return cost_text(c.forward, c.forward_spread)


# ---- the columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One table column, named by its JSON key."""

    key: str
    header: str  # short, for rich, where "\n" splits it over two lines ("mono-\ntonic")
    long: str  # the name on a card and in the key under a table
    text: Callable[[Properties], str]
    fields: Callable[[Properties], Fields]  # CSV/TSV name → value
    json: tuple[str, ...]  # the JSON keys it stands for
    meaning: str = ""  # what the key under a table says, when the header does not
    numeric: bool = False  # right-aligned
    gated: str = ""  # what the column means for a gated unit f(a, b), when it differs

    def applies(self, row: Any) -> bool:
        """Whether `row` has this column (not a gated unit's one-input property)."""
        return bool(row.applies(self.key))

    @property
    def flat_header(self) -> str:
        """The header on one line (Markdown, LaTeX, HTML): "mono-\ntonic" is "monotonic"."""
        return FLAT.get(self.header, self.header.replace("\n", " "))


# Headers split across two lines inside a word or at a hyphen, and how they read on one.
FLAT = {
    "zero-\ncentred": "zero-centred",
    "mono-\ntonic": "monotonic",
    "f′ mono-\ntonic": "f′ monotonic",
    "Lip-\nschitz": "Lipschitz",
    "self-\nnorm.": "self-norm.",
}


def _col(
    key: str,
    header: str,
    long: str,
    text: Callable[[Properties], str],
    fields: Callable[[Properties], Fields] | None = None,
    json: tuple[str, ...] | None = None,
    meaning: str = "",
    numeric: bool = False,
    csv: tuple[str, ...] | None = None,
    gated: str = "",
) -> Column:
    """A column; `csv`: its CSV field names when `fields` gives more than the key (a test
    checks them), what a row the column does not apply to writes empty."""
    if fields is None:
        fields = lambda p, k=key, t=text: {k: t(p)}  # noqa: E731
    names = csv or (key,)

    def cell(p: Any) -> str:
        return text(p) if p.applies(key) else NA

    def row_fields(p: Any) -> Fields:
        return fields(p) if p.applies(key) else dict.fromkeys(names, "")

    return Column(key, header, long, cell, row_fields, json or (key,), meaning, numeric, gated)


def _number(
    key: str, header: str, long: str, attr: str, meaning: str = "", gated: str = ""
) -> Column:
    return _col(
        key, header, long, lambda p: num(getattr(p, attr)),
        lambda p: {key: _inf(getattr(p, attr))}, meaning=meaning, numeric=True, gated=gated,
    )  # fmt: skip


def _flag(
    key: str, header: str, long: str, attr: str, meaning: str = "", gated: str = ""
) -> Column:
    return _col(key, header, long, lambda p: yes(getattr(p, attr)),
                lambda p: {key: getattr(p, attr)}, meaning=meaning, gated=gated)  # fmt: skip


def _gauss(what: str) -> str:
    return f"{what} for z ~ N(0, 1)"


COLUMNS: tuple[Column, ...] = (
    _col("name", "name", "name", lambda p: p.label,
         lambda p: {"name": p.name, "label": p.label}, ("name", "label"),
         csv=("name", "label")),
    _col("family", "family", "family", lambda p: p.family),
    _col("range", "range", "range", lambda p: str(p.range),
         lambda p: {"range": str(p.range), "range_lo": _blank(p.range.lo),
                    "range_hi": _blank(p.range.hi)},
         ("range", "range_closed", "range_text"),
         "the values f takes, to its inf and sup: [ ] attained, ( ) approached",
         csv=("range", "range_lo", "range_hi")),
    _col("image", "image", "image", image_text,
         json=("image", "image_parts"),
         meaning="the set of values f takes exactly (a union where f jumps; range is its hull)"),
    _col("zero_centered", "zero-\ncentred", "zero-centred", lambda p: yes(p.zero_centered),
         lambda p: {"zero_centered": p.zero_centered},
         meaning="f odd, or |E f| ≤ 0.1 sd f for z ~ N(0, 1)",
         gated="f odd in b, or |E f| ≤ 0.1 sd f"),
    _col("parity", "parity", "parity", lambda p: p.parity.value,
         meaning="odd: f(−x) = −f(x); even: f(−x) = f(x)"),
    _col("monotonic", "mono-\ntonic", "monotonic", lambda p: MONOTONIC_TEXT[p.monotonic],
         lambda p: {"monotonic": p.monotonic.either,
                    "monotonic_direction": _direction(p.monotonic)},
         ("monotonic", "monotonic_direction"), "f never decreases (↑) or never increases (↓)",
         csv=("monotonic", "monotonic_direction")),
    _col("monotonic_derivative", "f′ mono-\ntonic", "f′ monotonic",
         lambda p: MONOTONIC_TEXT[p.monotonic_derivative],
         lambda p: {"monotonic_derivative": p.monotonic_derivative.either,
                    "monotonic_derivative_direction": _direction(p.monotonic_derivative)},
         ("monotonic_derivative", "monotonic_derivative_direction"),
         "f′ never decreases (↑, f convex) or never increases (↓)",
         csv=("monotonic_derivative", "monotonic_derivative_direction")),
    _col("continuity", "smooth", "smoothness", lambda p: SMOOTHNESS_TEXT[p.smoothness],
         lambda p: {"continuity": p.smoothness.value},
         meaning="the order of continuity found from the values: C⁰, C¹, C², C^∞",
         gated="along a and along b, the least smooth"),
    _flag("identity_near_origin", "≈x\nat 0", "≈ x near 0", "identity_near_origin",
          "f(0) = 0 and f′(0) = 1"),
    _col("saturation", "saturates", "saturates", saturation_text,
         lambda p: {"saturation": saturation_text(p), **_sides(p)},
         meaning=f"|f′| < {SATURATION:g} from there to ±∞",
         csv=("saturation", "saturates_left", "saturates_right")),
    _col("dead", "dead\n(f′=0)", "dead (f′ = 0)", dead_text,
         meaning="where f′ = 0 exactly (no gradient flows)"),
    _col("asymptotes", "asymptotes\n−∞ / +∞", "asymptotes at −∞ / +∞", asymptotes_text,
         lambda p: {"asymptotes": asymptotes_text(p), **_line_fields("left", p.asymptotes[0]),
                    **_line_fields("right", p.asymptotes[1])},
         meaning="the limit, or the line a·x + b f approaches; none where f oscillates or "
         "outgrows every line",
         csv=("asymptotes", "asymptote_left_slope", "asymptote_left_intercept",
              "asymptote_right_slope", "asymptote_right_intercept")),
    _col("minimum", "minimum", "minimum", lambda p: extremum_text(p.minimum),
         lambda p: _extremum_fields("minimum", p.minimum),
         meaning="the least value of f and where it is attained (none: not attained)",
         csv=("minimum", "minimum_at")),
    _col("maximum", "maximum", "maximum", lambda p: extremum_text(p.maximum),
         lambda p: _extremum_fields("maximum", p.maximum),
         meaning="the greatest value of f and where it is attained",
         csv=("maximum", "maximum_at")),
    _number("mean", "E f", "E f(z)", "mean", _gauss("the mean of f(z)"), "E f(a, b)"),
    _number("std", "sd f", "sd f(z)", "std", _gauss("the standard deviation of f(z)"),
            "sd f(a, b)"),
    _number("grad_gain", "E f′²", "E f′(z)²", "grad_gain",
            _gauss("the per-layer gradient gain (< 1 shrinks gradients, > 1 grows them)"),
            "E‖∇f‖² = E[(∂f/∂a)² + (∂f/∂b)²]"),
    _number("max_grad", "max\n|f′|", "max |f′|", "max_grad",
            "the largest gradient backpropagation can see",
            f"max ‖∇f‖ on the square [−{BOX:g}, {BOX:g}]² of (a, b)"),
    _number("lipschitz", "Lip-\nschitz", "Lipschitz constant", "lipschitz",
            "sup |f(x) − f(y)| / |x − y|: sup |f′|, or ∞ where f jumps"),
    _number("sparsity", "P[f=0]", "sparsity P[f(z) = 0]", "sparsity",
            _gauss("the probability that f(z) = 0"), "P[f(a, b) = 0]"),
    _flag("self_normalizing", "self-\nnorm.", "self-normalising", "self_normalizing",
          "mean 0, variance 1 is a fixed point of z ↦ f(z) for z ~ N(0, 1), as for SELU",
          "the same for (a, b) ↦ f(a, b)"),
    _col("cost", "cost\nf", "cost of f", lambda p: _cost_cell(p, False),
         lambda p: _cost_fields("cost", p, False), ("cost", "cost_iqr", "cost_measured"),
         numeric=True, csv=("cost", "cost_q1", "cost_q3"),
         gated="per output element of f(a, b)"),
    _col("cost_with_derivative", "cost\nf+f′", "cost of f + f′", lambda p: _cost_cell(p, True),
         lambda p: _cost_fields("cost_with_derivative", p, True),
         ("cost_with_derivative", "cost_with_derivative_iqr", "cost_measured"), numeric=True,
         csv=("cost_with_derivative", "cost_with_derivative_q1", "cost_with_derivative_q3"),
         gated="f with both partials"),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}  # the same keys as SORT_KEYS (a test checks)

# What a table shows unless --columns says otherwise.
DEFAULT = ("name", "range", "zero_centered", "monotonic", "continuity", "identity_near_origin",
           "saturation", "dead", "mean", "std", "grad_gain", "max_grad", "cost",
           "cost_with_derivative")  # fmt: skip
# LaTeX's default: what fits the text width of a one-column article in \small.
LATEX_DEFAULT = ("name", "range", "zero_centered", "monotonic", "continuity", "saturation",
                 "grad_gain", "cost")  # fmt: skip
# Dropped first to last while a terminal table is too wide (name and range always stay).
DROP_ORDER = ("cost_with_derivative", "std", "mean", "identity_near_origin", "dead",
              "max_grad", "continuity", "cost", "grad_gain", "saturation", "monotonic",
              "zero_centered")  # fmt: skip


def select(spec: str | Sequence[str] | None, default: Sequence[str] = DEFAULT) -> list[Column]:
    """The columns `spec` names ("name,range,…", "all", or a list of keys; None: `default`),
    in the order given, name first whether asked for or not."""
    if spec is None:
        keys = list(default)
    else:
        parts = spec.split(",") if isinstance(spec, str) else list(spec)
        parts = [s for s in (part.strip() for part in parts) if s]
        if not parts:
            raise ParameterError("--columns must name at least one column, not nothing")
        if [s.lower() for s in parts] == ["all"]:
            keys = [c.key for c in COLUMNS]
        else:
            keys = [column_key(s) for s in parts]
    keys = ["name", *dict.fromkeys(k for k in keys if k != "name")]
    return [BY_KEY[k] for k in keys]


def key_lines(columns: Sequence[Column], rows: Sequence[Properties]) -> list[str]:
    """The key under a table: what each shown column means, where its header does not say,
    and how the cost was measured."""
    from actplot.compute.cost import describe

    threshold = next((p.threshold for p in rows if p.applies("saturation")), SATURATION)
    lines = []
    for c in columns:
        if not c.meaning:
            continue
        meaning = c.meaning
        if c.key == "saturation":
            meaning = f"|f′| < {threshold:g} from there to ±∞"
        lines.append(f"{c.flat_header}: {meaning}")
    if any(c.key.startswith("cost") for c in columns):
        dates = sorted({p.measured for p in rows if p.measured})
        when = " to ".join(dict.fromkeys([dates[0], dates[-1]])) if dates else "never"
        lines.append(f"{describe(when)}.")
    if any(p.kind == "gated" for p in rows):
        lines.append(gated_line(columns))
    domains = sorted({str(p.domain) for p in rows if p.domain.bounded})
    if domains:
        lines.append(
            f"Every column is computed on x in {' and '.join(domains)} only (--xlim): range, "
            "shape and saturation there, moments under z ~ N(0, 1) conditioned on z lying in it."
        )
    return lines


def gated_line(columns: Sequence[Column]) -> str:
    """The key's line on the gated units' rows: what their shown statistics are."""
    said = "; ".join(f"{c.flat_header}: {c.gated}" for c in columns if c.gated)
    return (
        "Gated units f(a, b) (a the gate's input, b the value): statistics for independent "
        f"a, b ~ N(0, 1){'; ' + said if said else ''}; n/a: a property of one-input functions."
    )


def key_paragraphs(columns: Sequence[Column], rows: Sequence[Properties]) -> list[str]:
    """:func:`key_lines` as prose: the columns' meanings in one paragraph, then the notes."""
    lines = key_lines(columns, rows)
    headers = {c.flat_header for c in columns}
    meanings = [line for line in lines if line.partition(": ")[0] in headers]
    notes = [line for line in lines if line not in meanings]
    return (["; ".join(meanings) + "."] if meanings else []) + notes
