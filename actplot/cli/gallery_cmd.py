"""`actplot gallery`: export the whole registry as browsable images with an index."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli._shared import Theme, choices, console, report
from actplot.render.gallery_jobs import FORMATS

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
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")
    ] = None,
    dpi: Annotated[int, typer.Option(help="Image resolution in dots per inch.")] = 100,
    theme: Annotated[Theme, typer.Option(help="Colour theme.")] = Theme.light,
    clean: Annotated[
        bool, typer.Option("--clean", help="Remove images of names no longer in the registry.")
    ] = False,
) -> None:
    """Write one image per activation, overview images and an index (index.md, README.md,
    index.html) into a folder; an existing gallery there is updated in place."""
    from actplot.render.gallery import build_gallery

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
            progress=advance,
        )
    seconds = time.perf_counter() - started
    report(
        f"wrote {len(result.written)} images in {output} ({len(result.changed)} changed), "
        f"index {output / 'README.md'} and {output / 'index.html'}, {seconds:.1f} s"
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
