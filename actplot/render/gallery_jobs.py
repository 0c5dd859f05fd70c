"""One gallery image as a picklable job, and the worker that draws it.

Jobs carry names and plain values only (never Activation objects), so that a spawned worker
process can rebuild everything from the registry. Images are encoded as the figures of
``show`` are (:func:`actplot.render.output.figure_bytes`) and written by the one atomic
writer, whole and only when their bytes change
(:func:`actplot.io.atomic.write_if_changed`), so regenerating an up-to-date gallery changes
nothing on disk.

Workers never outlive the command: each exits when its parent process dies, however it
dies (on Linux the kernel sends SIGTERM, ``PR_SET_PDEATHSIG``; everywhere a thread watches
the parent's pid), and on SIGTERM a worker removes the temporary file it was writing and
exits. Workers ignore SIGINT: Ctrl-C reaches the whole process group, and the parent stops
them (:func:`run_pool`), so one "interrupted" line is all the user sees.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

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
_WEIGHT = {"sheet": 0.2, "family": 0.8, "activation": 1.0, "page": 2.0}
PAGE_FORMAT = "html"  # a family's interactive page (actplot.render.web_page), beside its overlay


def family_stem(key: str) -> str:
    return f"family_{key}"


def page_members(names: Sequence[str]) -> tuple[str, ...]:
    """The members of a family its interactive page draws: all but gated (two-input) units."""
    from actplot import registry

    return tuple(n for n in names if getattr(registry.spec(n), "kind", "") != "gated")


@dataclass(frozen=True)
class Job:
    """One file: ``kind`` is "activation", "sheet", "family" (images) or "page" (a family's
    interactive page); ``key`` the name or family."""

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


WATCH_SECONDS = 0.2  # how often a worker checks that its parent is alive
_PR_SET_PDEATHSIG = 1


def init_worker(parent: int) -> None:
    """Set up a worker process once: tied to `parent` (the pid of the process that started
    it), SIGINT ignored, the Agg backend and the drawing modules imported."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _die_with(parent)
    import matplotlib

    matplotlib.use("Agg")
    import actplot.render.gallery_sheet  # noqa: F401  (pays the import cost up front)


def _on_sigterm(signum: int, frame: Any) -> None:
    """Remove the temporary file being written (the target keeps its old bytes) and exit
    at once. Not by raising: an exception raised in a signal handler can land in a weakref
    callback or a finaliser, where Python prints it as "Exception ignored" and goes on."""
    from actplot.io.atomic import remove_temporaries

    remove_temporaries()
    os._exit(128 + signum)


def _die_with(parent: int) -> None:
    """SIGTERM to this process when `parent` is gone: at once on Linux (the kernel), and
    within :data:`WATCH_SECONDS` everywhere (a thread watching the parent's pid)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc by that name: the thread still watches
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="actplot-parent-watch", daemon=True).start()


def render_job(job: Job) -> tuple[bool, Properties | None]:
    """Draw `job` and write its file: whether the file's bytes changed, and for a single
    activation the properties in its caption (the index reuses them)."""
    return _render(job)


def _render(job: Job) -> tuple[bool, Properties | None]:
    from actplot.render import gallery_sheet
    from actplot.render.gallery_props import properties

    props = None
    if job.kind == "page":
        return write_if_changed(job.path, _family_page(job)), None
    if job.kind == "activation":
        props = properties(job.key)
        fig = gallery_sheet.activation_figure(job.key, props, job.theme)
    elif job.kind == "sheet":
        fig = gallery_sheet.contact_sheet(list(job.names), job.theme)
    else:
        fig = gallery_sheet.family_overlay(job.key, list(job.names), job.theme)
    return write_if_changed(job.path, output.figure_bytes(fig, job.fmt, job.dpi)), props


def _family_page(job: Job) -> bytes:
    """A family's interactive page: its members on the gallery's x range and y clip, in its
    theme; saturation computed, not shaded at the start (as the overlay image)."""
    from actplot import registry
    from actplot.render import gallery_sheet, web_page
    from actplot.render.options import PlotOptions

    title = f"{registry.FAMILIES[job.key]} ({len(job.names)})"
    opts = PlotOptions(xlim=gallery_sheet.XLIM, title=title, theme=job.theme)
    groups = [[registry.get(n)] for n in job.names]
    page = web_page.page_html(groups, opts, clip=gallery_sheet.OVERLAY_YCLIP, shaded=False)
    return page.encode("utf-8")


def run_pool(
    jobs: Sequence[Job], workers: int, tick: Callable[[int, str], None]
) -> list[tuple[bool, Properties | None]]:
    """Render `jobs` in `workers` spawned processes, in order; `tick(done, key)` after each.

    Any exception here (a worker's error, Ctrl-C, SIGTERM turned into SystemExit) stops
    every worker before it propagates: nothing is left running.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    # spawn: the same behaviour on every OS, and no fork of a process whose progress-bar
    # thread may hold a lock; each worker imports matplotlib once, in init_worker.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=init_worker,
        initargs=(os.getpid(),),
    )
    try:
        with _sigint_ignored():  # the workers start here, and inherit SIG_IGN from birth
            futures = [pool.submit(render_job, job) for job in jobs]  # queued in order
        key = {future: job.key for future, job in zip(futures, jobs, strict=True)}
        for done, future in enumerate(as_completed(futures), 1):
            future.result()  # a worker's error is raised here, at once
            tick(done, key[future])
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return [f.result() for f in futures]


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while processes are started (only the main thread sets handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _stop(pool: Any) -> None:
    """Terminate the pool's workers (SIGTERM: each removes its temp file) and reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 2.0
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)
