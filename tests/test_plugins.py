"""Plugins: an installed package adds activations through the ``actplot.activations``
entry points, and a broken one is reported once by name while everything else works.

"Installing" is what pip leaves behind: a module and a ``*.dist-info`` folder with METADATA
and entry_points.txt on sys.path, so importlib.metadata finds the entry points exactly as
for a pip-installed plugin. The commands run in a subprocess with that folder on
PYTHONPATH.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot import plugins, registry
from actplot.model import ActivationSpec

ROOT = Path(__file__).resolve().parents[1]


def _readme_plugin():
    """tools/readme_plugin.py, which writes the README's plugin (CI installs it with pip)."""
    spec = importlib.util.spec_from_file_location(
        "readme_plugin", ROOT / "tools" / "readme_plugin.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The README's example, verbatim: a complete plugin package in two files.
README = _readme_plugin().blocks()
README_PYPROJECT, README_MODULE = README["toml"], README["python"]


def _install(site: Path, dist: str, module: str, source: str, entry_points: str) -> None:
    """What `pip install` leaves on sys.path: the module and its dist-info metadata."""
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _entry_points(pyproject: str) -> str:
    """The entry_points.txt that pip writes for `pyproject`'s entry-point table."""
    table = pyproject.split('[project.entry-points."actplot.activations"]\n')[1]
    lines = [line.replace('"', "") for line in table.splitlines() if line]
    return "[actplot.activations]\n" + "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    _install(site, "actplot-quick-gelu", "actplot_quick_gelu", README_MODULE,
             _entry_points(README_PYPROJECT))  # fmt: skip
    broken = textwrap.dedent("""\
        import numpy_that_does_not_exist  # noqa: F401

        def activations():
            return []
    """)
    _install(site, "actplot-broken", "actplot_broken", broken,
             "[actplot.activations]\nbroken_import = actplot_broken:activations\n")  # fmt: skip
    clash = textwrap.dedent("""\
        import dataclasses
        import actplot

        relu_again = dataclasses.replace(actplot.spec("relu"), name="relu", aliases=())
        not_a_spec = 42

        def exits():
            raise SystemExit(3)
    """)
    _install(site, "actplot-clash", "actplot_clash", clash,
             "[actplot.activations]\nclash = actplot_clash:relu_again\n"
             "wrong_type = actplot_clash:not_a_spec\nexits = actplot_clash:exits\n")  # fmt: skip
    return site


