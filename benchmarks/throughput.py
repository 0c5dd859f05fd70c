"""Registry throughput: ns per element of every activation at N = 1e6, one thread.

For each activation and dtype (float32, float64): f alone (``act(x)``, also as a multiple of
a memory-copy floor, ``x.copy()``) and f with f' (``act.value_and_derivative(x)``) and, when
PyTorch is importable, torch.nn.functional forward and forward + autograd backward (with an
upstream gradient of ones) on one thread. Every job runs interleaved with the others, best of
--rounds, so the ratios come from one run on one machine state. A gated unit takes the
projection x (rows of 2d, d = --gated-row) as its codebases do, ``act(*act.split(x))``, and
with f' its two partials, ``act.value_and_derivative(*act.split(x))``; times are per output.
With numba installed (``pip install ".[fast]"``) actplot's compiled kernels run (gelu, elu,
selu, celu in float32; hardswish, hardsigmoid); ``ACTPLOT_JIT=0`` times the NumPy forms
instead. The header says which.

    python benchmarks/throughput.py [--n 1000000] [--rounds 7] [--json out.json]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

_harness.single_thread()  # before numpy (and torch) are imported

import argparse  # noqa: E402
import json  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402

import numpy as np  # noqa: E402

import actplot  # noqa: E402

DTYPES = {"float32": np.float32, "float64": np.float64}
MODES = ("forward", "with_derivative")
# The seventeen activations people use most (issue 19), each timed against its native
# PyTorch function; gelu_tanh is gelu(approximate='tanh') against F.gelu(approximate='tanh').
MOST_USED = (
    "relu", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "sigmoid", "tanh", "softplus",
    "silu", "mish", "hardswish", "softsign", "logsigmoid", "celu", "hardsigmoid", "relu6",
)  # fmt: skip


@dataclass
class Row:
    """One activation in one dtype: ns per element of each job (nan where not run)."""

    name: str
    dtype: str
    torch_kind: str  # "native", "composed" or "" (no torch run)
    forward: float
    with_derivative: float
    torch_forward: float = float("nan")
    torch_with_derivative: float = float("nan")

    def ratio(self, mode: str) -> float:
        return getattr(self, mode) / getattr(self, f"torch_{mode}")


def _input(
    act: actplot.Activation | actplot.GatedActivation, n: int, row: int, dtype: type
) -> np.ndarray:
    """Standard normal × 3 (both sides of every kink at default parameters), fixed seed; for
    a gated unit the projection of n outputs, rows of 2·row."""
    width = 2 * row if act.kind == "gated" else row
    x = (np.random.default_rng(0).standard_normal(n * width // row) * 3).astype(dtype)
    return x.reshape(-1, width) if act.kind != "elementwise" else x


def _row(act: actplot.Activation | actplot.GatedActivation, args: argparse.Namespace) -> int:
    return args.gated_row if act.kind == "gated" else args.row


def _jobs(
    act: actplot.Activation | actplot.GatedActivation,
) -> tuple[Callable[[np.ndarray], object], ...]:
    """(f, f with f') on an input from _input; a gated unit splits its projection first."""
    if act.kind == "gated":
        return (
            lambda x: act(*act.split(x)),
            lambda x: act.value_and_derivative(*act.split(x)),
        )
    return act, act.value_and_derivative


def measure(names: list[str], args: argparse.Namespace) -> tuple[list[Row], dict[str, float]]:
    """Time everything in one interleaved run; returns the rows and the copy floors."""
    torch_ops = None
    if not args.no_torch:
        try:
            import torch
            import torch_ops

            torch.set_num_threads(1)
        except ImportError:
            torch_ops = None
    jobs: list[Callable[[], object]] = []
    slots: list[tuple[Row | None, str]] = []  # where each job's time goes
    floors: dict[str, float] = {}
    rows: list[Row] = []
    for dname, dtype in DTYPES.items():
        x = (np.random.default_rng(0).standard_normal(args.n) * 3).astype(dtype)
        jobs.append(x.copy)
        slots.append((None, dname))
        for name in names:
            act = actplot.get(name)
            xa = _input(act, args.n, _row(act, args), dtype)
            forward, both = _jobs(act)
            found = torch_ops.counterpart(name) if torch_ops else None
            row = Row(name, dname, found[1] if found else "", 0.0, 0.0)
            rows.append(row)
            jobs += [lambda f=forward, v=xa: f(v), lambda f=both, v=xa: f(v)]
            slots += [(row, "forward"), (row, "with_derivative")]
            if found:
                t = torch.from_numpy(xa)
                jobs += [lambda f=found[0], v=t: f(v), torch_ops.with_backward(found[0], t)]
                slots += [(row, "torch_forward"), (row, "torch_with_derivative")]
    times = _harness.best_times(jobs, args.rounds, args.min_seconds)
    for (row, field), seconds in zip(slots, times, strict=True):
        ns = seconds / args.n * 1e9
        if row is None:
            floors[field] = ns
        else:
            setattr(row, field, ns)
    return rows, floors


def _summary_row(label: str, ratios: dict[str, float], native: list[float]) -> list[object]:
    worst = sorted(ratios, key=ratios.get, reverse=True)[:3]
    return [
        label,
        _harness.geomean(list(ratios.values())),
        _harness.geomean(native),
        ", ".join(f"{n} {ratios[n]:.2f}" for n in worst),
        sum(v > 3 for v in ratios.values()),
        len(ratios),
    ]


def summary(rows: list[Row], only: tuple[str, ...] = ()) -> list[list[object]]:
    """Per dtype and mode, then all four together: geometric mean and worst of actplot/torch,
    and how many exceed 3x; over `only` if given, else over every row with a counterpart."""
    out: list[list[object]] = []
    every: dict[str, float] = {}
    every_native: list[float] = []
    for dname in DTYPES:
        for mode in MODES:
            paired = [r for r in rows if r.dtype == dname and r.torch_kind]
            paired = [r for r in paired if not only or r.name in only]
            if not paired:
                continue
            ratios = {r.name: r.ratio(mode) for r in paired}
            native = [ratios[r.name] for r in paired if r.torch_kind == "native"]
            out.append(_summary_row(f"{dname} {mode.replace('_', ' ')}", ratios, native))
            tag = f" ({dname[-2:]} {'f' if mode == 'forward' else 'f+df'})"
            every.update({n + tag: v for n, v in ratios.items()})
            every_native += native
    if out:
        out.append(_summary_row("all four", every, every_native))
    return out


def _kernels() -> str:
    """Whether actplot's compiled kernels ran (numba installed, ACTPLOT_JIT not 0)."""
    from actplot.activations import _jit

    if not _jit.available():
        return "compiled kernels off"
    import numba

    return f"compiled kernels on (numba {numba.__version__})"


def report(rows: list[Row], floors: dict[str, float], args: argparse.Namespace) -> str:
    parts = [
        f"N = {args.n:,}, one thread, best of {args.rounds}; {_harness.machine()}, " + _kernels(),
        "memory-copy floor (x.copy()): "
        + ", ".join(f"{d} {ns:.3f} ns/element" for d, ns in floors.items()),
    ]
    if any(r.torch_kind for r in rows):
        import torch

        parts[0] += f", torch {torch.__version__}"
        heads = ["actplot/torch", "geomean", "geomean (native)", "worst", "> 3x", "of"]
        parts += ["", _harness.markdown(heads, summary(rows))]
        if most := summary(rows, MOST_USED):
            parts += ["", "The seventeen most used:", "", _harness.markdown(heads, most)]
    for dname in DTYPES:
        heads = ["activation", "f", "f/copy", "torch f", "ratio", "f+f'", "torch f+bwd", "ratio"]
        heads.append("torch")
        body = [
            [
                r.name,
                r.forward,
                r.forward / floors[dname],
                r.torch_forward,
                r.ratio("forward") if r.torch_kind else float("nan"),
                r.with_derivative,
                r.torch_with_derivative,
                r.ratio("with_derivative") if r.torch_kind else float("nan"),
                r.torch_kind or "—",
            ]
            for r in rows
            if r.dtype == dname
        ]
        parts += ["", f"{dname}, ns per element:", "", _harness.markdown(heads, body)]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000, help="elements per call")
    p.add_argument("--rounds", type=int, default=7, help="timed rounds (the best is kept)")
    p.add_argument("--min-seconds", type=float, default=0.02, help="length of one timed batch")
    p.add_argument("--row", type=int, default=16, help="logits per row for softmax & co.")
    p.add_argument(
        "--gated-row", type=int, default=1000, help="outputs per row of a gated unit (a width)"
    )
    p.add_argument("--names", nargs="*", help="only these activations (default: all)")
    p.add_argument("--no-torch", action="store_true", help="skip the PyTorch side")
    p.add_argument("--json", type=Path, help="also write the raw rows here")
    p.add_argument("--quick", action="store_true", help="tiny run: checks the harness only")
    args = p.parse_args(argv)
    if args.quick:
        args.n, args.rounds, args.min_seconds, args.gated_row = 4096, 1, 0.0, 64
    for row, flag in ((args.row, "--row"), (args.gated_row, "--gated-row")):
        if args.n % row:
            p.error(f"--n must be a multiple of {flag} ({row})")
    every = actplot.names()
    # A spelling that binds parameters (gelu_tanh) is timed under that spelling.
    names = args.names or [*every, *(n for n in MOST_USED if n not in every)]
    rows, floors = measure(names, args)
    print(report(rows, floors, args))
    if args.json:
        data = {"n": args.n, "floors": floors, "rows": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
