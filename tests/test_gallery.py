"""`actplot gallery` on a small registry subset: files, index, reproducibility, --clean, errors."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import actplot
from actplot import registry
from actplot.errors import OutputError
from actplot.io import atomic
from actplot.render import gallery, gallery_jobs, gallery_props
from actplot.render.gallery_sheet import sheet_shape

NAMES = ["relu", "sigmoid", "softmax"]  # three families, one vector activation


def _families(names: list[str]) -> set[str]:
    return {registry.spec(n).family for n in names}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def run_gallery(cli: Callable[..., Result]) -> Callable[..., Result]:
    """`actplot gallery -o OUT ARGS`, which must succeed."""

    def run(out: Path, *args: str) -> Result:
        result = cli("gallery", "-o", str(out), *args)
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture(scope="module")
def small(run_gallery, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gallery of NAMES drawn by two worker processes."""
    out = tmp_path_factory.mktemp("gallery") / "g"
    run_gallery(out, "--jobs", "2", *NAMES)
    return out


@pytest.fixture
def copy(small: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(small, tmp_path / "g"))


def test_one_image_per_name_overviews_and_indexes(small: Path) -> None:
    expected = {f"{n}.png" for n in NAMES}
    expected |= {"overview/contact_sheet.png", "index.md", "README.md", "index.html"}
    expected |= {gallery.MANIFEST}
    expected |= {f"overview/family_{f}.png" for f in _families(NAMES)}
    # an interactive page per family with a one-input member (gated units have none yet)
    expected |= {
        f"overview/family_{f}.html"
        for f in _families(NAMES)
        if any(registry.spec(n).family == f and registry.spec(n).kind != "gated" for n in NAMES)
    }
    assert set(_files(small)) == expected  # and no temp files left behind
    assert (small / "relu.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_index_links_every_image_with_its_properties(small: Path) -> None:
    md = (small / "index.md").read_text()
    assert md == (small / "README.md").read_text()
    page = (small / "index.html").read_text()
    for name in NAMES:
        assert f"[{name}]({name}.png)" in md and f'href="{name}.png"' in page
        assert registry.spec(name).text.replace("|", "\\|") in md
        for cell in gallery_props.properties(name).cells():
            assert cell in md
    for family in _families(NAMES):
        assert f"## {registry.FAMILIES[family]}" in md
        assert f"overview/family_{family}.png" in md and f"overview/family_{family}.png" in page
    assert "](overview/contact_sheet.png)" in md and 'src="overview/contact_sheet.png"' in page


def test_images_carry_no_version_or_date(small: Path) -> None:
    for path in small.rglob("*.png"):
        data = path.read_bytes()
        assert b"Software" not in data and b"atplotlib" not in data


def test_rerun_is_byte_identical_and_changes_nothing(run_gallery, small: Path, copy: Path) -> None:
    before = _files(copy)
    mtimes = {p: p.stat().st_mtime_ns for p in copy.rglob("*")}
    result = run_gallery(copy, "--jobs", "1", *NAMES)  # in-process, unlike the fixture's pool
    assert _files(copy) == before
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*")} == mtimes
    assert "(0 changed)" in result.stderr


def test_adding_a_name_keeps_the_gallery_whole(run_gallery, copy: Path) -> None:
    run_gallery(copy, "tanh")
    md = (copy / "README.md").read_text()
    assert all(f"]({n}.png)" in md for n in [*NAMES, "tanh"])


def _own(folder: Path, *paths: Path) -> None:
    """Add `paths` to the gallery's manifest, as if an earlier run had written them."""
    owned, _ = gallery.read_manifest(folder)
    for path in paths:
        owned[path.relative_to(folder).as_posix()] = gallery.digest(path)
    gallery.write_manifest(folder, owned)


def test_stale_images_are_reported_and_removed_only_with_clean(run_gallery, copy: Path) -> None:
    """Images actplot drew of names since gone from the registry; the user's files beside
    them (photo.png, one in overview/) are neither called stale nor removed."""
    stale = [copy / "retired_unit.png", copy / "overview" / "family_gone.png"]
    for path in stale:
        path.write_bytes(b"old")
    _own(copy, *stale)
    users = [copy / "photo.png", copy / "overview" / "diagram.svg", copy / "notes.md"]
    for path in users:
        path.write_bytes(b"the user's")
    result = run_gallery(copy, "relu")
    assert "2 stale image(s)" in result.stderr and "retired_unit.png" in result.stderr
    assert "photo.png" not in result.stderr and "diagram.svg" not in result.stderr
    assert all(p.exists() for p in stale)
    result = run_gallery(copy, "relu", "--clean")
    assert not any(p.exists() for p in stale)
    assert "removed" in result.stderr and "stale image" not in result.stderr  # on stderr
    assert "photo.png" not in result.stderr
    assert (copy / "relu.png").exists() and (copy / "sigmoid.png").exists()
    assert all(p.read_bytes() == b"the user's" for p in users)
    owned, _ = gallery.read_manifest(copy)
    assert not {"retired_unit.png", "overview/family_gone.png", "photo.png"} & set(owned)


def test_svg_is_reproducible(run_gallery, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run_gallery(first, "--format", "svg", "--jobs", "1", "tanh")
    run_gallery(second, "--format", "svg", "--jobs", "1", "tanh")
    assert _files(first) == _files(second)
    svg = (first / "tanh.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert "](tanh.svg)" in (first / "index.md").read_text()


def test_no_progress_bar_when_not_a_terminal(run_gallery, small: Path, copy: Path) -> None:
    result = run_gallery(copy, "--jobs", "1", "relu")
    assert "━" not in result.output and "\r" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["no_such_unit"], "unknown activation 'no_such_unit'"),
        (["--jobs", "0"], "jobs must be >= 1 and <= 64, not 0"),
        (["--jobs", "many"], "--jobs"),
        (["--dpi", "5"], "dpi must be >= 30 and <= 600, not 5"),
        (["--jobs", "65"], "jobs must be >= 1 and <= 64, not 65"),
        (["--budget-mb", "100"], "needs about"),
        (["--budget-seconds", "0.1"], "takes about"),
        (["--index", "a/b"], "index must be a file name without folder or suffix"),
        (["--index", "gallery.md"], "index must be a file name without folder or suffix"),
        (["--format", "jpg"], "--format"),
        (["--theme", "neon"], "--theme"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("gallery", "-o", str(tmp_path / "g"), *args, "relu")
    assert result.exit_code == 2
    assert result.stderr.startswith("actplot: error:") and result.stderr.count("\n") == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "g").exists()


def test_output_that_is_a_file_is_refused(cli, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me")
    result = cli("gallery", "-o", str(target), "relu")
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert result.stderr.count("\n") == 1 and target.read_text() == "keep me"


def test_write_if_changed_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.png"
    assert gallery_jobs.write_if_changed(path, b"one") is True
    assert gallery_jobs.write_if_changed(path, b"one") is False
    with pytest.raises(TypeError):
        gallery_jobs.write_if_changed(path, "not bytes")  # type: ignore[arg-type]

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)  # the one writer the gallery uses
    with pytest.raises(OutputError, match="cannot write .*Permission denied"):
        gallery_jobs.write_if_changed(path, b"two")
    assert path.read_bytes() == b"one" and [p.name for p in tmp_path.iterdir()] == ["x.png"]


@pytest.mark.parametrize("name", actplot.names())
def test_operation_class_is_read_from_the_operations(name: str) -> None:
    kind, ops = gallery_props.operation_class(registry.get(name))
    assert kind in ("arithmetic", "algebraic", "transcendental")
    assert (kind == "arithmetic") == (not ops)
    assert gallery_props.operation_class(registry.get(name)) == (kind, ops)  # deterministic


def test_operation_classes_of_known_functions_and_no_cost_words() -> None:
    assert gallery_props.operation_class(registry.get("relu")) == ("arithmetic", ())
    assert gallery_props.operation_class(registry.get("identity")) == ("arithmetic", ())
    assert gallery_props.operation_class(registry.get("tanh")) == ("transcendental", ("tanh",))
    assert gallery_props.operation_class(registry.get("isru")) == ("algebraic", ("sqrt",))
    # Not called a cost: operation counts do not order timings (the table measures those).
    caption = gallery_props.caption(gallery_props.properties("isru"))
    assert not {"cheap", "moderate", "costly", "cost"} & set(caption.replace(":", " ").split())


@pytest.mark.parametrize("n", [1, 2, 3, 7, 12, 41, 60])
def test_contact_sheet_grid_fits_with_few_empty_cells(n: int) -> None:
    rows, cols = sheet_shape(n)
    assert rows * cols >= n and rows * cols - n < cols
    assert rows <= cols


# The gallery owns only its files: the manifest, refusals, another index name.


def test_the_manifest_lists_every_file_written_with_its_digest(small: Path) -> None:
    data = json.loads((small / gallery.MANIFEST).read_text())
    files = {name for name in _files(small) if name != gallery.MANIFEST}
    assert set(data["files"]) == files
    for name, digest in data["files"].items():
        assert digest == hashlib.sha256((small / name).read_bytes()).hexdigest()
    assert list(data["files"]) == sorted(data["files"])  # reproducible bytes


@pytest.mark.parametrize("name", ["README.md", "index.html", "index.md"])
def test_a_users_index_file_is_refused_by_name(cli, tmp_path: Path, name: str) -> None:
    out = tmp_path / "pics"
    out.mkdir()
    (out / name).write_text("my own page")
    (out / "photo.png").write_bytes(b"my photo")
    result = cli("gallery", "-o", str(out), "relu")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("actplot: error:") and str(out / name) in result.stderr
    assert "--index" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([name, "photo.png"])  # no work done
    assert (out / name).read_text() == "my own page"


def test_an_index_file_edited_since_is_refused(cli, copy: Path) -> None:
    (copy / "index.html").write_text("<p>my edits</p>")
    result = cli("gallery", "-o", str(copy), "relu")
    assert result.exit_code == 2 and "index.html" in result.stderr
    assert (copy / "index.html").read_text() == "<p>my edits</p>"


def test_another_index_name_leaves_the_users_readme_alone(run_gallery, tmp_path: Path) -> None:
    out = tmp_path / "pics"
    out.mkdir()
    (out / "README.md").write_text("# my pictures")
    (out / "photo.png").write_bytes(b"my photo")
    result = run_gallery(out, "--jobs", "1", "--index", "gallery", "relu")
    assert f"index {out / 'gallery.md'} and {out / 'gallery.html'}" in result.stderr
    assert "](relu.png)" in (out / "gallery.md").read_text()
    assert 'href="relu.png"' in (out / "gallery.html").read_text()
    assert not (out / "index.md").exists() and not (out / "index.html").exists()
    run_gallery(out, "--jobs", "1", "--index", "gallery", "--clean", "relu")
    assert (out / "README.md").read_text() == "# my pictures"
    assert (out / "photo.png").read_bytes() == b"my photo"
    assert "photo.png" not in gallery.read_manifest(out)[0]


def test_a_gallery_from_before_manifests_is_adopted(run_gallery, copy: Path) -> None:
    """Index pages actplot generated are recognised; the next run writes the manifest."""
    (copy / gallery.MANIFEST).unlink()
    (copy / "photo.png").write_bytes(b"my photo")
    result = run_gallery(copy, "--clean", "--jobs", "1", *NAMES)
    assert "(0 changed)" in result.stderr and "photo.png" not in result.stderr
    owned, _ = gallery.read_manifest(copy)
    assert "README.md" in owned and "relu.png" in owned and "photo.png" not in owned
    assert (copy / "photo.png").exists()


def test_a_killed_runs_files_are_owned(run_gallery, copy: Path) -> None:
    """The manifest is written before the images: entries still being written are null."""
    owned, _ = gallery.read_manifest(copy)
    (copy / "README.md").write_text("half a page")  # the run died writing its index
    gallery.write_manifest(copy, {**owned, "README.md": None})
    run_gallery(copy, "--jobs", "1", *NAMES)
    assert (copy / "README.md").read_text().startswith("# Activation gallery")
    assert gallery.read_manifest(copy)[0]["README.md"] is not None


@pytest.mark.parametrize(
    "manifest",
    [
        "not json {",
        "[]",
        '{"files": ["relu.png"]}',
        '{"files": {"../outside.png": null, "/tmp/abs.png": null, "relu.png": 5}}',
        "[" * 100_000,
    ],
    ids=["syntax", "list", "old-shape", "escaping-paths", "deep"],
)
def test_a_bad_manifest_owns_nothing(run_gallery, copy: Path, tmp_path: Path, manifest) -> None:
    """A manifest that cannot be read is ignored with a note (or, for entries outside the
    folder, entry by entry): --clean never removes anything outside the gallery."""
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"not the gallery's")
    (copy / gallery.MANIFEST).write_text(manifest)
    result = run_gallery(copy, "--clean", "--jobs", "1", "relu")
    assert outside.read_bytes() == b"not the gallery's"
    assert result.stderr.count("\n") <= 3 and "Traceback" not in result.stderr
    owned, note = gallery.read_manifest(copy)
    assert note is None and "README.md" in owned  # rewritten whole by the run
    data = json.loads((copy / gallery.MANIFEST).read_text())
    assert not [f for f in data["files"] if f.startswith(("..", "/"))]


def test_the_budget_lowers_the_default_workers_and_refuses_more(tmp_path: Path) -> None:
    from actplot.compute.budget import Budget

    plan = gallery.plan_jobs(tmp_path, NAMES, NAMES, "png", 100, "light")
    small_budget = Budget(megabytes=gallery.estimate(plan, 2).bytes / 2**20 + 1)
    assert gallery.fit_workers(plan, 8, small_budget) == 2
    big = gallery.plan_jobs(tmp_path, actplot.names(), actplot.names(), "png", 600, "light")
    assert gallery.estimate(big, 64).bytes > 2 * gallery.estimate(big, 8).bytes
    assert gallery.estimate(big, 1).bytes > gallery.estimate(plan, 1).bytes  # dpi² pixels
