"""Writing a figure to PNG, SVG, PDF, EPS/PS, JPEG, TIFF or WebP: whole or not at all, and
byte-reproducible.

The format comes from the file's extension. The bytes go through the one atomic writer,
:mod:`actplot.io.atomic` (a reader never sees half a file, a failure leaves nothing behind).
Dates and version stamps are left out of the files so that the same figure always gives the
same bytes; the gallery encodes its images with the same :func:`write_figure`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from actplot.errors import OutputError
from actplot.io import atomic
from actplot.model.interval import Interval
from actplot.model.validation import number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {
    ".png": "png", ".svg": "svg", ".pdf": "pdf", ".eps": "eps", ".ps": "ps",
    ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff", ".webp": "webp",
}  # fmt: skip
PAGES = {".html": "html", ".htm": "html"}  # show's interactive page (render.web_page)
DEFAULT_DPI = 150
MIN_DPI, MAX_DPI = 10, 2400
DPI = Interval.closed(MIN_DPI, MAX_DPI)
SVG_HASHSALT = "actplot"  # fixes the ids of SVG clip paths, which are otherwise random
# What would change between runs: the software version (png) and dates (svg, pdf).
METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    # PostScript's date is left out by the figure's canvas (render.figure); Pillow's formats
    # carry no date.
    "eps": {"Creator": "actplot"},
    "ps": {"Creator": "actplot"},
}
# Pillow's encoders: JPEG at high quality, TIFF compressed (4 MB raw), WebP lossless.
PIL_KWARGS: dict[str, dict[str, Any]] = {
    "jpeg": {"quality": 95},
    "tiff": {"compression": "tiff_lzw"},
    "webp": {"lossless": True},
}


def check_path(path: str | os.PathLike[str], pages: bool = False) -> tuple[Path, str]:
    """The path and its format, or an OutputError (an unknown extension, or anything
    :func:`actplot.io.atomic.check` refuses): what commands call before any work. With
    `pages`, ``.html`` is the interactive page (:data:`PAGES`, ``show`` only)."""
    p = Path(path)
    fmt = format_of(p, pages)
    return atomic.check(p), fmt


def format_of(p: Path, pages: bool = False) -> str:
    """The image format of `p`'s extension (any case); with `pages` also ``html``."""
    fmt = FORMATS.get(p.suffix.lower()) or (PAGES.get(p.suffix.lower()) if pages else None)
    if fmt is None:
        got = f"{p.suffix!r}" if p.suffix else "no extension"
        page = ", or .html for an interactive page" if pages else ""
        raise OutputError(
            f"cannot write {str(p)!r}: {got} is not a supported format "
            f"(use {', '.join(FORMATS)}){page}"
        )
    return fmt


def check_dpi(dpi: float) -> float:
    return float(number(dpi, "dpi", DPI))


def save(fig: Figure, path: str | os.PathLike[str], dpi: float = DEFAULT_DPI) -> Path:
    """Write `fig` to `path` (format by extension) atomically; returns the path."""
    p = Path(path)
    fmt = format_of(p)
    dpi = check_dpi(dpi)
    with atomic.replacing(p) as fh:
        write_figure(fig, fh, fmt, dpi)
    return p


def write_figure(fig: Figure, fh: BinaryIO, fmt: str, dpi: float) -> None:
    """Encode `fig` as `fmt` into the binary file `fh`, with nothing that varies between
    runs (no dates or versions, fixed SVG ids)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # draw with Agg directly: no backend selection, no pyplot
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT}):
        extra = {"pil_kwargs": PIL_KWARGS[fmt]} if fmt in PIL_KWARGS else {}
        fig.savefig(fh, format=fmt, dpi=dpi, metadata=METADATA.get(fmt), **extra)


def figure_bytes(fig: Figure, fmt: str, dpi: float) -> bytes:
    """`fig` encoded as `fmt` (see :func:`write_figure`), in memory."""
    buffer = io.BytesIO()
    write_figure(fig, buffer, fmt, dpi)
    return buffer.getvalue()
