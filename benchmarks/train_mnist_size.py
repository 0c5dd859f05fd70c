"""Seconds per epoch of ``actplot train`` at MNIST size: 42,000 × 784 inputs (the size of
Kaggle's digit-recognizer train.csv, generated here as random pixels in [0, 1]) and 10
classes, hidden 128,64, batch 32, split 80/20 as ``--dataset train.csv`` splits it; one epoch
per activation (training and the per-epoch evaluation of both splits), medians of --runs.

    python benchmarks/train_mnist_size.py [--runs 3] [--names relu tanh ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import argparse  # noqa: E402
import statistics  # noqa: E402

import _harness  # noqa: E402
import numpy as np  # noqa: E402

ROWS, PIXELS, CLASSES = 42_000, 784, 10
NAMES = ("relu", "tanh", "sigmoid", "leaky_relu", "elu")


def dataset():  # noqa: ANN201 (a Dataset)
    from actplot.compute.datasets import Dataset

    rng = np.random.default_rng(0)
    x = (rng.random((ROWS, PIXELS)) < 0.2) * rng.integers(0, 256, (ROWS, PIXELS)) / 255.0
    y = rng.integers(0, CLASSES, ROWS)
    cut = int(0.8 * ROWS)
    return Dataset("mnist-sized", x[:cut], y[:cut], x[cut:], y[cut:], CLASSES, None)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--names", nargs="+", default=list(NAMES))
    args = p.parse_args(argv)
    import actplot
    from actplot.compute.budget import Budget
    from actplot.compute.training import TrainConfig, train

    data = dataset()
    config = TrainConfig(hidden=(128, 64), epochs=1, batch=32)
    unlimited = Budget(float("inf"), float("inf"))
    rows = []
    for name in args.names:
        act = actplot.get(name)
        seconds = [train([act], config, data=data, budget=unlimited)[1][0].seconds
                   for _ in range(args.runs)]  # fmt: skip
        rows.append([name, statistics.median(seconds), min(seconds), max(seconds)])
    print(
        f"{ROWS:,} × {PIXELS} inputs, hidden 128,64, batch 32, one epoch; medians of "
        f"{args.runs}; {_harness.machine()}\n"
    )
    print(_harness.markdown(["activation", "s / epoch", "min", "max"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
