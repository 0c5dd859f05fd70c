"""Peak memory of evaluating an activation and its derivative: act.value_and_derivative(x)
on N = 1e7 float64 (the issue's bound: at most four arrays of N beside the input).

NumPy reports its allocations to tracemalloc, so the peak traced during the call, less what
was live before it, is the memory the evaluation needed, outputs included. Reported in
arrays of N (8e7 bytes); every activation must stay within --limit.

    python benchmarks/memory.py [--n 10000000] [--limit 4]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

_harness.single_thread()

import argparse  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

import actplot  # noqa: E402


def peak_arrays(act: actplot.Activation, x: np.ndarray) -> tuple[float, float]:
    """(peak of f and f' together, peak of f alone), in arrays the size of x."""
    act.value_and_derivative(x[:64])  # first-call imports and caches outside the trace
    out = []
    for call in (act.value_and_derivative, act):
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        result = call(x)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del result
        out.append((peak - base) / x.nbytes)
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10_000_000, help="elements (float64)")
    p.add_argument("--limit", type=float, default=4.0, help="arrays of N allowed beside x")
    p.add_argument("--row", type=int, default=16, help="logits per row for softmax & co.")
    p.add_argument("--quick", action="store_true", help="tiny run: checks the harness only")
    args = p.parse_args(argv)
    if args.quick:
        args.n = 4096
    x = np.random.default_rng(0).standard_normal(args.n) * 3
    rows = []
    for name in actplot.names(kinds=("elementwise", "vector")):  # one input array
        act = actplot.get(name)
        xa = x.reshape(-1, args.row) if act.is_vector else x
        both, alone = peak_arrays(act, xa)
        rows.append((name, both, alone))
    rows.sort(key=lambda r: -r[1])
    worst = rows[0]
    print(f"N = {args.n:,} float64; peak traced memory in arrays of N ({x.nbytes:,} bytes)")
    print(f"worst: {worst[0]} {worst[1]:.2f} arrays for f and f' (limit {args.limit:g})\n")
    heads = ["activation", "f and f'", "f alone"]
    print(_harness.markdown(heads, [[n, b, a] for n, b, a in rows]))
    over = [n for n, b, _ in rows if b > args.limit + 0.05]
    if over:
        print(f"\nover the limit: {', '.join(over)}")
    return 1 if over and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
