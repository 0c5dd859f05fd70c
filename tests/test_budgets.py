"""Budgets (actplot.compute.budget): show, gradflow and train estimate their memory and time
before starting, refuse work over the budget in one line (exit 2, nothing written), take a
larger budget from an option or the environment, and show progress only on a terminal."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from conftest import ONE_INPUT
from typer.testing import Result

import actplot
from actplot.cli import _shared
from actplot.compute import budget as bd
from actplot.compute import gradflow as gf
from actplot.compute import training
from actplot.errors import ActplotError, ParameterError

TINY_FLOW = ["--depth", "3", "--width", "6", "--batch", "5"]
TINY_TRAIN = ["--samples", "40", "--hidden", "3", "--epochs", "2", "--batch", "8"]


@pytest.fixture(autouse=True)
def default_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented defaults, whatever the environment running the tests sets."""
    monkeypatch.delenv(bd.ENV_MB, raising=False)
    monkeypatch.delenv(bd.ENV_SECONDS, raising=False)


def refused(result: Result, folder: Path, *words: str) -> None:
    """Exit 2, one line naming the estimate and the budget, nothing left in `folder`."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == "" and list(folder.iterdir()) == []


# The reproductions of issue 12: each was unbounded (hours, or tens of GB) and is refused.
UNBOUNDED = [
    (["train", "relu", "--epochs", "100000"], "takes about", "over the budget of 10 minutes"),
    (
        ["train", "relu", "--samples", "200000", "--hidden", "2000,1900", "--epochs", "1"],
        "GB of memory",
        "over the budget of 2 GB",
    ),
    (
        ["gradflow", "relu", "--depth", "8000000", "--width", "1", "--batch", "1"],
        "through 8,000,000 layers",
        "GB of memory",
    ),
    (
        ["show", "--points", "1000001", *actplot.names(kinds=ONE_INPUT)],
        "at 1,000,001 points",
        "GB of memory",
    ),  # fmt: skip
]


@pytest.mark.parametrize("args, first, second", UNBOUNDED, ids=lambda v: str(v)[:40])
def test_unbounded_work_is_refused_up_front(
    cli, tmp_path: Path, args: list[str], first: str, second: str
) -> None:
    out = tmp_path / "out.png"
    refused(cli(*args, "-o", str(out)), tmp_path, first, second)


def test_two_hundred_curves_at_many_points_are_refused(cli, tmp_path: Path) -> None:
    names = [f"x*{i}" for i in range(1, 201)]
    result = cli("show", *names, "--points", "100001", "-o", str(tmp_path / "a.png"))
    refused(result, tmp_path, "show of 200 curves at 100,001 points needs about")


@pytest.mark.parametrize(
    "command, tiny", [("gradflow", TINY_FLOW), ("train", TINY_TRAIN), ("show", ["--points", "11"])]
)
def test_refusal_and_override(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, tiny: list[str]
) -> None:
    """A tiny budget refuses even tiny work (option or environment); the option wins over
    the environment, and a budget large enough runs it."""
    out = tmp_path / "out.svg"
    args = [command, "relu", *tiny, "-o", str(out)]
    refused(cli(*args, "--budget-seconds", "1e-6"), tmp_path, "over the budget of 1e-06 s")
    refused(cli(*args, "--budget-mb", "1"), tmp_path, "over the budget of 1 MB", "--budget-mb")
    monkeypatch.setenv(bd.ENV_SECONDS, "1e-6")
    refused(cli(*args), tmp_path, "ACTPLOT_BUDGET_SECONDS")
    ok = cli(*args, "--budget-seconds", "1000")
    assert ok.exit_code == 0, ok.output
    assert out.exists()


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf"])
def test_a_bad_budget_in_the_environment_is_one_line(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(bd.ENV_MB, value)
    result = cli("gradflow", "relu", *TINY_FLOW, "-o", str(tmp_path / "g.png"))
    refused(result, tmp_path, "ACTPLOT_BUDGET_MB must be")


def test_resolve_order_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bd.Budget.resolve() == bd.Budget(bd.DEFAULT_MB, bd.DEFAULT_SECONDS)
    monkeypatch.setenv(bd.ENV_MB, "100")
    monkeypatch.setenv(bd.ENV_SECONDS, " 5 ")
    assert bd.Budget.resolve() == bd.Budget(100.0, 5.0)
    assert bd.Budget.resolve(7, 8) == bd.Budget(7.0, 8.0)
    with pytest.raises(ParameterError, match="--budget-seconds must be > 0, not -1"):
        bd.Budget.resolve(seconds=-1)


def test_the_defaults_accept_the_defaults() -> None:
    """Every command's default run, and the defaults' neighbours, fit the default budget."""
    budget = bd.Budget()
    acts = len(actplot.names())
    budget.check(bd.show(acts, 1201, 3, 1200 * 1400))
    budget.check(bd.show(4, 100_001, 2, 8 * 6 * 300 * 300))
    budget.check(bd.gradflow(10, gf.DEPTH, gf.WIDTH, gf.BATCH))
    budget.check(bd.train(3, (2, 64, 64, 3), 1500, 200, 32))
    budget.check(bd.train(3, (64, 64, 64, 10), 1797, 200, 32))  # digits


def test_estimates_grow_with_the_work() -> None:
    base = bd.train(1, (2, 64, 64, 3), 1500, 200, 32)
    assert bd.train(1, (2, 64, 64, 3), 1500, 400, 32).seconds == pytest.approx(2 * base.seconds)
    assert bd.train(2, (2, 64, 64, 3), 1500, 200, 32).seconds == pytest.approx(2 * base.seconds)
    assert bd.train(1, (2, 640, 640, 3), 1500, 200, 32).bytes > 10 * (base.bytes - bd.SHOW_BASE / 3)
    flow = bd.gradflow(1, 30, 256, 256)
    assert bd.gradflow(1, 60, 256, 256).bytes > 1.9 * (flow.bytes - bd.SHOW_BASE / 3)
    assert bd.show(2, 1000, 2).bytes > bd.show(1, 1000, 2).bytes > bd.show(1, 1000, 1).bytes


def test_the_library_checks_the_budget_too() -> None:
    relu = actplot.get("relu")
    with pytest.raises(bd.OverBudget, match="gradflow of 1 activation through 3 layers"):
        gf.gradflow([relu], depth=3, width=6, batch=5, budget=bd.Budget(seconds=1e-9))
    config = training.TrainConfig(samples=40, hidden=(3,), epochs=2, batch=8)
    with pytest.raises(bd.OverBudget, match="train of 1 activation for 2 epochs"):
        training.train([relu], config, budget=bd.Budget(megabytes=1))
    assert issubclass(bd.OverBudget, ActplotError)  # the CLI's one line and exit 2


def test_an_image_over_the_pixel_limit_names_the_limit() -> None:
    with pytest.raises(bd.OverBudget, match="limit of 268 megapixels and 8,388,607 pixels"):
        bd.check_image(240_000, 240_000, bd.Budget())
    with pytest.raises(bd.OverBudget, match="8,388,607 pixels a side"):
        bd.check_image(2**23, 10, bd.Budget(megabytes=10**6))
    bd.check_image(12_000, 9_000, bd.Budget())  # a 40 × 30 inch poster at 300 dpi


@pytest.mark.parametrize(
    "seconds, text", [(0.5, "0.5 s"), (59, "59 s"), (600, "10 minutes"), (7200, "2 hours")]
)
def test_durations_read_well(seconds: float, text: str) -> None:
    assert bd.duration(seconds) == text


def _interrupted(result: Result) -> bool:
    """Stopped by the KeyboardInterrupt: exit 130 (the application's mapping of it), or the
    exception itself where no mapping is installed."""
    return result.exit_code == 130 or isinstance(result.exception, KeyboardInterrupt)


def test_ctrl_c_during_training_leaves_nothing_written(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted in the middle of its epochs (as Ctrl-C would), train writes no file: the
    curves are written only after every run has finished."""
    calls = []

    def interrupted(*args: object) -> None:
        calls.append(args)
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "_evaluate", interrupted)
    out = tmp_path / "curves.png"
    result = cli("train", "relu", *TINY_TRAIN, "-o", str(out))
    assert calls and _interrupted(result)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_gradflow_leaves_nothing_written(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(gf, "_flow", interrupted)
    result = cli("gradflow", "relu", *TINY_FLOW, "-o", str(tmp_path / "g.png"))
    assert _interrupted(result)
    assert list(tmp_path.iterdir()) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with _shared.progress_bar("training", 3) as tick:
        assert tick is None
    assert piped.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _shared.progress_bar("training", 3, tasks=["training relu", "training tanh"]) as tick:
        assert tick is not None
        tick(0, 3)
        tick(1, 1)
    assert "training relu" in terminal.getvalue()


def test_train_and_gradflow_report_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    relu, tanh = actplot.get("relu"), actplot.get("tanh")
    seen: list[tuple[int, int]] = []
    gf.gradflow([relu, tanh], depth=3, width=6, batch=5, progress=lambda i, n: seen.append((i, n)))
    assert seen == [(0, 1), (0, 2)]
    seen.clear()
    config = training.TrainConfig(samples=40, hidden=(3,), epochs=2, batch=8)
    training.train([relu, tanh], config, progress=lambda i, n: seen.append((i, n)))
    assert seen == [(0, 1), (0, 2), (1, 1), (1, 2)]


def test_commands_document_their_budget() -> None:
    import typer

    from actplot.cli.app import app

    group = typer.main.get_command(app)
    for command in ("show", "gradflow", "train"):
        helps = {p.name: p.help or "" for p in group.commands[command].params}
        assert "$ACTPLOT_BUDGET_MB" in helps["budget_mb"], command
        assert "$ACTPLOT_BUDGET_SECONDS" in helps["budget_seconds"], command
        assert "refused before it starts" in helps["budget_mb"], command


def test_pixels_after_the_figure_grew_are_checked_before_encoding() -> None:
    """Strips under many shaded curves make the figure taller than the size estimated up
    front: its final pixels are checked again (show does so before encoding)."""
    from actplot.render import figure
    from actplot.render.options import PlotOptions

    names = ["sigmoid", "tanh", "relu", "elu", "softsign", "hardtanh", "relu6", "selu"]
    groups = figure.resolve(names)
    opts = PlotOptions()
    fig = figure.new_figure(groups, opts)
    dpi = 100.0
    before = figure.figure_size(opts)
    after = tuple(float(v) for v in fig.get_size_inches())
    assert after[1] > before[1]  # the strips grew it
    middle = (before[0] * before[1] + after[0] * after[1]) / 2 * dpi * dpi
    budget = bd.Budget(megabytes=middle * bd.PIXEL / bd.MB)
    bd.check_image(before[0] * dpi, before[1] * dpi, budget)  # the up-front check passes
    with pytest.raises(bd.OverBudget, match="megapixels"):
        figure.check_pixels(fig, "png", dpi, budget)
    figure.check_pixels(fig, "svg", dpi, budget)  # a vector file has no pixels to bound


def test_two_hundred_names_grow_the_figure_past_the_pixel_limit(cli, tmp_path: Path) -> None:
    """200 curves with their strips and legend make a figure 61,090 pixels tall at 700 dpi:
    refused after the figure is laid out, before a pixel is drawn (a MemoryError before)."""
    names = [f"{n}:label=f{i}" for i, n in enumerate(actplot.names(kinds=ONE_INPUT) * 5)][:200]
    result = cli(
        "show", *names, "--formulas", "--second", "--dpi", "700", "-o", str(tmp_path / "a.png")
    )
    refused(result, tmp_path, "-pixel image", "over the limit of 268 megapixels")
