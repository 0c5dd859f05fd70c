"""One gallery image as a picklable job, the worker that draws it, and reproducible writing.

Jobs carry names and plain values only (never Activation objects), so that a spawned worker
process can rebuild everything from the registry. A file is written whole or not at all
(a temp file in the same folder, then ``os.replace``) and left untouched when its bytes
would not change, so regenerating an up-to-date gallery changes nothing on disk.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from actplot.errors import OutputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from actplot.render.gallery_props import Properties

FORMATS = ("png", "svg")
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
    return write_if_changed(Path(job.path), figure_bytes(fig, job.fmt, job.dpi)), props


def figure_bytes(fig: Figure, fmt: str, dpi: int) -> bytes:
    """`fig` encoded as `fmt`, with nothing in it that varies between runs.

    The metadata and SVG id salt of :mod:`actplot.render.output`, plus no SVG "Creator"
    (matplotlib writes its version there).
    """
    import matplotlib

    from actplot.render import output

    metadata = {**output.METADATA[fmt], **({"Creator": None} if fmt == "svg" else {})}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": output.SVG_HASHSALT}):
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless the file already holds exactly `data`."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # os.open with 0o666 lets the umask decide the mode, as a plain open() would.
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        raise
    return True
