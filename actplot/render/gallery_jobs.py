"""One gallery image as a picklable job, and the worker that draws it.

Jobs carry names and plain values only (never Activation objects), so that a spawned worker
process can rebuild everything from the registry. Images are encoded as the figures of
``show`` are (:func:`actplot.render.output.figure_bytes`) and written by the one atomic
writer, whole and only when their bytes change
(:func:`actplot.io.atomic.write_if_changed`), so regenerating an up-to-date gallery changes
nothing on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from actplot.io.atomic import write_if_changed
from actplot.render import output

if TYPE_CHECKING:
    from actplot.render.gallery_props import Properties

# What a browser shows in an <img> of the index: not PDF.
FORMATS = ("png", "svg")  # what a web page shows: output.FORMATS also writes PDF, EPS, ...
OVERVIEW_DIR = "overview"
SHEET_STEM = "contact_sheet"
# Rough drawing time of each kind, relative to one activation's image (measured: the
# contact sheet takes about 0.2 per panel); the heaviest jobs are queued first.
_WEIGHT = {"sheet": 0.2, "family": 0.8, "activation": 1.0}


def family_stem(key: str) -> str:
    return f"family_{key}"


@dataclass(frozen=True)
class Job:
    """One image: ``kind`` is "activation", "sheet" or "family"; ``key`` the name or family."""

    kind: str
    key: str
    names: tuple[str, ...]
    path: str
    fmt: str = "png"
    dpi: int = 100
    theme: str = "light"

    @property
    def weight(self) -> float:
        return _WEIGHT[self.kind] * (len(self.names) if self.kind == "sheet" else 1)

    def with_output(self, fmt: str, dpi: int, theme: str) -> Job:
        return replace(self, fmt=fmt, dpi=dpi, theme=theme)


def init_worker() -> None:
    """Set up a worker process once: the Agg backend and the drawing modules imported."""
    import matplotlib

    matplotlib.use("Agg")
    import actplot.render.gallery_sheet  # noqa: F401  (pays the import cost up front)


def render_job(job: Job) -> tuple[bool, Properties | None]:
    """Draw `job` and write its file: whether the file's bytes changed, and for a single
    activation the properties in its caption (the index reuses them)."""
    from actplot.render import gallery_sheet
    from actplot.render.gallery_props import properties

    props = None
    if job.kind == "activation":
        props = properties(job.key)
        fig = gallery_sheet.activation_figure(job.key, props, job.theme)
    elif job.kind == "sheet":
        fig = gallery_sheet.contact_sheet(list(job.names), job.theme)
    else:
        fig = gallery_sheet.family_overlay(job.key, list(job.names), job.theme)
    return write_if_changed(job.path, output.figure_bytes(fig, job.fmt, job.dpi)), props
