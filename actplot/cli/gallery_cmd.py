"""`actplot gallery`: export the whole registry as browsable images with an index."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli._shared import BudgetMB, BudgetSeconds, Theme, choices, console, report
from actplot.render.gallery_jobs import FORMATS

DEFAULT_INDEX = "index"  # the engine's (actplot.render.gallery), without importing it here

if TYPE_CHECKING:
    from rich.console import Console

ImageFormat: Any = choices("ImageFormat", FORMATS)


def gallery_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME", help="Only these activations (or aliases); default: all."),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder to write (created if missing; its parent must exist)."
        ),
    ] = Path("gallery"),
    format: Annotated[ImageFormat, typer.Option("--format", "-f", help="Image format.")] = (
        ImageFormat.png
    ),
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes, 1 to 64 (default: one per core)."),
    ] = None,
    dpi: Annotated[int, typer.Option(help="Image resolution in dots per inch.")] = 100,
    theme: Annotated[Theme, typer.Option(help="Colour theme.")] = Theme.light,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="Remove images actplot wrote there of names no longer in the registry.",
        ),
    ] = False,
    index: Annotated[
        str,
        typer.Option(
            "--index",
            metavar="NAME",
            help="Write the index as NAME.md and NAME.html; the default, 'index', writes "
            "index.md, README.md and index.html.",
        ),
    ] = DEFAULT_INDEX,
    budget_mb: BudgetMB = None,
    budget_seconds: BudgetSeconds = None,
) -> None:
    """Write one image per activation, overview images and an index (index.md, README.md,
    index.html) into a folder; an existing gallery there is updated in place.

    actplot touches only the files it wrote there (listed in .actplot-gallery.json): it
    refuses to replace an index file of yours, and never reports or removes your other files.
    Memory and time are estimated first: --jobs beyond the budget is refused, the default
    number of workers is lowered to fit it."""
    from actplot.compute.budget import Budget
    from actplot.render.gallery import build_gallery

    budget = Budget.resolve(budget_mb, budget_seconds)
    started = time.perf_counter()
    with _progress_bar(console(stderr=True)) as advance:
        result = build_gallery(
            output,
            names or None,
            fmt=format.value,
            dpi=dpi,
            theme=theme.value,
            jobs=jobs,
            clean=clean,
            index=index,
            budget=budget,
            progress=advance,
        )
    seconds = time.perf_counter() - started
    for note in result.notes:
        report(note)
    indexes = " and ".join(str(p) for p in result.indexes[-2:])
    report(
        f"wrote {_files(result.written)} in {output} ({len(result.changed)} changed), "
        f"index {indexes}, {seconds:.1f} s"
    )
    for path in result.removed:
        report(f"removed {path} (not in the registry)")
    if result.stale:
        listed = ", ".join(str(p) for p in result.stale)
        report(
            f"actplot: {len(result.stale)} stale image(s) not in the registry, kept "
            f"(--clean removes them): {listed}"
        )


@contextmanager
def _progress_bar(console: Console) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar on a terminal, quiet (a no-op) when stderr is not a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task("gallery", total=None)

        def advance(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label)

        yield advance


def _files(written: list[Path]) -> str:
    """ "3 images and 1 interactive page": what the gallery wrote, by kind."""
    pages = sum(1 for p in written if p.suffix == ".html")
    images = len(written) - pages
    text = f"{images} image{'s' * (images != 1)}"
    return text + (f" and {pages} interactive page{'s' * (pages != 1)}" if pages else "")
