"""Every float32 input, checked: the ulp distance of actplot's float32 results from its float64
results rounded to float32.

For each activation named (default: those in BOUNDS, whose float32 path issue 19 rewrote), all
2³² bit patterns (or every --stride-th) go through f = act(x) and (f, f') =
act.value_and_derivative(x) in float32, and through the same calls at the same inputs in
float64, whose results are rounded to float32 as the reference (the float64 kernels are
checked against mpmath at 1e-7 by the test suite and are in fact good to a few 1e-16, so the
rounded value is the correctly rounded one but for near-ties). nan inputs are skipped; a nan
result where the reference is a number counts as a failure; ±0 against ∓0 is 0 ulp.

    python tools/check_float32.py [NAME ...] [--stride 1] [--jobs 2] [--json out.json]

It prints, per activation and output, the largest distance in ulp, the input where it
occurs, how many inputs are more than 2 ulp away, the largest distance where the reference
is a normal float32 (or 0; subnormal results have a fixed absolute spacing, so a few ulp
there are a tiny absolute error), and the time taken. RESULTS.md in
benchmarks/ records a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one process per core does the parallel work

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import actplot  # noqa: E402

OUTPUTS = ("f", "fused f", "fused f'")
# The largest distance (ulp) of each output over all 2³² inputs, from the run RESULTS.md
# records (NumPy 2.4 on AVX-512): the kernels issue 19 moved onto NumPy's float32 exp and
# log, whose own errors (3 and 4 ulp over every input) set the floor. The test suite checks a
# dense sample against these; a run here exits 1 if one is exceeded.
# gelu's, elu's, selu's and celu's float32 paths are compiled kernels (activations/_kernels.py,
# the `fast` extra), computed in float64 and rounded once; without numba the NumPy forms are
# checked and exceed these bounds.
BOUNDS: dict[str, tuple[int, int, int]] = {
    "sigmoid": (4, 4, 6),
    "logsigmoid": (5, 5, 4),
    "softplus": (3, 3, 4),
    "gelu": (1, 1, 1),
    "elu": (1, 1, 1),
    "selu": (1, 1, 1),
    "celu": (1, 1, 1),
}
DEFAULT = tuple(BOUNDS)
CHUNK = 1 << 22
TOTAL = 1 << 32


def ordered(y: np.ndarray) -> np.ndarray:
    """float32 or float64 bits as integers in the order of the floats (adjacent floats
    differ by 1)."""
    bits = {4: np.int32, 8: np.int64}[y.dtype.itemsize]
    i = y.view(bits).astype(np.int64)
    return np.where(i < 0, -(i & np.iinfo(bits).max), i)


def ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """The distance in ulp; 0 where equal (±0 included) or both nan; 2⁴⁰ for a nan where a
    number is due (or the other way round)."""
    dist = np.abs(ordered(got) - ordered(want))
    dist[(got == want) | (np.isnan(got) & np.isnan(want))] = 0
    dist[np.isnan(got) != np.isnan(want)] = 1 << 40
    return dist


def outputs(act: actplot.Activation, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """f = act(x), then f and f′ from act.value_and_derivative(x): the OUTPUTS."""
    return (act(x), *act.value_and_derivative(x))


def check_chunk(name: str, start: int, stride: int) -> list[tuple[int, float, int, int, int]]:
    """(worst ulp, the input there, inputs over 2 ulp, inputs compared, worst ulp where the
    reference is a normal float32 or zero) per output."""
    act = actplot.get(name)
    bits = np.arange(start, min(start + CHUNK * stride, TOTAL), stride, dtype=np.uint64)
    x = bits.astype(np.uint32).view(np.float32)
    x = x[~np.isnan(x)]
    with np.errstate(over="ignore"):  # the float64 reference rounds to ±inf where too big
        got = outputs(act, x)
        want = [r.astype(np.float32) for r in outputs(act, x.astype(np.float64))]
    result = []
    for g, w in zip(got, want, strict=True):
        dist = ulps(g, w)
        k = int(np.argmax(dist)) if dist.size else 0
        worst = int(dist[k]) if dist.size else 0
        normal = (np.abs(w) >= np.finfo(np.float32).tiny) | (w == 0)
        worst_normal = int(dist[normal].max()) if normal.any() else 0
        at = float(x[k]) if dist.size else 0.0
        result.append((worst, at, int((dist > 2).sum()), x.size, worst_normal))
    return result


def check(name: str, stride: int, jobs: int) -> list[dict[str, object]]:
    starts = range(0, TOTAL, CHUNK * stride)
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(check_chunk, [name] * len(starts), starts, [stride] * len(starts)))
    rows = []
    for i, output in enumerate(OUTPUTS):
        worst, at = max((p[i][:2] for p in parts), key=lambda t: t[0])
        rows.append(
            {
                "name": name,
                "output": output,
                "max_ulp": worst,
                "at": at,
                "over_2_ulp": sum(p[i][2] for p in parts),
                "inputs": sum(p[i][3] for p in parts),
                "max_ulp_normal": max(p[i][4] for p in parts),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", default=list(DEFAULT))
    p.add_argument("--stride", type=int, default=1, help="check every k-th bit pattern")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--json", type=Path, help="also write the rows here")
    args = p.parse_args(argv)
    every: list[dict[str, object]] = []
    exceeded = []
    from actplot.activations import _jit

    print(f"compiled kernels (numba): {'on' if _jit.available() else 'off'}")
    heads = "activation | output | max ulp | at x | > 2 ulp | inputs | normal results | seconds"
    print(f"| {heads} |")
    print("|:---|:---|---:|---:|---:|---:|---:|---:|")
    for name in args.names:
        t0 = time.perf_counter()
        rows = check(name, args.stride, args.jobs)
        seconds = time.perf_counter() - t0
        for r in rows:
            r["seconds"] = seconds
            print(
                f"| {r['name']} | {r['output']} | {r['max_ulp']} | {r['at']:.9g} | "
                f"{r['over_2_ulp']:,} | {r['inputs']:,} | {r['max_ulp_normal']} | {seconds:.0f} |",
                flush=True,
            )
            bound = BOUNDS.get(name, (None,) * len(OUTPUTS))[OUTPUTS.index(r["output"])]
            if bound is not None and r["max_ulp"] > bound:
                exceeded.append(f"{name} {r['output']}: {r['max_ulp']} ulp > {bound}")
        every += rows
    if args.json:
        args.json.write_text(json.dumps(every, indent=1) + "\n")
    for line in exceeded:
        print(f"over the recorded bound: {line}", file=sys.stderr)
    return 1 if exceeded else 0


if __name__ == "__main__":
    raise SystemExit(main())
