"""`actplot list`, the error mapping every command shares, and what the light paths import."""

from __future__ import annotations

import json
import subprocess
import sys

import actplot


def test_list_json_has_every_canonical_name_with_family_and_aliases(cli) -> None:
    result = cli("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == actplot.names()
    silu = next(r for r in rows if r["name"] == "silu")
    assert silu["family"] == "smooth" and "swish" in silu["aliases"]


def test_list_rich_and_family_filter(cli) -> None:
    result = cli("list", "--family", "relu")
    assert result.exit_code == 0
    assert "leaky_relu" in result.stdout and "sigmoid" not in result.stdout
    plain = cli("list", "--format", "plain").stdout.split()
    assert plain == actplot.names()


def test_bad_family_is_one_line_and_exit_2(cli) -> None:
    result = cli("list", "--family", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown family 'nope'" in result.stderr
    assert "Traceback" not in result.output


def _imported(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_import_and_light_commands_do_not_load_matplotlib_or_scipy(plugin_modules) -> None:
    # What installed plugins import themselves (the README's imports scipy) is theirs.
    mods = _imported("import actplot; actplot.get('relu')([1.0]); actplot.names()")
    mods = set(mods) - plugin_modules
    assert "matplotlib" not in mods and "scipy" not in mods
    mods = _imported(
        "import sys; from actplot.cli.app import app\n"
        "try:\n    app(['list', '--format', 'plain'])\nexcept SystemExit:\n    pass"
    )
    mods = set(mods) - plugin_modules
    assert "matplotlib" not in mods and "scipy" not in mods


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "actplot", "list", "--format", "plain"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "relu" in done.stdout.split()


def test_usage_errors_are_one_line_too(cli) -> None:
    for args in (["list", "--format", "xx"], ["lisst"]):
        result = cli(*args)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("actplot: error: "), lines
    assert "'xx' is not one of" in cli("list", "--format", "xx").stderr
