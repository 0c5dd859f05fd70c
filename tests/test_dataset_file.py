"""Data sets from files: Kaggle's digit-recognizer CSV layout and Keras' mnist.npz layout,
scaled and split; every bad file one line; the file never changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.io.dataset_file import load_file

ROWS, PIXELS = 60, 16


def _digits_csv(path: Path, rows: int = ROWS, label: str = "label") -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, rows)
    x = rng.integers(0, 256, (rows, PIXELS))
    header = ",".join([label, *(f"pixel{i}" for i in range(PIXELS))])
    body = "\n".join(",".join(map(str, [yi, *xi])) for yi, xi in zip(y, x, strict=True))
    path.write_text(header + "\n" + body + "\n")
    return x, y


def test_kaggle_csv_is_scaled_to_unit_pixels_and_split_by_the_seed(tmp_path) -> None:
    x, y = _digits_csv(tmp_path / "train.csv")
    data = load_file(tmp_path / "train.csv", test_fraction=0.25, seed=1)
    assert len(data.y_test) == 15 and len(data.y_train) == 45
    assert data.features == PIXELS and data.classes == len(np.unique(y))
    both = np.concatenate([data.x_train, data.x_test])
    assert both.min() >= 0 and both.max() <= 1
    assert sorted((both * 255).round().astype(int).sum(axis=1)) == sorted(x.sum(axis=1))
    again = load_file(tmp_path / "train.csv", test_fraction=0.25, seed=1)
    assert np.array_equal(again.x_test, data.x_test)
    other = load_file(tmp_path / "train.csv", test_fraction=0.25, seed=2)
    assert not np.array_equal(other.y_test, data.y_test)


def test_other_features_are_standardised_on_the_training_split(tmp_path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(5, 3, (80, 3))
    y = (x[:, 0] > 5).astype(int) * 7  # labels 0 and 7 become classes 0 and 1
    lines = ["f1,f2,target,f3", *(f"{a},{b},{t},{c}" for (a, b, c), t in zip(x, y, strict=True))]
    (tmp_path / "d.csv").write_text("\n".join(lines))
    data = load_file(tmp_path / "d.csv", label_column="target")
    assert data.classes == 2 and set(np.unique(data.y_train)) == {0, 1}
    assert np.allclose(data.x_train.mean(axis=0), 0, atol=1e-12)
    assert np.allclose(data.x_train.std(axis=0), 1, atol=1e-12)


def test_keras_npz_keeps_its_split(tmp_path) -> None:
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (50, 4, 4), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 50, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (10, 4, 4), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 10, dtype=np.uint8),
    }
    np.savez(tmp_path / "mnist.npz", **arrays)
    data = load_file(tmp_path / "mnist.npz")
    assert data.x_train.shape == (50, 16) and data.x_test.shape == (10, 16)
    assert np.allclose(data.x_test * 255, arrays["x_test"].reshape(10, 16))


@pytest.mark.parametrize(
    "text, message",
    [
        ("pixel0,pixel1\n1,2\n", "no 'label' column in its header (pixel0, pixel1)"),
        ("label,a,b\n1,2,3\n0,2\n1,1,1\n", "line 3 has 2 fields where the header names 3"),
        ("label,a,b\n1,2,3\n0,x,1\n", "line 3, column 'a': 'x' is not a finite number"),
        ("label,a\n1,2\n1,3\n1,4\n", "every label is 1: a classifier needs two classes"),
        ("label,a\n", "it has a header but no rows"),
        ("label,a\n1,nan\n0,1\n", "line 2, column 'a': 'nan' is not a finite number"),
    ],
)
def test_bad_files_are_one_line_and_left_alone(tmp_path, text: str, message: str):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(actplot.ParameterError) as err:
        load_file(path)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert str(path) in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_file_bad_npz_and_bad_fraction(tmp_path) -> None:
    with pytest.raises(actplot.ParameterError, match="no such file"):
        load_file(tmp_path / "none.csv")
    np.savez(tmp_path / "x.npz", x_train=np.zeros((3, 2)))
    with pytest.raises(actplot.ParameterError, match="no y_train, x_test, y_test in it"):
        load_file(tmp_path / "x.npz")
    _digits_csv(tmp_path / "t.csv")
    with pytest.raises(actplot.ParameterError, match="--test-fraction must be"):
        load_file(tmp_path / "t.csv", test_fraction=1.0)


def test_the_memory_budget_is_stated(tmp_path, monkeypatch) -> None:
    from actplot.io import dataset_file

    _digits_csv(tmp_path / "t.csv")
    monkeypatch.setattr(dataset_file, "MAX_BYTES", 1000)
    with pytest.raises(actplot.ParameterError, match=r"60 rows × 16 features need .* budget"):
        load_file(tmp_path / "t.csv")


def test_train_reads_a_kaggle_csv_end_to_end(cli, tmp_path: Path) -> None:
    import json

    _digits_csv(tmp_path / "train.csv", rows=200)
    args = ("--hidden", "8", "--epochs", "2", "--test-fraction", "0.25", "-f", "json")
    result = cli("train", "relu", "tanh", "--dataset", str(tmp_path / "train.csv"), *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dataset"] == {"name": "train.csv", "classes": 10, "features": PIXELS,
                               "train": 150, "test": 50, "noise": None}  # fmt: skip
    assert [a["name"] for a in data["activations"]] == ["relu", "tanh"]
    again = json.loads(
        cli("train", "relu", "tanh", "--dataset", str(tmp_path / "train.csv"), *args).stdout
    )
    losses = [a["test_loss"] for a in data["activations"]]
    assert [a["test_loss"] for a in again["activations"]] == losses  # the same seed
