"""Titles and legend labels (actplot.render.labels.check_text): what matplotlib cannot
typeset is refused in one line before any drawing, in the file, the window and the terminal,
and from the library as from the command line."""

from __future__ import annotations

import pytest

import actplot
from actplot.errors import ParameterError
from actplot.render import figure, labels, terminal
from actplot.render.options import PlotOptions

REFUSED = [
    ("$x_$", "not valid mathtext at character 3"),
    ("$x^{2$", "not valid mathtext at character 5"),
    ("$\\frac{}{}$", "not valid mathtext"),
    ("$" + "{" * 100 + "x" + "}" * 100 + "$", "nests its mathtext too deeply"),
    ("ok\n$b_$", "not valid mathtext at character 3: '$b_$'"),  # each line, as matplotlib
    ("\udcff", "must be UTF-8 text, not '\\udcff'"),
    ("a" * (labels.MAX_TEXT + 1), f"at most {labels.MAX_TEXT} characters"),
]
ACCEPTED = ["plain", "costs $5", "$x^2$ and $\\alpha$", "\\$x_\\$", "$\n$", "{" * 100 + "}" * 100]


@pytest.mark.parametrize("text, message", REFUSED)
def test_bad_titles_and_labels_are_one_line(text: str, message: str) -> None:
    for what in ("title", "label"):
        with pytest.raises(ParameterError, match="^" + what) as info:
            labels.check_text(text, what)
        assert message in str(info.value) and "\n" not in str(info.value)
        assert len(str(info.value)) < 200


@pytest.mark.parametrize("text", ACCEPTED)
def test_good_titles_are_kept(text: str) -> None:
    assert labels.check_text(text) == text
    assert PlotOptions(title=text).title == text


def test_every_drawer_refuses_a_bad_label() -> None:
    groups = [[actplot.get("relu").with_label("$x_$")]]
    with pytest.raises(ParameterError, match="label is not valid mathtext"):
        figure.new_figure(groups, PlotOptions())
    with pytest.raises(ParameterError, match="label is not valid mathtext"):
        terminal.render_terminal(groups, PlotOptions(), width=80)
    with pytest.raises(ParameterError, match="title is not valid mathtext"):
        figure.plot("relu", title="$x_$")


def test_the_terminal_width_is_bounded_for_the_library_too() -> None:
    groups = [[actplot.get("relu")]]
    with pytest.raises(ParameterError, match="terminal width must be >= 30 and <= 1000"):
        terminal.render_terminal(groups, PlotOptions(), width=1_000_000)
