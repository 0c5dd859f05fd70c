"""The registry against PyTorch 2.13's stored values and autograd derivatives, kinks included.

tests/data/torch_reference.json is written by tools/make_torch_reference.py; the suite reads
it and never imports torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry

DATA = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())
ENTRIES = DATA["entries"]


def _id(entry: dict) -> str:
    params = ",".join(f"{k}={v}" for k, v in entry["params"].items())
    return f"{entry['name']}:{params}" if params else entry["name"]


def test_reference_comes_from_torch_2_13() -> None:
    assert DATA["torch"].startswith("2.13")


@pytest.mark.parametrize(
    "name",
    [n for n in registry.builtin_names(kinds=ONE_INPUT) if actplot.spec(n).frameworks["torch"]],
)
def test_every_torch_activation_is_pinned(name: str) -> None:
    assert any(e["name"] == name for e in ENTRIES), "rerun tools/make_torch_reference.py"


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_matches_torch_values_and_autograd_at_kinks(entry: dict) -> None:
    act = actplot.get(entry["name"], **entry["params"])
    x = np.array(entry["x"])
    for key, order in (("y", 0), ("d1", 1), ("d2", 2)):
        if entry[key] is None:
            continue  # PyTorch has no double backward for this one
        want = np.array(entry[key])
        got = act.profile(x, order)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-12, err_msg=f"{key} at {x}")


GATED = DATA.get("gated", [])


@pytest.mark.parametrize("name", registry.builtin_names(kinds=("gated",)))
def test_every_gated_unit_is_pinned(name: str) -> None:
    assert any(e["name"] == name for e in GATED), "rerun tools/make_torch_reference.py"


@pytest.mark.parametrize("entry", GATED, ids=_id)
def test_gated_units_match_torch_values_and_autograd(entry: dict) -> None:
    """f(a, b), both partials and the three second partials, kinks of a included."""
    act = actplot.get(entry["name"], **entry["params"])
    a, b = np.array(entry["a"]), np.array(entry["b"])
    got = {"y": act(a, b)}
    got["fa"], got["fb"] = act.derivative(a, b)
    got["faa"], got["fab"], got["fbb"] = act.derivative(a, b, order=2)
    for key, values in got.items():
        np.testing.assert_allclose(values, entry[key], rtol=1e-7, atol=1e-12, err_msg=key)
