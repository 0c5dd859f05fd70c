"""`actplot criticality`: where mean-field theory puts each activation's edge of chaos."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import typer

from actplot.cli._shared import ElementwiseNames, FormatOption, PlotFile, RichOrJson, console, wrote


def criticality_command(
    names: ElementwiseNames,
    sigma_w2: Annotated[
        float,
        typer.Option(
            "--sigma-w2",
            help="Weight variance × fan-in for q*, χ₁ and the depth scales (1 is LeCun, 2 is He).",
        ),
    ] = 1.0,
    sigma_b2: Annotated[
        float, typer.Option("--sigma-b2", help="Bias variance (also where the critical σ_w² is).")
    ] = 0.0,
    sigma_b2_max: Annotated[
        float, typer.Option("--sigma-b2-max", help="The phase diagram's σ_b² range (with -o).")
    ] = 0.5,
    output: PlotFile = None,
    format: FormatOption = RichOrJson.rich,
) -> None:
    """Signal propagation theory (Poole et al. 2016, Schoenholz et al. 2017) for each
    activation: the fixed point q* of the pre-activation variance, the per-layer gradient
    factor χ₁ = σ_w² E[f′(√q* z)²], the depth scales, the phase, and the critical σ_w²
    (χ₁ = 1, the edge of chaos) at --sigma-b2. -o draws the edge of chaos in the
    (σ_b², σ_w²) plane with He and LeCun/Xavier marked. Vector activations and jumps are
    refused with the reason, as is a variance that grows without bound.
    """
    import numpy as np

    from actplot import parsing
    from actplot.compute import criticality as cr
    from actplot.errors import ActplotError
    from actplot.model import Interval
    from actplot.model.gated import require_kind
    from actplot.model.validation import number
    from actplot.render import output as out

    hi = cr.SW2_RANGE[1]  # where the edge of chaos is looked for
    sw2 = number(sigma_w2, "--sigma-w2", Interval(0.0, hi, hi_closed=True))
    sb2 = number(sigma_b2, "--sigma-b2", Interval.closed(0.0, hi))
    sb2_max = number(sigma_b2_max, "--sigma-b2-max", Interval(0.0, hi, hi_closed=True))
    if output is not None:  # a bad path fails before any work
        out.check_path(output)
    acts = list({a.label: a for a in (parsing.parse(n) for n in names)}.values())
    for act in acts:  # a vector one gets a row saying why not; a gated one is another kind
        require_kind(act, ("elementwise", "vector"), "criticality")
    records: list[dict[str, Any]] = []
    results = []
    for act in acts:
        try:
            result = cr.analyse(act, sw2, sb2)
        except ActplotError as exc:
            records.append({"name": act.label, "applies": False, "reason": str(exc)})
            results.append(None)
            continue
        records.append({"applies": True, **result.to_json()})
        results.append(result)
    if output is not None:
        from actplot.render.criticality_plot import plot_phase

        grid = sb2_max * np.linspace(0.0, 1.0, 41) ** 2  # dense near 0, where tanh's rises
        curves = []
        for act, r in zip(acts, results, strict=True):
            if r is not None:
                edge = [np.nan if v is None else v for v in cr.boundary(act, grid)]
                curves.append((act.label, grid, np.array(edge)))
        out.save(plot_phase(curves, title="Edge of chaos: χ₁ = 1"), output)
        wrote(output)
    if format is RichOrJson.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        con = console()
        con.print(_table([r for r in records if r["applies"]], sw2, sb2))
        for r in records:
            if not r["applies"]:
                con.print(f"not applicable: {r['reason']}", style="dim", highlight=False)


def _num(v: Any) -> str:
    if v is None:
        return "∞"
    if isinstance(v, float) and not math.isfinite(v):
        return "∞"
    return f"{v:.4g}".replace("-", "−")


def _table(records: list[dict[str, Any]], sw2: float, sb2: float) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"Mean-field theory at σ_w² = {sw2:g}, σ_b² = {sb2:g}",
        title_justify="left",
        box=box.SIMPLE_HEAVY,
        caption="critical σ_w²: χ₁ = 1 at this σ_b²; q*: the variance fixed point from q = 1; "
        "ξ: layers per e-fold of gradients (∇), variance (q), correlation (c)",
        caption_justify="left",
    )
    for head in ("activation", "critical σ_w²", "q*", "χ₁", "phase", "ξ_∇", "ξ_q", "ξ_c"):
        table.add_column(head, justify="left" if head in ("activation", "phase") else "right")
    for r in records:
        table.add_row(
            Text(r["name"]), _num(r["critical_sigma_w2"]) if r["critical_sigma_w2"] else "none",
            _num(r["q_star"]), _num(r["chi1"]), r["phase"], _num(r["xi_grad"]),
            _num(r["xi_q"]), _num(r["xi_c"]),
        )  # fmt: skip
    return table
