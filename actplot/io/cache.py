"""The table's rows, computed once and kept in a cache file.

The files live in the subfolder ``table`` of ``$ACTPLOT_CACHE_DIR``, else
``$XDG_CACHE_HOME/actplot``, else ``~/.cache/actplot``: one file per key, named by a hash of
everything the figures depend on (the source of the registry and of these computations, the
numpy, scipy and Python versions, the processor), so a changed registry or machine finds no
file and recomputes instead of showing stale figures. Installs that share the folder each
keep their own file; only files of this exact name shape (``<16 hex digits>.json``) in that
subfolder are ever deleted, the oldest first once more than :data:`KEEP` are there (a file
in use is touched on every read). Reading a warm cache imports neither scipy nor matplotlib.

A row that fails validation (a missing key, a wrong type, a number out of range) is
discarded and recomputed with a one-line note; an unreadable file or a folder in its place
is reported once and the table is computed without it.

Unlike an output path, the cache's folder is created when missing, parents included (as the
XDG rules ask); the file is written by the one atomic writer, :mod:`actplot.io.atomic`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from actplot.errors import OutputError
from actplot.io import atomic
from actplot.model import REAL, Activation, Interval

SCHEMA = 3
KEEP = 8  # files of other keys kept (other installs, other versions), the newest first
_NAME = re.compile(r"[0-9a-f]{16}\.json")
_PACKAGE = Path(__file__).resolve().parent.parent
Note = Callable[[str], None]


def cache_dir() -> Path:
    if explicit := os.environ.get("ACTPLOT_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rules: a relative path is invalid, ignore it
        base = str(Path.home() / ".cache")
    return Path(base) / "actplot"


def _sources() -> list[Path]:
    """The files whose change can change a figure."""
    files: list[Path] = []
    for folder in ("model", "activations", "expressions", "compute"):
        files += sorted((_PACKAGE / folder).rglob("*.py"))
    return files + [_PACKAGE / "registry.py", _PACKAGE / "plugins.py", _PACKAGE / "parsing.py"]


def _installed_stamp() -> str:
    """When each import folder last changed: installing or removing a package (a plugin
    among them) changes its folder, so the plugin set can never be stale. Reading the
    entry points themselves would cost ~20 ms on every warm run."""
    stamps = []
    for folder in sys.path:
        if not folder.endswith(("site-packages", "dist-packages")):
            continue  # the working folder changes with every file written there
        try:
            stamps.append(f"{folder}:{os.stat(folder or '.').st_mtime_ns}")
        except OSError:
            continue
    return "|".join(stamps)


@functools.cache
def cache_key() -> str:
    """A 64-bit digest (CRC-32 and Adler-32: zlib is loaded already, hashlib costs 10 ms)."""
    from actplot.compute.cost import machine

    stamp = f"{SCHEMA}|{np.__version__}|{sys.version}|{_scipy_stamp()}|{machine()}"
    parts = [stamp.encode(), _installed_stamp().encode()]
    for path in _sources():
        parts += [f"{path.parent.name}/{path.name}".encode(), path.read_bytes()]
    blob = b"\0".join(parts)
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"


def _scipy_stamp() -> str:
    """Where scipy is installed and when (not its version: that would import it)."""
    import importlib.util

    found = importlib.util.find_spec("scipy")
    if found is None or not found.origin:
        return "no scipy"
    return f"{found.origin}:{os.stat(found.origin).st_mtime_ns}"


def cache_path() -> Path:
    return cache_dir() / "table" / f"{cache_key()}.json"


def _read(note: Note | None = None) -> dict[str, Any]:
    path = cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:  # a folder, unreadable, damaged
        if note is not None:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "damaged"
            note(f"the table cache {str(path)!r} cannot be read ({why}); computing without it")
        return {}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return {}
    with _quiet():
        os.utime(path)  # in use: the last to be pruned
    return data


def load(note: Note | None = None) -> dict[str, dict[str, Any]]:
    """Cached rows by label; empty when there is no (readable) cache for this key."""
    rows = _read(note).get("rows")
    return rows if isinstance(rows, dict) else {}


def save(rows: dict[str, dict[str, Any]]) -> None:
    """Write the cache through the atomic writer and prune the oldest files beyond
    :data:`KEEP`; failures are silent (a read-only home just means no cache).

    The file also keeps the registry's names and families: the key pins the registry's
    source, so a warm ``actplot table`` can list it without importing the families.
    """
    from actplot import registry

    catalogue = {name: registry.spec(name).family for name in registry.names()}
    path = cache_path()
    data = {"schema": SCHEMA, "names": catalogue, "rows": rows}
    with _quiet():
        path.parent.mkdir(parents=True, exist_ok=True)  # the cache's own folder (XDG)
        atomic.write_text(path, json.dumps(data, ensure_ascii=False))
        _prune(path)


def _prune(keep: Path) -> None:
    """Delete the oldest cache files beyond KEEP others; only names of the cache's shape."""
    found = []
    for other in keep.parent.iterdir():
        if other == keep or not _NAME.fullmatch(other.name):
            continue
        with _quiet():
            st = other.lstat()
            if stat.S_ISREG(st.st_mode):
                found.append((st.st_mtime_ns, other))
    for _, old in sorted(found, reverse=True)[KEEP:]:
        with _quiet():
            old.unlink()


