"""The benchmark scripts run end to end in their tiny --quick mode.

This checks the harness only (arguments, the table they print, exit status); it asserts no
timings, which belong in benchmarks/RESULTS.md, measured on a quiet machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
FLOORS = BENCH.parents[1] / "shared" / "floors"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_throughput_lists_every_activation_in_both_dtypes() -> None:
    import actplot

    out = _run("throughput.py")
    assert "memory-copy floor" in out
    for dtype in ("float32", "float64"):
        assert f"{dtype}, ns per element:" in out
    table_rows = [line.split("|")[1].strip() for line in out.splitlines() if line.startswith("| ")]
    for name in actplot.names():  # gated units included
        assert table_rows.count(name) == 2, name
    try:
        import torch  # noqa: F401
    except ImportError:
        return
    assert "float64 with derivative" in out  # the summary of ratios to PyTorch


def test_throughput_takes_a_subset_and_writes_json(tmp_path: Path) -> None:
    import json

    path = tmp_path / "rows.json"
    _run("throughput.py", "--names", "relu", "gelu", "--no-torch", "--json", str(path))
    rows = json.loads(path.read_text())["rows"]
    assert {(r["name"], r["dtype"]) for r in rows} == {
        (n, d) for n in ("relu", "gelu") for d in ("float32", "float64")
    }
    assert all(r["forward"] > 0 and r["with_derivative"] > 0 for r in rows)


def test_memory_reports_every_activation() -> None:
    out = _run("memory.py")
    assert "arrays of N" in out and "worst:" in out


@pytest.mark.skipif(not (FLOORS / "floor_show.py").is_file(), reason="no ../shared/floors")
def test_latency_compares_each_command_with_its_floor() -> None:
    out = _run("latency.py", "--floors", str(FLOORS))
    for command in ("actplot --help", "actplot list", "actplot table", "actplot show"):
        assert command in out


def test_latency_refuses_a_folder_without_floors(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "latency.py"), "--quick", "--floors", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "floor_table.py" in done.stderr


def test_gallery_time_compares_job_counts() -> None:
    out = _run("gallery_time.py")
    assert "--jobs 1" in out and "--jobs 2" in out


def test_compare_throughput_gives_geomeans_before_and_after(tmp_path: Path) -> None:
    import json

    def run(k: float) -> Path:
        rows = [
            {"name": name, "dtype": dtype, "torch_kind": "native", "forward": fwd,
             "with_derivative": 1.0, "torch_forward": 1.0, "torch_with_derivative": 1.0}
            for name, fwd in (("relu", k), ("gelu", 4.0), ("arctan", 9.0 * k))
            for dtype in ("float32", "float64")
        ]  # fmt: skip
        path = tmp_path / f"{k}.json"
        path.write_text(json.dumps({"n": 1, "floors": {}, "rows": rows}))
        return path

    done = subprocess.run(
        [sys.executable, str(BENCH / "compare_throughput.py"), str(run(1.0)), str(run(4.0))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    # Forward ratios 1, 4, 9 (geomean 3.3, two above 3) become 4, 4, 36 (8.32, three); the
    # seventeen hold relu and gelu only: geomean 2 becomes 4, one above 3 becomes two.
    assert "| float32 forward | 3.3 | 8.32 | 2 | 3 |" in lines
    assert "| float32 forward | 2 | 4 | 1 | 2 |" in lines
    assert "| relu | float64 | 1 | 4 | 1 | 1 |" in lines  # each of the seventeen
    assert "| arctan | float64 | f | 9 | 36 |" in lines  # the others: what moved
    assert not any(line.startswith("| arctan | float64 | f+f'") for line in lines)
