"""`actplot train`: train the same small network with each activation and compare them."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli._shared import (
    BudgetMB,
    BudgetSeconds,
    ElementwiseNames,
    FormatOption,
    PlotFile,
    RichOrJson,
    choices,
    console,
    out_of_memory,
    progress_bar,
    wrote,
)
from actplot.compute.datasets import NAMES
from actplot.compute.mlp import INITS

if TYPE_CHECKING:
    from actplot.compute.datasets import Dataset
    from actplot.compute.training import History, TrainConfig

Init: Any = choices("Init", INITS)


def train_command(
    names: ElementwiseNames,
    dataset: Annotated[
        str,
        typer.Option(
            help="The data: " + ", ".join(NAMES) + " (digits needs scikit-learn: pip install "
            '"actplot\\[digits]"), or a file: a CSV like Kaggle’s digit-recognizer train.csv '
            "(a header, a label column) or an .npz like Keras' mnist.npz.",
        ),
    ] = "spirals",
    label_column: Annotated[
        str, typer.Option("--label-column", help="The CSV column holding the labels.")
    ] = "label",
    test_fraction: Annotated[
        float,
        typer.Option(
            "--test-fraction",
            help="The share of a file's rows held out for testing (an .npz keeps its split).",
        ),
    ] = 0.2,
    samples: Annotated[
        int | None,
        typer.Option(
            help="Points generated (spirals 1500, moons and circles 1000).", show_default=False
        ),
    ] = None,
    noise: Annotated[
        float | None,
        typer.Option(
            help="Jitter of the generated points (spirals 0.3 rad, moons 0.2, circles 0.1).",
            show_default=False,
        ),
    ] = None,
    hidden: Annotated[str, typer.Option(help="Hidden layer widths, comma-separated.")] = "64,64",
    epochs: Annotated[int, typer.Option(help="Passes over the training set.")] = 200,
    batch: Annotated[int, typer.Option(help="Mini-batch size.")] = 32,
    lr: Annotated[float, typer.Option(help="Adam's learning rate.")] = 0.005,
    init: Annotated[
        Init, typer.Option(help="Initial weights, the same for every activation.")
    ] = Init.lecun,
    seed: Annotated[int, typer.Option(help="Seed of the data, weights and batches.")] = 0,
    output: PlotFile = None,
    format: FormatOption = RichOrJson.rich,
    budget_mb: BudgetMB = None,
    budget_seconds: BudgetSeconds = None,
) -> None:
    """Train a small network once per activation; compare accuracy, loss and time.

    A multilayer perceptron in NumPy (softmax cross-entropy, Adam) starts from the same
    weights for every activation and sees the same batches. A quarter of the generated data
    (--test-fraction of a file's rows, unless an .npz has its own split) is held
    out for testing. Shows final train and test accuracy and time; writes the loss and
    accuracy curves with -o. Results are whatever the runs give: a diverged or stuck run is
    reported as such. The memory and time are estimated first (epochs × batches × weights,
    and both sets evaluated every epoch): beyond the budget the run is refused before it
    starts; a long one shows a progress bar on a terminal, and Ctrl-C stops it (nothing is
    written).
    """
    from actplot import parsing
    from actplot.compute.budget import Budget
    from actplot.compute.datasets import load
    from actplot.compute.mlp import check_elementwise
    from actplot.compute.training import TrainConfig, estimate, parse_hidden, train
    from actplot.render import output as out

    from_file = _is_file(dataset)
    config = TrainConfig(
        dataset=None if from_file else dataset,
        samples=samples,
        noise=noise,
        hidden=parse_hidden(hidden),
        epochs=epochs,
        batch=batch,
        lr=lr,
        init=init.value,
        seed=seed,
    ).checked()
    budget = Budget.resolve(budget_mb, budget_seconds)
    if output is not None:  # refuse a bad path before any work
        out.check_path(output)
    acts = [check_elementwise(parsing.parse(n), "train") for n in names]
    acts = list({a.label: a for a in acts}.values())
    if from_file:
        from actplot.io.dataset_file import load_file

        data = load_file(dataset, label_column, test_fraction, config.seed)
    else:
        data = load(config.dataset, config.samples, config.noise, config.seed)
    budget.check(estimate(len(acts), config, data))  # before the bar (train checks it too)
    labels = [f"training {a.label}" for a in acts]
    with progress_bar("training", config.epochs, tasks=labels) as tick, out_of_memory("train"):
        data, histories = train(acts, config, data=data, progress=tick, budget=budget)

    if output is not None:
        from actplot.render.training_plot import plot_training

        out.save(plot_training(histories, title=describe(data, config)), output)
        wrote(output)
    if format is RichOrJson.json:
        report = {
            "dataset": dataset_json(data),
            "config": {
                "hidden": list(config.hidden),
                "epochs": config.epochs,
                "batch": config.batch,
                "lr": config.lr,
                "optimizer": "adam",
                "init": config.init,
                "seed": config.seed,
            },
            "activations": [h.to_json() for h in histories],
        }
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        con = console()
        con.print(describe(data, config), highlight=False)
        con.print(result_table(histories))
        con.print(footer(data), style="dim", highlight=False)


def _is_file(dataset: str) -> bool:
    """Whether --dataset names a file (a .csv or .npz, or anything that exists) rather than
    one of the generated sets; a name that is neither is refused."""
    from pathlib import Path

    from actplot.model.validation import refuse

    if dataset.strip().lower() in NAMES:
        return False
    if Path(dataset).suffix.lower() in (".csv", ".npz") or Path(dataset).exists():
        return True
    choices = ", ".join(repr(n) for n in NAMES)
    raise refuse("dataset", f"one of {choices} or a .csv or .npz file", dataset)


def describe(data: Dataset, config: TrainConfig) -> str:
    """Two lines: the data and the training set-up."""
    noise = "" if data.noise is None else f", noise {data.noise:g}"
    return (
        f"{data.name}: {data.classes} classes, {len(data.y_train)} train / "
        f"{len(data.y_test)} test{noise}\n"
        f"hidden {','.join(map(str, config.hidden))} · {config.epochs} epochs · Adam lr "
        f"{config.lr:g}, batch {config.batch} · {config.init} init · seed {config.seed}"
    )


def dataset_json(data: Dataset) -> dict[str, Any]:
    return {
        "name": data.name,
        "classes": data.classes,
        "features": data.features,
        "train": len(data.y_train),
        "test": len(data.y_test),
        "noise": data.noise,
    }


def result_table(histories: list[History]) -> Any:
    """One row per activation: final accuracy and loss on both sets, the best test accuracy
    and its epoch, the wall time, and a note for a run that diverged."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAVY)
    table.add_column("activation", overflow="fold")
    for header in ("train\nacc", "test\nacc", "best test\n(epoch)", "train\nloss", "test\nloss"):
        table.add_column(header, justify="right", overflow="fold")
    table.add_column("time", justify="right", overflow="fold")
    notes = any(h.diverged_at for h in histories)
    if notes:
        table.add_column("note", overflow="fold")
    for h in histories:
        best = max(range(len(h.test_acc)), key=h.test_acc.__getitem__)
        row = [
            Text(h.act.label),
            f"{h.train_acc[-1]:.3f}",
            f"{h.test_acc[-1]:.3f}",
            f"{h.test_acc[best]:.3f} ({best + 1})",
            _loss(h.train_loss[-1]),
            _loss(h.test_loss[-1]),
            f"{h.seconds:.1f} s" if h.seconds >= 1 else f"{h.seconds:.2f} s",
        ]
        if notes:
            row.append(f"diverged at epoch {h.diverged_at}" if h.diverged_at else "")
        table.add_row(*row)
    return table


def footer(data: Dataset) -> str:
    return (
        f"chance: {1 / data.classes:.3f} (always guessing one of {data.classes} equally "
        "common classes). time: the training, with both sets evaluated after every epoch."
    )


def _loss(v: float) -> str:
    return f"{v:#.3g}" if math.isfinite(v) else "nan"
