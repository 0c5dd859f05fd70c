"""Gallery wall time: ``actplot gallery -o DIR --jobs N`` with 1 and with 2 jobs.

Each run writes a fresh gallery into its own empty temporary folder; the two job counts
alternate (1, 2, 1, 2, ...) after a warm-up round, and the medians are reported with the
speed-up. --quick draws two activations only (to check the harness).

    python benchmarks/gallery_time.py [--runs 3] [--jobs 1 2]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

_harness.single_thread()

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402


def _command(out: Path, jobs: int, names: list[str]) -> list[str]:
    return [sys.executable, "-m", "actplot", "gallery", *names, "-o", str(out), "--jobs", str(jobs)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="timed runs per job count")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="job counts to compare")
    p.add_argument("--quick", action="store_true", help="two activations, one run each")
    args = p.parse_args(argv)
    names = ["relu", "tanh"] if args.quick else []
    runs = 1 if args.quick else args.runs
    os.environ.setdefault("MPLBACKEND", "Agg")
    times: dict[int, list[float]] = {j: [] for j in args.jobs}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(runs + (0 if args.quick else 1)):  # round 0 warms caches up
            for jobs in args.jobs:
                out = Path(tmp) / f"gallery_{round_}_{jobs}"
                seconds = _harness.run_seconds(_command(out, jobs, names))
                if round_ > 0 or args.quick:
                    times[jobs].append(seconds)
                if not any(out.glob("*.png")):
                    sys.exit(f"the gallery in {out} has no images")
    base = statistics.median(times[args.jobs[0]])
    rows = []
    for jobs in args.jobs:
        med = statistics.median(times[jobs])
        rows.append([f"--jobs {jobs}", med, base / med])
    what = "relu, tanh" if args.quick else "the whole registry"
    print(f"gallery of {what}; medians of {runs} alternating runs; {_harness.machine()}\n")
    print(_harness.markdown(["command", "wall s", f"speed-up vs --jobs {args.jobs[0]}"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
