"""`actplot gradflow`: JSON, the table, the plot file, and one-line errors that leave no file."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from typer.testing import Result

import actplot
from actplot.compute.gradflow import gradflow

SMALL = ["--depth", "6", "--width", "16", "--batch", "8"]


@pytest.fixture
def run(cli: Callable[..., Result]) -> Callable[..., Result]:
    """`actplot gradflow ARGS`."""
    return partial(cli, "gradflow")


def test_json_gives_per_layer_lists_first_layer_first_with_the_defaults(run) -> None:
    result = run("sigmoid", "relu", "selu", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["depth"], data["width"], data["batch"], data["seed"]) == (30, 256, 256, 0)
    assert "backpropagated" in data["definition"]
    rows = {row["label"]: row for row in data["activations"]}
    assert list(rows) == ["sigmoid", "relu", "selu"]
    assert [rows[n]["init"] for n in rows] == ["xavier", "he", "lecun"]
    for row in rows.values():
        for key in ("grad_norm", "preact_grad_norm", "mean", "std", "dead"):
            assert len(row[key]) == 30
    expected = gradflow([actplot.get("sigmoid")])[0]
    assert rows["sigmoid"]["grad_norm"] == pytest.approx(expected.grad_norm.tolist())
    assert rows["sigmoid"]["grad_norm"][0] < 1e-10 * rows["sigmoid"]["grad_norm"][-1]


def test_options_reach_the_computation(run) -> None:
    result = run("relu", "tanh:", *SMALL, "--init", "lecun", "--seed", "5", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["depth"], data["width"], data["batch"], data["seed"]) == (6, 16, 8, 5)
    expected = gradflow([actplot.get("relu")], depth=6, width=16, batch=8, init="lecun", seed=5)
    row = data["activations"][0]
    assert row["init"] == "lecun" and row["init_reason"] == "chosen"
    assert row["grad_norm"] == pytest.approx(expected[0].grad_norm.tolist())


def test_parameters_and_aliases(run) -> None:
    result = run("leaky_relu:negative_slope=0.2", "relu", "rectifier", *SMALL, "-f", "json")
    assert result.exit_code == 0, result.output
    labels = [r["label"] for r in json.loads(result.stdout)["activations"]]
    assert labels == ["leaky_relu(negative_slope=0.2)", "relu"]  # an alias never repeats


def test_the_table_says_what_was_computed(run) -> None:
    result = run("relu", "sigmoid", "exponential", *SMALL)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "init auto: he for the ReLU family" in " ".join(out.split())
    assert "overflow" in out  # exponential's activations overflow: said, not hidden
    assert "units with f′(z) = 0 for every input" in " ".join(out.split())


def test_writes_the_plot(run, tmp_path: Path) -> None:
    out = tmp_path / "flow.png"
    result = run("relu", "tanh", *SMALL, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert result.stderr == f"wrote {out}\n" and "wrote" not in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_json_stays_clean_when_writing_a_file(run, tmp_path: Path) -> None:
    out = tmp_path / "flow.svg"
    result = run("relu", *SMALL, "-o", str(out), "-f", "json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # nothing but JSON on stdout
    assert result.stderr == f"wrote {out}\n"
    assert out.read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    "args, message",
    [
        (["softmax"], "softmax is a vector activation"),
        (["relux"], "unknown activation 'relux'; did you mean relu"),
        (["relu", "--depth", "0"], "depth must be >= 1, not 0"),
        (["relu", "--width", "4000", "--batch", "4000"], "at most 16,000,000 (too big for memory)"),
        (["relu", "--init", "glorot"], "'glorot' is not one of"),
        (
            ["relu", "--depth", "8000000", "--width", "1", "--batch", "1"],
            "through 8,000,000 layers of width 1 (batch 1) needs about",
        ),
        (["relu", "--budget-mb", "1"], "over the budget of 1 MB"),
        (["relu", "--seed", "-2"], "seed must be a whole number >= 0, not -2"),
        (["relu", "-o", "flow.txt"], "not a supported format"),
        (["relu", "-o", "missing/flow.png"], "folder 'missing' does not exist"),
        ([], "Missing argument"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    extra = [] if "-o" in args or not args else ["-o", "flow.png"]
    result = run(*args, *extra)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: "), lines
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []
