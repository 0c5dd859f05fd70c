"""Before/after tables from two `throughput.py --json` runs.

    python benchmarks/throughput.py --json before.json     # on the old commit
    python benchmarks/throughput.py --json after.json      # on the new one
    python benchmarks/compare_throughput.py before.json after.json

Prints, for the registry and for the seventeen most used, the geometric mean of
actplot/PyTorch per dtype and mode before and after, each of the seventeen's ratios, and
every other activation whose ratio moved by more than --moved (default 15%, about this
machine's run-to-run spread). Ratios, not
times, are compared: each comes from one interleaved run, so the two runs may differ in
machine state without skewing the comparison.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import _harness
from throughput import DTYPES, MODES, MOST_USED, Row


def _rows(path: Path) -> dict[tuple[str, str], Row]:
    data = json.loads(path.read_text())
    return {(r["name"], r["dtype"]): Row(**r) for r in data["rows"]}


def _ratios(rows: dict[tuple[str, str], Row], keys: list[tuple[str, str]], mode: str) -> list:
    return [rows[k].ratio(mode) for k in keys]


def _most_used_order(key: tuple[str, str]) -> tuple[int, str]:
    return MOST_USED.index(key[0]), key[1]


def tables(before: dict, after: dict, moved: float) -> str:
    paired = [k for k in after if k in before and after[k].torch_kind and before[k].torch_kind]
    parts = []
    for label, keys in (
        ("the whole registry", paired),
        ("the seventeen most used", [k for k in paired if k[0] in MOST_USED]),
    ):
        names = {k[0] for k in keys}
        body, every_b, every_a = [], [], []
        for dname in DTYPES:
            for mode in MODES:
                ks = [k for k in keys if k[1] == dname]
                b, a = _ratios(before, ks, mode), _ratios(after, ks, mode)
                every_b += b
                every_a += a
                worse = sum(v > 3 for v in a)
                body.append([f"{dname} {mode.replace('_', ' ')}", _harness.geomean(b),
                             _harness.geomean(a), sum(v > 3 for v in b), worse])  # fmt: skip
        body.append(["all four", _harness.geomean(every_b), _harness.geomean(every_a),
                     sum(v > 3 for v in every_b), sum(v > 3 for v in every_a)])  # fmt: skip
        heads = ["actplot/torch", "geomean before", "geomean after", "> 3x before", "> 3x after"]
        parts += [f"{label} ({len(names)} activations):", "", _harness.markdown(heads, body), ""]
    body = [
        [k[0], k[1]] + [r[k].ratio(mode) for mode in MODES for r in (before, after)]
        for k in sorted((k for k in paired if k[0] in MOST_USED), key=_most_used_order)
    ]
    heads = ["activation", "dtype", "f before", "f after", "f+f' before", "f+f' after"]
    parts += ["the seventeen, actplot/torch:", "", _harness.markdown(heads, body), ""]
    body = []
    for k in sorted(k for k in paired if k[0] not in MOST_USED):
        for mode in MODES:
            b, a = before[k].ratio(mode), after[k].ratio(mode)
            if abs(math.log(a / b)) > math.log1p(moved):
                body.append([k[0], k[1], "f" if mode == "forward" else "f+f'", b, a])
    heads = ["activation", "dtype", "job", "before", "after"]
    parts += [f"the others, ratios that moved by more than {moved:.0%}:", ""]
    parts.append(_harness.markdown(heads, body))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before", type=Path, help="throughput.py --json of the old commit")
    p.add_argument("after", type=Path, help="throughput.py --json of the new commit")
    p.add_argument("--moved", type=float, default=0.15, help="list ratios that moved this much")
    args = p.parse_args(argv)
    print(tables(_rows(args.before), _rows(args.after), args.moved))


if __name__ == "__main__":
    main()
