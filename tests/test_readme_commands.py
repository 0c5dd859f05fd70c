"""The README's commands run as written: table, info, criticality and list (their output
checked), and every ``actplot show`` that writes a file or draws in the terminal; and its
``actplot.table`` snippet. (What the figures hold is checked by their own tests.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
COMMANDS = [
    line.split("  #")[0].strip()
    for lang, body in BLOCKS
    if lang == "bash"
    for line in body.splitlines()
    if line.startswith(("actplot table", "actplot info", "actplot criticality", "actplot list"))
]
SHOW = [
    line.split("  #")[0].strip()
    for lang, body in BLOCKS
    if lang == "bash"
    for line in body.splitlines()
    if line.startswith("actplot show") and (" -o " in line or "--terminal" in line)
]

pytestmark = pytest.mark.usefixtures("module_cache_dir")


def test_the_readme_shows_table_commands() -> None:
    assert len(COMMANDS) >= 6 and any("--columns" in c for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(cli, command: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # -o table.tex lands here
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, (command, result.output)
    assert result.stdout.strip() or list(tmp_path.iterdir())


@pytest.mark.parametrize("command", SHOW)
def test_readme_show_command_runs(cli, command: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, (command, result.output)
    written = [p for p in tmp_path.iterdir() if p.stat().st_size > 0]
    assert written if " -o " in command else result.stdout.strip(), command


def test_readme_python_snippet_runs() -> None:
    snippets = [
        body for lang, body in BLOCKS if lang == "python" and "rows = actplot.table(" in body
    ]
    assert snippets
    pytest.importorskip("pandas")
    scope: dict = {}
    exec(snippets[0], scope)  # noqa: S102 (the README's own text)
    assert scope["rows"][0]["range_text"] == "[0, ∞)" and len(scope["frame"]) >= 41
