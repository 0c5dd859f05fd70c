"""What several commands share: option types, choices made from the library's own tuples,
the one console and the one "wrote PATH" report.

Reports go to stderr, always: stdout carries what was asked for (a table, JSON, a terminal
plot), so ``actplot ... -o f.png --format json | jq`` stays valid.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import completion
from actplot.compute import budget
from actplot.render.style import THEMES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from rich.console import Console

# Columns for a file or a pipe, where there is no terminal width (and COLUMNS is not set):
# wide enough that the default table (``actplot table``, about 180 columns) never wraps.
PIPE_WIDTH = 250
MAX_WIDTH = 1000  # COLUMNS=100000000 must not make a plot or table of that width


def choices(name: str, values: Iterable[str]) -> type[Enum]:
    """A str Enum whose members are `values` (typer shows and checks them), built from the
    library's own tuple so that the command line can never offer a copy that drifted."""
    return Enum(name, [(v, v) for v in values], type=str)  # type: ignore[return-value]


class RichOrJson(str, Enum):
    rich = "rich"
    json = "json"


Theme: Any = choices("Theme", THEMES)


def console(stderr: bool = False) -> Console:
    """The console of every command: the terminal's width (or $COLUMNS), at most
    :data:`MAX_WIDTH`; :data:`PIPE_WIDTH` for a file or a pipe without $COLUMNS (no wrapping
    at 80 columns)."""
    from rich.console import Console

    out = Console(stderr=stderr)
    if not out.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        return Console(stderr=stderr, width=PIPE_WIDTH)
    if out.width > MAX_WIDTH:
        return Console(stderr=stderr, width=MAX_WIDTH)
    return out


def plain_text(renderable: Any) -> str:
    """`renderable` as the text a pipe would receive: :data:`PIPE_WIDTH` wide, no colour."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=PIPE_WIDTH, color_system=None, force_terminal=False).print(
        renderable
    )
    return buffer.getvalue()


def report(message: str) -> None:
    """A line about what a command did (never its output): on stderr."""
    typer.echo(message, err=True)


def wrote(path: str | os.PathLike[str]) -> None:
    """The one report of a file written."""
    report(f"wrote {path}")


ElementwiseNames = Annotated[
    list[str],
    typer.Argument(
        help="Elementwise activations: NAME, NAME:param=value[,param=value], or an expression "
        'in x such as "x*tanh(softplus(x))".',
        show_default=False,
        autocompletion=completion.activation,
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

BudgetMB = Annotated[
    float | None,
    typer.Option(
        "--budget-mb",
        help=f"Memory budget in MB (default {budget.DEFAULT_MB:g}, or ${budget.ENV_MB}): work "
        "estimated to need more is refused before it starts.",
        show_default=False,
    ),
]
BudgetSeconds = Annotated[
    float | None,
    typer.Option(
        "--budget-seconds",
        help=f"Time budget in seconds (default {budget.DEFAULT_SECONDS:g}, or "
        f"${budget.ENV_SECONDS}): work estimated to take longer is refused before it starts.",
        show_default=False,
    ),
]


@contextlib.contextmanager
def progress_bar(
    description: str, total: int, *, tasks: Iterable[str] | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A transient rich progress bar on stderr when it is a terminal (nothing when piped):
    yields ``tick(task, completed)`` or None. One bar per name in `tasks` (default: one,
    `description`), each of `total` steps. Ctrl-C stops the bar and leaves the terminal
    clean (the KeyboardInterrupt goes on to the application)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        ids = [bar.add_task(name, total=total) for name in (tasks or [description])]

        def tick(task: int, completed: int) -> None:
            bar.update(ids[task], completed=completed)

        yield tick


@contextlib.contextmanager
def out_of_memory(what: str) -> Iterator[None]:
    """A MemoryError (work over a budget raised past the memory there is) as one line."""
    try:
        yield
    except MemoryError:
        raise budget.OverBudget(f"{what} ran out of memory (nothing written)") from None
