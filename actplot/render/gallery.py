"""`actplot gallery`'s engine: plan the images, render them in parallel, index them, tidy up.

A gallery folder holds one image per canonical activation (``relu.png``), overview images in
``overview/`` (``contact_sheet.png`` and ``family_<key>.png``), and the index written three
times over: ``index.md`` (the promised name), ``README.md`` (what a Git host shows when the
folder is opened) and ``index.html``. Everything comes from the registry; no names are listed
here. Files are written by the one atomic writer (:mod:`actplot.io.atomic`), whole and only
when their bytes change. The folder itself is created when missing, its parent never: a
missing parent is an error naming it, like any output path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from actplot import registry
from actplot.errors import OutputError
from actplot.io import atomic
from actplot.model.interval import Interval
from actplot.model.validation import choice, integer
from actplot.render.gallery_index import write_indexes
from actplot.render.gallery_jobs import (
    FORMATS,
    OVERVIEW_DIR,
    SHEET_STEM,
    Job,
    family_stem,
    init_worker,
    render_job,
)
from actplot.render.gallery_props import Properties, properties
from actplot.render.style import check_theme

MD_INDEXES = ("index.md", "README.md")
HTML_INDEX = "index.html"
DPI = Interval.closed(30, 600)
Progress = Callable[[int, int, str], None]
Rendered = tuple[bool, Properties | None]  # file changed; caption properties


@dataclass
class GalleryResult:
    """What a run did: every image it wrote, those whose bytes changed, stale images."""

    written: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # not in the registry; kept
    removed: list[Path] = field(default_factory=list)  # not in the registry; removed (--clean)
    names: list[str] = field(default_factory=list)  # the activations the index lists


def build_gallery(
    out_dir: str | os.PathLike[str],
    names: Iterable[str] | None = None,
    *,
    fmt: str = "png",
    dpi: int = 100,
    theme: str = "light",
    jobs: int | None = None,
    clean: bool = False,
    progress: Progress | None = None,
) -> GalleryResult:
    """Write (or update) the gallery in `out_dir`; see the module docstring for its layout.

    `names` (names or aliases) limits which activation images are drawn; the overviews and
    the index cover those plus every registered activation already imaged in `out_dir`, so
    adding one name to an existing gallery keeps it whole. `jobs` defaults to the number of
    cores. Images of names no longer in the registry are reported, and removed with `clean`.
    """
    fmt, dpi, theme, workers = _check_options(fmt, dpi, theme, jobs)
    selected = _selected(names)  # before anything is created: a bad name leaves no trace
    out = _check_output(Path(out_dir))
    imaged = {p.stem for p in _images(out, fmt)}
    covered = sorted(set(selected) | (imaged & set(registry.names())))
    plan = plan_jobs(out, selected, covered, fmt, dpi, theme)
    result = GalleryResult(names=covered)
    props: dict[str, Properties] = {}
    for job, (changed, job_props) in zip(plan, _run(plan, workers, progress), strict=True):
        result.written.append(Path(job.path))
        if changed:
            result.changed.append(Path(job.path))
        if job_props is not None:
            props[job.key] = job_props
    for name in covered:  # names imaged by an earlier run
        if name not in props:
            props[name] = properties(name)
    write_indexes(out, covered, props, fmt, theme, MD_INDEXES, HTML_INDEX)
    for path in stale_images(out):
        if not clean:
            result.stale.append(path)
            continue
        try:
            path.unlink()
        except OSError as exc:
            raise OutputError(f"cannot remove {str(path)!r}: {exc.strerror or exc}") from None
        result.removed.append(path)
    return result


def plan_jobs(
    out: Path, selected: list[str], covered: list[str], fmt: str, dpi: int, theme: str
) -> list[Job]:
    """The images to draw, heaviest first so that no worker is left with a big one at the end.

    Overviews cover `covered`; single images are drawn for `selected`.
    """
    over = out / OVERVIEW_DIR
    jobs = [Job("sheet", SHEET_STEM, tuple(covered), str(over / f"{SHEET_STEM}.{fmt}"))]
    for key in registry.FAMILIES:
        members = tuple(n for n in covered if registry.spec(n).family == key)
        if members:
            stem = family_stem(key)
            jobs.append(Job("family", key, members, str(over / f"{stem}.{fmt}")))
    jobs += [Job("activation", n, (n,), str(out / f"{n}.{fmt}")) for n in selected]
    jobs.sort(key=lambda j: -j.weight)  # stable: equal weights keep the registry order
    return [j.with_output(fmt, dpi, theme) for j in jobs]


def stale_images(out: Path) -> list[Path]:
    """Images in a gallery folder that no longer belong to it, in any image format."""
    known = set(registry.names())
    overviews = {SHEET_STEM} | {family_stem(k) for k in registry.FAMILIES if registry.names(k)}
    stale = [p for p in _images(out) if p.stem not in known]
    stale += [p for p in _images(out / OVERVIEW_DIR) if p.stem not in overviews]
    return sorted(stale)


def _run(plan: list[Job], workers: int, progress: Progress | None) -> list[Rendered]:
    """Render every job (in this process for one worker), in the order of `plan`."""
    total = len(plan)
    tick = progress or (lambda done, total, label: None)
    tick(0, total, "gallery")
    if workers == 1 or total <= 1:
        rendered = []
        for done, job in enumerate(plan, 1):
            rendered.append(render_job(job))
            tick(done, total, job.key)
        return rendered
    # spawn: the same behaviour on every OS, and no fork of a process whose progress-bar
    # thread may hold a lock; each worker imports matplotlib once, in init_worker.
    pool = ProcessPoolExecutor(
        max_workers=min(workers, total), mp_context=get_context("spawn"), initializer=init_worker
    )
    futures = [pool.submit(render_job, job) for job in plan]  # queued in submission order
    key = {future: job.key for future, job in zip(futures, plan, strict=True)}
    try:
        for done, future in enumerate(as_completed(futures), 1):
            future.result()  # a worker's error is raised here, at once
            tick(done, total, key[future])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [f.result() for f in futures]


def _check_options(fmt: str, dpi: int, theme: str, jobs: int | None) -> tuple[str, int, str, int]:
    fmt = choice(fmt, "format", FORMATS)
    dpi = integer(dpi, "dpi", DPI)
    workers = cores() if jobs is None else integer(jobs, "jobs", Interval.at_least(1))
    return fmt, dpi, check_theme(theme), workers


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _check_output(out: Path) -> Path:
    """`out` and its overview folder, created when missing (never `out`'s parents)."""
    atomic.make_folder(out)
    atomic.make_folder(out / OVERVIEW_DIR)
    return out


def _selected(names: Iterable[str] | None) -> list[str]:
    if names is None:
        return registry.names()
    return sorted({registry.resolve(n) for n in names})


def _images(folder: Path, fmt: str | None = None) -> list[Path]:
    suffixes = {f".{fmt}"} if fmt else {f".{f}" for f in FORMATS}
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in suffixes)
