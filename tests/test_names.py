"""The names people type (actplot.activations.names) and the models that use each activation
(actplot.activations.used_by): every entry resolves with its parameters, conflicts are stated,
collisions are refused at load, and every use has a source.

Entries may target activations other helpers add in the same round; until those are
registered, test_every_entry_targets_a_registered_activation fails and names them.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

import actplot
from actplot import parsing, registry
from actplot.activations.names import ECOSYSTEMS, NAMES, Name
from actplot.activations.used_by import USES
from actplot.errors import ParameterError, UnknownActivationError

X = np.linspace(-6.0, 6.0, 241)
IDS = [f"{n.spelling}@{'+'.join(n.ecosystems)}" for n in NAMES]


def _meaning(entry: Name) -> actplot.Activation:
    """What the entry's frameworks compute, built here from its canonical name or expression."""
    if entry.expression:
        return actplot.parse(entry.expression)
    return actplot.get(entry.canonical, **entry.params)


def _values(act, x: np.ndarray = X) -> np.ndarray:
    if act.spec.kind == "gated":
        return act(x, 0.5 * x + 1.0)
    return act(x)


def test_every_entry_targets_a_registered_activation() -> None:
    missing = sorted({n.canonical for n in NAMES} - set(actplot.names()))
    assert not missing, f"not registered (yet): {missing}"


@pytest.mark.parametrize("entry", NAMES, ids=IDS)
def test_every_entry_binds_and_its_spelling_resolves(entry: Name) -> None:
    meaning = _meaning(entry)
    assert np.all(np.isfinite(_values(meaning)))
    here = actplot.get(entry.spelling)
    assert actplot.resolve(entry.spelling) == here.name
    contextual = all(ECOSYSTEMS[e].contextual for e in entry.ecosystems)
    same = not entry.expression and here == meaning
    if not same:  # a stated conflict: the spelling keeps the registry's meaning
        assert entry.note, entry
        assert (
            registry.normalize(entry.spelling)
            in {registry.normalize(a) for a in (here.name, *here.spec.aliases)}
            or contextual
            or entry.expression
        ), entry


@pytest.mark.parametrize("entry", NAMES, ids=IDS)
def test_lookup_ignores_case_hyphens_and_spaces(entry: Name) -> None:
    want = registry.lookup(entry.spelling)
    for variant in (entry.spelling.upper(), entry.spelling.lower().replace("_", "-"),
                    " ".join(entry.spelling.split("_"))):  # fmt: skip
        assert registry.lookup(variant) == want


@pytest.mark.parametrize(
    "spelling, canonical, params",
    [
        ("gelu_pytorch_tanh", "gelu", {"approximate": "tanh"}),
        ("gelu_new", "gelu", {"approximate": "tanh"}),
        ("GELU_tanh", "gelu", {"approximate": "tanh"}),
        ("gelu_python", "gelu", {"approximate": "none"}),
        ("gelu_tanh_and_mul", "geglu", {"approximate": "tanh"}),
        ("silu_and_mul", "swiglu", {"beta": 1.0}),
        ("swigluoai_and_mul", "swiglu_oai", {"limit": 7.0, "alpha": 1.702}),
        ("fatrelu_and_mul", "fatrelu_glu", {"threshold": 0.0}),
        ("ThresholdedRelu", "trelu", {"theta": 1.0}),
        ("LeakyReLU", "leaky_relu", {"negative_slope": 0.01}),
        ("Shrink", "hardshrink", {"lambd": 0.5}),
        ("hard_silu", "hardswish", {}),
    ],
)  # fmt: skip
def test_names_give_the_canonical_with_their_parameters(
    spelling: str, canonical: str, params: dict
) -> None:
    act = actplot.get(spelling)
    assert act.name == canonical and act.params == params
    assert parsing.parse(spelling).params == params


def test_the_parameters_change_the_function() -> None:
    tanh = actplot.get("gelu_pytorch_tanh")
    exact = actplot.get("gelu")
    assert np.array_equal(tanh(X), actplot.get("gelu", approximate="tanh")(X))
    assert np.max(np.abs(tanh(X) - exact(X))) > 1e-4


