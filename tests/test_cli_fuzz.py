"""Every command survives any input: random names, parameters, expressions, numbers,
point counts and paths end in success or in one line ``actplot: error: ...`` with a
non-zero exit, never a traceback, and a failed command leaves no file behind.

Hypothesis drives typer's CliRunner in this process. Runs stay small (few points, tiny
figures, short trainings) and never open a window: DISPLAY is unset, and show gets
``-o`` or ``--terminal``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import Result

import actplot
from actplot import registry

NAMES = actplot.names()
FUZZ = settings(
    max_examples=int(os.environ.get("ACTPLOT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


pytestmark = pytest.mark.usefixtures("cache_dir")  # a private cache for each test


# Inputs ---------------------------------------------------------------------------------

junk = st.text(max_size=12)
# Mostly sensible values, sometimes extreme or not numbers at all.
number = st.one_of(
    st.floats(-10, 10).map(repr),
    st.integers(-3, 10).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "-0", "1e-300", "1e308", "-1e308", "nan", "inf", "abc", ""]),
)


def _spelled(name: str) -> st.SearchStrategy[str]:
    spec = actplot.spec(name)
    spellings = [name, name.upper(), name.replace("_", "-"), *spec.aliases]
    return st.sampled_from(spellings)


@st.composite
def with_params(draw: st.DrawFn) -> str:
    """NAME:param=value,...: real parameter names mostly, sensible values mostly."""
    name = draw(st.sampled_from(NAMES))
    params = actplot.spec(name).params
    items = []
    for _ in range(draw(st.integers(0, 2))):
        if params and draw(st.integers(0, 3)):
            p = draw(st.sampled_from(params))
            good = st.sampled_from(p.choices) if p.choices else st.just(repr(p.default))
            items.append((p.name, draw(good | number)))
        else:
            items.append((draw(st.sampled_from(["bogus", "", " "])), draw(number | junk)))
    sep = draw(st.sampled_from([",", ",", ";", ", "]))
    return name + ":" + sep.join(f"{k}={v}" for k, v in items)


TOKENS = ["x", "+", "-", "*", "/", "**", "^", "(", ")", ",", "1", "0.5", "1e308", "e", "pi",
          "relu", "sigmoid", "max(", "min(", "abs(", "exp(", "log(", "sqrt(", "where(", "x>0",
          " if ", " else ", ".", "[", "]", "=", "'", "leaky_relu(x, negative_slope=",
          "9**9**9"]  # fmt: skip
GOOD_EXPRESSIONS = [
    "x*sigmoid(1.702*x)", "max(0.1*x, x)", "x*tanh(softplus(x))", "exp(exp(x))", "1/x",
    "log(x)", "sqrt(x)", "x**x", "where(x > 0, 1, 0)", "x if x > 1 else -x", "sin(50*x)",
    "max(x, 1e300)", "x*1e308", "tan(x)", "abs(x)**0.5", "softmax(x, k=2)", "-x**-1",
    "min(max(0.01*x, x), 6)", "x^3 - x", "gelu(x, approximate='tanh')*2",
    # formulas with parameters of their own, and limits only the wide arithmetic gets right
    "x*sigmoid(b*x):b=1", "a*x*sigmoid(b*x):a=1,b=1.5", "x**p:p=-2", "log(1+exp(k*x)):k=1e3",
    "1/(1+exp(-x))", "sin(x)/x", "x*exp(-x*x)", "tan(w*x):w=0", "x/(c-x):c=1e308",
]  # fmt: skip
BAD_EXPRESSIONS = [
    "x.__class__", "9**9**9**9", "+".join(["x"] * 20_000), "(" * 40 + "x" + ")" * 40,
    "__import__('os').system('true')", "lambda: x", "x[0]", "open('f')", "2", "y",
    "x*sigmoid(b*x)", "x*b:b=foo", "x*b:b=1,c=2", "x:x=1", "pi*x:pi=2", "x*label:label=1",
    "x*b:b=1e400", "x*b:b=nan", "x*__b:__b=1", "b(x):b=1",
]  # fmt: skip
expression = st.one_of(
    st.sampled_from(GOOD_EXPRESSIONS),
    st.sampled_from(BAD_EXPRESSIONS),
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=10).map("".join),
)
registry_name = st.sampled_from(NAMES).flatmap(_spelled)
activation = st.one_of(registry_name, registry_name, with_params(), expression, junk)
sweep = st.one_of(
    with_params(),
    st.sampled_from(
        ["silu:beta=0.5,1,2", "elu:alpha=1", "relu:x=1,2", "x*sigmoid(b*x):b=0.5,1,2",
         "a*x*sigmoid(b*x):a=2;b=0,1e308", "x*b:b=1", "x*b:c=1,2"]
    ),
    junk,
)  # fmt: skip
points = st.one_of(st.integers(-5, 60), st.sampled_from([11, 1_000_002, 10**30]))
# Titles: any text, mathtext or not, with $, braces, backslashes and lone surrogates (what
# undecodable command-line bytes become), and deep nesting.
MATH_BITS = ["$", "$", "{", "}", "\\", "^", "_", "\\frac", "\\alpha", "x", " ", "\\$", "%"]
title = st.one_of(
    junk,
    st.lists(st.sampled_from(MATH_BITS), max_size=14).map("".join),
    st.text(st.characters(blacklist_categories=()), max_size=12),  # surrogates included
    st.integers(0, 150).map(lambda n: "$" + "{" * n + "x" + "}" * n + "$"),
    st.sampled_from(["$x_$", "$x^{2$", "\udcff", "costs $5", "t" * 600, "{" * 100 + "}" * 100]),
)
extreme = st.sampled_from(["1e308", "-1e308", "5e-324", "1.7976931348623157e308", "1e-300"])
dpi = st.sampled_from(["10", "20", "0", "-5", "1e9", "nan", "2400", "1e308", "5e-324"])
size = st.sampled_from(
    [("1", "1"), ("2", "1.5"), ("0", "1"), ("-1", "2"), ("1e6", "1"), ("100", "100"),
     ("2.5", "100"), ("100", "2.5"), ("1e308", "1e308")]
)  # fmt: skip
columns = st.one_of(
    st.integers(-5, 2000).map(str),
    st.sampled_from(["100000000", "10" * 20, "", "abc", " 80 ", "1e3", "-0"]),
)
count = st.integers(-2, 8).map(str) | number


@st.composite
def path(draw: st.DrawFn) -> str:
    """Where to write, relative to the example's folder: mostly good, sometimes not."""
    stem = draw(st.text("abc_.-", min_size=1, max_size=6) | st.sampled_from(["a" * 300]))
    ext = draw(st.sampled_from([".png", ".svg", ".pdf", ".png", ".PNG", ".txt", ".jpeg", ""]))
    where = draw(st.sampled_from(["", "", "", "missing/", "file.txt/", ".", "/proc/"]))
    return "." if where == "." else f"{where}{stem}{ext}"


