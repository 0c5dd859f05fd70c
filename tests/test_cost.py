"""Cost measurement and the cache (no assertion on timings: they vary by machine and load)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

import actplot
from actplot.compute import cost
from actplot.io import cache

pytestmark = pytest.mark.usefixtures("cache_dir")  # a private cache for each test


def test_relu_against_itself_is_one_and_others_are_positive() -> None:
    relu = actplot.get("relu")
    acts = [relu, actplot.get("tanh"), actplot.get("softmax"), actplot.get("gelu")]
    costs = cost.measure(acts, relu)
    assert len(costs) == 4
    for c in costs:
        assert math.isfinite(c.forward) and c.forward > 0
        assert math.isfinite(c.with_derivative) and c.with_derivative > 0
    assert costs[0] == cost.Cost(1.0, 1.0, (1.0, 1.0), (1.0, 1.0))  # the reference, by definition
    for c in costs:  # the median lies within its quartiles
        assert c.forward_iqr[0] <= c.forward <= c.forward_iqr[1]
        assert c.with_derivative_iqr[0] <= c.with_derivative <= c.with_derivative_iqr[1]


def test_footer_says_how() -> None:
    text = cost.describe("2024-05-01")
    for part in ("relative to relu", "float64", f"N = {cost.ELEMENTS:,}", "median", "2024-05-01"):
        assert part in text
    assert cost.machine() in text


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    assert cache.cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("ACTPLOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "actplot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "actplot"


def test_rows_are_cached_and_read_back(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    acts = [actplot.get("relu"), actplot.get("sigmoid")]
    first = cache.rows(acts)
    files = list((cache_dir / "table").glob("*.json"))
    assert files == [cache.cache_path()]
    assert first[0].cost is not None and first[0].measured
    assert first[0].cost.forward == 1.0 and first[0].cost.with_derivative == 1.0

    def fail(*_args: object) -> None:
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr(cache, "_compute", fail)
    assert cache.rows(acts) == first
    with pytest.raises(AssertionError, match="recomputed"):
        cache.rows(acts, remeasure=True)


def test_only_missing_rows_are_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.rows([actplot.get("relu")])
    computed: list[str] = []
    real = cache._compute

    def spy(acts, domain, skip=None):
        computed.extend(a.label for a in acts)
        return real(acts, domain, skip)

    monkeypatch.setattr(cache, "_compute", spy)
    rows = cache.rows([actplot.get("relu"), actplot.get("elu", alpha=0.5)])
    assert computed == ["elu(alpha=0.5)"]
    assert [r.label for r in rows] == ["relu", "elu(alpha=0.5)"]
    assert rows[1].params == {"alpha": 0.5}


def test_a_changed_source_or_machine_changes_the_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "family.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(cache, "_sources", lambda: [source])
    cache.cache_key.cache_clear()
    before = cache.cache_key()
    cache.cache_key.cache_clear()
    source.write_text("A = 2\n")
    changed_source = cache.cache_key()
    cache.cache_key.cache_clear()
    monkeypatch.setattr(cost, "machine", lambda: "another CPU (64 CPUs, arm64)")
    changed_machine = cache.cache_key()
    cache.cache_key.cache_clear()
    assert len({before, changed_source, changed_machine}) == 3


def test_the_real_key_covers_the_registry_and_this_code() -> None:
    names = {p.name for p in cache._sources()}
    assert {"spec.py", "rectifiers.py", "properties.py", "shape.py", "cost.py"} <= names


def test_other_keys_are_kept_and_only_the_oldest_beyond_keep_pruned(cache_dir: Path) -> None:
    """Two installs sharing the folder never evict each other; the user's files are never
    touched, even in the cache's own subfolder."""
    folder = cache.cache_path().parent
    folder.mkdir(parents=True)
    others = [folder / f"{i:016x}.json" for i in range(cache.KEEP + 3)]
    for age, path in enumerate(others):
        path.write_text("{}")
        os.utime(path, (1e9 + age, 1e9 + age))  # others[0] the oldest
    mine = [cache_dir / "table-0000000000000000.json", folder / "notes.json", folder / "x.txt"]
    for path in mine:
        path.write_text("the user's")
    cache.rows([actplot.get("relu")])
    kept = {p for p in others if p.exists()}
    assert kept == set(others[-cache.KEEP :])  # the KEEP newest others, the oldest pruned
    assert all(p.read_text() == "the user's" for p in mine)
    assert cache.cache_path().exists()


