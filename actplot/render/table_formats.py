"""The property table as rich, Markdown, CSV, TSV, JSON, LaTeX or HTML (no matplotlib but
for HTML's formulas).

The columns and their cells are :mod:`.table_columns`'; LaTeX is :mod:`.table_latex`, HTML
:mod:`.table_html`. A rich table is fitted to the terminal: its cells never wrap (no token
split across lines); the default columns are dropped from the least looked-up on until the
table fits, and when even chosen columns do not fit each activation becomes a card.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from actplot.compute.properties import Properties, to_json
from actplot.render.table_columns import (
    COLUMNS,
    DEFAULT,
    DROP_ORDER,
    LATEX_DEFAULT,
    Column,
    key_paragraphs,
    select,
)

FORMATS = ("rich", "markdown", "csv", "tsv", "json", "latex", "html")
MACHINE = ("csv", "tsv", "json")  # all columns unless --columns says otherwise
WIDE = 10_000  # "no width limit" for a table written to a file


def render(
    fmt: str,
    rows: Sequence[Properties],
    columns: str | Sequence[str] | None = None,
    *,
    width: int = WIDE,
    layout: str = "column",
) -> Any:
    """The table of `rows` in `fmt`: text, or for rich a renderable fitted to `width`.
    `columns`: keys ("name,range,…", "all" or a list; None: the format's default);
    `layout`: LaTeX's float (column, wide or landscape)."""
    if fmt not in FORMATS:
        from actplot.model.validation import choice

        choice(fmt, "the table format", FORMATS)
    default = {"latex": LATEX_DEFAULT}.get(fmt, DEFAULT)
    if fmt in MACHINE:
        default = tuple(c.key for c in COLUMNS)
    chosen = select(columns, default)
    if columns is None and fmt not in MACHINE:  # a default column no row has (all gated): out
        chosen = [c for c in chosen if any(c.applies(p) for p in rows)] or chosen
    if fmt == "rich":
        return render_rich(rows, chosen, width, explicit=columns is not None)
    if fmt == "markdown":
        return render_markdown(rows, chosen)
    if fmt in ("csv", "tsv"):
        return render_delimited(rows, chosen, "," if fmt == "csv" else "\t")
    if fmt == "json":
        return render_json(rows, None if columns is None else chosen)
    if fmt == "latex":
        from actplot.render.table_latex import render_latex

        return render_latex(rows, chosen, layout)
    from actplot.render.table_html import render_html

    return render_html(rows, chosen)


# ---- rich ------------------------------------------------------------------------------------


def _rich_table(
    rows: Sequence[Properties], columns: Sequence[Column], texts: dict[str, list[str]]
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{len(rows)} activation{'s' if len(rows) != 1 else ''}",
        box=box.SIMPLE_HEAVY,
        caption_justify="left",
    )
    for c in columns:  # no_wrap: a cell is never split; the columns are chosen to fit instead
        table.add_column(c.header, justify="right" if c.numeric else "left", no_wrap=True)
    for i in range(len(rows)):  # Text, not str: no markup parsing of "[0, ∞)", and faster
        table.add_row(*(Text(texts[c.key][i]) for c in columns))
    return table


def _natural_width(columns: Sequence[Column], texts: dict[str, list[str]]) -> int:
    """The width a SIMPLE_HEAVY table of `columns` needs with no cell wrapped: each column's
    widest line plus one space either side and a rule character (3 n + 1 in all), as rich
    lays it out (a test measures it against rich)."""
    from rich.cells import cell_len

    widths = [
        max(cell_len(line) for line in (*c.header.split("\n"), *texts[c.key])) for c in columns
    ]
    return sum(widths) + 3 * len(columns) + 1


def render_rich(
    rows: Sequence[Properties], columns: Sequence[Column], width: int, explicit: bool = False
) -> Any:
    """A rich Table within `width` columns with the key under it (as wide as the terminal,
    not the table); cards when the columns cannot fit."""
    from rich.console import Group
    from rich.text import Text

    texts = {c.key: [c.text(p) for p in rows] for c in columns}
    shown = list(columns)
    if not explicit:
        for key in DROP_ORDER:
            if _natural_width(shown, texts) <= width:
                break
            shown = [c for c in shown if c.key != key]
    if _natural_width(shown, texts) > width:
        return render_cards(rows, columns)
    table = _rich_table(rows, shown, texts)
    lines = key_paragraphs(shown, rows)
    hidden = len(columns) - len(shown)
    if hidden:
        lines.append(
            f"{hidden} more column{'s' if hidden > 1 else ''} in a wider terminal; every "
            "column: --columns all"
        )
    return Group(table, Text("\n".join(lines)))


def render_cards(rows: Sequence[Properties], columns: Sequence[Column]) -> Any:
    """Each activation as a card of "column  value" lines: for a terminal too narrow for
    the columns side by side."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    for p in rows:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column(overflow="fold")
        for c in columns[1:]:
            grid.add_row(Text(c.long), Text(c.text(p)))
        parts += [Text(p.label, style="bold"), grid, Text("")]
    parts.append(Text("\n".join(key_paragraphs(columns, rows)), style="dim"))
    return Group(*parts)


# ---- text formats ----------------------------------------------------------------------------


def render_markdown(rows: Sequence[Properties], columns: Sequence[Column]) -> str:
    """A GitHub table followed by the key."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(esc(c.flat_header) for c in columns) + " |",
        "|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|",
    ]
    lines += ["| " + " | ".join(esc(c.text(p)) for c in columns) + " |" for p in rows]
    return "\n".join([*lines, "", *key_paragraphs(columns, rows)])


def render_json(rows: Sequence[Properties], columns: Sequence[Column] | None = None) -> str:
    """Every key (or, with `columns`, a row's identity and those columns' keys)."""
    records = [to_json(p) for p in rows]
    if columns is not None:
        keep = {"name", "label", "family", "kind", "params", "domain"}
        keep |= {k for c in columns for k in c.json}
        records = [{k: v for k, v in r.items() if k in keep} for r in records]
    return json.dumps(records, indent=2, ensure_ascii=False)


def _machine(v: Any) -> Any:
    """A CSV field: booleans as true/false (what pandas, R and spreadsheets read)."""
    return ("false", "true")[v] if isinstance(v, bool) else v


def render_delimited(rows: Sequence[Properties], columns: Sequence[Column], sep: str) -> str:
    """CSV (`sep` ",") or TSV ("\\t"): one field per number, empty for none or unbounded."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    records = [{k: v for c in columns for k, v in c.fields(p).items()} for p in rows]
    header = list(records[0]) if records else [k for c in columns for k in c.json]
    writer.writerow(header)
    for r in records:
        writer.writerow([_machine(r[k]) for k in header])
    return buf.getvalue()