def options(*pairs: tuple[str, st.SearchStrategy]) -> st.SearchStrategy[list[str]]:
    """Some of the options `pairs`, each once, in a random order."""

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        chosen = draw(st.lists(st.sampled_from(range(len(pairs))), unique=True, max_size=5))
        out: list[str] = []
        for i in chosen:
            flag, values = pairs[i]
            value = draw(values)  # None for a flag, a tuple for a two-value option
            out += [
                flag,
                *(value if isinstance(value, tuple) else [] if value is None else [value]),
            ]
        return out

    return build()


def choice(*good: str) -> st.SearchStrategy[str]:
    return st.sampled_from(good) | junk


FLAG = st.none()
families = choice(*registry.FAMILIES)

# Running ----------------------------------------------------------------------------------

# Warnings that are the right thing to show: a title in a script the font lacks is drawn
# with boxes, and matplotlib says so once. Any other warning fails the test.
KNOWN_WARNINGS = (("missing from font(s)", ""),)


def _known(w: warnings.WarningMessage) -> bool:
    text = str(w.message)
    return any(msg in text and where in w.filename for msg, where in KNOWN_WARNINGS)


def run(cli: Callable[..., Result], args: list[str], folder: Path, *, record: bool = True) -> None:
    """Run `args` in `folder` and check the contract."""
    (folder / "file.txt").write_text("not a folder")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = cli(*args)
    finally:
        os.chdir(cwd)
    where = f"actplot {' '.join(args)!r}"[:2000]
    shown = [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught
             if not issubclass(w.category, DeprecationWarning) and not _known(w)]  # fmt: skip
    assert not shown, (where, shown)
    if record:  # hypothesis' statistics, only inside a hypothesis test
        event(f"{args[0]}: exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        where, repr(result.exception), result.output,
    )  # fmt: skip
    assert "Traceback" not in result.output + result.stderr, where
    after = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    assert not [p for p in after if p.name.endswith(".tmp")], (where, after)
    if result.exit_code == 0:
        assert "Warning" not in result.stderr, (where, result.stderr)
        # the report of a file written goes to stderr, never among stdout's table or JSON
        assert not [n for n in result.stdout.splitlines() if n.startswith("wrote ")], where
        return
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: "), (where, result.stderr)
    assert after == before, (where, "left behind", set(after) - set(before))