def test_a_broken_file_is_ignored_and_replaced(cache_dir: Path) -> None:
    cache.cache_path().parent.mkdir(parents=True)
    cache.cache_path().write_text("not json")
    notes: list[str] = []
    assert cache.load(notes.append) == {} and len(notes) == 1 and "cannot be read" in notes[0]
    cache.rows([actplot.get("relu")])
    data = json.loads(cache.cache_path().read_text())
    assert data["schema"] == cache.SCHEMA and "relu" in data["rows"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda row: row.clear(),  # {}
        lambda row: row.pop("grad_gain"),  # a missing key
        lambda row: row.update(mean="0.5"),  # a wrong type
        lambda row: row.update(std=True),  # a bool is not a number
        lambda row: row.update(range=[0, 10**400]),  # beyond float
        lambda row: row.update(asymptotes=[None]),  # a wrong shape
    ],
)
def test_a_damaged_row_is_discarded_recomputed_and_noted(cache_dir: Path, damage) -> None:
    relu = actplot.get("relu")
    good = cache.rows([relu])[0]
    data = json.loads(cache.cache_path().read_text())
    damage(data["rows"]["relu"])
    cache.cache_path().write_text(json.dumps(data))
    notes: list[str] = []
    again = cache.rows([relu], note=notes.append)[0]
    assert again.range == good.range and again.grad_gain == good.grad_gain
    assert notes == ["discarded damaged table cache rows (relu); recomputed"]
    assert cache.rows([relu], note=notes.append)[0] == again and len(notes) == 1  # healed


def test_deep_nesting_and_a_folder_in_place_are_noted_and_survived(cache_dir: Path) -> None:
    relu = actplot.get("relu")
    path = cache.cache_path()
    path.parent.mkdir(parents=True)
    path.write_text("[" * 100_000 + "]" * 100_000)
    notes: list[str] = []
    assert cache.rows([relu], note=notes.append)[0].name == "relu"
    assert len(notes) == 1 and "cannot be read (damaged)" in notes[0]
    path.unlink()
    path.mkdir()  # a folder where the file belongs
    notes.clear()
    assert cache.rows([relu], note=notes.append)[0].name == "relu"
    assert len(notes) == 1 and str(path) in notes[0]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp left behind


def test_cli_notes_damage_on_stderr_and_still_prints(cli, cache_dir: Path) -> None:
    assert cli("table", "relu", "-f", "json").exit_code == 0
    data = json.loads(cache.cache_path().read_text())
    data["rows"]["relu"] = {}
    cache.cache_path().write_text(json.dumps(data))
    result = cli("table", "relu", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["name"] == "relu"
    assert result.stderr.strip() == ("note: discarded damaged table cache rows (relu); recomputed")
    info = cli("info", "relu")
    assert info.exit_code == 0


def test_warm_costs_are_the_same_run_after_run(cli) -> None:
    first = json.loads(cli("table", "gelu", "tanh", "-f", "json").stdout)
    for _ in range(2):
        again = json.loads(cli("table", "gelu", "tanh", "-f", "json").stdout)
        assert [r["cost"] for r in again] == [r["cost"] for r in first]
        assert [r["cost_iqr"] for r in again] == [r["cost_iqr"] for r in first]


def test_an_unwritable_cache_is_not_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ACTPLOT_CACHE_DIR", str(blocker / "sub"))  # a folder under a file
    rows = cache.rows([actplot.get("relu")])
    assert rows[0].name == "relu"


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The XDG rules: a relative path is invalid (it would make a folder named ``~`` or
    ``cache`` wherever the command runs)."""
    monkeypatch.delenv("ACTPLOT_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for relative in ("~/.cache", "cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", relative)
        assert cache.cache_dir() == tmp_path / "home" / ".cache" / "actplot"


def test_the_cache_goes_through_the_atomic_writer_and_its_failures_are_silent(
    monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    from actplot.io import atomic

    cache.save({"relu": {"x": 1}})
    assert cache.load() == {"relu": {"x": 1}}
    folder = cache.cache_path().parent
    assert [p.name for p in folder.iterdir()] == [cache.cache_path().name]  # no temp left
    written: list[Path] = []
    real = atomic.write_text
    monkeypatch.setattr(atomic, "write_text", lambda p, t: written.append(p) or real(p, t))
    cache.save({"relu": {"x": 2}})
    assert written == [cache.cache_path()] and cache.load() == {"relu": {"x": 2}}

    def refused(path: object, data: object) -> None:
        raise actplot.OutputError("cannot write: Permission denied")

    monkeypatch.setattr(atomic, "write_text", refused)
    cache.save({"relu": {"x": 3}})  # a read-only cache folder: no error, the old file kept
    assert cache.load() == {"relu": {"x": 2}}
    assert [p.name for p in folder.iterdir()] == [cache.cache_path().name]
