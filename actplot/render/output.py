"""Writing a figure to PNG, SVG or PDF: whole or not at all, and byte-reproducible.

The format comes from the file's extension. The image is written to a temporary file in the
destination folder and moved over the destination with :func:`os.replace`, so a reader never
sees half a file and a failure leaves nothing behind. Dates and version stamps are left out
of the files so that the same figure always gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actplot.errors import OutputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DEFAULT_DPI = 150
MIN_DPI, MAX_DPI = 10, 2400
SVG_HASHSALT = "actplot"  # fixes the ids of SVG clip paths, which are otherwise random
# What would change between runs: the software version (png) and dates (svg, pdf).
METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def check_path(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """The path and its format; OutputError for an unknown extension or a missing folder."""
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        got = f"{p.suffix!r}" if p.suffix else "no extension"
        raise OutputError(
            f"cannot write {str(p)!r}: {got} is not a supported format (use {', '.join(FORMATS)})"
        )
    folder = p.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"cannot write {str(p)!r}: folder {str(folder)!r} {what}")
    if p.is_dir():
        raise OutputError(f"cannot write {str(p)!r}: it is a folder")
    return p, fmt


def check_dpi(dpi: float) -> float:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise OutputError(f"dpi must be between {MIN_DPI} and {MAX_DPI}, not {dpi:g}")
    return dpi


def save(fig: Figure, path: str | os.PathLike[str], dpi: float = DEFAULT_DPI) -> Path:
    """Write `fig` to `path` (format by extension) atomically; returns the path."""
    p, fmt = check_path(path)
    dpi = check_dpi(dpi)
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # draw with Agg directly: no backend selection, no pyplot
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh, matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT}):
            fig.savefig(fh, format=fmt, dpi=dpi, metadata=METADATA[fmt])
        os.chmod(tmp, _mode_for(p))
        os.replace(tmp, p)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(f"cannot write {str(p)!r}: {exc.strerror or exc}") from None
    except BaseException:
        _discard(tmp)
        raise
    return p


def _mode_for(p: Path) -> int:
    """The permissions a plain ``open(p, 'w')`` would give (mkstemp makes files 0600)."""
    try:
        return p.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
