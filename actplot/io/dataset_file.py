"""Classification data from a file: a CSV in the layout of Kaggle's digit-recognizer
``train.csv`` (a header row, a ``label`` column, one column per feature) or an ``.npz`` in
the layout of Keras' ``mnist.npz`` (``x_train``, ``y_train``, ``x_test``, ``y_test``).

Features that are all whole numbers in [0, 255] are pixels and are scaled to [0, 1]; other
features are standardised with the training split's mean and sd. A file without a test
split gets one (``test_fraction`` of the rows, chosen by the seed). Labels, whatever their
values, become classes 0..K−1 in sorted order. The file is only read, never written.

CSV is parsed by NumPy's C ``loadtxt`` (42,000 × 785 MNIST-sized rows in about 4 s here;
pandas' read_csv took as long, so it is not worth an optional path); every problem (no
label column, ragged rows, a non-numeric cell, one class, more features than
:data:`MAX_BYTES`) is one :class:`~actplot.errors.ParameterError`, the cell named by a
slower second pass that runs only after the parser failed.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from actplot.compute.datasets import Dataset, standardise
from actplot.compute.mlp import check_seed
from actplot.errors import ParameterError
from actplot.model import Interval
from actplot.model.validation import number

MAX_BYTES = 2 * 1024**3  # the features as float64, train and test together
TEST_FRACTION = 0.2
FRACTIONS = Interval(0.0, 1.0)  # open at both ends: both splits must hold rows
NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")


def _refuse(path: Path, why: str) -> ParameterError:
    return ParameterError(f"cannot read the data set {str(path)!r}: {why}")


def load_file(
    path: str | os.PathLike[str],
    label_column: str = "label",
    test_fraction: float = TEST_FRACTION,
    seed: int = 0,
) -> Dataset:
    """The data set in `path` (.csv or .npz), split and scaled as the module says."""
    p = Path(path)
    fraction = float(number(test_fraction, "--test-fraction", FRACTIONS))
    if not p.is_file():
        raise _refuse(p, "no such file" if not p.exists() else "not a file")
    if p.suffix.lower() == ".npz":
        x_train, y_train, x_test, y_test = _npz(p)
    else:
        x, y = _csv(p, label_column)
        rng = np.random.default_rng([check_seed(seed), 3])
        order = rng.permutation(len(y))
        n_test = max(1, round(fraction * len(y)))
        if n_test >= len(y):
            raise _refuse(p, f"{len(y)} rows leave nothing to train on after the test split")
        test, train = order[:n_test], order[n_test:]
        x_train, y_train, x_test, y_test = x[train], y[train], x[test], y[test]
    classes, y_all = np.unique(np.concatenate([y_train, y_test]), return_inverse=True)
    if len(classes) < 2:
        raise _refuse(p, f"every label is {classes[0]:g}: a classifier needs two classes")
    y_train, y_test = y_all[: len(y_train)], y_all[len(y_train) :]
    x_train, x_test = _scale(x_train, x_test)
    return Dataset(p.name, x_train, y_train, x_test, y_test, len(classes), None)


def _scale(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = (x_train, x_test)
    if all(((a >= 0) & (a <= 255) & (a == np.round(a))).all() for a in both):
        return tuple(a / 255.0 for a in both)  # type: ignore[return-value]
    return standardise(x_train, x_test)


def _check_size(p: Path, rows: int, cols: int) -> None:
    need = rows * cols * 8
    if need > MAX_BYTES:
        raise _refuse(
            p, f"{rows:,} rows × {cols:,} features need {need / 1024**3:.1f} GiB, more than the "
            f"{MAX_BYTES / 1024**3:.0f} GiB budget"
        )  # fmt: skip


def _csv(p: Path, label_column: str) -> tuple[np.ndarray, np.ndarray]:
    with open(p, encoding="utf-8", errors="replace", newline="") as f:
        header = f.readline().strip().split(",")
    names = [h.strip().strip('"') for h in header]
    if label_column not in names:
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        raise _refuse(p, f"no {label_column!r} column in its header ({shown}); --label-column")
    at = names.index(label_column)
    rows = max(0, sum(1 for _ in open(p, "rb")) - 1)
    if rows == 0:
        raise _refuse(p, "it has a header but no rows")
    _check_size(p, rows, len(names) - 1)
    table = _parse(p, len(names))
    y = table[:, at]
    x = np.delete(table, at, axis=1)
    return x, y


def _parse(p: Path, columns: int) -> np.ndarray:
    try:
        table = np.loadtxt(p, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    except (ValueError, TypeError, IndexError):
        table = None
    if table is None or table.shape[1] != columns or not np.isfinite(table).all():
        raise _refuse(p, _diagnose(p, columns))  # the parsers' own messages vary
    return table


def _diagnose(p: Path, columns: int) -> str:
    """The first line that is not `columns` finite numbers, said precisely (the slow path:
    only after a parser has failed)."""
    import csv
    import math

    with open(p, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for line, fields in enumerate(reader, start=2):
            if len(fields) != columns:
                return f"line {line} has {len(fields)} fields where the header names {columns}"
            for name, cell in zip(header, fields, strict=True):
                try:
                    ok = math.isfinite(float(cell))
                except ValueError:
                    ok = False
                if not ok:
                    where = f"line {line}, column {name.strip()!r}"
                    return f"{where}: {cell[:40]!r} is not a finite number"
    return "it is not a table of numbers"


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def _npz(p: Path) -> tuple[np.ndarray, ...]:
    try:
        with np.load(p, allow_pickle=False) as data:
            missing = [k for k in NPZ_KEYS if k not in data.files]
            if missing:
                raise _refuse(p, f"no {', '.join(missing)} in it (an .npz needs {NPZ_KEYS})")
            arrays = [data[k] for k in NPZ_KEYS]
    except (OSError, ValueError) as exc:
        raise _refuse(p, _first_line(exc)) from None
    x_train, y_train, x_test, y_test = arrays
    for x, y, part in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if len(x) != len(y) or len(y) == 0:
            raise _refuse(p, f"x_{part} has {len(x)} rows but y_{part} {len(y)}")
        if not np.issubdtype(x.dtype, np.number) or not np.issubdtype(y.dtype, np.number):
            raise _refuse(p, f"x_{part} and y_{part} must be numbers")
    cols = int(np.prod(x_train.shape[1:]))
    if int(np.prod(x_test.shape[1:])) != cols:
        raise _refuse(p, "x_train and x_test have different feature counts")
    _check_size(p, len(x_train) + len(x_test), cols)
    flat = [a.reshape(len(a), -1).astype(np.float64) for a in (x_train, x_test)]
    if not all(np.isfinite(a).all() for a in flat):
        raise _refuse(p, "some features are not finite (nan or inf)")
    return flat[0], y_train.ravel(), flat[1], y_test.ravel()
