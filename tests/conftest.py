"""Fixtures shared by the test files.

Every test runs on a quiet machine (session-wide, autouse): a private cache folder, so no test
reads or writes the real ``~/.cache/actplot``; no display (DISPLAY and WAYLAND_DISPLAY unset,
MPLBACKEND=Agg), so nothing opens a window; and a cheap cost measurement (best of 2 runs of at
least 0.1 ms instead of the real timing). Subprocesses inherit the environment part.

- ``cli("show", "relu", ...)`` runs ``actplot`` in this process (typer's CliRunner) and returns
  the Result (exit_code, stdout, stderr, output).
- ``cache_dir`` / ``module_cache_dir``: a fresh empty cache folder for one test / one module.
- ``plugin_modules``: the modules that loading the installed plugins imports (none without
  plugins). A test that a light path never imports scipy or matplotlib allows these: there the
  plugin, not actplot, loaded them (CI runs the suite again with the README's plugin).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from actplot.cli.app import app
from actplot.compute import cost

# The kinds of activation that take one input: tests of one-input kernels and commands
# parametrize over registry.names(kinds=ONE_INPUT) (gated units have tests of their own).
ONE_INPUT = ("elementwise", "vector")

CHEAP_REPEATS = 2
CHEAP_MIN_SECONDS = 1e-4


@pytest.fixture(scope="session", autouse=True)
def quiet_machine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private cache, no display, Agg, a cheap cost measurement: for the whole session."""
    folder = tmp_path_factory.mktemp("session-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACTPLOT_CACHE_DIR", str(folder))
        mp.setenv("MPLBACKEND", "Agg")
        mp.delenv("DISPLAY", raising=False)
        mp.delenv("WAYLAND_DISPLAY", raising=False)
        mp.setattr(cost, "REPEATS", CHEAP_REPEATS)
        mp.setattr(cost, "MIN_SECONDS", CHEAP_MIN_SECONDS)
        yield folder


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh cache folder (not yet created) for this test only."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACTPLOT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def module_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache folder shared by the tests of a module (filled once, read back after)."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACTPLOT_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """``cli(*args)``: run ``actplot ARGS`` in this process; returns the Result."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


_PLUGIN_MODULES = """\
import sys
import actplot.plugins
before = set(sys.modules)
actplot.plugins.load_all(lambda specs: None)
print(" ".join(sorted(set(sys.modules) - before)))
"""


@pytest.fixture(scope="session")
def plugin_modules() -> frozenset[str]:
    """What importing and calling the installed plugins' entry points adds to sys.modules, in
    a fresh interpreter (nothing is registered)."""
    done = subprocess.run(
        [sys.executable, "-c", _PLUGIN_MODULES], capture_output=True, text=True, check=True
    )
    return frozenset(done.stdout.split())
