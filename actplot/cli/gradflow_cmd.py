"""`actplot gradflow`: how gradients and activations fare through a deep random network."""

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
from actplot.compute.gradflow import INIT_CHOICES

if TYPE_CHECKING:
    from actplot.compute.gradflow import Flow

Init: Any = choices("Init", INIT_CHOICES)


def gradflow_command(
    names: ElementwiseNames,
    depth: Annotated[int, typer.Option(help="Number of hidden layers.")] = 30,
    width: Annotated[int, typer.Option(help="Units per layer (and input features).")] = 256,
    batch: Annotated[int, typer.Option(help="Samples in the batch of N(0, 1) inputs.")] = 256,
    init: Annotated[
        Init,
        typer.Option(
            help="Weight variance: he 2/fan_in, xavier 2/(fan_in+fan_out), lecun 1/fan_in; "
            "auto picks per activation (he for rectifiers, lecun for self-normalising, "
            "xavier otherwise); critical puts σ_w² on the edge of chaos (χ₁ = 1) at "
            "--sigma-b2."
        ),
    ] = Init.auto,
    sigma_w2: Annotated[
        float | None,
        typer.Option(
            "--sigma-w2",
            help="The weights' variance times fan_in, overriding --init.",
            show_default=False,
        ),
    ] = None,
    sigma_b2: Annotated[
        float,
        typer.Option("--sigma-b2", help="Biases drawn from N(0, σ_b²) in every layer."),
    ] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the inputs, weights and gradient.")] = 0,
    output: PlotFile = None,
    format: FormatOption = RichOrJson.rich,
    budget_mb: BudgetMB = None,
    budget_seconds: BudgetSeconds = None,
) -> None:
    """Gradient flow through a deep random network: vanishing, exploding, dead units.

    Pushes a batch of N(0, 1) inputs through the same random network with each activation
    and backpropagates a unit gradient; reports per layer the gradient norm ‖∂L/∂W‖, the
    mean and sd of the activations and the fraction of dead units (f′ = 0 for every
    sample); beside them the mean-field theory's ‖∂L/∂z‖ = √(χ_l ⋯ χ_L) (JSON keys
    theory_*; dashed in the figure). The table shows the first and last layers and the most
    dead units in any layer; --format json gives every layer, and -o draws them. The memory
    (the weights and every layer's activations and gradients) and time are estimated
    first: beyond the budget the run is refused before it starts.
    """
    from actplot import parsing
    from actplot.compute.budget import Budget
    from actplot.compute.budget import gradflow as estimate
    from actplot.compute.gradflow import check_sizes, describe, gradflow
    from actplot.render import output as out

    depth, width, batch = check_sizes(depth, width, batch)
    budget = Budget.resolve(budget_mb, budget_seconds)
    if output is not None:  # refuse a bad path before any work
        out.check_path(output)
    acts = list({a.label: a for a in (parsing.parse(n) for n in names)}.values())
    budget.check(estimate(len(acts), depth, width, batch))  # before the bar (and in gradflow)
    with progress_bar("gradient flow", len(acts)) as tick, out_of_memory("gradflow"):
        flows = gradflow(
            acts,
            depth=depth,
            width=width,
            batch=batch,
            init=init.value,
            seed=seed,
            budget=budget,
            progress=tick,
            sigma_w2=sigma_w2,
            sigma_b2=sigma_b2,
        )

    if output is not None:
        from actplot.render.gradflow_plot import plot_gradflow

        title = f"Gradient flow through {depth} layers of width {width} (batch {batch})"
        out.save(plot_gradflow(flows, title=title), output)
        wrote(output)
    if format is RichOrJson.json:
        data = {
            "depth": depth,
            "width": width,
            "batch": batch,
            "seed": seed,
            "init": init.value,
            "sigma_b2": sigma_b2,
            "definition": describe(depth, width, batch, sigma_b2),
            "activations": [f.to_json() for f in flows],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        con = console()
        con.print(summary_table(flows, depth))
        con.print(describe(depth, width, batch, sigma_b2), style="dim", highlight=False)
        if init.value == "auto":
            con.print(AUTO_NOTE, style="dim", highlight=False)


def summary_table(flows: list[Flow], depth: int) -> Any:
    """One row per activation: the init, the gradient at the first and last layer, the
    activations at the last layer and the most dead units in any layer (the ratio of the
    gradients and every layer are in the JSON)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"Gradient flow through {depth} layers", title_justify="left", box=box.SIMPLE_HEAVY
    )
    table.add_column("activation", overflow="fold")
    table.add_column("init", overflow="fold")
    for header in ("‖∂L/∂W‖\nlayer 1", f"‖∂L/∂W‖\nlayer {depth}"):
        table.add_column(header, justify="right", overflow="fold")
    for header in ("‖∂L/∂z‖ layer 1\nmeasured", "\ntheory"):
        table.add_column(header, justify="right", overflow="fold")
    for header in (f"mean f\nlayer {depth}", f"sd f\nlayer {depth}", "most\ndead"):
        table.add_column(header, justify="right", overflow="fold")
    for f in flows:
        theory = "n/a" if f.theory is None else number(f.theory.preact_grad_norm[0])
        table.add_row(
            Text(f.act.label),
            f.init,
            number(f.grad_norm[0]),
            number(f.grad_norm[-1]),
            number(f.preact_grad_norm[0]),
            theory,
            number(f.mean[-1]),
            number(f.std[-1]),
            f"{float(f.dead.max()):.0%}",
        )
    return table


AUTO_NOTE = (
    "init auto: he for the ReLU family and rectifier-shaped functions (f ≈ x for x > 0, "
    "≈ 0 for x < 0), lecun for self-normalising ones (N(0, 1) in, mean 0 and sd 1 out), "
    "xavier otherwise."
)


def number(v: float) -> str:
    """Three significant digits and a true minus sign; inf or nan said as overflow."""
    v = float(v)
    if not math.isfinite(v):
        return "overflow"
    if v == 0:
        return "0"
    return f"{v:.3g}".replace("-", "−")
