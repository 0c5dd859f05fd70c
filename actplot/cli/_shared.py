"""Argument and option types that several commands share."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class RichOrJson(str, Enum):
    rich = "rich"
    json = "json"


ElementwiseNames = Annotated[
    list[str],
    typer.Argument(
        help="Elementwise activations: NAME, NAME:param=value[,param=value], or an expression "
        'in x such as "x*tanh(softplus(x))".',
        show_default=False,
    ),
]

FormatOption = Annotated[RichOrJson, typer.Option("--format", "-f", help="Output format.")]
PlotFile = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the plot to a PNG, SVG or PDF file (by its extension).",
        show_default=False,
    ),
]
