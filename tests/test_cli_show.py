"""`actplot show`: files, the terminal and window paths, and one-line errors for bad input."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actplot.cli import show_cmd
from actplot.cli.app import app

runner = CliRunner()


def show(*args: str):
    return runner.invoke(app, ["show", *args])


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_writes_the_format_of_the_extension(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"relu_tanh.{fmt}"
    result = show("relu", "tanh", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert result.stdout == f"wrote {out}\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_size_and_dpi_set_the_pixels(tmp_path: Path) -> None:
    out = tmp_path / "a.png"
    assert show("relu", "-o", str(out), "--size", "4", "3", "--dpi", "50").exit_code == 0
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (200, 150)


def test_the_options_of_the_issue_all_draw(tmp_path: Path) -> None:
    out = tmp_path / "a.png"
    args = [
        "leaky_relu:negative_slope=0.2", "gelu", "gelu:approximate=tanh", "swish:beta=2",
        "--sweep", "silu:beta=0.5,1,2,4", "--sweep", "elu:alpha=0.5,1",
        "--second", "--threshold", "0.1", "--points", "2001", "--xlim", "-4", "4",
        "--ylim", "-2", "5", "--formulas", "--title", "Smooth ReLUs", "--theme", "dark",
        "--style", "ggplot", "-o", str(out),
    ]  # fmt: skip
    result = show(*args)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    assert show("softmax", "--no-derivative", "--no-saturation", "-o", str(out)).exit_code == 0


def test_same_command_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    show("relu", "tanh", "-o", str(a))
    show("relu", "tanh", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


ERRORS = [
    (["relux"], "unknown activation 'relux'; did you mean relu"),
    (["relu:alpha=1"], "relu has no parameter 'alpha'"),
    (["leaky_relu:negative_slope=abc"], "negative_slope must be a number"),
    (["elu:alpha"], "expected param=value"),
    (["relu", "--xlim", "3", "1"], "x limits must be increasing, not 3 1"),
    (["relu", "--ylim", "2", "-2"], "y limits must be increasing"),
    (["relu", "--points", "5"], "points must be between 11 and 1,000,001, not 5"),
    (["relu", "--points", "2000000"], "points must be between"),
    (["relu", "--threshold", "0"], "threshold must be a positive number"),
    (["relu", "--style", "no-such-style"], "`actplot show --list-styles` lists them"),
    (["relu", "--size", "0", "3"], "size must be"),
    (["relu", "--dpi", "0"], "dpi must be between"),
    (["--sweep", "silu:beta=1"], "a sweep needs at least two values"),
    ([], "nothing to plot"),
]


@pytest.mark.parametrize("args, message", ERRORS)
def test_bad_input_is_one_line_exit_2_and_no_file(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = show(*args, "-o", str(tmp_path / "out.png"))
    assert result.exit_code == 2
    assert result.stderr.startswith("actplot: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_bad_output_paths(tmp_path: Path) -> None:
    missing = show("relu", "-o", str(tmp_path / "nowhere" / "a.png"))
    assert missing.exit_code == 2 and "folder" in missing.stderr
    assert "does not exist" in missing.stderr
    jpg = show("relu", "-o", str(tmp_path / "a.jpg"))
    assert jpg.exit_code == 2
    assert "'.jpg' is not a supported format (use .png, .svg, .pdf)" in jpg.stderr
    assert list(tmp_path.iterdir()) == []


def test_list_styles() -> None:
    result = show("--list-styles")
    assert result.exit_code == 0 and "ggplot" in result.stdout.split()


def test_terminal_plot_then_a_hint_to_save(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("actplot.render.terminal")
    monkeypatch.setenv("DISPLAY", ":0")  # --terminal wins over a display
    result = show("relu", "tanh", "--terminal", "--width", "60")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[-1] == "save it: actplot show relu tanh -o relu_tanh.png"
    assert "relu" in lines[0] and "tanh" in lines[0] and len(lines) > 10


def test_the_hint_repeats_the_options_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("actplot.render.terminal")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    args = ["leaky_relu:negative_slope=0.2", "--sweep", "elu:alpha=1,2", "--xlim", "-3", "3"]
    result = show(*args, "--no-derivative", "--width", "50")
    assert result.exit_code == 0, result.output
    hint = result.stdout.rstrip("\n").split("\n")[-1]
    assert hint == (
        "save it: actplot show leaky_relu:negative_slope=0.2 --sweep elu:alpha=1,2 "
        "--no-derivative --xlim -3 3 -o leaky_relu_elu.png"
    )


def test_file_and_terminal_together(tmp_path: Path) -> None:
    pytest.importorskip("actplot.render.terminal")
    out = tmp_path / "a.svg"
    result = show("relu", "--terminal", "--width", "40", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    assert result.stdout.startswith(f"wrote {out}\n") and "save it" not in result.stdout


def test_a_display_opens_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    interactive = pytest.importorskip("actplot.render.interactive")
    calls = []
    monkeypatch.setattr(interactive, "open_window", lambda acts, **kw: calls.append((acts, kw)))
    monkeypatch.setenv("DISPLAY", ":0")
    result = show("relu", "--sweep", "elu:alpha=1,2", "--xlim", "-2", "2")
    assert result.exit_code == 0, result.output
    ((acts, options),) = calls
    assert [a.label for a in acts] == ["relu", "elu", "elu(alpha=2)"]
    assert options["groups"] == [1, 2] and options["xlim"] == (-2.0, 2.0)
    assert options["derivative"] is True and options["threshold"] == 0.05


def test_has_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not show_cmd.has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert show_cmd.has_display()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.delenv("WAYLAND_DISPLAY")
    assert show_cmd.has_display()


def test_the_file_path_loads_neither_scipy_nor_pyplot(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from actplot.cli.app import app\n"
        f"try: app(['show', 'relu', 'tanh', '-o', {str(tmp_path / 'a.png')!r}])\n"
        "except SystemExit as e: assert not e.code, e.code\n"
        "print(sorted(m for m in ('scipy', 'matplotlib.pyplot') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_formulas_are_off_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actplot.render import figure

    seen = []
    real = figure.plot
    monkeypatch.setattr(figure, "plot", lambda *a, **kw: seen.append(kw) or real(*a, **kw))
    assert show("relu", "-o", str(tmp_path / "a.png")).exit_code == 0
    assert show("relu", "--formulas", "-o", str(tmp_path / "b.png")).exit_code == 0
    assert [kw["formulas"] for kw in seen] == [False, True]