def test_free_parameters_are_set_and_fixed_ones_refused_in_one_line() -> None:
    assert actplot.parse("ThresholdedRelu:theta=2").params == {"theta": 2.0}
    assert actplot.parse("gelu_new:approximate=tanh").params == {"approximate": "tanh"}
    with pytest.raises(ParameterError) as err:
        actplot.parse("gelu_pytorch_tanh:approximate=none")
    message = str(err.value)
    assert "\n" not in message and "fixes approximate=tanh" in message
    assert "use gelu:approximate=none" in message


def test_sweeps_keep_the_names_parameters() -> None:
    acts = parsing.parse_sweep("gelu_tanh_and_mul:approximate=tanh,tanh")
    assert all(a.name == "geglu" and a.params["approximate"] == "tanh" for a in acts)
    acts = parsing.parse_sweep("ThresholdedRelu:theta=0.5,1,2")
    assert [a.params["theta"] for a in acts] == [0.5, 1.0, 2.0]
    with pytest.raises(ParameterError, match="fixes approximate=tanh"):
        parsing.parse_sweep("gelu_new:approximate=none,tanh")


def test_did_you_mean_covers_framework_spellings() -> None:
    with pytest.raises(UnknownActivationError, match="did you mean gelu_pytorch_tanh"):
        actplot.get("gelu_pytorh_tanh")
    with pytest.raises(UnknownActivationError, match="silu_and_mul"):
        actplot.get("silu_and_mull")


def _entry(name: str, ecosystem: str) -> dict:
    (row,) = [
        r
        for r in registry.framework_names(actplot.resolve(name))
        if r["name"] == name and ecosystem in r["ecosystems"]
    ]
    return row


@pytest.mark.parametrize(
    "spelling, ecosystem, means, here",
    [
        ("HardSigmoid", "onnx", "max(0, min(1, 0.2*x + 0.5))", "hardsigmoid"),
        ("LeakyReLU", "keras.layers", "leaky_relu:negative_slope=0.3", "leaky_relu"),
        ("leaky_relu", "keras", "leaky_relu:negative_slope=0.2", "leaky_relu"),
        ("PReLU", "keras.layers", "prelu:weight=0.0", "prelu"),
        ("gelu", "jax", "gelu:approximate=tanh", "gelu"),
        ("gelu", "keras.ops", "gelu:approximate=tanh", "gelu"),
        ("silu", "vllm.and_mul", "swiglu", "silu"),
        ("gelu_pytorch_tanh", "vllm.and_mul", "geglu:approximate=tanh", "gelu:approximate=tanh"),
    ],
)  # fmt: skip
def test_conflicts_keep_the_registry_meaning_and_are_stated(
    spelling: str, ecosystem: str, means: str, here: str
) -> None:
    row = _entry(spelling, ecosystem)
    assert row["differs"] and row["note"]
    assert row["means"] == means and row["here"] == here
    typed = actplot.get(spelling)
    assert registry._text(typed.name, registry.name_params(spelling)) == here


def test_onnx_hardsigmoid_is_not_pytorchs() -> None:
    onnx = actplot.parse(_entry("HardSigmoid", "onnx")["means"])
    assert np.allclose(onnx(X), np.clip(0.2 * X + 0.5, 0, 1))
    assert np.max(np.abs(onnx(X) - actplot.get("HardSigmoid")(X))) > 0.05
    assert np.allclose(actplot.get("HardSigmoid")(X), np.clip(X / 6 + 0.5, 0, 1))


def test_agreeing_entries_are_not_conflicts() -> None:
    row = _entry("gelu_new", "transformers")
    assert not row["differs"] and row["here"] == row["means"] == "gelu:approximate=tanh"


def _bad(*entries: Name) -> str:
    with pytest.raises(ValueError) as err:
        registry.index_names(entries)
    return str(err.value)


def test_collisions_and_silent_conflicts_are_refused_at_load() -> None:
    before = registry.lookup("gelu_new")
    assert "means" in _bad(Name("zz_both", "relu", ("torch",)), Name("zz_both", "elu", ("jax",)))
    # a spelling that is an alias of silu cannot silently mean hardswish
    assert "say so in its note" in _bad(Name("swish", "hardswish", ("onnx",)))
    assert "unknown ecosystem" in _bad(Name("zz_x", "relu", ("tensorflow",)))
    assert "no entry" in _bad(Name("zz_ctx", "relu", ("vllm.and_mul",), note="x"))
    assert registry.lookup("gelu_new") == before  # a refused table changes nothing
    with pytest.raises(UnknownActivationError):
        registry.lookup("zz_both")