@pytest.fixture
def folder() -> Iterator[callable]:
    made: list[str] = []

    def make() -> Path:
        made.append(tempfile.mkdtemp(prefix="fuzz-"))
        return Path(made[-1])

    yield make
    for d in made:
        shutil.rmtree(d, ignore_errors=True)


# One test per command ------------------------------------------------------------------------


@FUZZ
@given(opts=options(("--family", families), ("--format", choice("rich", "json", "plain"))))
def test_list(cli, folder, opts: list[str]) -> None:
    run(cli, ["list", *opts], folder())


@FUZZ
@given(name=activation, opts=options(("--format", choice("rich", "json"))))
def test_info(cli, folder, name: str, opts: list[str]) -> None:
    run(cli, ["info", name, *opts], folder())


@FUZZ
@given(
    names=st.lists(activation, max_size=3),
    out=st.one_of(path().map(lambda p: ["-o", p]), st.just(["--terminal"])),
    opts=options(
        ("--sweep", sweep),
        ("--points", points.map(str)),
        ("--xlim", st.tuples(number, number)),
        ("--ylim", st.tuples(number, number)),
        ("--threshold", number | extreme),
        ("--second", FLAG),
        ("--no-derivative", FLAG),
        ("--no-saturation", FLAG),
        ("--formulas", FLAG),
        ("--dpi", dpi),
        ("--size", size),
        ("--title", title),
        ("--budget-mb", number | extreme),
        ("--theme", choice("light", "dark")),
        ("--style", choice("ggplot")),
        ("--width", count | st.sampled_from(["1000", "1001", "1000000", "1e308"])),
    ),  # fmt: skip
)
def test_show(cli, folder, names: list[str], out: list[str], opts: list[str]) -> None:
    run(cli, ["show", *names, *opts, *out], folder())


