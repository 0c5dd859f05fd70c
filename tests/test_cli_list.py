"""`actplot list`, the error mapping every command shares, and what the light paths import."""

from __future__ import annotations

import json
import subprocess
import sys

import actplot


def test_list_json_has_every_canonical_name_with_family_and_aliases(cli) -> None:
    result = cli("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == actplot.names()
    silu = next(r for r in rows if r["name"] == "silu")
    assert silu["family"] == "smooth" and "swish" in silu["aliases"]


def test_list_rich_and_family_filter(cli) -> None:
    result = cli("list", "--family", "relu")
    assert result.exit_code == 0
    assert "leaky_relu" in result.stdout and "sigmoid" not in result.stdout
    plain = cli("list", "--format", "plain").stdout.split()
    assert plain == actplot.names()


def test_bad_family_is_one_line_and_exit_2(cli) -> None:
    result = cli("list", "--family", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown family 'nope'" in result.stderr
    assert "Traceback" not in result.output


def _imported(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_import_and_light_commands_do_not_load_matplotlib_or_scipy(plugin_modules) -> None:
    # nor numba: the compiled kernels are for large arrays only (activations/_jit.py)
    # What installed plugins import themselves (the README's imports scipy) is theirs.
    mods = _imported("import actplot; actplot.get('relu')([1.0]); actplot.names()")
    mods = set(mods) - plugin_modules
    assert not {"matplotlib", "scipy", "numba"} & mods
    mods = _imported(
        "import sys; from actplot.cli.app import app\n"
        "for argv in (['--help'], ['list', '--format', 'plain']):\n"
        "    try:\n        app(argv)\n    except SystemExit:\n        pass"
    )
    mods = set(mods) - plugin_modules
    assert not {"matplotlib", "scipy", "numba"} & mods


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "actplot", "list", "--format", "plain"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "relu" in done.stdout.split()


def test_usage_errors_are_one_line_too(cli) -> None:
    for args in (["list", "--format", "xx"], ["lisst"]):
        result = cli(*args)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("actplot: error: "), lines
    assert "'xx' is not one of" in cli("list", "--format", "xx").stderr


# --- framework spellings and the models that use each activation


def test_list_json_includes_the_framework_spellings(cli) -> None:
    rows = {r["name"]: r for r in json.loads(cli("list", "--format", "json").stdout)}
    assert "gelu_pytorch_tanh" in rows["gelu"]["framework_names"]
    assert "swigluoai_and_mul" in rows["swiglu_oai"]["framework_names"]


def test_list_names_says_what_each_spelling_gives_and_marks_conflicts(cli) -> None:
    entries = json.loads(cli("list", "--names", "--format", "json").stdout)
    onnx = next(e for e in entries if e["name"] == "HardSigmoid" and e["ecosystems"] == ["onnx"])
    assert onnx["differs"] and onnx["here"] == "hardsigmoid" and "0.2" in onnx["means"]
    tanh = next(e for e in entries if e["name"] == "gelu_pytorch_tanh" and not e["differs"])
    assert tanh["here"] == "gelu:approximate=tanh"
    plain = cli("list", "--names", "--format", "plain").stdout.split()
    assert "silu_and_mul" in plain and "ThresholdedRelu" in plain
    gated = json.loads(cli("list", "--names", "--family", "gated", "--format", "json").stdout)
    assert {e["here"].split(":")[0] for e in gated if not e["differs"]} <= set(
        actplot.names("gated")
    )


def test_list_stays_readable_at_80_columns(cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["list"], ["list", "--names"], ["list", "--used-by", "gemma"]):
        out = cli(*args).stdout
        assert max(len(line) for line in out.splitlines()) <= 80, args
    assert "actplot list --names" in cli("list").stdout


def test_list_used_by_filters_models_case_insensitively(cli) -> None:
    uses = json.loads(cli("list", "--used-by", "LLaMA", "--format", "json").stdout)
    assert [u["model"] for u in uses] == ["LLaMA", "Llama 2", "Llama 3"]
    assert all(u["activation"] == "swiglu" and u["source"] for u in uses)
    assert (
        cli("list", "--used-by", "llama", "--format", "json").stdout
        == json.dumps(uses, indent=2, ensure_ascii=False) + "\n"
    )
    rich = cli("list", "--used-by", "clip").stdout
    assert "quick_gelu" in rich and "2103.00020" in rich
    gated = json.loads(cli("list", "--used-by", "gemma", "--family", "smooth", "-f", "json").stdout)
    assert gated == []  # Gemma's geglu is in the gated family


def test_list_used_by_an_unknown_model_is_one_line_naming_the_known(cli) -> None:
    result = cli("list", "--used-by", "nosuchmodel")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no known model matches 'nosuchmodel'" in lines[0]
    assert "LLaMA" in lines[0] and "GPT-OSS" in lines[0]


def test_the_used_by_table_is_not_loaded_by_plain_list() -> None:
    mods = _imported(
        "from actplot.cli.app import app\n"
        "try:\n    app(['list', '--format', 'plain'])\nexcept SystemExit:\n    pass"
    )
    assert "actplot.activations.used_by" not in mods