def _run(site: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.getcwd()]),
           "ACTPLOT_CACHE_DIR": str(tmp_path / "cache"), "MPLBACKEND": "Agg"}  # fmt: skip
    env.pop("ACTPLOT_PLUGINS_REPORTED", None)
    return subprocess.run(
        [sys.executable, "-m", "actplot", *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip


BROKEN = ("broken_import", "clash", "wrong_type", "exits")


def _check_reported_once(stderr: str) -> None:
    warnings = [line for line in stderr.splitlines() if line.startswith("actplot: warning:")]
    assert len(warnings) == len(BROKEN), stderr
    for name in BROKEN:
        assert sum(f"plugin {name!r}" in line for line in warnings) == 1, stderr


def test_an_installed_plugin_adds_activations(site: Path, tmp_path: Path) -> None:
    result = _run(site, tmp_path, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["quick_gelu"]["family"] == "smooth"
    assert rows["quick_gelu"]["aliases"] == []
    assert "quick_gelu_expr" in rows
    assert set(actplot.names()) <= set(rows)  # every built-in is still there
    _check_reported_once(result.stderr)


def test_broken_plugins_are_named_with_the_reason(site: Path, tmp_path: Path) -> None:
    stderr = _run(site, tmp_path, "list", "--format", "plain").stderr
    assert "'broken_import' (actplot_broken:activations)" in stderr
    assert "ModuleNotFoundError: No module named 'numpy_that_does_not_exist'" in stderr
    assert "'relu' already names relu" in stderr
    assert "not int" in stderr and "SystemExit: 3" in stderr


def test_plugin_activations_work_in_every_command(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "quick.png"
    result = _run(site, tmp_path, "show", "quick_gelu", "Quick-GELU-expr", "gelu", "-o",
                  str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    _check_reported_once(result.stderr)
    info = _run(site, tmp_path, "info", "quick_gelu", "--format", "json")
    assert info.returncode == 0, info.stderr
    card = json.loads(info.stdout)
    assert card["family"] == "smooth" and card["properties"]["range"][0] < -0.16


def test_the_plugin_derivatives_agree_with_the_expression(site: Path, tmp_path: Path) -> None:
    code = textwrap.dedent("""\
        import numpy as np, actplot
        x = np.linspace(-6, 6, 101)
        a, b = actplot.get("quick_gelu"), actplot.get("quick_gelu_expr")
        for n in (0, 1, 2):
            np.testing.assert_allclose(a.profile(x, n), b.profile(x, n), rtol=1e-12, atol=1e-15)
        print("ok")
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.getcwd()])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)  # fmt: skip
    assert result.stdout == "ok\n", result.stderr


def test_the_readme_entry_points_table_matches_pip(site: Path) -> None:
    text = next(site.glob("actplot_quick_gelu-*.dist-info")).joinpath("entry_points.txt")
    assert text.read_text() == (
        "[actplot.activations]\nquick_gelu = actplot_quick_gelu:activations\n"
    )


# In process: the loading rules, without touching the real registry.


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"fake:{name}", obj

    def load(self) -> object:
        if isinstance(self._obj, BaseException):
            raise self._obj
        return self._obj


def _spec(name: str) -> ActivationSpec:
    import dataclasses

    return dataclasses.replace(actplot.spec("tanh"), name=name, aliases=())


def test_load_all_accepts_a_spec_a_list_or_a_function(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = [
        _EntryPoint("one", _spec("p_one")),
        _EntryPoint("many", [_spec("p_two"), _spec("p_three")]),
        _EntryPoint("made", lambda: (_spec("p_four"),)),
        _EntryPoint("boom", RuntimeError("no\nluck")),
        _EntryPoint("empty", lambda: "nothing"),
    ]
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: found)
    monkeypatch.delenv("ACTPLOT_PLUGINS_REPORTED", raising=False)
    got: list[str] = []
    failed = plugins.load_all(lambda specs: got.extend(s.name for s in specs))
    assert got == ["p_four", "p_two", "p_three", "p_one"]  # entry points in name order
    assert failed == ["boom", "empty"]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("actplot: warning: plugin 'boom' (fake:boom) failed to load and is "
                      "skipped: RuntimeError: no luck")  # fmt: skip
    assert "not str" in err[1] and len(err) == 2
    # A second process started by this one (the gallery's workers) stays quiet.
    assert plugins.load_all(lambda specs: None) == ["boom", "empty"]
    assert capsys.readouterr().err == ""


def test_a_batch_registers_whole_or_not_at_all() -> None:
    before = registry.names()
    with pytest.raises(ValueError, match="'relu' already names relu"):
        registry.register_all([_spec("p_fine"), _spec("relu")])
    with pytest.raises(ValueError, match="snake_case"):
        registry.register_all([_spec("p_fine"), _spec("Bad Name")])
    with pytest.raises(ValueError, match="'pdup' already names p_dup"):
        registry.register_all([_spec("p_dup"), _spec("p_dup")])
    assert registry.names() == before
    assert np.isfinite(actplot.get("relu")(1.0))


def test_the_readme_plugin_is_a_package_pip_can_install(tmp_path: Path) -> None:
    """What .ci/run installs: tools/readme_plugin.py's folder, named as its pyproject says."""
    tool = _readme_plugin()
    folder = tool.write(tmp_path / "plugin")
    assert sorted(p.name for p in folder.iterdir()) == ["actplot_quick_gelu.py", "pyproject.toml"]
    toml = (folder / "pyproject.toml").read_text()
    assert toml == README_PYPROJECT and 'name = "actplot-quick-gelu"' in toml
    assert f'quick_gelu = "{tool.MODULE}:activations"' in toml
    source = (folder / f"{tool.MODULE}.py").read_text()
    assert source == README_MODULE and "def activations():" in source
    compile(source, tool.MODULE, "exec")
