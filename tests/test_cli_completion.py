"""Shell completion: activation names and aliases, parameter names and choices, families."""

from __future__ import annotations

import os
import subprocess
import sys

import actplot
from actplot import registry
from actplot.cli import completion


def test_names_and_aliases_complete() -> None:
    got = completion.activation("re")
    assert {"relu", "relu6", "rectifier"} <= set(got)
    assert all(n.startswith("re") for n in got)
    assert set(completion.activation("")) >= set(actplot.names())
    assert "swish" in completion.activation("sw")  # an alias of silu


def test_parameters_then_choices_complete_after_the_name() -> None:
    assert completion.activation("elu:") == ["elu:alpha=", "elu:label="]
    assert completion.activation("softplus:b") == ["softplus:beta="]
    assert completion.activation("gelu:approximate=") == [
        "gelu:approximate=none",
        "gelu:approximate=tanh",
    ]
    assert completion.activation("hardtanh:min_val=-2,ma") == ["hardtanh:min_val=-2,max_val="]
    assert completion.activation("elu:alpha=0.") == []  # a number: nothing to offer
    assert completion.activation("nosuch:") == [] and completion.activation("x*sig") == []


def test_families_complete() -> None:
    assert completion.family("") == list(registry.FAMILIES)
    assert completion.family("re") == ["relu"]


def _complete(*words: str) -> list[str]:
    """What bash completion offers for the last of `words`, through the real hook."""
    env = {
        **os.environ,
        "_ACTPLOT_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(["actplot", *words]),
        "COMP_CWORD": str(len(words)),
    }
    code = "import sys; sys.argv[0] = 'actplot'; from actplot.cli.app import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.split()


def test_the_shell_hook_completes_names_parameters_and_families() -> None:
    assert _complete("show", "relu6") == ["relu6", "relu6_leaky"]
    assert _complete("info", "gelu:approximate=") == [
        "gelu:approximate=none",
        "gelu:approximate=tanh",
    ]
    assert _complete("table", "--family", "re") == ["relu"]
    assert "sigmoid" in _complete("gradflow", "sig")


def test_completion_can_be_installed_and_version_printed(cli) -> None:
    shown = cli("--show-completion", "bash")
    assert shown.exit_code == 0 and "_ACTPLOT_COMPLETE" in shown.stdout
    assert "--install-completion" in cli("--help").stdout
    version = cli("--version")
    assert version.exit_code == 0 and version.stdout == f"actplot {actplot.__version__}\n"
    bare = cli()
    assert bare.exit_code == 2 and "Usage" in bare.stdout