@FUZZ
@given(
    names=st.lists(activation, max_size=2),
    cols=columns,
    opts=options(
        ("--title", title),
        ("--width", count | st.sampled_from(["1000", "1001", "1000000"])),
        ("--no-derivative", FLAG),
        ("--points", points.map(str)),
    ),
)
def test_show_terminal_columns(cli, folder, names: list[str], cols: str, opts: list[str]) -> None:
    """Any $COLUMNS (the terminal plot and its console are at most 1000 columns wide)."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = cols
    try:
        run(cli, ["show", *names, *opts, "--terminal"], folder())
        if cols.strip().isdigit() and "--width" not in opts and names:
            result = cli("show", *names, *opts, "--terminal")
            if result.exit_code == 0:
                assert max(map(len, result.stdout.splitlines())) <= 1000
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


@FUZZ
@given(
    names=st.lists(activation, min_size=1, max_size=2),
    opts=options(
        ("--sort", choice("name", "cost", "range", "family")),
        ("--reverse", FLAG),
        ("--family", families),
        ("--format", choice("markdown", "csv", "json", "latex", "rich")),
        ("-o", path()),
    ),  # fmt: skip
)
def test_table(cli, folder, names: list[str], opts: list[str]) -> None:
    run(cli, ["table", *names, *opts], folder())


@settings(FUZZ, max_examples=max(5, FUZZ.max_examples // 4))
@given(
    names=st.lists(activation, min_size=1, max_size=2),
    out=path(),
    opts=options(
        ("--format", choice("png", "svg")),
        ("--dpi", st.sampled_from(["30", "5", "-1"])),
        ("--theme", choice("light", "dark")),
        ("--clean", FLAG),
    ),  # fmt: skip
)
def test_gallery(cli, folder, names: list[str], out: str, opts: list[str]) -> None:
    run(cli, ["gallery", *names, "-o", out, "-j", "1", *opts], folder())


@FUZZ
@given(
    names=st.lists(activation, min_size=1, max_size=2),
    opts=options(
        ("--depth", count),
        ("--width", count),
        ("--batch", count),
        ("--init", choice("auto", "he", "xavier", "lecun")),
        ("--seed", count),
        ("--format", choice("rich", "json")),
        ("-o", path()),
        ("--budget-seconds", number | extreme),
    ),  # fmt: skip
)
def test_gradflow(cli, folder, names: list[str], opts: list[str]) -> None:
    small = ["--depth", "3", "--width", "6", "--batch", "5"]
    run(cli, ["gradflow", *names, *small, *opts], folder())


@FUZZ
@given(
    names=st.lists(activation, min_size=1, max_size=2),
    opts=options(
        ("--dataset", choice("spirals", "moons", "circles")),
        ("--samples", count),
        ("--noise", number),
        ("--hidden", choice("3", "2,2", "0", "-1", "")),
        ("--epochs", count),
        ("--batch", count),
        ("--lr", number),
        ("--init", choice("he", "xavier", "lecun")),
        ("--seed", count),
        ("--format", choice("rich", "json")),
        ("-o", path()),
        ("--budget-mb", number | extreme),
    ),  # fmt: skip
)
def test_train(cli, folder, names: list[str], opts: list[str]) -> None:
    small = ["--samples", "40", "--hidden", "3", "--epochs", "1", "--batch", "8"]
    run(cli, ["train", *names, *small, *opts], folder())


@pytest.mark.parametrize(
    "args",
    [
        ["show", "relu", "--terminal", "--ylim", "-1e300", "1e300"],
        ["show", "relu", "--terminal", "--xlim", "-1e300", "1e300"],
        ["show", "x*1e300", "--terminal"],
        ["show", "x*1e308", "--terminal"],
        ["show", "relu", "-o", "a.png", "--ylim", "-1e308", "1e308"],
        ["show", "x*1e308", "-o", "a.png"],
        ["show", "exponential", "--xlim", "0", "1e308", "-o", "a.png"],
        ["show", "relu", "--size", "1", "1", "-o", "a.png"],
        ["gradflow", "exp(exp(x))", "--depth", "3", "--width", "4", "--batch", "4"],
        ["train", "relu", "--noise", "1e308", "--samples", "40", "--epochs", "1"],
        # issue 12: accepted values that crashed, and work with no bound
        ["show", "relu", "--title", "$x_$", "-o", "a.png"],
        ["show", "relu", "--title", "$x^{2$", "-o", "a.png"],
        ["show", "relu", "--title", "$" + "{" * 100 + "x" + "}" * 100 + "$", "-o", "a.png"],
        ["show", "relu", "--title", "\udcff", "-o", "a.png"],
        ["show", "relu", "--threshold", "1e308", "-o", "d.png"],
        ["show", "relu", "--dpi", "2400", "--size", "100", "100", "-o", "a.png"],
        ["show", "relu", "--terminal", "--width", "1000000"],
        ["show", "relu", "-o", "ok.pdf", "--width", "-1", "--terminal"],
        ["show", "0/0*x", "--terminal"],
        ["train", "relu", "--epochs", "100000", "-o", "t.png"],
        ["train", "relu", "--samples", "200000", "--hidden", "2000,1900", "--epochs", "1"],
        ["gradflow", "relu", "--depth", "8000000", "--width", "1", "--batch", "1"],
    ],
)
def test_inputs_that_once_crashed_or_warned(cli, folder, args: list[str]) -> None:
    """Found by the fuzzer: huge limits and values overflowed the plots' transforms."""
    run(cli, args, folder(), record=False)
