"""Expressions wherever the command line takes a name: show, table, info."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("cache_dir")


def test_show_draws_an_expression_next_to_a_name(cli, tmp_path: Path) -> None:
    out = tmp_path / "gelu.png"
    result = cli("show", "x*sigmoid(1.702*x)", "gelu", "--second", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_the_save_hint_names_a_plain_file(cli) -> None:
    result = cli("show", "x/2", "max(x, 0)", "--terminal", "--points", "41")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("-o x_2_max_x_0.png")


def test_table_rows_of_an_expression_equal_the_registry_entry(cli) -> None:
    args = ["table", "max(0.1*x, x)", "leaky_relu:negative_slope=0.1", "-f", "json"]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    expr, leaky = json.loads(result.output)
    assert expr["label"] == "max(0.1*x, x)" and expr["family"] == "other"
    for key in ("range", "range_closed", "monotonic", "continuity", "dead", "saturation"):
        assert expr[key] == leaky[key], key
    for key in ("mean", "std", "grad_gain", "max_grad"):
        assert expr[key] == pytest.approx(leaky[key], rel=1e-9), key


def test_info_card_of_an_expression(cli) -> None:
    result = cli("info", "x*tanh(softplus(x))", "-f", "json")
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    mish = json.loads(cli("info", "mish", "-f", "json").output)
    assert (card["name"], card["family"], card["text"]) == (
        "x*tanh(softplus(x))", "other", "x*tanh(softplus(x))",
    )  # fmt: skip
    assert card["formula"] and card["kinks"] == [] and "max(0, x)" in card["kink_rule"]
    for key in ("mean", "std", "grad_gain", "max_grad"):
        assert card["properties"][key] == pytest.approx(mish["properties"][key], rel=1e-9)
    assert card["properties"]["range_text"] == mish["properties"]["range_text"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "x.__class__"], "attribute access is not allowed: x.__class__"),
        (["table", "9**9**9**9"], "constant part overflows"),
        (["info", "sigmod(x)"], "unknown function: sigmod (in 'sigmod(x)'); did you mean sigmoid"),
        (["info", "rleu"], "unknown activation 'rleu'; did you mean relu"),
    ],
)
def test_refused_expressions_are_one_line_errors(cli, tmp_path: Path, args, message) -> None:
    out = tmp_path / "a.png"
    extra = ["-o", str(out)] if args[0] == "show" else []
    result = cli(*args, *extra)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"actplot: error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()