def _quiet() -> contextlib.suppress:
    """What a cache may meet without it being an error: OSError, OutputError."""
    return contextlib.suppress(OSError, OutputError)


def registry_rows(family: str | None = None, note: Note | None = None) -> list[Any] | None:
    """Every registry entry (of `family`) with default parameters, straight from the cache,
    or None when the cache lacks any of them (or any fails validation). Imports neither the
    families nor scipy."""
    data = _read(note)
    catalogue, rows = data.get("names"), data.get("rows")
    if not isinstance(catalogue, dict) or not isinstance(rows, dict):
        return None
    wanted = sorted(n for n, fam in catalogue.items() if family is None or fam == family)
    found = [_valid(rows.get(n)) for n in wanted]
    return None if any(p is None for p in found) else found


def _valid(row: Any) -> Any:
    """The Properties of a cached row, or None when it fails validation."""
    from actplot.compute.properties import from_json

    try:
        return from_json(row)
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError, IndexError):
        return None


def row_key(act: Activation, domain: Interval = REAL) -> str:
    """A row's key in the cache: the label, and the domain when it is restricted."""
    return act.label if domain == REAL else f"{act.label} on {domain}"


def rows(
    acts: Sequence[Activation],
    remeasure: bool = False,
    domain: Interval = REAL,
    note: Note | None = None,
    skip_broken: bool = False,
) -> list[Any]:
    """The :class:`~actplot.compute.properties.Properties` (with cost) of each of `acts`
    (on `domain`), from the cache where it has them; the rest are computed, measured and
    cached. `note` receives one line about a damaged cache (discarded rows, an unreadable
    file). A plugin's activation that fails when called raises its PluginError, or with
    `skip_broken` (the whole registry) is left out with a note."""
    stored = {} if remeasure else load(note)
    found: dict[str, Any] = {}
    damaged = []
    for a in acts:
        key = row_key(a, domain)
        if key in stored and key not in found:
            if (p := _valid(stored[key])) is not None:
                found[key] = p
            else:
                damaged.append(key)
    if damaged and note is not None:
        note(f"discarded damaged table cache rows ({', '.join(damaged)}); recomputed")
    missing = {row_key(a, domain): a for a in acts if row_key(a, domain) not in found}
    if missing:
        fresh = _compute(list(missing.values()), domain, note if skip_broken else None)
        kept = {k: v for k, v in load().items() if k not in damaged}
        save({**kept, **fresh})
        found.update({k: _valid(v) for k, v in fresh.items()})
    return [found[row_key(a, domain)] for a in acts if row_key(a, domain) in found]


def _compute(
    acts: Sequence[Activation], domain: Interval, skip: Note | None = None
) -> dict[str, dict[str, Any]]:
    """Rows for `acts`; with `skip`, a plugin activation that fails is noted and left out."""
    from datetime import date

    from actplot import registry
    from actplot.compute.cost import measure
    from actplot.compute.gated_stats import gated_properties
    from actplot.compute.gated_stats import measure as measure_gated
    from actplot.compute.properties import properties, to_json
    from actplot.plugins import PluginError

    props, kept = [], []
    for a in acts:
        try:
            props.append(gated_properties(a) if a.kind == "gated" else properties(a, domain))
        except PluginError as exc:
            if skip is None:
                raise
            skip(f"left out {a.label}: {exc}")
            continue
        kept.append(a)
    acts = kept
    relu = registry.get("relu")
    # One-input activations and gated units (per output element of f(a, b)) against relu.
    one = [a for a in acts if a.kind != "gated"]
    two = [a for a in acts if a.kind == "gated"]
    by_act = dict(zip(one, measure(one, relu) if one else [], strict=True))
    by_act.update(zip(two, measure_gated(two, relu) if two else [], strict=True))
    costs = [by_act[a] for a in acts]
    today = date.today().isoformat()
    return {
        row_key(a, domain): to_json(p.with_cost(c, today))
        for a, p, c in zip(acts, props, costs, strict=True)
    }
