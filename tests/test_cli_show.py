"""`actplot show`: files, the terminal and window paths, and one-line errors for bad input."""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from conftest import ONE_INPUT
from typer.testing import Result

import actplot
from actplot.cli import show_cmd
from actplot.render.options import PlotOptions


@pytest.fixture
def show(cli: Callable[..., Result]) -> Callable[..., Result]:
    """`actplot show ARGS`."""
    return partial(cli, "show")


@pytest.mark.parametrize(
    "fmt, magic",
    [
        ("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"), ("eps", b"%!PS-Adobe-3.0 EPSF"),
        ("ps", b"%!PS-Adobe-3.0"), ("jpg", b"\xff\xd8\xff"), ("jpeg", b"\xff\xd8\xff"),
        ("tif", b"II*\x00"), ("tiff", b"II*\x00"), ("webp", b"RIFF"),
    ],
)  # fmt: skip
def test_writes_the_format_of_the_extension(show, tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"relu_tanh.{fmt}"
    result = show("relu", "tanh", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert result.stdout == "" and result.stderr == f"wrote {out}\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_size_and_dpi_set_the_pixels(show, tmp_path: Path) -> None:
    out = tmp_path / "a.png"
    assert show("relu", "-o", str(out), "--size", "4", "3", "--dpi", "50").exit_code == 0
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (200, 150)


def test_the_options_of_the_issue_all_draw(show, tmp_path: Path) -> None:
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


def test_same_command_same_bytes(show, tmp_path: Path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    show("relu", "tanh", "-o", str(a))
    show("relu", "tanh", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


ERRORS = [
    (["relux"], "unknown activation 'relux'; did you mean relu"),
    (["relu:alpha=1"], "relu has no parameter 'alpha'"),
    (["leaky_relu:negative_slope=abc"], "negative_slope must be a number"),
    (["elu:alpha"], "expected param=value"),
    (["relu", "--xlim", "3", "1"], "x limits must be increasing, not (3.0, 1.0)"),
    (["relu", "--xlim", "0", "1e13"], "x limits must be >= -1e+12 and <= 1e+12"),
    (["relu", "--ylim", "2", "-2"], "y limits must be increasing"),
    (["relu", "--points", "5"], "points must be between 11 and 1,000,001, not 5"),
    (["relu", "--points", "2000000"], "points must be between"),
    (["relu", "--threshold", "0"], "threshold must be > 0, not 0.0"),
    (["relu", "--terminal", "--width", "10"], "terminal width must be >= 30 and <= 1000, not 10"),
    (["relu", "--style", "no-such-style"], "`actplot show --list-styles` lists them"),
    (["relu", "--size", "0", "3"], "size must be"),
    (["relu", "--dpi", "0"], "dpi must be >= 10 and <= 2400"),
    (["--sweep", "silu:beta=1"], "a sweep needs at least two values"),
    ([], "nothing to plot"),
    # issue 12: accepted values that crashed deep in matplotlib, refused before any work
    (["relu", "--title", "$x_$"], "title is not valid mathtext at character 3: '$x_$'"),
    (["relu", "--title", "$x^{2$"], "title is not valid mathtext at character 5"),
    (["relu", "--title", "$" + "{" * 100 + "x" + "}" * 100 + "$"], "nests its mathtext too"),
    (["relu", "--title", "\udcff"], "title must be UTF-8 text, not '\\udcff'"),
    (["relu", "--title", "t" * 501], "title must be at most 500 characters, not 501"),
    (["relu:label=$x_$"], "label is not valid mathtext at character 3: '$x_$'"),
    (["relu", "--dpi", "2400", "--size", "100", "100"], "over the limit of 268 megapixels"),
    (["relu", "--terminal", "--width", "1000000"], "terminal width must be >= 30 and <= 1000"),
    (["0/0*x"], "constant part is not a number: 0/0 (in '0/0*x')"),
    (["--points", "1000001", *actplot.names(kinds=ONE_INPUT)], "1,000,001 points needs about"),
    (["relu", "--budget-mb", "0"], "--budget-mb must be > 0, not 0.0"),
]


@pytest.mark.parametrize("args, message", ERRORS)
def test_bad_input_is_one_line_exit_2_and_no_file(
    show, tmp_path: Path, args: list[str], message: str
) -> None:
    result = show(*args, "-o", str(tmp_path / "out.png"))
    assert result.exit_code == 2
    assert result.stderr.startswith("actplot: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_bad_output_paths(show, tmp_path: Path) -> None:
    missing = show("relu", "-o", str(tmp_path / "nowhere" / "a.png"))
    assert missing.exit_code == 2 and "folder" in missing.stderr
    assert "does not exist" in missing.stderr
    bmp = show("relu", "-o", str(tmp_path / "a.bmp"))
    assert bmp.exit_code == 2
    supported = "(use .png, .svg, .pdf, .eps, .ps, .jpg, .jpeg, .tif, .tiff, .webp)"
    assert f"'.bmp' is not a supported format {supported}" in bmp.stderr
    assert list(tmp_path.iterdir()) == []


def test_list_styles(show) -> None:
    result = show("--list-styles")
    assert result.exit_code == 0 and "ggplot" in result.stdout.split()


def test_terminal_plot_then_a_hint_to_save(show, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")  # --terminal wins over a display
    result = show("relu", "tanh", "--terminal", "--width", "60")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[-1] == "save it: actplot show relu tanh -o relu_tanh.png"
    assert "relu" in lines[0] and "tanh" in lines[0] and len(lines) > 10


def test_the_hint_repeats_the_options_typed(show, monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_file_and_terminal_together(show, tmp_path: Path) -> None:
    out = tmp_path / "a.svg"
    result = show("relu", "--terminal", "--width", "40", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    assert result.stderr == f"wrote {out}\n" and "relu" in result.stdout.splitlines()[0]
    assert "save it" not in result.stdout


def test_a_display_opens_the_window(show, monkeypatch: pytest.MonkeyPatch) -> None:
    from actplot.render import interactive

    calls = []
    monkeypatch.setattr(interactive, "open_window", lambda *args: calls.append(args))
    monkeypatch.setenv("DISPLAY", ":0")
    result = show("relu", "--sweep", "elu:alpha=1,2", "--xlim", "-2", "2")
    assert result.exit_code == 0, result.output
    ((groups, opts),) = calls  # the window takes what the file and the terminal take
    assert [[a.label for a in g] for g in groups] == [["relu"], ["elu", "elu(alpha=2)"]]
    assert opts == PlotOptions(xlim=(-2.0, 2.0))


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


def test_the_file_path_loads_neither_scipy_nor_pyplot(
    tmp_path: Path, plugin_modules: frozenset[str]
) -> None:
    code = (
        "import sys\n"
        "from actplot.cli.app import app\n"
        f"try: app(['show', 'relu', 'tanh', '-o', {str(tmp_path / 'a.png')!r}])\n"
        "except SystemExit as e: assert not e.code, e.code\n"
        "print(' '.join(m for m in ('scipy', 'matplotlib.pyplot') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.splitlines()[-1].split()) if done.stdout.strip() else set()
    assert loaded - plugin_modules == set()  # a plugin may load scipy itself


def test_formulas_are_off_unless_asked(
    show, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actplot.render import figure

    seen = []
    real = figure.new_figure
    monkeypatch.setattr(figure, "new_figure", lambda g, o: seen.append(o) or real(g, o))
    assert show("relu", "-o", str(tmp_path / "a.png")).exit_code == 0
    assert show("relu", "--formulas", "-o", str(tmp_path / "b.png")).exit_code == 0
    assert [o.formulas for o in seen] == [False, True]


def test_library_and_command_line_defaults_agree(show, tmp_path: Path) -> None:
    """`actplot show -o` and `actplot.plot(...).savefig` give the same image by default."""
    import matplotlib.image

    import actplot

    out, saved = tmp_path / "cli.png", tmp_path / "api.png"
    assert show("gelu", "tanh", "-o", str(out)).exit_code == 0
    actplot.plot(["gelu", "tanh"]).savefig(saved)
    a, b = matplotlib.image.imread(out), matplotlib.image.imread(saved)
    assert a.shape == b.shape and (a == b).all()
    assert PlotOptions() == show_cmd.DEFAULTS  # every default of `show` comes from here


def test_labels_on_the_command_line(show, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    result = show(
        "relu:label=ReLU", "gelu:approximate=tanh,label=GELU (tanh)", "--terminal", "--width", "80"
    )
    assert result.exit_code == 0, result.output
    assert "ReLU" in result.stdout.splitlines()[0] and "GELU (tanh)" in result.stdout
    bad = show("relu:label=", "--terminal")
    assert bad.exit_code == 2 and "label= needs a text" in bad.stderr


def test_transparent_and_asymptotes_reach_the_file(show, tmp_path: Path) -> None:
    import matplotlib.image

    out = tmp_path / "a.png"
    result = show("tanh", "--transparent", "--asymptotes", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert matplotlib.image.imread(out)[0, 0, 3] == 0.0


def test_an_unreachable_display_falls_back_to_the_terminal(
    show, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actplot.render import interactive

    def no_window(*args: object) -> None:
        raise interactive.NoWindow("the display ':5' cannot be reached")

    monkeypatch.setattr(interactive, "open_window", no_window)
    monkeypatch.setattr(show_cmd, "has_display", lambda: True)
    result = show("relu", "--width", "60")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "actplot: the display ':5' cannot be reached; drawing in the terminal instead\n"
    )
    assert "relu" in result.stdout.splitlines()[0] and "save it:" in result.stdout


def test_a_display_without_an_x_server_is_a_note_not_an_error(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":987"  # no X server there
    code = "from actplot.cli.app import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "show", "relu", "--width", "60"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and "drawing in the terminal instead" in done.stderr
    assert "save it:" in done.stdout


@pytest.mark.parametrize(
    "env, tty, colour",
    [({}, True, True), ({}, False, False), ({"NO_COLOR": ""}, True, False),
     ({"TERM": "dumb"}, True, False)],
)  # fmt: skip
def test_colour_only_on_a_terminal_without_no_color_or_dumb(
    monkeypatch: pytest.MonkeyPatch, env: dict, tty: bool, colour: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert show_cmd.use_colour() is colour


@pytest.mark.parametrize("fmt", ["pdf", "eps"])
def test_paper_formats_embed_truetype_and_repeat_byte_for_byte(
    show, tmp_path: Path, fmt: str
) -> None:
    import time

    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert show("relu", "gelu", "--formulas", "-o", str(a)).exit_code == 0
    time.sleep(1.1)  # a date with one-second resolution would differ
    assert show("relu", "gelu", "--formulas", "-o", str(b)).exit_code == 0
    data = a.read_bytes()
    assert b"Type3" not in data and b"FontType 3" not in data
    assert (b"/FontFile2" if fmt == "pdf" else b"/FontType 42") in data
    assert data.replace(b"a.eps", b"b.eps") == b.read_bytes()  # (EPS names its file)


def test_raster_formats_repeat_byte_for_byte(show, tmp_path: Path) -> None:
    for fmt in ("jpg", "tiff", "webp"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        show("relu", "-o", str(a))
        show("relu", "-o", str(b))
        assert a.read_bytes() == b.read_bytes(), fmt


# issue 12 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", ["1e308", "1e-308", "1.7976931348623157e308"])
def test_any_finite_threshold_draws(show, tmp_path: Path, threshold: str) -> None:
    """The threshold lines never widen the f′ panel (±1e308 made matplotlib's transform
    singular: LinAlgError)."""
    out = tmp_path / "d.png"
    result = show("relu", "tanh", "--threshold", threshold, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"


@pytest.mark.parametrize(
    "title", ["costs $5", r"$\frac{1}{1+e^{-x}}$", r"\$x_\$ escaped", "{" * 100 + "}" * 100]
)
def test_plain_and_valid_math_titles_draw(show, tmp_path: Path, title: str) -> None:
    out = tmp_path / "a.png"
    assert show("relu", "--title", title, "-o", str(out)).exit_code == 0
    assert out.exists()


def test_checks_run_before_any_file_is_written(show, tmp_path: Path) -> None:
    """A bad terminal width with -o: exit 2 and no PDF (it used to be written first)."""
    out = tmp_path / "ok.pdf"
    result = show("relu", "-o", str(out), "--width", "-1", "--terminal")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_terminal_plot_is_at_most_1000_columns(show, monkeypatch: pytest.MonkeyPatch) -> None:
    from actplot.cli import _shared
    from actplot.render import terminal

    assert terminal.MAX_WIDTH == _shared.MAX_WIDTH  # the console and the plot agree
    monkeypatch.setenv("COLUMNS", "100000000")
    result = show("relu", "--terminal")
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) == terminal.MAX_WIDTH


def test_a_vector_file_is_not_bound_by_pixels(show, tmp_path: Path) -> None:
    out = tmp_path / "big.svg"
    assert show("relu", "--dpi", "2400", "--size", "100", "100", "-o", str(out)).exit_code == 0


def test_the_budget_can_be_raised(show, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused at the default budget, drawn with a larger one (option or environment); the
    final figure's pixels are checked again before anything is encoded."""
    out = tmp_path / "a.png"
    big = ["relu", "--size", "40", "30", "--dpi", "500"]  # 300 megapixels
    refused = show(*big, "-o", str(out))
    assert refused.exit_code == 2 and "300 megapixels" in refused.stderr
    small = ["relu", "--size", "8", "6", "--dpi", "150", "-o", str(out)]
    tight = show(*small, "--budget-mb", "5")
    assert tight.exit_code == 2 and "over the limit of 1 megapixels" in tight.stderr
    assert list(tmp_path.iterdir()) == []
    many = show("relu", "--points", "1000001", "--budget-mb", "200", "-o", str(out))
    assert many.exit_code == 2 and "show of 1 curve at 1,000,001 points needs" in many.stderr
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("ACTPLOT_BUDGET_MB", "5")
    assert show(*small).exit_code == 2
    assert show(*small, "--budget-mb", "300").exit_code == 0  # the option wins
    assert out.exists()
