"""Command latency: actplot's commands against their floors, as medians of alternating runs.

Each pair runs in turn (actplot, floor, actplot, floor, ...) after a warm-up round, so both
see the same machine state, and the ratio of medians is the figure:

- ``actplot --help`` and ``actplot list`` against ``python -c "import typer"``;
- ``actplot table`` (warm cache) against floor_table.py;
- ``actplot show relu tanh -o out.png`` against ``floor_show.py -o floor.png``;
- ``actplot table`` cold (an empty cache: every row computed and every cost measured), in
  seconds: it has no floor, its budget is 5 s for the whole registry on 2 cores.

The floors are the least any typer CLI doing the same visible work must pay
(../shared/floors from the repository, or --floors). actplot runs as its installed console
script (the one installed beside this Python), else as ``python -m actplot``.

    python benchmarks/latency.py [--runs 15] [--floors DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

_harness.single_thread()

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

FLOORS = _harness.REPO.parent / "shared" / "floors"


def _actplot() -> list[str]:
    """The console script next to this Python (not a PATH shim such as pyenv's, which
    would add its own start-up), else ``python -m actplot``."""
    exe = Path(sys.executable).parent / "actplot"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("actplot")
    return [found] if found and "shims" not in found else [sys.executable, "-m", "actplot"]


def pairs(floors: Path, out: Path) -> list[tuple[str, list[str], list[str]]]:
    """(label, actplot command, floor command) for each measured command."""
    py, act = sys.executable, _actplot()
    typer_floor = [py, "-c", "import typer"]
    return [
        ("actplot --help", [*act, "--help"], typer_floor),
        ("actplot list", [*act, "list"], typer_floor),
        ("actplot table (warm cache)", [*act, "table"], [py, str(floors / "floor_table.py")]),
        (
            "actplot show relu tanh -o out.png",
            [*act, "show", "relu", "tanh", "-o", str(out / "out.png")],
            [py, str(floors / "floor_show.py"), "-o", str(out / "floor.png")],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    p.add_argument("--floors", type=Path, default=FLOORS, help="folder of floor_*.py")
    p.add_argument("--quick", action="store_true", help="one run each: checks the harness")
    args = p.parse_args(argv)
    if args.quick:
        args.runs = 1
    for name in ("floor_table.py", "floor_show.py"):
        if not (args.floors / name).is_file():
            p.error(f"no {name} in {args.floors} (pass --floors DIR)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # A private, warmed cache: `actplot table` then reads its rows instead of computing.
        os.environ["ACTPLOT_CACHE_DIR"] = str(out / "cache")
        os.environ.setdefault("MPLBACKEND", "Agg")
        _harness.run_seconds([*_actplot(), "table"])
        rows = []
        for label, mine, floor in pairs(args.floors, out):
            t_mine, t_floor = _harness.alternating_medians([mine, floor], args.runs)
            rows.append([label, t_mine * 1e3, t_floor * 1e3, t_mine / t_floor])
        cold = sorted(_cold_table(out / f"cold{i}") for i in range(max(1, args.runs // 5)))
    print(f"medians of {args.runs} alternating runs; {_harness.machine()}\n")
    print(_harness.markdown(["command", "actplot ms", "floor ms", "ratio"], rows))
    print(
        f"\nactplot table, cold (empty cache), {len(cold)} runs: median "
        f"{cold[len(cold) // 2]:.2f} s, range {cold[0]:.2f}–{cold[-1]:.2f} s"
    )
    return 0


def _cold_table(cache: Path) -> float:
    """Seconds of one `actplot table` with a fresh, empty cache."""
    os.environ["ACTPLOT_CACHE_DIR"] = str(cache)
    return _harness.run_seconds([*_actplot(), "table"])


if __name__ == "__main__":
    sys.exit(main())
