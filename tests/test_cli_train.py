"""`actplot train`: JSON, the table, the curves file, digits, and one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from typer.testing import Result

QUICK = ["--epochs", "3"]


@pytest.fixture
def run(cli: Callable[..., Result]) -> Callable[..., Result]:
    """`actplot train ARGS`."""
    return partial(cli, "train")


@pytest.fixture
def report(run: Callable[..., Result]) -> Callable[..., dict]:
    """`actplot train ARGS --format json`, parsed."""

    def json_report(*args: str) -> dict:
        result = run(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return json_report


def _without_time(data: dict) -> dict:
    rows = [{k: v for k, v in row.items() if k != "seconds"} for row in data["activations"]]
    return {**data, "activations": rows}


def test_json_reports_the_setup_and_per_epoch_curves(report) -> None:
    data = report("relu", "tanh", *QUICK, "--hidden", "16,8", "--lr", "0.01", "--seed", "2")
    assert data["dataset"] == {
        "name": "spirals", "classes": 3, "features": 2, "train": 1125, "test": 375, "noise": 0.3,
    }  # fmt: skip
    assert data["config"] == {
        "hidden": [16, 8], "epochs": 3, "batch": 32, "lr": 0.01, "optimizer": "adam",
        "init": "lecun", "seed": 2,
    }  # fmt: skip
    relu, tanh = data["activations"]
    assert relu["label"] == "relu" and tanh["label"] == "tanh"
    assert len(relu["train_loss"]) == len(relu["test_accuracy"]) == 3
    assert relu["final"]["test_accuracy"] == relu["test_accuracy"][-1]
    assert relu["seconds"] > 0 and relu["diverged_at_epoch"] is None


def test_same_seed_same_json_timings_aside(report) -> None:
    a = report("relu", "elu", *QUICK, "--seed", "7")
    b = report("relu", "elu", *QUICK, "--seed", "7")
    assert _without_time(a) == _without_time(b)
    c = report("relu", "elu", *QUICK, "--seed", "8")
    assert _without_time(c) != _without_time(a)


def test_data_options(report) -> None:
    data = report("relu", *QUICK, "--dataset", "circles", "--samples", "200", "--noise", "0")
    assert data["dataset"]["name"] == "circles" and data["dataset"]["noise"] == 0.0
    assert data["dataset"]["train"] + data["dataset"]["test"] == 200


def test_the_table_and_its_footer(run) -> None:
    result = run("relu", "sigmoid", *QUICK)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "spirals: 3 classes, 1125 train / 375 test" in out
    assert "3 epochs · Adam lr 0.005, batch 32 · lecun init · seed 0" in out
    assert "relu" in out and "sigmoid" in out and "best test" in out
    assert "chance: 0.333" in out


def test_a_diverged_run_is_in_the_table(run) -> None:
    result = run("exponential", "--epochs", "4", "--lr", "10")
    assert result.exit_code == 0, result.output
    assert "diverged at epoch 1" in result.stdout


def test_writes_the_curves(run, tmp_path: Path) -> None:
    out = tmp_path / "curves.pdf"
    result = run("relu", "tanh", *QUICK, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert result.stderr == f"wrote {out}\n" and "wrote" not in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_digits_when_scikit_learn_is_installed(report) -> None:
    pytest.importorskip("sklearn", reason="scikit-learn (the digits extra) is optional")
    data = report("relu", "--dataset", "digits", "--epochs", "2", "--hidden", "32")
    assert data["dataset"]["classes"] == 10 and data["dataset"]["features"] == 64
    assert data["activations"][0]["final"]["test_accuracy"] > 0.5


def test_digits_without_scikit_learn_is_a_clear_error(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    result = run("relu", "--dataset", "digits")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'actplot: error: the digits data set comes with scikit-learn: pip install "actplot[digits]"'
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["softmin"], "softmin is a vector activation"),
        (["relu", "--hidden", "64,x"], "such as 64,64, not '64,x'"),
        (["relu", "--hidden", "0"], "each hidden layer width must be >= 1, not 0"),
        (["relu", "--epochs", "0"], "epochs must be >= 1 and <= 100000, not 0"),
        (["relu", "--epochs", "100000"], "minutes, over the budget of 10 minutes"),
        (
            ["relu", "--samples", "200000", "--hidden", "2000,1900", "--epochs", "1"],
            "GB of memory, over the budget of 2 GB",
        ),
        (["relu", "--budget-seconds", "nan"], "--budget-seconds must be finite"),
        (["relu", "--lr", "-1"], "lr must be > 0, not -1.0"),
        (["relu", "--samples", "3"], "samples must be >= 20 and <= 200000, not 3"),
        (["relu", "--seed", "-1"], "seed must be a whole number >= 0"),
        (
            ["relu", "--dataset", "mnist"],
            "dataset must be one of 'spirals', 'moons', "
            "'circles', 'digits' or a .csv or .npz file, not 'mnist'",
        ),
        (["relu", "--dataset", "none.csv"], "cannot read the data set 'none.csv': no such file"),
        (["relu", "--dataset", "digits", "--noise", "0.1"], "digits is a fixed data set"),
        (["relu", "-o", "curves.txt"], "not a supported format"),
        (["nope"], "unknown activation 'nope'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    extra = [] if "-o" in args else ["-o", "curves.png"]
    result = run(*args, *extra)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: "), lines
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []
