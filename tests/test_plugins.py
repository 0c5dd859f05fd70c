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
from conftest import ONE_INPUT

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
    _install(site, "actplot-eswish", "actplot_eswish", README_MODULE,
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
    assert rows["eswish"]["family"] == "smooth"
    assert rows["eswish"]["aliases"] == []
    assert "eswish_expr" in rows
    assert set(actplot.names()) <= set(rows)  # every built-in is still there
    _check_reported_once(result.stderr)


def test_broken_plugins_are_named_with_the_reason(site: Path, tmp_path: Path) -> None:
    stderr = _run(site, tmp_path, "list", "--format", "plain").stderr
    assert "'broken_import' (actplot_broken:activations)" in stderr
    assert "ModuleNotFoundError: No module named 'numpy_that_does_not_exist'" in stderr
    assert "'relu' already names relu" in stderr
    assert "not int" in stderr and "SystemExit: 3" in stderr


def test_plugin_activations_work_in_every_command(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "eswish.png"
    result = _run(site, tmp_path, "show", "eswish", "E-Swish-expr", "gelu", "-o",
                  str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    _check_reported_once(result.stderr)
    info = _run(site, tmp_path, "info", "eswish", "--format", "json")
    assert info.returncode == 0, info.stderr
    card = json.loads(info.stdout)
    assert card["family"] == "smooth" and card["properties"]["range"][0] < -0.16


def test_the_plugin_derivatives_agree_with_the_expression(site: Path, tmp_path: Path) -> None:
    code = textwrap.dedent("""\
        import numpy as np, actplot
        x = np.linspace(-6, 6, 101)
        a, b = actplot.get("eswish"), actplot.get("eswish_expr")
        for n in (0, 1, 2):
            np.testing.assert_allclose(a.profile(x, n), b.profile(x, n), rtol=1e-12, atol=1e-15)
        print("ok")
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.getcwd()])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)  # fmt: skip
    assert result.stdout == "ok\n", result.stderr


def test_the_readme_entry_points_table_matches_pip(site: Path) -> None:
    text = next(site.glob("actplot_eswish-*.dist-info")).joinpath("entry_points.txt")
    assert text.read_text() == ("[actplot.activations]\neswish = actplot_eswish:activations\n")


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
    assert sorted(p.name for p in folder.iterdir()) == ["actplot_eswish.py", "pyproject.toml"]
    toml = (folder / "pyproject.toml").read_text()
    assert toml == README_PYPROJECT and 'name = "actplot-eswish"' in toml
    assert f'eswish = "{tool.MODULE}:activations"' in toml
    source = (folder / f"{tool.MODULE}.py").read_text()
    assert source == README_MODULE and "def activations():" in source
    compile(source, tool.MODULE, "exec")


# Plugins that load but misbehave when called: each is reported once by name and left out;
# the whole-registry commands work for everyone, and asking for one by name is one line.

_MISBEHAVING = textwrap.dedent("""\
    import dataclasses
    import os
    import sys

    import numpy as np

    import actplot

    print("hello from a plugin at import")  # must never reach stdout
    sys.stdout.flush()
    os.write(1, b"and from its file descriptor\\n")

    def _like(name, forward):
        return dataclasses.replace(actplot.spec("tanh"), name=name, aliases=(), forward=forward)

    def _raises(x):
        raise RuntimeError("boom \\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 \\u202e")

    def _recursive(x):
        return actplot.get("recursive_unit")(x)

    def _wrong_shape(x):
        return np.sum(x, keepdims=True)

    def _strings(x):
        return np.full(np.shape(x), "tanh")

    def _all_nan(x):
        return np.full(np.shape(x), np.nan)

    def activations():
        return [
            _like("raising_unit", _raises),
            _like("recursive_unit", _recursive),
            _like("wrong_shape_unit", _wrong_shape),
            _like("strings_unit", _strings),
            _like("all_nan_unit", _all_nan),
            _like("fine_unit", np.tanh),
        ]
""")
_ESCAPING = textwrap.dedent("""\
    raise ImportError("no \\x1b[2J\\x1b]0;pwned\\x07 luck")
""")
_SHOUTING = textwrap.dedent("""\
    import dataclasses

    import actplot

    loud = dataclasses.replace(
        actplot.spec("tanh"), name="loud_unit", aliases=(), text="tanh(x) \\x1b[5mblink"
    )
""")
MISBEHAVING = {
    "raising_unit": "raised RuntimeError: boom",
    "recursive_unit": "calls itself",
    "wrong_shape_unit": "returned shape (1, 1) for input shape (2, 10)",
    "strings_unit": "must return real numbers, not <U4",
    "all_nan_unit": "f is nan for every x in [-3, 3]",
}


@pytest.fixture(scope="module")
def rogue_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("rogue-site")
    _install(site, "actplot-rogue", "actplot_rogue", _MISBEHAVING,
             "[actplot.activations]\nrogue = actplot_rogue:activations\n")  # fmt: skip
    _install(site, "actplot-escaping", "actplot_escaping", _ESCAPING,
             "[actplot.activations]\nescaping = actplot_escaping:activations\n")  # fmt: skip
    _install(site, "actplot-shouting", "actplot_shouting", _SHOUTING,
             "[actplot.activations]\nshouting = actplot_shouting:loud\n")  # fmt: skip
    return site


def _check_rogues_reported_once(stderr: str) -> None:
    warnings = [line for line in stderr.splitlines() if line.startswith("actplot: warning:")]
    assert len(warnings) == len(MISBEHAVING) + 2, stderr  # and the two that fail to load
    for name, why in MISBEHAVING.items():
        mine = [line for line in warnings if f"activation {name!r} is left out" in line]
        assert len(mine) == 1 and why in mine[0], stderr
    assert sum("plugin 'escaping'" in line for line in warnings) == 1, stderr
    shouting = [line for line in warnings if "plugin 'shouting'" in line]
    assert len(shouting) == 1 and "'loud_unit': its text has control characters" in shouting[0]
    # No terminal control: escape sequences, bell and bidi override come out as text.
    assert not {"\x1b", "\x07", "\u202e"} & set(stderr), repr(stderr)
    assert "\\x1b[31mred" in stderr and "\\x1b]0;pwned\\x07" in stderr and "\\u202e" in stderr


def test_misbehaving_plugins_are_left_out_of_list(rogue_site: Path, tmp_path: Path) -> None:
    result = _run(rogue_site, tmp_path, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    names = {row["name"] for row in json.loads(result.stdout)}  # stdout is pure JSON
    assert names == set(actplot.names()) | {"fine_unit"}  # with any plugin CI installs
    _check_rogues_reported_once(result.stderr)
    assert "hello from a plugin at import" in result.stderr
    assert "and from its file descriptor" in result.stderr


def test_bare_table_works_with_misbehaving_plugins(rogue_site: Path, tmp_path: Path) -> None:
    result = _run(rogue_site, tmp_path, "table", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == set(actplot.names()) | {"fine_unit"}
    _check_rogues_reported_once(result.stderr)


def test_bare_gallery_works_with_misbehaving_plugins(rogue_site: Path, tmp_path: Path) -> None:
    """The whole registry, two workers: each spawned worker loads the plugins again and
    stays quiet about them."""
    out = tmp_path / "g"
    result = _run(rogue_site, tmp_path, "gallery", "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    images = {p.stem for p in out.glob("*.png")}
    assert images == set(actplot.names()) | {"fine_unit"}
    _check_rogues_reported_once(result.stderr)


@pytest.mark.parametrize("name", sorted(MISBEHAVING))
def test_a_misbehaving_plugin_by_name_is_one_line(
    rogue_site: Path, tmp_path: Path, name: str
) -> None:
    result = _run(rogue_site, tmp_path, "info", name)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("actplot: error:")]
    assert errors == [
        f"actplot: error: plugin activation {name!r} is left out: "
        + errors[0].split("is left out: ", 1)[-1]
    ], result.stderr
    assert MISBEHAVING[name] in errors[0] and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_good_activation_of_a_rogue_plugin_works(rogue_site: Path, tmp_path: Path) -> None:
    result = _run(rogue_site, tmp_path, "info", "fine_unit", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "fine_unit"


# In process: the guard at the evaluation boundary and the probe.


def _guarded(forward) -> actplot.Activation:
    import dataclasses

    spec = dataclasses.replace(actplot.spec("tanh"), name="p_guarded", forward=forward)
    return plugins.guarded(spec).bind()


@pytest.mark.parametrize(
    "forward, message",
    [
        (lambda x: 1 / 0, "its forward raised ZeroDivisionError: division by zero"),
        (lambda x: x[:1], "its forward returned shape (1,) for input shape (3,)"),
        (lambda x: np.float64(1.0), "its forward returned shape () for input shape (3,)"),
        (lambda x: ["a"] * len(x), "its forward must return real numbers"),
        (lambda x: None, "its forward must return real numbers, not NoneType"),
        (lambda x: x + 1j, "its forward must return real numbers, not complex128"),
        (lambda x: sys.exit(3), "its forward raised SystemExit: 3"),
    ],
)
def test_a_guarded_kernel_fails_with_one_line_naming_it(forward, message: str) -> None:
    act = _guarded(forward)
    with pytest.raises(plugins.PluginError) as caught:
        act(np.array([1.0, 2.0, 3.0]))
    assert isinstance(caught.value, actplot.ActplotError)
    text = str(caught.value)
    assert text.startswith("plugin activation 'p_guarded' failed: ") and message in text
    assert "\n" not in text


def test_a_guarded_kernel_that_recurses_fails_at_once() -> None:
    calls = []

    def forward(x):
        calls.append(1)
        return act(x)

    act = _guarded(forward)
    with pytest.raises(plugins.PluginError, match="its forward calls itself"):
        act(np.ones(3))
    assert len(calls) == 1  # caught at the first re-entry, not at Python's recursion limit
    np.testing.assert_array_equal(_guarded(np.tanh)(np.zeros(3)), np.zeros(3))  # guard reset


@pytest.mark.parametrize("name", registry.builtin_names(kinds=ONE_INPUT))
def test_every_builtin_passes_the_plugin_probe_guarded(name: str) -> None:
    """The probe and the guard accept every well-behaved activation (the built-ins)."""
    assert plugins.probe(plugins.guarded(actplot.spec(name))) is None


def test_printable_escapes_terminal_control() -> None:
    assert plugins.printable("a\x1b[31mb\x07c\u202ed\x9b") == "a\\x1b[31mb\\x07c\\u202ed\\x9b"
    assert plugins.printable("f′(x) ≥ 0 é") == "f′(x) ≥ 0 é"


@pytest.mark.parametrize("bad", [None, 3, 2.5, ["relu"], b"relu", object()])
def test_get_of_a_non_name_is_an_actplot_error(bad: object) -> None:
    from actplot.errors import UnknownActivationError

    for lookup in (actplot.get, actplot.spec, actplot.resolve):
        with pytest.raises(UnknownActivationError, match="activation name must be text"):
            lookup(bad)  # type: ignore[arg-type]


_LATE = textwrap.dedent("""\
    import dataclasses

    import numpy as np

    import actplot

    def _f(x):
        if np.any((np.abs(x) > 4) & (np.abs(x) < 5)):  # between the probe's points
            raise ValueError("not here")
        return np.tanh(x)

    late = dataclasses.replace(actplot.spec("tanh"), name="late_unit", aliases=(), forward=_f)
""")


@pytest.fixture(scope="module")
def late_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("late-site")
    _install(site, "actplot-late", "actplot_late", _LATE,
             "[actplot.activations]\nlate = actplot_late:late\n")  # fmt: skip
    return site


def test_a_plugin_failing_later_is_left_out_of_the_gallery(late_site: Path, tmp_path: Path) -> None:
    """It passes the probe and fails in the figures: the whole-registry gallery notes it and
    leaves it out; asked for by name (in a spawned worker), it is one line and exit 2."""
    out = tmp_path / "g"
    result = _run(late_site, tmp_path, "gallery", "-o", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "late_unit" in line]
    assert notes == [
        "note: plugin activation 'late_unit' failed: its forward raised ValueError: not here; "
        "left out of the gallery"
    ], result.stderr
    assert not (out / "late_unit.png").exists() and (out / "relu.png").exists()
    named = _run(late_site, tmp_path, "gallery", "-o", str(tmp_path / "h"), "-j", "2", "late_unit")
    assert named.returncode == 2 and "Traceback" not in named.stderr, named.stderr
    assert named.stderr.splitlines() == [
        "actplot: error: plugin activation 'late_unit' failed: its forward raised ValueError: "
        "not here"
    ]


def test_a_plugin_failure_crosses_process_boundaries() -> None:
    import pickle

    act = _guarded(lambda x: x[:1])
    with pytest.raises(plugins.PluginError) as caught:
        act(np.ones(3))
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is type(caught.value) and str(again) == str(caught.value)


def test_a_plugin_failing_later_is_left_out_of_the_bare_table(late_site: Path, tmp_path: Path):
    """The table's samples reach 4 < |x| < 5: the whole-registry table notes the plugin and
    leaves it out; by name it is one line and exit 2."""
    result = _run(late_site, tmp_path, "table", "-f", "json")
    assert result.returncode == 0, result.stderr
    import json

    names = [r["name"] for r in json.loads(result.stdout)]
    assert "late_unit" not in names and "relu" in names
    notes = [line for line in result.stderr.splitlines() if "late_unit" in line]
    assert len(notes) == 1 and notes[0].startswith("note: left out late_unit: "), result.stderr
    named = _run(late_site, tmp_path, "table", "late_unit")
    assert named.returncode == 2 and "Traceback" not in named.stderr
    assert len(named.stderr.strip().splitlines()) == 1
