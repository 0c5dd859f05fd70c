"""`actplot table`: rows, options, every format, errors, and what the table path imports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import actplot
from actplot.compute import cost

pytestmark = pytest.mark.usefixtures("module_cache_dir")
REQUIRED = {"name", "range", "zero_centered", "monotonic", "cost"}
COLUMNS = REQUIRED | {
    "continuity", "identity_near_origin", "saturation", "dead", "mean", "std", "grad_gain",
    "max_grad", "cost_with_derivative", "family", "odd", "monotonic_derivative", "parity",
    "asymptotes", "minimum", "maximum", "lipschitz", "sparsity", "self_normalizing", "image",
    "cost_iqr", "cost_with_derivative_iqr",
}  # fmt: skip


@pytest.fixture
def table(cli: Callable[..., Result]) -> Callable[..., list[dict]]:
    """`actplot table ARGS --format json`, parsed (in the module's one private cache)."""

    def rows(*args: str) -> list[dict]:
        result = cli("table", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return rows


def test_json_has_one_row_per_canonical_name_with_every_column(table) -> None:
    rows = table()
    assert [r["name"] for r in rows] == actplot.names()
    for row in rows:
        assert COLUMNS <= set(row), COLUMNS - set(row)
    relu = next(r for r in rows if r["name"] == "relu")
    assert relu["range"] == [0.0, None] and relu["range_closed"] == [True, False]
    assert relu["cost"] == 1.0 and relu["cost_with_derivative"] == 1.0
    assert relu["zero_centered"] is False and relu["monotonic"] is True
    sigmoid = next(r for r in rows if r["name"] == "sigmoid")
    assert sigmoid["range"] == [0.0, 1.0] and sigmoid["range_closed"] == [False, False]


def test_aliases_never_repeat_and_params_make_their_own_row(table) -> None:
    rows = table("relu", "rectifier", "ReLU", "leaky_relu:negative_slope=0.2")
    assert [r["label"] for r in rows] == ["relu", "leaky_relu(negative_slope=0.2)"]
    assert rows[1]["params"] == {"negative_slope": 0.2}


def test_family_filter(table) -> None:
    rows = table("--family", "relu")
    assert [r["name"] for r in rows] == actplot.names("relu")
    assert table("relu", "tanh", "--family", "sigmoid")[0]["name"] == "tanh"


def test_sort_and_reverse(table) -> None:
    gains = [r["grad_gain"] for r in table("--sort", "grad_gain")]
    assert gains == sorted(gains) and len(gains) == len(actplot.names())
    costs = [r["cost"] for r in table("--sort", "cost", "--reverse")]
    assert costs == sorted(costs, reverse=True)
    names = [r["name"] for r in table("tanh", "relu", "elu", "--sort", "name")]
    assert names == ["elu", "relu", "tanh"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sort", "colour"], "unknown column 'colour'; columns: name, family, range"),
        (["--columns", "name,colour"], "unknown column 'colour'; columns: name, family"),
        (["--columns", ","], "--columns must name at least one column, not nothing"),
        (["-f", "latex", "--latex-layout", "poster"], "'poster' is not one of"),
        (["nosuch"], "unknown activation 'nosuch'"),
        (["--family", "nope"], "unknown family 'nope'"),
        (["elu:alpha=-1"], "alpha must be >= 0"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, args: list[str], message: str) -> None:
    result = cli("table", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: "), lines
    assert message in lines[0]


def test_markdown_is_a_github_table_with_the_footer(cli) -> None:
    out = cli("table", "relu", "tanh", "--format", "markdown").stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("| name | range | zero-centred |")
    bars = [len(re.findall(r"(?<!\\)\|", line)) for line in lines[:4]]
    assert set(lines[1]) <= set("|-:") and bars == [bars[0]] * 4
    assert lines[2].startswith("| relu | [0, ∞) | no |")
    assert lines[3].startswith("| tanh | (−1, 1) | yes |") and "\\|x\\| > 2.18" in lines[3]
    assert lines[4] == "" and "zero-centred: f odd, or |E f| ≤ 0.1 sd f" in lines[5]
    assert "relative to relu (= 1.0)" in lines[6]


def test_csv_parses_with_numbers_behind_the_text(cli) -> None:
    out = cli("table", "relu", "selu", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["relu", "selu"]
    assert rows[0]["range"] == "[0, ∞)" and rows[0]["range_hi"] == ""  # unbounded: empty
    assert float(rows[0]["cost"]) == 1.0
    assert float(rows[1]["range_lo"]) == pytest.approx(-1.7580993408473766)
    assert float(rows[1]["mean"]) == pytest.approx(0, abs=1e-6)


def test_rich_has_title_columns_and_footer(cli) -> None:
    out = cli("table", "relu", "sigmoid").stdout
    assert "2 activations" in out
    for part in ("centred", "saturates", "E f′²", "f+f′", "|x| > 2.89", "(0, 1)", "C^∞"):
        assert part in out
    assert "relative to relu (= 1.0)" in out and f"N = {cost.ELEMENTS:,}" in out


def _run_table_and_list_modules(cache: Path) -> set[str]:
    code = (
        "import sys\nfrom actplot.cli.app import app\n"
        "try:\n    app(['table', 'relu', 'gelu', 'sigmoid', '-f', 'csv'])\nexcept SystemExit:\n"
        "    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "ACTPLOT_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert "relu" in done.stdout
    return set(done.stderr.split())


def test_table_path_never_loads_matplotlib_and_warm_not_scipy(
    tmp_path: Path, plugin_modules: frozenset[str]
) -> None:
    cold = _run_table_and_list_modules(tmp_path) - plugin_modules  # what the plugins load
    assert not any(m.startswith(("matplotlib", "numba")) for m in cold)  # numba: small grids
    warm = _run_table_and_list_modules(tmp_path) - plugin_modules
    assert not any(m.startswith(("matplotlib", "scipy")) for m in warm)
    assert "actplot.compute.shape" not in warm  # read from the cache, not recomputed


def test_help_lists_exactly_the_column_keys() -> None:
    from actplot.cli.table_cmd import KEYS
    from actplot.compute.properties import SORT_KEYS

    assert KEYS.split(", ") == list(SORT_KEYS)


def test_warm_full_table_skips_the_activation_code(table, module_cache_dir: Path) -> None:
    table()  # fills the cache with every entry
    code = (
        "import sys\nfrom actplot.cli.app import app\n"
        "try:\n    app(['table', '--family', 'relu', '-f', 'json'])\nexcept SystemExit:\n"
        "    pass\nprint(' '.join(sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "ACTPLOT_CACHE_DIR": str(module_cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert [r["name"] for r in json.loads(done.stdout)] == actplot.names("relu")
    assert "actplot.activations.relu.rectifiers" not in done.stderr.split()


def test_the_shortcut_needs_every_row(table, module_cache_dir: Path) -> None:
    from actplot.io import cache

    table()
    rows = cache.registry_rows("sigmoid")
    assert rows is not None and [r.name for r in rows] == actplot.names("sigmoid")
    everything = cache.load()
    del everything["tanh"]
    cache.save(everything)
    assert cache.registry_rows("sigmoid") is None
    assert cache.registry_rows("relu") is not None
    assert "tanh" in [r["name"] for r in table("--family", "sigmoid")]  # recomputed
