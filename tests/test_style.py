"""The code stays ruff-clean (lint and format), so style never drifts between reviews."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "actplot", "tests", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(
    subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True).returncode
    and not shutil.which("ruff"),
    reason="ruff is not installed (pip install '.[test]')",
)
@pytest.mark.parametrize("args", [("check",), ("format", "--check")])
def test_ruff_is_clean(args: tuple[str, ...]) -> None:
    done = _ruff(*args)
    assert done.returncode == 0, done.stdout + done.stderr
