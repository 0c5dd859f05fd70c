"""The README's first screen keeps the two commands a newcomer needs, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ci_test_command() -> str:
    match = re.search(r"^TEST_COMMAND='(.+)'$", (ROOT / ".ci" / "run").read_text(), re.M)
    assert match, ".ci/run must define TEST_COMMAND"
    return match.group(1)


def test_first_screen_has_install_and_test_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:30])
    assert "pip install . && actplot show relu tanh -o relu_tanh.png" in first_screen
    assert _ci_test_command() in first_screen


def test_ci_runs_the_suite_again_with_the_readme_plugin_installed() -> None:
    text = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in text  # a failure of either run fails CI
    after = text.split('eval "$TEST_COMMAND"', 1)[1]
    assert "python tools/readme_plugin.py" in after and "pip install" in after
    assert after.rstrip().endswith("python -m pytest")