def test_an_alias_may_not_take_a_framework_spelling() -> None:
    clash = dataclasses.replace(actplot.spec("relu"), name="zz_clash", aliases=("gelu_new",))
    with pytest.raises(ValueError, match="already names gelu"):
        registry.register_all([clash])
    assert "zz_clash" not in actplot.names()


def _framework_spellings(spec) -> list[str]:
    """The names a spec's `frameworks` lists, as one would type them."""
    out = []
    for value in spec.frameworks.values():
        for part in value.split(","):
            part = re.sub(r"^(jax\.nn\.|jax\.numpy\.|torch\.nn\.|nn\.|keras\.\w+\.)", "", part)
            part = part.replace(" layer", "").strip()
            if part:
                out.append(part)
    return out


@pytest.mark.parametrize("name", actplot.names())
def test_every_framework_name_the_specs_list_resolves_to_the_spec(name: str) -> None:
    for spelling in _framework_spellings(actplot.spec(name)):
        assert actplot.resolve(spelling) == name, spelling


def test_catalogue_lists_the_spellings_that_give_each_activation() -> None:
    rows = {r["name"]: r for r in registry.catalogue()}
    assert {"gelu_new", "gelu_pytorch_tanh", "gelu_tanh"} <= set(rows["gelu"]["framework_names"])
    assert "silu_and_mul" in rows["swiglu"]["framework_names"]
    every = [s for r in rows.values() for s in r["framework_names"]]
    assert len(every) == len(set(every))


# --- the models that use each activation


@pytest.mark.parametrize("use", USES, ids=[f"{u.model}:{u.activation}" for u in USES])
def test_every_use_names_a_registered_activation_and_a_source(use) -> None:
    assert use.activation in actplot.names()
    actplot.get(use.activation, **use.params)
    assert re.search(r"(19|20)\d\d|\.py|\.md|configs", use.source), use.source


def test_used_by_filters_case_insensitively() -> None:
    llama = registry.used_by(model="llama")
    assert [u["model"] for u in llama] == ["LLaMA", "Llama 2", "Llama 3"]
    assert registry.used_by(model="LLAMA") == llama == registry.used_by(model="l-la ma")
    assert {u["activation"] for u in llama} == {"swiglu"}
    assert registry.used_by(model="no such model") == []


@pytest.mark.parametrize(
    "model, text",
    [
        ("Gemma 2", "geglu:approximate=tanh"), ("GPT-OSS", "swiglu_oai"), ("CLIP", "quick_gelu"),
        ("BERT", "gelu"), ("GPT-2", "gelu:approximate=tanh"), ("Primer", "relu2"),
        ("Apertus", "xielu"), ("SIREN", "sinusoid:omega0=30.0"), ("T5", "relu"),
        ("MobileNetV3", "hardswish"), ("EfficientNet", "silu"),
    ],
)  # fmt: skip
def test_well_known_uses(model: str, text: str) -> None:
    assert text in [u["text"] for u in registry.used_by(model=model) if u["model"] == model]


def test_used_by_of_an_activation() -> None:
    models = {u["model"] for u in registry.used_by("swiglu")}
    assert {"LLaMA", "Mistral 7B", "Qwen2", "DeepSeek-V3", "PaLM"} <= models
    assert registry.models() == list(dict.fromkeys(registry.models()))


@pytest.mark.parametrize(
    ("typed", "bare"), [("nn.GELU", "GELU"), ("F.gelu", "gelu"), ("jax.nn.silu", "silu")]
)
def test_a_module_qualified_name_gets_the_bare_name_as_a_hint(cli, typed: str, bare: str) -> None:
    result = cli("info", typed)
    assert result.exit_code == 2
    assert result.stderr == (
        f"actplot: error: unknown activation {typed!r}; names go without their module: {bare}\n"
    )
