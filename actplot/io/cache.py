"""The table's rows, computed once and kept in a cache file.

The file lives in ``$ACTPLOT_CACHE_DIR``, else ``$XDG_CACHE_HOME/actplot``, else
``~/.cache/actplot``. Its name holds a hash of everything the figures depend on: the source
of the registry and of these computations, the numpy, scipy and Python versions, and the
processor; so a changed registry or machine finds no file and recomputes instead of
showing stale figures. Reading a warm cache imports neither scipy nor matplotlib.

Unlike an output path, the cache's folder is created when missing, parents included (as the
XDG rules ask); the file is written by the one atomic writer, :mod:`actplot.io.atomic`.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from actplot.errors import OutputError
from actplot.io import atomic
from actplot.model import REAL, Activation, Interval

SCHEMA = 2
_PACKAGE = Path(__file__).resolve().parent.parent


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
    return cache_dir() / f"table-{cache_key()}.json"


def _read() -> dict[str, Any]:
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load() -> dict[str, dict[str, Any]]:
    """Cached rows by label; empty when there is no (readable) cache for this key."""
    rows = _read().get("rows")
    return rows if isinstance(rows, dict) else {}


def save(rows: dict[str, dict[str, Any]]) -> None:
    """Write the cache through the atomic writer and drop files left by other keys; failures
    are silent (a read-only home just means no cache).

    The file also keeps the registry's names and families: the key pins the registry's
    source, so a warm ``actplot table`` can list it without importing the families.
    """
    from actplot import registry

    catalogue = {name: registry.spec(name).family for name in registry.names()}
    path = cache_path()
    data = {"schema": SCHEMA, "names": catalogue, "rows": rows}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the cache's own folder (XDG)
        atomic.write_text(path, json.dumps(data, ensure_ascii=False))
        for old in path.parent.glob("table-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, OutputError):
        pass


def registry_rows(family: str | None = None) -> list[Any] | None:
    """Every registry entry (of `family`) with default parameters, straight from the cache,
    or None when the cache lacks any of them. Imports neither the families nor scipy."""
    from actplot.compute.properties import from_json

    data = _read()
    catalogue, rows = data.get("names"), data.get("rows")
    if not isinstance(catalogue, dict) or not isinstance(rows, dict):
        return None
    wanted = sorted(n for n, fam in catalogue.items() if family is None or fam == family)
    if not all(n in rows for n in wanted):
        return None
    return [from_json(rows[n]) for n in wanted]


def row_key(act: Activation, domain: Interval = REAL) -> str:
    """A row's key in the cache: the label, and the domain when it is restricted."""
    return act.label if domain == REAL else f"{act.label} on {domain}"


def rows(acts: Sequence[Activation], remeasure: bool = False, domain: Interval = REAL) -> list[Any]:
    """The :class:`~actplot.compute.properties.Properties` (with cost) of each of `acts`
    (on `domain`), from the cache where it has them; the rest are computed, measured and
    cached."""
    from actplot.compute.properties import from_json

    cached = {} if remeasure else load()
    missing = {row_key(a, domain): a for a in acts if row_key(a, domain) not in cached}
    if missing:
        cached = {**load(), **_compute(list(missing.values()), domain)}
        save(cached)
    return [from_json(cached[row_key(a, domain)]) for a in acts]


def _compute(acts: Sequence[Activation], domain: Interval) -> dict[str, dict[str, Any]]:
    from datetime import date

    from actplot import registry
    from actplot.compute.cost import measure
    from actplot.compute.properties import properties, to_json

    props = [properties(a, domain) for a in acts]
    costs = measure(acts, registry.get("relu"))
    today = date.today().isoformat()
    return {
        row_key(a, domain): to_json(p.with_cost(c, today))
        for a, p, c in zip(acts, props, costs, strict=True)
    }
