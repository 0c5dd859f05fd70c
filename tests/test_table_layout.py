"""The table in every medium: a terminal of any width (no cell split), --columns, LaTeX that
compiles without overfull boxes, standalone HTML, machine-readable CSV/TSV, the Python API."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import actplot
from actplot.compute.properties import SORT_KEYS
from actplot.render import table_columns
from actplot.render.table_columns import BY_KEY, COLUMNS, DEFAULT, LATEX_DEFAULT
from actplot.render.table_formats import render

pytestmark = pytest.mark.usefixtures("module_cache_dir")
WIDTHS = (80, 100, 120, 200)


@pytest.fixture(scope="module")
def rows() -> list:
    from actplot.render.table_api import rows as table_rows

    return table_rows()  # the whole registry, computed once into the module's cache


def _print(renderable: object, width: int) -> str:
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(renderable)
    return buf.getvalue()


def test_every_column_has_a_sort_key_and_the_keys_are_the_json_keys(rows) -> None:
    assert set(BY_KEY) == set(SORT_KEYS)
    record = actplot.table(["relu"])[0]
    for c in COLUMNS:
        assert set(c.json) <= set(record), (c.key, set(c.json) - set(record))


# ---- the terminal -------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_terminal_table_fits_and_never_splits_a_cell(rows, width: int) -> None:
    group = render("rich", rows, width=width)
    table = group.renderables[0]
    out = _print(group, width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    shown = [c for c in COLUMNS if c.flat_header in {_flat(col.header) for col in table.columns}]
    assert shown[0].key == "name" and BY_KEY["range"] in shown
    body = [line for line in lines if line.startswith("  ") and line.strip()]
    for p in rows:
        mine = [line for line in body if line.startswith(f"  {p.label} ")]
        assert len(mine) == 1, (p.label, mine)  # one line per row: nothing wrapped
        for c in shown:
            assert c.text(p) in mine[0], (c.key, c.text(p), mine[0])
    # wider terminals show more columns, and the narrowest says what it left out
    if width == 80:
        assert "more columns in a wider terminal" in out


def _flat(header: str) -> str:
    return table_columns.FLAT.get(header, header.replace("\n", " "))


def test_wider_terminals_show_at_least_as_many_columns(rows) -> None:
    counts = [len(render("rich", rows, width=w).renderables[0].columns) for w in WIDTHS]
    assert counts == sorted(counts) and counts[0] < counts[-1] == len(DEFAULT)


@pytest.mark.parametrize("width", (80, 120))
def test_columns_that_cannot_fit_become_cards(rows, width: int) -> None:
    out = _print(render("rich", rows[:3], "all", width=width), width)
    assert max(len(line) for line in out.splitlines()) <= width
    for p in rows[:3]:
        assert p.label in out
    for c in COLUMNS[1:]:
        assert c.long in out


def test_cli_columns_pick_and_order_and_refuse_unknown_keys(cli) -> None:
    out = cli("table", "relu", "tanh", "--columns", "parity,range", "-f", "markdown").stdout
    assert out.splitlines()[0] == "| name | parity | range |"
    assert "| tanh | odd | (−1, 1) |" in out
    every = cli("table", "relu", "--columns", "all", "-f", "markdown").stdout
    assert len(re.findall(r"(?<!\\)\|", every.splitlines()[0])) == len(COLUMNS) + 1
    bad = cli("table", "relu", "--columns", "range,colour")
    assert bad.exit_code == 2
    assert "unknown column 'colour'; columns: name, family, range" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_cli_at_a_width_through_columns(cli, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("table").stdout
    assert max(len(line) for line in out.splitlines()) <= width


# ---- LaTeX -----------------------------------------------------------------------------------


def _compile(tmp_path: Path, body: str, options: str = "", packages: str = "") -> str:
    """pdflatex on an article holding `body`; the log."""
    tex = tmp_path / "t.tex"
    tex.write_text(
        rf"\documentclass[{options}]{{article}}"
        rf"\usepackage{{booktabs}}{packages}\begin{{document}}{body}\end{{document}}",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    log = (tmp_path / "t.log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-3000:]
    return log


needs_tex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
    reason="pdflatex is not installed (.ci/run installs it; CI=true requires it)",
)


@needs_tex
@pytest.mark.parametrize(
    "layout, columns, options",
    [
        ("column", None, ""),  # the default set fits a one-column article
        ("wide", ",".join([*LATEX_DEFAULT, "dead"]), "twocolumn"),  # table*, both columns
        ("landscape", ",".join(DEFAULT), ""),  # sidewaystable: every default column
    ],
)
def test_latex_compiles_without_overfull_boxes(
    rows, tmp_path: Path, layout: str, columns: str | None, options: str
) -> None:
    from actplot import registry

    # the registry's own names: a plugin's longer names widen the name column, as they would
    builtin = [p for p in rows if p.name in registry.builtin_names()]
    text = render("latex", builtin, columns, layout=layout)
    packages = r"\usepackage{rotating}" if layout == "landscape" else ""
    log = _compile(tmp_path, text, options, packages)
    assert "Overfull" not in log, re.findall(r"Overfull.*", log)
    assert "needs \\usepackage{booktabs}" in text


def test_latex_is_booktabs_math_and_ascii(rows) -> None:
    text = render("latex", [p for p in rows if p.name in ("relu", "tanh", "selu")])
    assert text.isascii(), [c for c in text if not c.isascii()]
    for part in (r"\toprule", r"\midrule", r"\bottomrule", r"\caption{", r"\small"):
        assert part in text
    body = text.split(r"\midrule")[1].split(r"\bottomrule")[0].strip().splitlines()
    assert len(body) == 3 and all(line.count("&") == len(LATEX_DEFAULT) - 1 for line in body)
    relu, selu, tanh = body
    assert relu.startswith(r"relu & $[0, \infty)$ & no & yes & $C^0$ & \raggedright $x < 0$ &")
    assert r"$|x| > 2.18$" in tanh and r"$C^\infty$" in tanh
    assert r"$(-1.758, \infty)$" in selu  # interval ends to three decimals
    assert re.search(r"& \$0\.500\$ & \$1\.00\$ \\\\$", relu), relu  # E f'^2, cost


def test_latex_layouts_choose_the_float(rows) -> None:
    assert r"\begin{table*}" in render("latex", rows[:2], layout="wide")
    assert r"\begin{sidewaystable}" in render("latex", rows[:2], layout="landscape")
    with pytest.raises(actplot.ParameterError, match="layout must be one of"):
        render("latex", rows[:2], layout="poster")


# ---- HTML ------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_standalone_with_rendered_formulas(cli, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    assert cli("table", "relu", "gelu", "x*tanh(x)", "-f", "html", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    tags = [t for t, _ in page.tags]
    assert tags[0] == "html" and "script" not in tags and "link" not in tags
    for tag, attrs in page.tags:  # nothing fetched: no src, only in-page references
        assert "src" not in attrs, tag
        for key in ("href", "xlink:href"):
            assert attrs.get(key, "#").startswith("#"), (tag, attrs)
    assert "url(" not in text and "@import" not in text
    svgs = [a for t, a in page.tags if t == "svg"]
    assert len(svgs) == 3 and all(a.get("aria-label") for a in svgs)
    assert any("Φ" in a["aria-label"] for a in svgs)  # gelu's x·Φ(x)
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))  # the three formulas' glyph ids never clash
    assert tags.count("tr") == 4  # the header and three rows


# ---- CSV, TSV, JSON, the API -----------------------------------------------------------------


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_are_machine_readable(cli, fmt: str, sep: str) -> None:
    out = cli("table", "relu", "selu", "binary_step", "-f", fmt).stdout
    got = list(csv.DictReader(io.StringIO(out), delimiter=sep))
    relu, selu, step = got
    assert relu["range"] == "[0, ∞)" and relu["range_lo"] == "0.0" and relu["range_hi"] == ""
    assert relu["zero_centered"] == "false" and relu["monotonic"] == "true"
    assert selu["self_normalizing"] == "true" and relu["self_normalizing"] == "false"
    assert float(selu["range_lo"]) == pytest.approx(-1.7580993408473766)
    assert float(relu["sparsity"]) == pytest.approx(0.5)
    assert step["lipschitz"] == "inf" and step["image"] == "{0, 1}"
    for r in got:
        for key in ("mean", "std", "grad_gain", "cost", "cost_q1", "cost_q3"):
            float(r[key])
        assert float(r["cost_q1"]) <= float(r["cost"]) <= float(r["cost_q3"])
        for key in ("zero_centered", "monotonic", "monotonic_derivative", "identity_near_origin",
                    "self_normalizing"):  # fmt: skip
            assert r[key] in ("true", "false"), (key, r[key])
    assert len(got[0]) == len(got[1])


def test_api_rows_equal_the_json_and_columns_select(cli) -> None:
    out = json.loads(cli("table", "relu", "tanh", "-f", "json").stdout)
    assert actplot.table(["relu", "tanh"]) == out
    few = actplot.table("tanh", columns="parity,range")
    assert set(few[0]) == {"name", "label", "family", "kind", "params", "domain", "parity",
                           "range", "range_closed", "range_text"}  # fmt: skip
    assert few[0]["parity"] == "odd"


def test_api_as_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    pandas = pytest.importorskip("pandas")  # in the test extras; the error path is below
    frame = actplot.table(["relu", "tanh", "binary_step"], as_frame=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["name"]) == ["relu", "tanh", "binary_step"]
    assert frame["zero_centered"].tolist() == [False, True, False]
    assert frame["range_hi"].isna().tolist() == [True, False, False]
    assert math.isinf(frame.loc[2, "lipschitz"])
    assert frame["grad_gain"].dtype.kind == "f"
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(actplot.ActplotError, match=r"as_frame=True needs pandas"):
        actplot.table(["relu"], as_frame=True)


# ---- properties shown ------------------------------------------------------------------------


def test_info_shows_every_property_with_the_cost_spread(cli) -> None:
    out = cli("info", "mish").stdout
    for label in ("parity", "f′ monotonic", "asymptotes at −∞ / +∞", "minimum", "Lipschitz",
                  "sparsity", "self-normalising", "image"):  # fmt: skip
        assert label in out, label
    assert "−0.3088 at −1.192" in out
    assert re.search(r"cost of f\s+\d+\.\d+±\d+\.\d+", out), out


def test_true_images_and_their_hulls(cli) -> None:
    got = {r["name"]: r for r in actplot.table(["binary_step", "threshold", "relu"])}
    assert got["binary_step"]["image"] == "{0, 1}" and got["binary_step"]["range"] == [0.0, 1.0]
    assert got["threshold"]["image"] == "{0} ∪ (1, ∞)"
    assert got["relu"]["image"] == "[0, ∞)"


def test_cli_table_imports_no_pandas_or_matplotlib_for_text(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom actplot.cli.app import app\n"
        "try:\n    app(['table', 'relu', '-f', 'tsv'])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "ACTPLOT_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    loaded = set(done.stderr.split())
    assert not any(m.startswith(("pandas", "matplotlib")) for m in loaded)


@pytest.mark.parametrize("keys", [DEFAULT, DEFAULT[:3], ("name", "minimum", "cost"), "all"])
def test_the_width_arithmetic_is_riches(rows, keys) -> None:
    """The fitting counts widths itself (measuring with rich costs 0.15 s a table)."""
    from rich.console import Console
    from rich.measure import Measurement

    from actplot.render import table_formats

    columns = table_columns.select(keys)
    texts = {c.key: [c.text(p) for p in rows] for c in columns}
    table = table_formats._rich_table(rows, columns, texts)
    console = Console(width=10_000)
    assert table_formats._natural_width(columns, texts) == (
        Measurement.get(console, console.options, table).maximum
    )
